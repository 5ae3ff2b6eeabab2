package dev.mpkit.tck.grading;

import java.io.PrintStream;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/** One line per finished clause test, so that a long run shows progress. */
final class ProgressListener implements TestExecutionListener {

    private final PrintStream out;
    private final String prefix;

    ProgressListener(PrintStream out, int run, int runs) {
        this.out = out;
        this.prefix = runs > 1 ? "[" + run + "/" + runs + "] " : "";
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (out == null || !id.isTest()) {
            return;
        }
        GradingListener.clauseOf(id).ifPresent(c -> out.printf("  %s%-10s %-10s %s%n", prefix, c,
                result.getStatus(), id.getDisplayName()));
    }
}
