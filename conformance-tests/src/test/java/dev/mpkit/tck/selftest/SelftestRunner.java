package dev.mpkit.tck.selftest;

import dev.mpkit.tck.grading.Json;
import dev.mpkit.tck.support.ProcessTree;
import dev.mpkit.tck.support.TimeScale;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the kit against every broken provider of the gallery, each in a fresh JVM as a grader would, and says
 * whether the kit caught it by a clause it breaks: {@code ./mpkit selftest [--report DIR] [--mutants NAME,…]} writes
 * {@code DIR/selftest.json}; {@code --mutants} runs only the mutants of those simple class names.
 */
public final class SelftestRunner {

    /** What the selftest found for one mutant. */
    public static final class Result {
        public final String name;
        public final String description;
        public final List<String> breaks;
        public final List<String> caughtBy;
        public final long durationMs;
        public final String output;

        Result(String name, String description, List<String> breaks, List<String> caughtBy, long durationMs,
                String output) {
            this.name = name;
            this.description = description;
            this.breaks = breaks;
            this.caughtBy = caughtBy;
            this.durationMs = durationMs;
            this.output = output;
        }

        /** Caught by a clause it breaks. */
        public boolean caught() {
            return caughtBy.stream().anyMatch(breaks::contains);
        }
    }

    private SelftestRunner() {}

    public static void main(String[] args) throws Exception {
        Path report = null;
        List<String> only = null;
        for (int i = 0; i < args.length; i++) {
            if ("--report".equals(args[i]) && i + 1 < args.length) {
                report = Paths.get(args[++i]);
            } else if ("--mutants".equals(args[i]) && i + 1 < args.length) {
                only = List.of(args[++i].split(","));
            } else {
                System.err.println("usage: mpkit selftest [--report DIR] [--mutants NAME,…]");
                System.exit(2);
            }
        }
        List<Class<? extends MutantProvider>> selected = new ArrayList<>();
        for (Class<? extends MutantProvider> m : Mutants.all()) {
            if (only == null || only.contains(m.getSimpleName())) {
                selected.add(m);
            }
        }
        if (selected.isEmpty()) {
            System.err.println("mpkit selftest: no mutant named " + only + "; the gallery: "
                    + Mutants.all().stream().map(Class::getSimpleName).toList());
            System.exit(2);
        }
        List<Result> results = new ArrayList<>();
        for (Class<? extends MutantProvider> m : selected) {
            Result r = run(m);
            results.add(r);
            System.out.printf(Locale.ROOT, "  %-28s %-7s breaks %-22s caught by %-22s %6d ms  %s%n",
                    r.name, r.caught() ? "CAUGHT" : "MISSED", r.breaks, r.caughtBy, r.durationMs, r.description);
            if (!r.caught()) {
                System.out.println(indent(r.output));
            }
        }
        long caught = results.stream().filter(Result::caught).count();
        if (report != null) {
            write(report.resolve("selftest.json"), results);
            System.out.println("report: " + report.resolve("selftest.json"));
        }
        System.out.printf(Locale.ROOT, "%d passed, %d failed%n", caught, results.size() - caught);
        System.exit(caught == results.size() ? 0 : 1);
    }

    /** Grades {@code mutant} on the clauses it breaks, in a fresh JVM. */
    public static Result run(Class<? extends MutantProvider> mutant) {
        MutantProvider m;
        try {
            m = mutant.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        List<String> breaks = Arrays.asList(m.breaks());
        Path dir;
        try {
            dir = Files.createTempDirectory("mpkit-selftest-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long t0 = System.nanoTime();
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dslf4j.internal.verbosity=ERROR", "-Dmpkit.timeScale=" + TimeScale.factor(),
                "-cp", System.getProperty("java.class.path"), "dev.mpkit.tck.grading.GradingRunner", "run",
                "--provider", mutant.getName(), "--clauses", String.join(",", breaks), "--report", dir.toString(),
                "--quiet"));
        String output;
        List<String> caughtBy = new ArrayList<>();
        try {
            Path log = dir.resolve("output.txt");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put(ProcessTree.RUN_ID_VARIABLE, ProcessTree.nestedRunId("selftest-" + mutant.getSimpleName()));
            Process p = pb.start();
            if (!p.waitFor(TimeScale.seconds(600).toSeconds(), TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            output = Files.readString(log);
            Path json = dir.resolve("report.json");
            if (Files.exists(json)) {
                Map<?, ?> report = (Map<?, ?>) Json.parse(Files.readString(json));
                for (Object c : (List<?>) report.get("clauses")) {
                    Map<?, ?> clause = (Map<?, ?>) c;
                    if ("FAIL".equals(clause.get("verdict"))) {
                        caughtBy.add((String) clause.get("id"));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            deleteTree(dir.toFile());
        }
        return new Result(mutant.getSimpleName(), m.description(), breaks, caughtBy,
                (System.nanoTime() - t0) / 1_000_000, output);
    }

    static void write(Path file, List<Result> results) throws IOException {
        List<Object> mutants = new ArrayList<>();
        for (Result r : results) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", r.name);
            o.put("description", r.description);
            o.put("breaks", r.breaks);
            o.put("caught", r.caught());
            o.put("caughtBy", r.caughtBy);
            o.put("durationMs", r.durationMs);
            mutants.add(o);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", "mpkit-selftest/1");
        root.put("mutants", mutants);
        Files.createDirectories(file.getParent());
        Files.writeString(file, Json.write(root));
    }

    private static String indent(String s) {
        return "      | " + s.strip().replace("\n", "\n      | ");
    }

    private static void deleteTree(File f) {
        File[] kids = f.listFiles();
        if (kids != null) {
            for (File k : kids) {
                deleteTree(k);
            }
        }
        f.delete();
    }
}
