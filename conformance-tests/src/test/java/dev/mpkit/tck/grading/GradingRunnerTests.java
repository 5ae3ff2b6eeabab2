package dev.mpkit.tck.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GradingRunnerTests {

    @Test
    void globsMatchWholeClauseIds() {
        assertTrue(GradingRunner.globToRegex("JOIN-*").matcher("JOIN-03").matches());
        assertFalse(GradingRunner.globToRegex("JOIN-*").matcher("XJOIN-03").matches());
        assertTrue(GradingRunner.globToRegex("PROC-1?").matcher("PROC-15").matches());
        assertFalse(GradingRunner.globToRegex("PROC-1?").matcher("PROC-151").matches());
    }

    @Test
    void notImplementedNeedsTheAreaInBrackets() {
        assertTrue(GradingListener.isNotImplemented(new UnsupportedOperationException("[LOCK] locks are not"), "LOCK"));
        assertTrue(GradingListener.isNotImplemented(
                new RuntimeException(new UnsupportedOperationException("[LOCK] x")), "LOCK"));
        assertFalse(GradingListener.isNotImplemented(new UnsupportedOperationException("not yet"), "LOCK"),
                "an unnamed UnsupportedOperationException is a failure, not NOT_IMPLEMENTED");
        assertFalse(GradingListener.isNotImplemented(new UnsupportedOperationException("[QUEUE] x"), "LOCK"));
        assertFalse(GradingListener.isNotImplemented(new IllegalStateException("[LOCK] x"), "LOCK"));
    }

    @Test
    void registryReadsHeadingsAndRejectsDuplicatesAndMalformedOnes() {
        ClauseRegistry r = ClauseRegistry.parse(Map.of("10-x.md",
                "# X\n### PROC-01 \u00b7 MUST \u00b7 start works\ntext\n### PROC-02 \u00b7 SHOULD \u00b7 names\n"
                        + "    ### PROC-99 \u00b7 MUST \u00b7 an indented example is not a clause\n"));
        assertEquals(2, r.all().size());
        assertEquals("SHOULD", r.find("PROC-02").orElseThrow().level);
        assertThrows(IllegalStateException.class, () -> ClauseRegistry.parse(Map.of("a.md",
                "### PROC-01 \u00b7 MUST \u00b7 a\n### PROC-01 \u00b7 MUST \u00b7 b\n")));
        assertThrows(IllegalStateException.class, () -> ClauseRegistry.parse(Map.of("a.md",
                "### PROC-1 - MUST - bad\n")));
    }

    @Test
    void optionsParseTheDocumentedFlags() {
        GradingRunner.Options o = GradingRunner.Options.parse("run", "--clauses", "JOIN-*,PROC-1?", "--repeat", "3",
                "--provider", "x.Y", "--report", "/tmp/r");
        assertEquals(2, o.clauseGlobs.size());
        assertEquals(3, o.repeat);
        assertEquals("x.Y", o.provider);
        assertThrows(IllegalArgumentException.class, () -> GradingRunner.Options.parse("--repeat", "0"));
        assertThrows(IllegalArgumentException.class, () -> GradingRunner.Options.parse("--bogus"));
    }

    @Test
    void jsonEscapesStrings() {
        assertEquals("{\n  \"a\": \"q\\\"\\n\"\n}\n", Json.write(Map.of("a", "q\"\n")));
    }
}
