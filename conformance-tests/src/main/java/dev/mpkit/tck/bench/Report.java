package dev.mpkit.tck.bench;

import static dev.mpkit.tck.bench.BenchRunner.asMap;
import static dev.mpkit.tck.bench.BenchRunner.fmt;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The bench's result, as a table and as JSON: the process rows (medians for mpkit cold and warm, per JDK, and
 * CPython per start method), the lock and semaphore rows (one median per JDK, and CPython's with its default start
 * method), the ratios between them, and the goals.
 */
final class Report {

    static final String[] METHODS = {"fork", "spawn", "forkserver"};
    static final String[] VARIANTS = {"cold", "warm"};

    /** A row: its name, unit, whether bigger is better, and where its figures are in the raw results. */
    private static final class Row {
        final String name;
        final String unit;
        final boolean rate;
        final String cpythonKey;
        final String mpkitKey;

        Row(String name, String unit, boolean rate, String cpythonKey, String mpkitKey) {
            this.name = name;
            this.unit = unit;
            this.rate = rate;
            this.cpythonKey = cpythonKey;
            this.mpkitKey = mpkitKey;
        }
    }

    private static final List<Row> ROWS = List.of(
            new Row("process.start_join", "ms", false, "start_join_ms", "start_join"),
            new Row("process.burst20", "processes/s", true, "burst20_per_s", "burst20"));

    /**
     * A row of one figure per side (locks and semaphores: group {@code sync}; pipes and queues: group {@code ipc};
     * pools: group {@code pool}):
     * its name, unit, whether bigger is better, its key on both sides, and its goal: mpkit at most {@code factor}
     * times CPython's figure (at least, for a rate), or, with {@code absolute}, at most {@code factor} itself; a row
     * without a goal (the cold first maps of a fresh pool) is published for information.
     */
    private static final class FigureRow {
        final String group;
        final String name;
        final String unit;
        final boolean rate;
        final String key;
        final double factor;
        final boolean absolute;
        final String goal;
        /** CPython's start method for this row, or null: the group's (its default). */
        final String cpythonMethod;

        FigureRow(String group, String name, String unit, boolean rate, String key, double factor, boolean absolute,
                String goal) {
            this(group, name, unit, rate, key, factor, absolute, goal, null);
        }

        FigureRow(String group, String name, String unit, boolean rate, String key, double factor, boolean absolute,
                String goal, String cpythonMethod) {
            this.cpythonMethod = cpythonMethod;
            this.group = group;
            this.name = name;
            this.unit = unit;
            this.rate = rate;
            this.key = key;
            this.factor = factor;
            this.absolute = absolute;
            this.goal = goal;
        }
    }

    private static final List<FigureRow> FIGURE_ROWS = List.of(
            new FigureRow("sync", "lock.uncontended", "ns/op", false, "lock_uncontended_ns", 1.0 / 3, false,
                    "lock.uncontended <= CPython / 3"),
            new FigureRow("sync", "semaphore.handoff_rtt", "us", false, "semaphore_handoff_rtt_us", 1, false,
                    "semaphore.handoff_rtt <= CPython"),
            new FigureRow("sync", "lock.contended_2proc", "ops/s", true, "lock_contended_2proc_ops_per_s", 1, false,
                    "lock.contended_2proc >= CPython"),
            new FigureRow("sync", "lock.blocked_waiter_cpu", "ms", false, "lock_blocked_waiter_cpu_ms", 100, true,
                    "lock.blocked_waiter_cpu < 100 ms (LOCK-11)"),
            new FigureRow("ipc", "pipe.rtt_8B", "us", false, "pipe_rtt_8b_us", 1, false, "pipe.rtt_8B <= CPython"),
            new FigureRow("ipc", "pipe.bandwidth_1MiB", "MB/s", true, "pipe_bandwidth_1mib_mb_s", 2, false,
                    "pipe.bandwidth_1MiB >= 2x CPython"),
            new FigureRow("ipc", "queue.throughput_1to1", "msgs/s", true, "queue_throughput_1to1", 4, false,
                    "queue.throughput_1to1 >= 4x CPython"),
            new FigureRow("ipc", "queue.throughput_4to1", "msgs/s", true, "queue_throughput_4to1", 4, false,
                    "queue.throughput_4to1 >= 4x CPython"),
            new FigureRow("pool", "pool.create_apply_close", "ms", false, "pool_create_apply_close_ms", 1, false,
                    "pool.create_apply_close <= CPython spawn", "spawn"),
            new FigureRow("pool", "pool.floor_2_start_join", "ms", false, "pool_floor_2_start_join_ms", 0, false,
                    null, "spawn"),
            new FigureRow("pool", "pool.create_apply_close_warm", "ms", false, "pool_create_apply_close_warm_ms",
                    0, false, null, "forkserver"),
            new FigureRow("pool", "pool.apply_async_rtt", "us", false, "pool_apply_async_rtt_us", 0.5, false,
                    "pool.apply_async_rtt <= CPython / 2"),
            new FigureRow("pool", "pool.map_100k_chunk1", "tasks/s", true, "pool_map_100k_chunk1", 2, false,
                    "pool.map_100k_chunk1 (warm) >= 2x CPython"),
            new FigureRow("pool", "pool.map_100k_chunk1_cold", "tasks/s", true, "pool_map_100k_chunk1_cold", 0,
                    false, null),
            new FigureRow("pool", "pool.map_100k_default", "tasks/s", true, "pool_map_100k_default", 2, false,
                    "pool.map_100k_default (warm) >= 2x CPython"),
            new FigureRow("pool", "pool.map_100k_default_cold", "tasks/s", true, "pool_map_100k_default_cold", 0,
                    false, null));

    /** The rows of the groups measured. */
    private List<FigureRow> figureRows() {
        List<FigureRow> rows = new ArrayList<>();
        for (FigureRow row : FIGURE_ROWS) {
            if (groups.contains(row.group)) {
                rows.add(row);
            }
        }
        return rows;
    }

    private final Map<String, Object> cpython;
    private final Map<BenchRunner.Jdk, Map<String, Object>> mpkit;
    private final Set<String> groups;
    private final double elapsed;
    private final BenchRunner.Jdk primary;

    Report(Map<String, Object> cpython, Map<BenchRunner.Jdk, Map<String, Object>> mpkit, Set<String> groups,
            double elapsed) {
        this.cpython = cpython;
        this.mpkit = mpkit;
        this.groups = groups;
        this.elapsed = elapsed;
        this.primary = mpkit.keySet().iterator().next();
    }

    private Double cpythonMedian(FigureRow row) {
        return median(cpython.get(row.group), row.key);
    }

    private Double mpkitMedian(BenchRunner.Jdk jdk, FigureRow row) {
        return median(mpkit.get(jdk).get(row.group), row.key);
    }

    private static Double median(Object results, String key) {
        if (!(results instanceof Map) || !(asMap(results).get(key) instanceof Map)) {
            return null;
        }
        return (Double) asMap(asMap(results).get(key)).get("median");
    }

    private Double ratio(FigureRow row, Double mine, Double theirs) {
        if (mine == null || theirs == null || mine == 0 || theirs == 0) {
            return null;
        }
        return row.rate ? mine / theirs : theirs / mine;
    }

    private Map<String, Object> figureGoal(FigureRow row, BenchRunner.Jdk jdk) {
        Double mine = mpkitMedian(jdk, row);
        Double theirs = cpythonMedian(row);
        Double bound = row.absolute ? Double.valueOf(row.factor) : theirs == null ? null : theirs * row.factor;
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("goal", row.goal);
        g.put("jdk", jdk.version);
        g.put("unit", row.unit);
        g.put("mpkit", mine);
        g.put("cpython", theirs);
        g.put("bound", bound);
        g.put("met", mine != null && bound != null && (row.rate ? mine >= bound : mine <= bound));
        return g;
    }

    private Double cpythonMedian(Row row, String method) {
        Object byMethod = cpython.get(row.cpythonKey);
        if (!(byMethod instanceof Map) || !(asMap(byMethod).get(method) instanceof Map)) {
            return null;
        }
        return (Double) asMap(asMap(byMethod).get(method)).get("median");
    }

    private Double mpkitMedian(BenchRunner.Jdk jdk, Row row, String variant) {
        Object s = mpkit.get(jdk).get(variant + "_" + row.mpkitKey);
        return s instanceof Map ? (Double) asMap(s).get("median") : null;
    }

    /** CPython ÷ mpkit for times, mpkit ÷ CPython for rates: above 1, mpkit is faster. */
    private Double ratio(Row row, Double mine, Double theirs) {
        if (mine == null || theirs == null || mine == 0 || theirs == 0) {
            return null;
        }
        return row.rate ? mine / theirs : theirs / mine;
    }

    private Map<String, Object> ratios(BenchRunner.Jdk jdk, Row row) {
        Map<String, Object> r = new LinkedHashMap<>();
        for (String v : VARIANTS) {
            Map<String, Object> byMethod = new LinkedHashMap<>();
            for (String m : METHODS) {
                byMethod.put(m, ratio(row, mpkitMedian(jdk, row, v), cpythonMedian(row, m)));
            }
            r.put(v, byMethod);
        }
        return r;
    }

    private static String jdkKey(BenchRunner.Jdk jdk) {
        return "jdk" + jdk.feature;
    }

    Map<String, Object> json() {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("bench", String.join(" and ", groups) + ": mpkit (provider '" + provider()
                + "') vs CPython multiprocessing");
        j.put("groups", new ArrayList<>(groups));
        j.put("jdk", primary.version);
        List<String> jdks = new ArrayList<>();
        mpkit.keySet().forEach(k -> jdks.add(k.version));
        j.put("jdks", jdks);
        j.put("python", cpython.get("python"));
        j.put("cpus", Runtime.getRuntime().availableProcessors());
        j.put("statistic", "median");
        j.put("ratio_definition", "CPython / mpkit for times (ms), mpkit / CPython for rates (processes/s):"
                + " above 1 means mpkit is faster");
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("start_join_samples", BenchRunner.SAMPLES);
        settings.put("start_join_rounds", BenchRunner.ROUNDS + " interleaved rounds (CPython, then each JDK) of "
                + BenchRunner.SAMPLES_PER_ROUND + " samples, each measuring process after "
                + BenchRunner.WARMUPS + " warm-ups");
        settings.put("bursts", BenchRunner.BURSTS + " bursts of 20 after 1 warm-up burst");
        settings.put("cold", "mpkit.ref.spares=0: every process a newly launched JVM");
        settings.put("warm_start_join", "mpkit.ref.spares=" + BenchRunner.WARM_SPARES + ", "
                + BenchRunner.WARM_PAUSE_MS + " ms between starts (not timed) to replace the used spare");
        settings.put("warm_burst20", "mpkit.ref.spares=" + BenchRunner.BURST_SPARES + ", "
                + BenchRunner.BURST_PAUSE_MS + " ms between bursts (not timed) to start the spares");
        settings.put("sync", BenchRunner.SYNC_REPS + " repetitions per figure (the blocked waiter: 3 of "
                + SyncBench.BLOCKED.toSeconds() + " s), in one fresh measurement JVM per JDK, mpkit.ref.spares=0;"
                + " CPython with its default start method; the blocked waiter's CPU is the whole process's"
                + " (Java: /proc/self/stat, in 10 ms ticks; CPython: time.process_time()), measured after one"
                + " 0.5 s blocked wait (one-time loading is start-up, as in LOCK-11)");
        settings.put("ipc", BenchRunner.SYNC_REPS + " repetitions per figure after one unmeasured, in one fresh"
                + " measurement JVM per JDK, mpkit.ref.spares=0; CPython with its default start method; "
                + ChannelBench.RTT_ROUNDS + " round trips, " + ChannelBench.BANDWIDTH_MIB + " MiB, "
                + ChannelBench.QUEUE_ITEMS + " Integers (ints) per repetition; each row checks the data it moved");
        settings.put("pool", BenchRunner.SYNC_REPS + " repetitions per figure, warm rows after one unmeasured on one"
                + " pool of 2, cold rows each the first map of a fresh pool of 2, in one fresh measurement JVM per JDK,"
                + " mpkit.ref.spares=0 (create_apply_close_warm: " + BenchRunner.WARM_SPARES + " spares, "
                + BenchRunner.WARM_PAUSE_MS + " ms between pools, not timed); create_apply_close and"
                + " floor_2_start_join in " + BenchRunner.ROUNDS + " interleaved rounds (CPython, then each JDK) of "
                + BenchRunner.SAMPLES_PER_ROUND + " pools or pairs of processes after one unmeasured (CPython with"
                + " spawn, the goal's comparison; fork in the details), " + PoolBench.RTT_ROUNDS + " round trips, "
                + PoolBench.MAP_ITEMS + " Integers (ints) per map; CPython with its default start method elsewhere;"
                + " each row checks its results");
        settings.put("jvm_class_path", "the kit's (" + System.getProperty("java.class.path").split(":").length
                + " entries)");
        j.put("settings", settings);

        List<Object> rows = new ArrayList<>();
        for (Row row : groups.contains("process") ? ROWS : List.<Row>of()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", row.name);
            r.put("unit", row.unit);
            Map<String, Object> m = new LinkedHashMap<>();
            Map<String, Object> ratio = new LinkedHashMap<>();
            for (BenchRunner.Jdk jdk : mpkit.keySet()) {
                Map<String, Object> figures = new LinkedHashMap<>();
                for (String v : VARIANTS) {
                    figures.put(v, mpkitMedian(jdk, row, v));
                }
                figures.put("jdk", jdk.version);
                if (jdk == primary) {
                    m.putAll(figures);
                    ratio.putAll(ratios(jdk, row));
                } else {
                    m.put(jdkKey(jdk), figures);
                    ratio.put(jdkKey(jdk), ratios(jdk, row));
                }
            }
            r.put("mpkit", m);
            Map<String, Object> c = new LinkedHashMap<>();
            for (String method : METHODS) {
                c.put(method, cpythonMedian(row, method));
            }
            r.put("cpython", c);
            r.put("ratio", ratio);
            rows.add(r);
        }
        for (FigureRow row : figureRows()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", row.name);
            r.put("unit", row.unit);
            Map<String, Object> m = new LinkedHashMap<>();
            Map<String, Object> ratio = new LinkedHashMap<>();
            for (BenchRunner.Jdk jdk : mpkit.keySet()) {
                Double mine = mpkitMedian(jdk, row);
                Double q = ratio(row, mine, cpythonMedian(row));
                if (jdk == primary) {
                    m.put("value", mine);
                    m.put("jdk", jdk.version);
                    ratio.put("value", q);
                } else {
                    Map<String, Object> other = new LinkedHashMap<>();
                    other.put("value", mine);
                    other.put("jdk", jdk.version);
                    m.put(jdkKey(jdk), other);
                    ratio.put(jdkKey(jdk), q);
                }
            }
            r.put("mpkit", m);
            r.put("cpython", cpythonMedian(row));
            r.put("cpython_start_method", row.cpythonMethod != null ? row.cpythonMethod
                    : asMapOrEmpty(cpython.get(row.group)).get("start_method"));
            r.put("ratio", ratio);
            rows.add(r);
        }
        j.put("rows", rows);
        j.put("goals", goals());
        Map<String, Object> details = new LinkedHashMap<>();
        for (Map.Entry<BenchRunner.Jdk, Map<String, Object>> e : mpkit.entrySet()) {
            details.put("mpkit " + e.getKey(), e.getValue());
        }
        details.put("cpython " + cpython.get("python"), cpython);
        j.put("details", details);
        j.put("elapsed_s", elapsed);
        return j;
    }

    private static Map<String, Object> asMapOrEmpty(Object o) {
        return o instanceof Map ? asMap(o) : Map.of();
    }

    private List<Object> goals() {
        Row startJoin = ROWS.get(0);
        List<Object> goals = new ArrayList<>();
        for (BenchRunner.Jdk jdk : mpkit.keySet()) {
            for (FigureRow row : figureRows()) {
                if (row.goal != null) {
                    goals.add(figureGoal(row, jdk));
                }
            }
        }
        for (BenchRunner.Jdk jdk : groups.contains("pool") ? mpkit.keySet() : List.<BenchRunner.Jdk>of()) {
            goals.add(goal("pool.create_apply_close_warm <= CPython spawn", jdk,
                    median(mpkit.get(jdk).get("pool"), "pool_create_apply_close_warm_ms"),
                    median(cpython.get("pool"), "pool_create_apply_close_ms")));
        }
        for (BenchRunner.Jdk jdk : groups.contains("process") ? mpkit.keySet() : List.<BenchRunner.Jdk>of()) {
            goals.add(goal("cold start+join <= CPython spawn", jdk, mpkitMedian(jdk, startJoin, "cold"),
                    cpythonMedian(startJoin, "spawn")));
            goals.add(goal("warm start+join <= CPython forkserver", jdk, mpkitMedian(jdk, startJoin, "warm"),
                    cpythonMedian(startJoin, "forkserver")));
        }
        return goals;
    }

    private static Map<String, Object> goal(String what, BenchRunner.Jdk jdk, Double mine, Double bound) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("goal", what);
        g.put("jdk", jdk.version);
        g.put("mpkit_ms", mine);
        g.put("cpython_ms", bound);
        g.put("met", mine != null && bound != null && mine <= bound);
        return g;
    }

    private String provider() {
        return String.valueOf(mpkit.get(primary).get("provider"));
    }

    void printTable(PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "mpkit bench: mpkit vs CPython %s multiprocessing, %d CPUs; medians, measured in"
                + " this run (%.0f s)%n", cpython.get("python"), Runtime.getRuntime().availableProcessors(), elapsed);
        if (groups.contains("process")) {
            printProcessTable(out);
        }
        if (!figureRows().isEmpty()) {
            printFigureTable(out);
        }
        out.println();
        for (Object o : goals()) {
            Map<String, Object> g = asMap(o);
            boolean sync = g.containsKey("unit");
            out.printf(Locale.ROOT, "goal on JDK %-8s %-44s %s (%s vs %s %s)%n", g.get("jdk"), g.get("goal"),
                    Boolean.TRUE.equals(g.get("met")) ? "MET" : "NOT MET",
                    fmt(g.get(sync ? "mpkit" : "mpkit_ms")), fmt(g.get(sync ? "bound" : "cpython_ms")),
                    sync ? g.get("unit") : "ms");
        }
    }

    private void printProcessTable(PrintStream out) {
        out.println();
        String head = String.format(Locale.ROOT, "%-20s %-12s %-9s %10s %10s  | %10s %10s %10s",
                "row", "unit", "mpkit on", "cold", "warm", "fork", "spawn", "forkserver");
        out.println(head);
        out.println("-".repeat(head.length()));
        for (Row row : ROWS) {
            boolean first = true;
            for (BenchRunner.Jdk jdk : mpkit.keySet()) {
                out.printf(Locale.ROOT, "%-20s %-12s %-9s %10s %10s  | %10s %10s %10s%n",
                        first ? row.name : "", first ? row.unit : "", "JDK " + jdk.feature,
                        fmt(mpkitMedian(jdk, row, "cold")), fmt(mpkitMedian(jdk, row, "warm")),
                        first ? fmt(cpythonMedian(row, "fork")) : "", first ? fmt(cpythonMedian(row, "spawn")) : "",
                        first ? fmt(cpythonMedian(row, "forkserver")) : "");
                first = false;
            }
        }
        out.println();
        out.println("ratios (CPython / mpkit for ms, mpkit / CPython for processes/s; above 1: mpkit is faster)");
        for (Row row : ROWS) {
            for (BenchRunner.Jdk jdk : mpkit.keySet()) {
                Map<String, Object> r = ratios(jdk, row);
                StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-20s %-9s", row.name,
                        "JDK " + jdk.feature));
                for (String v : VARIANTS) {
                    b.append(String.format(Locale.ROOT, "  %s vs", v));
                    Map<String, Object> byMethod = asMap(r.get(v));
                    for (String m : METHODS) {
                        b.append(String.format(Locale.ROOT, " %s %sx", m, fmt(byMethod.get(m))));
                    }
                    b.append(v.equals("cold") ? " |" : "");
                }
                out.println(b);
            }
        }
        out.printf(Locale.ROOT, "cold: mpkit.ref.spares=0, a new JVM per process; warm: pre-started spare JVMs"
                + " (%d for start+join, %d for the burst), each serving one process%n", BenchRunner.WARM_SPARES,
                BenchRunner.BURST_SPARES);
    }

    private void printFigureTable(PrintStream out) {
        out.println();
        String head = String.format(Locale.ROOT, "%-24s %-8s %-9s %12s  | %12s %8s", "row", "unit", "mpkit on",
                "mpkit", "CPython " + startMethod(), "ratio");
        out.println(head);
        out.println("-".repeat(head.length()));
        for (FigureRow row : figureRows()) {
            boolean first = true;
            for (BenchRunner.Jdk jdk : mpkit.keySet()) {
                Double mine = mpkitMedian(jdk, row);
                out.printf(Locale.ROOT, "%-24s %-8s %-9s %12s  | %12s %7sx%n", first ? row.name : "",
                        first ? row.unit : "", "JDK " + jdk.feature, fmt(mine),
                        first ? fmt(cpythonMedian(row)) : "", fmt(ratio(row, mine, cpythonMedian(row))));
                first = false;
            }
        }
        out.println("ratio: CPython / mpkit for times, mpkit / CPython for rates; above 1: mpkit is faster");
    }

    private Object startMethod() {
        for (String group : List.of("sync", "ipc", "pool")) {
            Object m = asMapOrEmpty(cpython.get(group)).get("start_method");
            if (m != null) {
                return m;
            }
        }
        return "";
    }
}
