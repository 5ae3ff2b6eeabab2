package dev.mpkit.tck.grading;

import dev.mpkit.tck.support.TimeScale;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code report.json}: the schema is documented in the README; other tools read it, so names are stable. */
final class ReportJson {

    private ReportJson() {}

    static void write(Path file, GradingRunner.Grade g, GradingRunner.Options o) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", "mpkit-report/1");
        root.put("provider", g.providerId);
        root.put("createdAt", Instant.now().toString());
        root.put("timeScale", TimeScale.factor());
        root.put("repeat", g.repeat);
        root.put("javaVersion", System.getProperty("java.version"));
        root.put("expectedTests", g.expectedTests);
        root.put("finishedTests", g.finishedTests);
        root.put("complete", g.complete());
        Map<String, Object> summary = new LinkedHashMap<>();
        for (Verdict v : Verdict.values()) {
            summary.put(v.name(), g.count(v));
        }
        root.put("summary", summary);
        root.put("exitCode", g.exitCode());
        List<Object> clauses = new ArrayList<>();
        for (ClauseOutcome c : g.outcomes) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.clause.id);
            m.put("area", c.clause.area);
            m.put("level", c.clause.level);
            m.put("title", c.clause.title);
            m.put("verdict", c.verdict().name());
            m.put("tests", c.tests());
            m.put("durationMs", c.durationMs());
            m.put("runs", Map.of("passed", c.passed, "failed", c.failed, "skipped", c.skipped,
                    "notImplemented", c.notImplemented));
            if (c.message() != null && c.verdict() != Verdict.PASS) {
                m.put("message", c.message());
            }
            if (c.verdict() == Verdict.FAIL) {
                m.put("replay", GradingRunner.replayCommand(c, o));
                m.put("seed", c.seed());
            }
            clauses.add(m);
        }
        root.put("clauses", clauses);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, Json.write(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
