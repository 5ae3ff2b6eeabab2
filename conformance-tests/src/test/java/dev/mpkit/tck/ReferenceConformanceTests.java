package dev.mpkit.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.Multiprocessing;
import dev.mpkit.tck.grading.GradingRunner;
import dev.mpkit.tck.grading.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole kit against the reference implementation: every MUST clause passes, and nothing is skipped silently. */
class ReferenceConformanceTests {

    @Test
    void referencePassesEveryMustClause(@TempDir Path reports) throws Exception {
        assertEquals("reference", Multiprocessing.provider().id(), "the kit's self-run must grade the reference");
        GradingRunner.Options o = new GradingRunner.Options();
        o.report = reports;
        GradingRunner.Grade g = GradingRunner.run(o);

        assertTrue(g.expectedTests > 0, "no clause test was discovered");
        assertTrue(g.complete(), "discovered " + g.expectedTests + " clause tests but " + g.finishedTests
                + " reported: something was skipped silently");
        List<String> failing = g.outcomes.stream()
                .filter(c -> c.clause.isMust() && c.verdict() != Verdict.PASS)
                .map(c -> c.clause.id + " " + c.verdict() + (c.message() == null ? "" : ": " + c.message()))
                .collect(Collectors.toList());
        assertEquals(List.of(), failing, "MUST clauses the reference does not pass");
        List<String> shouldFailing = g.outcomes.stream()
                .filter(c -> !c.clause.isMust() && c.verdict() == Verdict.FAIL)
                .map(c -> c.clause.id + ": " + c.message()).collect(Collectors.toList());
        assertEquals(List.of(), shouldFailing, "SHOULD/MAY clauses the reference fails");
        String json = Files.readString(reports.resolve("report.json"));
        assertTrue(json.contains("\"clauses\": ["), "report.json has a clauses array");
        assertTrue(Files.list(reports.resolve("junit")).findAny().isPresent(), "JUnit XML written");
    }
}
