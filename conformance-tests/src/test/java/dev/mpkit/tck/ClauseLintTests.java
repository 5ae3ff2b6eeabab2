package dev.mpkit.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.mpkit.tck.grading.ClauseRegistry;
import dev.mpkit.tck.support.Clause;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Ties the kit to the written spec: no test names an unknown clause, and no implemented area has an untested clause. */
class ClauseLintTests {

    /** The areas whose clauses are written and implemented by the reference. */
    private static final Set<String> IMPLEMENTED_AREAS = Set.of("PROC", "DAEMON", "JOIN", "ISO", "SPI", "LOCK", "SEM",
            "PIPE", "QUEUE", "POOL", "MGR");

    private static final JavaClasses KIT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.mpkit.tck");

    private static Set<String> clausesNamedByTests() {
        Set<String> ids = new TreeSet<>();
        for (var c : KIT) {
            for (JavaMethod m : c.getMethods()) {
                m.tryGetAnnotationOfType(Clause.class).ifPresent(a -> ids.add(a.value()));
            }
        }
        return ids;
    }

    @Test
    void everyClauseNamedByATestExistsInTheSpec() {
        ClauseRegistry registry = ClauseRegistry.load();
        List<String> unknown = clausesNamedByTests().stream().filter(id -> registry.find(id).isEmpty())
                .collect(Collectors.toList());
        assertEquals(List.of(), unknown, "@Clause names IDs that no spec/clauses/*.md defines");
    }

    @Test
    void everyClauseOfAnImplementedAreaHasATest() {
        Set<String> tested = clausesNamedByTests();
        List<String> untested = ClauseRegistry.load().all().stream()
                .filter(c -> IMPLEMENTED_AREAS.contains(c.area) && !tested.contains(c.id))
                .map(c -> c.id + " " + c.level).collect(Collectors.toList());
        assertEquals(List.of(), untested, "clauses of implemented areas without a kit test (UNTESTED)");
    }
}
