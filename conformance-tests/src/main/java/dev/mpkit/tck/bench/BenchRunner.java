package dev.mpkit.tck.bench;

import dev.mpkit.tck.grading.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * {@code ./mpkit bench}: process start-up, locks and semaphores, pipes and queues of the provider on the class
 * path against CPython's {@code multiprocessing}, measured in one run, as a table on standard output and, with
 * {@code --json FILE}, as JSON. {@code --rows process,sync,ipc,pool} (any subset) measures only those groups.
 *
 * <p>CPython runs {@code bench/cpython_bench.py} (python3, standard library only) for the fork, spawn and
 * forkserver start methods. mpkit runs in fresh measurement JVMs ({@link ProcessBench}) with this JVM's class
 * path, one per figure: <em>cold</em> with {@code -Dmpkit.ref.spares=0}, every process a newly launched JVM;
 * <em>warm</em> with pre-started spare JVMs ({@code mpkit.ref.spares}), the JVM's counterpart of CPython's
 * forkserver. A first "prime" JVM lets the provider prepare what it caches between runs (the reference trains
 * its class-data archive). The JDK running this class measures first; a JDK 25 named by {@code $JAVA25}, or
 * found under {@code /usr/lib/jvm}, measures too, labelled. Every figure is a median.
 *
 * <p>On a shared machine the load drifts within a run, so start+join, the figure the goals compare, is measured
 * in {@link #ROUNDS} interleaved rounds (CPython, then each JDK cold and warm) of {@link #SAMPLES_PER_ROUND}
 * samples each, every measurement process with its own {@link #WARMUPS} warm-ups, and the medians pool all
 * rounds. Bursts are measured once per side, after the rounds.
 *
 * <p>Locks and semaphores: CPython runs {@code bench/cpython_sync_bench.py} with its default start method; mpkit
 * runs {@link SyncBench} in one fresh measurement JVM per JDK, cold. The rows, their goals and their JSON shape are
 * in {@link Report}. Pipes and queues likewise: {@code bench/cpython_ipc_bench.py} and {@link ChannelBench}; pools:
 * {@code bench/cpython_pool_bench.py} and {@link PoolBench}.
 */
public final class BenchRunner {

    static final int ROUNDS = 4;
    static final int SAMPLES_PER_ROUND = 5;
    static final int SAMPLES = ROUNDS * SAMPLES_PER_ROUND;
    static final int WARMUPS = 2;
    static final int BURSTS = 3;
    /** Spares for the warm start+join: one is always ready while the other is replaced. */
    static final int WARM_SPARES = 2;
    /** Spares for the warm burst: one per process of the burst. */
    static final int BURST_SPARES = 20;
    /** Between warm starts: time for the used spare to be replaced, not part of any figure. */
    static final long WARM_PAUSE_MS = 300;
    /** Between warm bursts: time for 20 spares to start on two cores. */
    static final long BURST_PAUSE_MS = 3000;

    private final PrintStream out;
    private final Path root;
    private String classPath;

    private BenchRunner(PrintStream out, Path root) {
        this.out = out;
        this.root = root;
    }

    static final String USAGE = "usage: mpkit bench [--json FILE] [--rows process,sync,ipc,pool]";

    public static void main(String[] args) throws Exception {
        Path json = null;
        Set<String> groups = new LinkedHashSet<>(GROUPS);
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--json") && i + 1 < args.length) {
                json = Paths.get(args[++i]);
            } else if (args[i].equals("--rows") && i + 1 < args.length) {
                groups = new LinkedHashSet<>(Arrays.asList(args[++i].split(",")));
                if (groups.isEmpty() || !GROUPS.containsAll(groups)) {
                    System.err.println("mpkit bench: --rows takes a comma-separated subset of " + GROUPS + "; " + USAGE);
                    System.exit(2);
                }
            } else if (args[i].equals("-h") || args[i].equals("--help")) {
                System.out.println(USAGE);
                return;
            } else {
                System.err.println("mpkit bench: unknown argument '" + args[i] + "'; " + USAGE);
                System.exit(2);
            }
        }
        Path root = Paths.get(System.getProperty("mpkit.root", ".")).toAbsolutePath();
        System.exit(new BenchRunner(System.out, root).run(json, groups));
    }

    /** The groups of rows: process start-up, locks and semaphores, pipes and queues. */
    static final List<String> GROUPS = List.of("process", "sync", "ipc", "pool");
    /** Repetitions of each lock and semaphore figure (the blocked waiter: at most 3, 2 s each). */
    static final int SYNC_REPS = 5;

    private int run(Path json, Set<String> groups) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        classPath = snapshot(System.getProperty("java.class.path"));
        List<Jdk> jdks = new ArrayList<>();
        jdks.add(new Jdk(Paths.get(System.getProperty("java.home")), System.getProperty("java.version")));
        Jdk other = Jdk.java25();
        if (other != null && other.feature != jdks.get(0).feature) {
            jdks.add(other);
        }
        Map<String, Object> cpython = new LinkedHashMap<>();
        Map<Jdk, Map<String, Object>> mpkit = new LinkedHashMap<>();
        for (Jdk jdk : jdks) {
            mpkit.put(jdk, new LinkedHashMap<>());
        }
        prime(jdks, mpkit); // before any group: every group starts children
        if (groups.contains("process")) {
            measureProcesses(jdks, cpython, mpkit);
        }
        if (groups.contains("sync")) {
            measureFigures("sync", "locks and semaphores", "bench/cpython_sync_bench.py", SyncBench.class, jdks,
                    cpython, mpkit);
        }
        if (groups.contains("ipc")) {
            measureFigures("ipc", "pipes and queues", "bench/cpython_ipc_bench.py", ChannelBench.class, jdks,
                    cpython, mpkit);
        }
        if (groups.contains("pool")) {
            measureFigures("pool", "pools", "bench/cpython_pool_bench.py", PoolBench.class, jdks, cpython, mpkit,
                    "rest");
            measurePoolStarts(jdks, cpython, mpkit);
            for (Jdk jdk : jdks) { // the same pools from pre-started spare JVMs, as the process rows' warm figure
                progress("pools, warm create: mpkit on JDK " + jdk.version);
                Map<String, Object> r = asMap(Json.parse(exec(command(jdk, WARM_SPARES, PoolBench.class,
                        String.valueOf(SYNC_REPS), "warm-create", String.valueOf(WARM_PAUSE_MS)),
                        "mpkit on JDK " + jdk.version + " warm pool bench")));
                asMap(mpkit.get(jdk).get("pool")).putAll(r);
            }
        }

        Report report = new Report(cpython, mpkit, groups, (System.nanoTime() - t0) / 1e9);
        report.printTable(out);
        if (json != null) {
            Path parent = json.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(json, Json.write(report.json()), StandardCharsets.UTF_8);
            out.println("JSON written to " + json);
        }
        return 0;
    }

    /**
     * One group of one-figure rows ({@code sync}: locks and semaphores; {@code ipc}: pipes and queues): CPython once
     * with {@code script}, then each JDK in a fresh measurement JVM of {@code main}.
     */
    private void measureFigures(String group, String what, String script, Class<?> main, List<Jdk> jdks,
            Map<String, Object> cpython, Map<Jdk, Map<String, Object>> mpkit) throws IOException, InterruptedException {
        measureFigures(group, what, script, main, jdks, cpython, mpkit, null);
    }

    /** The same, with {@code part} ({@code rest}: all but the rows measured in interleaved rounds), if not null. */
    private void measureFigures(String group, String what, String script, Class<?> main, List<Jdk> jdks,
            Map<String, Object> cpython, Map<Jdk, Map<String, Object>> mpkit, String part)
            throws IOException, InterruptedException {
        progress(what + ": CPython");
        List<String> pyCommand = new ArrayList<>(List.of(python(), root.resolve(script).toString(), "--reps",
                String.valueOf(SYNC_REPS)));
        List<String> jvmArgs = new ArrayList<>(List.of(String.valueOf(SYNC_REPS)));
        if (part != null) {
            pyCommand.addAll(List.of("--part", part));
            jvmArgs.add(part);
        }
        Map<String, Object> py = asMap(Json.parse(exec(pyCommand, "CPython " + what + " bench")));
        cpython.put("python", py.get("python"));
        cpython.put(group, py);
        for (Jdk jdk : jdks) {
            String label = "mpkit on JDK " + jdk.version;
            progress(what + ": " + label);
            Map<String, Object> r = asMap(Json.parse(exec(command(jdk, 0, main, jvmArgs.toArray(new String[0])),
                    label + " " + what + " bench")));
            mpkit.get(jdk).putIfAbsent("provider", r.get("provider"));
            mpkit.get(jdk).put(group, r);
        }
    }

    /**
     * The cold pool rows (create_apply_close and its floor, floor_2_start_join), the most sensitive to the machine's
     * drift: in {@link #ROUNDS} interleaved rounds (CPython with spawn, then each JDK with no spare JVMs) of
     * {@link #SAMPLES_PER_ROUND} samples each, every measurement process with one unmeasured; the medians pool all.
     */
    private void measurePoolStarts(List<Jdk> jdks, Map<String, Object> cpython, Map<Jdk, Map<String, Object>> mpkit)
            throws IOException, InterruptedException {
        List<String> rows = List.of("pool_create_apply_close_ms", "pool_floor_2_start_join_ms");
        Map<String, List<Double>> pooled = new LinkedHashMap<>();
        for (int round = 1; round <= ROUNDS; round++) {
            progress("pools, cold create, round " + round + " of " + ROUNDS + ": CPython spawn");
            Map<String, Object> py = asMap(Json.parse(exec(List.of(python(),
                    root.resolve("bench/cpython_pool_bench.py").toString(), "--part", "create", "--create-rounds",
                    String.valueOf(SAMPLES_PER_ROUND)), "CPython pool create bench")));
            for (String row : rows) {
                pool(pooled, "cpython " + row, asMap(py.get(row)));
            }
            for (Jdk jdk : jdks) {
                String label = "mpkit on JDK " + jdk.version;
                progress("pools, cold create, round " + round + " of " + ROUNDS + ": " + label);
                Map<String, Object> r = asMap(Json.parse(exec(command(jdk, 0, PoolBench.class,
                        String.valueOf(SYNC_REPS), "cold-create", String.valueOf(SAMPLES_PER_ROUND)),
                        label + " pool create bench")));
                for (String row : rows) {
                    pool(pooled, jdk + " " + row, asMap(r.get(row)));
                }
            }
        }
        for (String row : rows) {
            asMap(cpython.get("pool")).put(row, Stats.summary(pooled.get("cpython " + row)));
            for (Jdk jdk : jdks) {
                asMap(mpkit.get(jdk).get("pool")).put(row, Stats.summary(pooled.get(jdk + " " + row)));
            }
        }
    }

    /**
     * A first JVM per JDK that starts and joins one process, so that the provider prepares what it caches between
     * runs (the reference makes its class-data archive) before anything is measured.
     */
    private void prime(List<Jdk> jdks, Map<Jdk, Map<String, Object>> mpkit) throws IOException, InterruptedException {
        for (Jdk jdk : jdks) {
            String label = "mpkit on JDK " + jdk.version;
            progress(label + ": prime (the reference makes its class-data archive once per JDK and class path)");
            Map<String, Object> prime = asMap(Json.parse(exec(measurementCommand(jdk, 0, "prime"),
                    label + " prime")));
            mpkit.get(jdk).put("provider", prime.get("provider"));
        }
    }

    /** Process start-up: interleaved rounds of start+join, then bursts. */
    private void measureProcesses(List<Jdk> jdks, Map<String, Object> cpython, Map<Jdk, Map<String, Object>> mpkit)
            throws IOException, InterruptedException {

        Map<String, List<Double>> pooled = new LinkedHashMap<>();
        String pythonVersion = null;
        for (int round = 1; round <= ROUNDS; round++) {
            progress("start+join, round " + round + " of " + ROUNDS + ": CPython fork, spawn, forkserver");
            Map<String, Object> py = asMap(Json.parse(exec(cpythonCommand("start_join"), "CPython bench")));
            pythonVersion = String.valueOf(py.get("python"));
            for (Map.Entry<String, Object> e : asMap(py.get("start_join_ms")).entrySet()) {
                pool(pooled, "cpython " + e.getKey(), asMap(e.getValue()));
            }
            for (Jdk jdk : jdks) {
                String label = "mpkit on JDK " + jdk.version;
                progress("start+join, round " + round + " of " + ROUNDS + ": " + label + ", cold and warm");
                pool(pooled, jdk + " cold", run(jdk, 0, label, "start_join", SAMPLES_PER_ROUND, WARMUPS, 0));
                pool(pooled, jdk + " warm", run(jdk, WARM_SPARES, label, "start_join", SAMPLES_PER_ROUND,
                        WARMUPS, WARM_PAUSE_MS));
            }
        }
        progress("bursts of 20: CPython fork, spawn, forkserver");
        cpython.putAll(asMap(Json.parse(exec(cpythonCommand("burst20"), "CPython bench"))));
        cpython.put("python", pythonVersion);
        Map<String, Object> startJoin = new LinkedHashMap<>();
        for (String method : Report.METHODS) {
            List<Double> samples = pooled.get("cpython " + method);
            if (samples != null) {
                startJoin.put(method, Stats.summary(samples));
            }
        }
        cpython.put("start_join_ms", startJoin);
        for (Jdk jdk : jdks) {
            Map<String, Object> m = mpkit.get(jdk);
            m.put("cold_start_join", Stats.summary(pooled.get(jdk + " cold")));
            m.put("warm_start_join", Stats.summary(pooled.get(jdk + " warm")));
            m.putAll(measureBursts(jdk));
        }
    }

    /** A JDK's two burst figures, each from its own measurement JVM. */
    private Map<String, Object> measureBursts(Jdk jdk) throws IOException, InterruptedException {
        Map<String, Object> r = new LinkedHashMap<>();
        String label = "mpkit on JDK " + jdk.version;
        progress("bursts of 20: " + label + ", cold");
        r.put("cold_burst20", run(jdk, 0, label, "burst20", BURSTS, 0));
        progress("bursts of 20: " + label + ", warm (" + BURST_SPARES + " spare JVMs)");
        r.put("warm_burst20", run(jdk, BURST_SPARES, label, "burst20", BURSTS, BURST_PAUSE_MS));
        return r;
    }

    @SuppressWarnings("unchecked")
    private static void pool(Map<String, List<Double>> pooled, String key, Map<String, Object> summary) {
        List<Double> into = pooled.computeIfAbsent(key, k -> new ArrayList<>());
        for (Object o : (List<Object>) summary.get("samples")) {
            into.add(((Number) o).doubleValue());
        }
    }

    private Map<String, Object> run(Jdk jdk, int spares, String label, String what, Object... params)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>();
        args.add(what);
        for (Object p : params) {
            args.add(String.valueOf(p));
        }
        Map<String, Object> result = asMap(Json.parse(
                exec(measurementCommand(jdk, spares, args.toArray(new String[0])), label + " " + what)));
        Object figure = result.get(what.equals("burst20") ? "burst20_per_s" : "start_join_ms");
        return asMap(figure);
    }

    private List<String> measurementCommand(Jdk jdk, int spares, String... args) {
        return command(jdk, spares, ProcessBench.class, args);
    }

    private List<String> command(Jdk jdk, int spares, Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(jdk.java.toString());
        cmd.add("-XX:-UsePerfData");
        Properties props = System.getProperties();
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith("mpkit.") && !key.equals("mpkit.root") && !key.equals("mpkit.ref.spares")) {
                cmd.add("-D" + key + "=" + props.getProperty(key)); // the user's provider tuning, as given
            }
        }
        cmd.add("-Dmpkit.ref.spares=" + spares);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * Copies the class path's JARs to {@code .mpkit/bench/classpath}, keeping their times, and returns the copy's
     * class path: a rebuild while the bench runs (the kit's JAR, the provider's in the local repository) must not
     * change, or break, the code under measurement. Unchanged JARs are not copied again, so the provider's caches
     * keyed on the class path stay valid from one run to the next.
     */
    private String snapshot(String original) {
        Path dir = root.resolve(".mpkit").resolve("bench").resolve("classpath");
        try {
            Files.createDirectories(dir);
            List<String> entries = new ArrayList<>();
            List<Path> kept = new ArrayList<>();
            String[] parts = original.split(java.io.File.pathSeparator);
            for (int i = 0; i < parts.length; i++) {
                Path src = Paths.get(parts[i]);
                if (!Files.isRegularFile(src)) {
                    entries.add(parts[i]);
                    continue;
                }
                Path dst = dir.resolve(String.format(Locale.ROOT, "%02d-%s", i, src.getFileName()));
                if (!Files.isRegularFile(dst) || Files.size(dst) != Files.size(src)
                        || !Files.getLastModifiedTime(dst).equals(Files.getLastModifiedTime(src))) {
                    Path tmp = dir.resolve(dst.getFileName() + ".tmp");
                    Files.copy(src, tmp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                    Files.move(tmp, dst, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
                kept.add(dst);
                entries.add(dst.toString());
            }
            try (Stream<Path> old = Files.list(dir)) {
                for (Path p : (Iterable<Path>) old::iterator) {
                    if (!kept.contains(p)) {
                        Files.deleteIfExists(p);
                    }
                }
            }
            return String.join(java.io.File.pathSeparator, entries);
        } catch (IOException | RuntimeException e) {
            System.err.println("mpkit bench: WARNING: could not copy the class path to " + dir + " (" + e
                    + "); measuring with the original, which a concurrent build may change");
            return original;
        }
    }

    private List<String> cpythonCommand(String rows) {
        return List.of(python(), root.resolve("bench/cpython_bench.py").toString(), "--rows", rows,
                "--samples", String.valueOf(SAMPLES_PER_ROUND), "--warmups", String.valueOf(WARMUPS),
                "--bursts", String.valueOf(BURSTS));
    }

    private static String python() {
        String p = System.getenv("MPKIT_PYTHON");
        return p != null && !p.isBlank() ? p : "python3";
    }

    /** Runs {@code cmd}; its standard output is the result, its standard error is shown if it fails. */
    private String exec(List<String> cmd, String what) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Thread a = copy(p.getInputStream(), stdout);
        Thread b = copy(p.getErrorStream(), stderr);
        int code = p.waitFor();
        a.join();
        b.join();
        String err = stderr.toString(StandardCharsets.UTF_8);
        if (code != 0) {
            throw new IllegalStateException("mpkit bench: " + what + " failed with exit code " + code + "; command "
                    + cmd + "\n" + tail(err, 40));
        }
        String unexpected = err.lines().filter(l -> !l.startsWith("cpython: ")).reduce("", (x, y) -> x + y + "\n");
        if (!unexpected.isBlank()) {
            out.println("mpkit bench: WARNING: " + what + " wrote to standard error:\n" + tail(unexpected, 20));
        }
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private static Thread copy(InputStream in, ByteArrayOutputStream to) {
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(to);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "mpkit-bench-pipe");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String tail(String s, int lines) {
        List<String> all = s.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private void progress(String what) {
        System.err.println("mpkit bench: " + what + " ...");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) {
        if (!(o instanceof Map)) {
            throw new IllegalStateException("mpkit bench: expected a JSON object, got " + o);
        }
        return (Map<String, Object>) o;
    }

    /** A JDK to measure with: its home, {@code java} launcher and version. */
    static final class Jdk {
        final Path home;
        final Path java;
        final String version;
        final int feature;

        Jdk(Path home, String version) {
            this.home = home;
            this.java = home.resolve("bin").resolve("java");
            this.version = version;
            int f;
            try {
                f = Integer.parseInt(version.split("[.+-]")[0]);
            } catch (NumberFormatException e) {
                f = -1;
            }
            this.feature = f;
        }

        static Jdk of(Path home) {
            String v = releaseVersion(home);
            return new Jdk(home, v != null ? v : System.getProperty("java.version"));
        }

        /** {@code $JAVA25} (a JDK home or its {@code bin/java}), else a JDK 25 or later under /usr/lib/jvm. */
        static Jdk java25() {
            String env = System.getenv("JAVA25");
            if (env != null && !env.isBlank()) {
                Path p = Paths.get(env);
                Path home = p.endsWith(Paths.get("bin", "java")) ? p.getParent().getParent() : p;
                if (Files.isExecutable(home.resolve("bin/java"))) {
                    return of(home);
                }
                System.err.println("mpkit bench: WARNING: $JAVA25=" + env + " has no bin/java; measuring without");
                return null;
            }
            Path jvms = Paths.get("/usr/lib/jvm");
            if (!Files.isDirectory(jvms)) {
                return null;
            }
            try (Stream<Path> s = Files.list(jvms)) {
                return s.filter(h -> Files.isExecutable(h.resolve("bin/java")) && !Files.isSymbolicLink(h))
                        .map(Jdk::of)
                        .filter(j -> j.feature == 25)
                        .sorted((x, y) -> x.home.compareTo(y.home))
                        .findFirst().orElse(null);
            } catch (IOException e) {
                return null;
            }
        }

        private static String releaseVersion(Path home) {
            try {
                for (String line : Files.readAllLines(home.resolve("release"))) {
                    if (line.startsWith("JAVA_VERSION=")) {
                        return line.substring(line.indexOf('=') + 1).replace("\"", "").trim();
                    }
                }
            } catch (IOException e) {
                // no release file
            }
            return null;
        }

        @Override
        public String toString() {
            return "JDK " + version;
        }
    }

    static String fmt(Object v) {
        if (!(v instanceof Number)) {
            return "-";
        }
        double d = ((Number) v).doubleValue();
        if (d >= 100) {
            return String.format(Locale.ROOT, "%.0f", d);
        }
        if (d >= 10) {
            return String.format(Locale.ROOT, "%.1f", d);
        }
        return String.format(Locale.ROOT, "%.2f", d);
    }
}
