package dev.mpkit.tck.selftest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The kit proves it can fail: every broken provider of the gallery is rejected by a clause it breaks. */
class SelftestTests {

    @TestFactory
    Stream<DynamicTest> everyMutantIsCaughtByAClauseItBreaks() {
        return Mutants.all().stream().map(m -> DynamicTest.dynamicTest(m.getSimpleName(), () -> {
            SelftestRunner.Result r = SelftestRunner.run(m);
            assertTrue(r.caught(), "[selftest] the kit did not reject " + r.name + " (" + r.description
                    + "): it breaks " + r.breaks + " but the failing clauses were " + r.caughtBy
                    + "\nkit output:\n" + r.output);
        }));
    }
}
