package dev.mpkit.tck.grading;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The verdict of one clause over a run (all repeats), with what explains it. */
public final class ClauseOutcome {

    public final ClauseRegistry.ClauseInfo clause;
    final Set<String> tests = new LinkedHashSet<>();
    final List<String> messages = new ArrayList<>();
    final List<String> seeds = new ArrayList<>();
    int passed;
    int failed;
    int notImplemented;
    int skipped;
    long durationMs;

    ClauseOutcome(ClauseRegistry.ClauseInfo clause) {
        this.clause = clause;
    }

    public Verdict verdict() {
        if (failed > 0) {
            return Verdict.FAIL;
        }
        if (notImplemented > 0) {
            return Verdict.NOT_IMPLEMENTED;
        }
        if (passed > 0) {
            return Verdict.PASS;
        }
        if (skipped > 0) {
            return Verdict.SKIPPED;
        }
        return Verdict.UNTESTED;
    }

    public List<String> tests() {
        return new ArrayList<>(tests);
    }

    public String message() {
        return messages.isEmpty() ? null : messages.get(0);
    }

    public String seed() {
        return seeds.isEmpty() ? null : seeds.get(0);
    }

    public long durationMs() {
        return durationMs;
    }
}
