package dev.mpkit.tck.grading;

import java.io.PrintStream;
import java.util.Locale;

/** The human-readable result: one block per area, one line per clause. */
final class Table {

    private Table() {}

    static void print(PrintStream out, GradingRunner.Grade g, GradingRunner.Options o) {
        out.println();
        out.printf(Locale.ROOT, "mpkit conformance: provider '%s', %d clause test(s) x %d run(s), time scale %s%n",
                g.providerId, g.expectedTests, g.repeat, dev.mpkit.tck.support.TimeScale.factor());
        String area = null;
        for (ClauseOutcome c : g.outcomes) {
            if (!c.clause.area.equals(area)) {
                area = c.clause.area;
                out.printf(Locale.ROOT, "%n%s%n", area);
            }
            out.printf(Locale.ROOT, "  %-10s %-6s %-15s %7d ms  %s%n", c.clause.id, c.clause.level, c.verdict(),
                    c.durationMs(), c.clause.title);
            if (c.verdict() == Verdict.FAIL) {
                out.printf(Locale.ROOT, "             %s%n             replay: %s%n", abbreviate(c.message()),
                        GradingRunner.replayCommand(c, o));
            } else if (c.verdict() == Verdict.SKIPPED || c.verdict() == Verdict.NOT_IMPLEMENTED) {
                out.printf(Locale.ROOT, "             %s%n", abbreviate(c.message()));
            }
        }
        out.println();
        if (!g.complete()) {
            out.printf(Locale.ROOT, "ERROR: %d clause test(s) discovered x %d run(s), but %d reported: a test was"
                    + " silently skipped%n", g.expectedTests, g.repeat, g.finishedTests);
        }
        if (g.expectedTests == 0) {
            out.println("ERROR: no clause test was selected");
        }
        out.printf(Locale.ROOT, "untested: %d, not implemented: %d, skipped: %d; MUST clauses not passing: %d%n",
                g.count(Verdict.UNTESTED), g.count(Verdict.NOT_IMPLEMENTED), g.count(Verdict.SKIPPED),
                g.outcomes.stream().filter(c -> c.clause.isMust() && c.verdict() != Verdict.PASS).count());
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        String one = s.replace('\n', ' ');
        return one.length() > 300 ? one.substring(0, 300) + "…" : one;
    }
}
