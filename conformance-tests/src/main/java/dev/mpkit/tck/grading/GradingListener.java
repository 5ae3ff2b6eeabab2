package dev.mpkit.tck.grading;

import dev.mpkit.tck.support.Clause;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/** Turns JUnit's test events into clause outcomes. */
final class GradingListener implements TestExecutionListener {

    private static final Pattern SEED = Pattern.compile("seed\\s*=\\s*(-?\\d+)");

    private final ClauseRegistry registry;
    private final Map<String, ClauseOutcome> outcomes;
    private final Map<String, Long> started = new HashMap<>();
    private final Map<String, String> seeds = new HashMap<>();
    int finishedClauseTests;

    GradingListener(ClauseRegistry registry, Map<String, ClauseOutcome> outcomes) {
        this.registry = registry;
        this.outcomes = outcomes;
    }

    static Optional<String> clauseOf(TestIdentifier id) {
        return id.getSource().flatMap(GradingListener::clauseOf);
    }

    static Optional<String> clauseOf(TestSource source) {
        if (!(source instanceof MethodSource)) {
            return Optional.empty();
        }
        try {
            Method m = ((MethodSource) source).getJavaMethod();
            Clause c = m.getAnnotation(Clause.class);
            return Optional.ofNullable(c).map(Clause::value);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        if (id.isTest()) {
            started.put(id.getUniqueId(), System.nanoTime());
        }
    }

    @Override
    public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
        for (String v : entry.getKeyValuePairs().values()) {
            Matcher m = SEED.matcher(v);
            if (m.find()) {
                seeds.put(id.getUniqueId(), m.group(1));
            }
        }
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        clauseOf(id).ifPresent(c -> {
            ClauseOutcome o = outcome(c);
            if (id.isTest()) {
                finishedClauseTests++;
                o.tests.add(name(id));
                o.skipped++;
                o.messages.add("skipped: " + reason);
            }
        });
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        Optional<String> clause = clauseOf(id);
        if (clause.isEmpty() || !id.isTest()) {
            return; // jqwik reports each property as a test too
        }
        finishedClauseTests++;
        ClauseOutcome o = outcome(clause.get());
        o.tests.add(name(id));
        Long t0 = started.remove(id.getUniqueId());
        if (t0 != null) {
            o.durationMs += (System.nanoTime() - t0) / 1_000_000;
        }
        Throwable t = result.getThrowable().orElse(null);
        switch (result.getStatus()) {
            case SUCCESSFUL:
                o.passed++;
                break;
            case ABORTED:
                o.skipped++;
                o.messages.add("skipped: " + (t == null ? "aborted" : t.getMessage()));
                break;
            default:
                if (isNotImplemented(t, o.clause.area)) {
                    o.notImplemented++;
                    o.messages.add(t.getMessage());
                } else {
                    o.failed++;
                    o.messages.add(describe(t));
                    String seed = seeds.get(id.getUniqueId());
                    if (seed == null && t != null && t.getMessage() != null) {
                        Matcher m = SEED.matcher(t.getMessage());
                        if (m.find()) {
                            seed = m.group(1);
                        }
                    }
                    if (seed != null) {
                        o.seeds.add(seed);
                    }
                }
        }
    }

    private ClauseOutcome outcome(String clause) {
        return outcomes.computeIfAbsent(clause, c -> new ClauseOutcome(registry.find(c).orElseThrow(
                () -> new IllegalStateException("@Clause(\"" + c + "\") names no clause of the spec"))));
    }

    /** SPI-06: an UnsupportedOperationException anywhere in the chain whose message starts with the area. */
    static boolean isNotImplemented(Throwable t, String area) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UnsupportedOperationException && c.getMessage() != null
                    && c.getMessage().startsWith("[" + area)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "failed";
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + ": " + (m == null ? "" : m.strip());
    }

    private static String name(TestIdentifier id) {
        return id.getSource().filter(s -> s instanceof MethodSource).map(s -> {
            MethodSource ms = (MethodSource) s;
            String cls = ms.getClassName();
            return cls.substring(cls.lastIndexOf('.') + 1) + "#" + ms.getMethodName();
        }).orElse(id.getDisplayName());
    }
}
