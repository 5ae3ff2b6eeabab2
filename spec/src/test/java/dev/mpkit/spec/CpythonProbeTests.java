package dev.mpkit.spec;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every CPython probe in {@code cpython/} and checks that CPython still behaves as the clauses' {@code CPython:}
 * lines say: one dynamic test per probe, named by its clause ID.
 *
 * <p>If this fails, the probe's own output says which CPython fact no longer holds; either the clause's
 * {@code CPython:} line or the probe is out of date for this interpreter.
 *
 * <p>Without {@code python3} on the {@code PATH} every probe's test is aborted (reported as skipped, with the reason)
 * after a loud warning on standard error, unless {@code MPKIT_REQUIRE_PYTHON=1}, which turns the missing interpreter
 * into a failure.
 */
class CpythonProbeTests {

    static final Path PROBES = Paths.get("cpython");
    static final long PROBE_TIMEOUT_SECONDS = 60;
    /** A probe that measures wall-clock time says so in its first lines and runs while no other probe does. */
    static final String EXCLUSIVE_MARKER = "# probe: exclusive";
    static final int PARALLEL_PROBES = 2;

    @TestFactory
    Stream<DynamicTest> everyCpythonProbePasses() throws IOException {
        List<String> probes = new ArrayList<>(ClauseFileTests.probeFileNames());
        Optional<Path> python = python3OnPath();
        if (python.isEmpty()) {
            String message = "python3 not found: " + probes.size() + " CPython probes were NOT run";
            System.err.println("WARNING: " + message);
            if ("1".equals(System.getenv("MPKIT_REQUIRE_PYTHON"))) {
                fail(message + ", and MPKIT_REQUIRE_PYTHON=1 requires them");
            }
            // One aborted test per probe, so that every unchecked clause shows as skipped, with the reason.
            String reason = message + " (set MPKIT_REQUIRE_PYTHON=1 to make this a failure)";
            return probes.stream().map(probe -> DynamicTest.dynamicTest(clauseId(probe), () -> Assumptions.abort(reason)));
        }

        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_PROBES, runnable -> {
            Thread t = new Thread(runnable, "cpython-probe");
            t.setDaemon(true);
            return t;
        });
        ReadWriteLock exclusive = new ReentrantReadWriteLock(true);
        // Exclusive probes are submitted last: they run alone, once the others and this JVM's start-up work are done.
        List<String> order = probes.stream().sorted((a, b) -> Boolean.compare(isExclusive(a), isExclusive(b)))
                .collect(Collectors.toList());
        Map<String, Future<ProbeRun>> runs = new LinkedHashMap<>();
        for (String probe : order) {
            Lock lock = isExclusive(probe) ? exclusive.writeLock() : exclusive.readLock();
            runs.put(probe, pool.submit(() -> {
                lock.lock();
                try {
                    return ProbeRun.of(python.get(), probe);
                } finally {
                    lock.unlock();
                }
            }));
        }
        return probes.stream()
                .map(probe -> DynamicTest.dynamicTest(clauseId(probe), () -> runs.get(probe).get().assertPassed()))
                .onClose(pool::shutdownNow);
    }

    static boolean isExclusive(String probe) {
        try (Stream<String> lines = Files.lines(PROBES.resolve(probe), StandardCharsets.UTF_8)) {
            return lines.limit(5).anyMatch(line -> line.strip().startsWith(EXCLUSIVE_MARKER));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String clauseId(String probe) {
        return probe.substring(0, probe.length() - ".py".length());
    }

    static Optional<Path> python3OnPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Paths.get(dir, "python3"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** The outcome of one probe: its exit status and its output. */
    static final class ProbeRun {
        final String probe;
        final int exitStatus;
        final boolean timedOut;
        final long millis;
        final String stdout;
        final String stderr;

        private ProbeRun(String probe, int exitStatus, boolean timedOut, long millis, String stdout, String stderr) {
            this.probe = probe;
            this.exitStatus = exitStatus;
            this.timedOut = timedOut;
            this.millis = millis;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        static ProbeRun of(Path python, String probe) throws IOException, InterruptedException {
            Path out = Files.createTempFile("mpkit-probe-", ".out");
            Path err = Files.createTempFile("mpkit-probe-", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(python.toString(), PROBES.resolve(probe).toString())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                builder.environment().put("PYTHONDONTWRITEBYTECODE", "1"); // no __pycache__ in the source tree
                long started = System.nanoTime();
                Process process = builder.start();
                boolean exited = process.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (!exited) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor();
                }
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                return new ProbeRun(probe, exited ? process.exitValue() : -1, !exited, millis,
                        Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        }

        void assertPassed() {
            if (timedOut) {
                fail("[" + clauseId(probe) + "] probe cpython/" + probe + " did not finish within "
                        + PROBE_TIMEOUT_SECONDS + " s and was killed" + output());
            }
            if (exitStatus != 0) {
                fail("[" + clauseId(probe) + "] probe cpython/" + probe + " exited with status " + exitStatus
                        + " after " + millis + " ms: CPython no longer behaves as the clause's CPython line says"
                        + output());
            }
        }

        private String output() {
            return "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
        }
    }
}
