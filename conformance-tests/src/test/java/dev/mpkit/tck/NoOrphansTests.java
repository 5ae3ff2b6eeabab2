package dev.mpkit.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.tck.support.ProcessTree;
import dev.mpkit.tck.support.TimeScale;
import dev.mpkit.tck.support.Timeouts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No run leaves a process, a runtime directory or a shared-memory file behind: not even one whose kit JVM is killed
 * with SIGKILL halfway through, while its children hold locks and wait on semaphores.
 */
class NoOrphansTests {

    @Test
    void aKitKilledWithSigkillLeavesNoProcessWithinTenSeconds(@TempDir Path dir) throws Exception {
        killedRunLeavesNothing(dir, "PROC-15,PROC-16,LOCK-10,SEM-07");
    }

    /** The same while children block in a pipe's recv() and a queue's get(): pipe keepers, queue rings. */
    @Test
    void aKitKilledWhileChildrenUsePipesAndQueuesLeavesNothing(@TempDir Path dir) throws Exception {
        killedRunLeavesNothing(dir, "PIPE-12,PIPE-20,QUEUE-02,QUEUE-16");
    }

    /** The same while pools run tasks and managers serve: pool workers, manager servers and their sockets. */
    @Test
    void aKitKilledWhilePoolsAndManagersRunLeavesNothing(@TempDir Path dir) throws Exception {
        killedRunLeavesNothing(dir, "POOL-23,POOL-26,MGR-02,MGR-04");
    }

    private static void killedRunLeavesNothing(Path dir, String clauses) throws Exception {
        String id = ProcessTree.nestedRunId("orphans-" + System.nanoTime());
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dslf4j.internal.verbosity=ERROR", "-cp", System.getProperty("java.class.path"),
                "dev.mpkit.tck.grading.GradingRunner", "run", "--clauses", clauses, "--repeat", "50", "--quiet"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("kit.log").toFile());
        pb.environment().put(ProcessTree.RUN_ID_VARIABLE, id);
        Process kit = pb.start();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        seen.add(kit.pid());
        try {
            Awaitility.await("a child JVM of the kit is running").atMost(Timeouts.MUST_HAPPEN)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        List<Long> m = marked(id);
                        seen.addAll(m);
                        return m.stream().anyMatch(pid -> pid != kit.pid() && !isShell(pid));
                    });
            kit.destroyForcibly(); // SIGKILL: no shutdown hook of the kit runs
            kit.waitFor();
            Awaitility.await("every process of the killed run is gone").atMost(TimeScale.seconds(10))
                    .pollInterval(Duration.ofMillis(100)).until(() -> marked(id).isEmpty());
            assertEquals(List.of(), marked(id), "processes of the killed kit run still alive");
            Awaitility.await("the runtime directories of the killed run are removed").atMost(TimeScale.seconds(10))
                    .pollInterval(Duration.ofMillis(100)).until(() -> runtimeDirsOf(seen).isEmpty());
            assertTrue(runtimeDirsOf(seen).isEmpty(), "runtime directories left: " + runtimeDirsOf(seen));
        } finally {
            kit.destroyForcibly();
            ProcessTree.killAll(new java.util.HashSet<>(marked(id)));
        }
    }

    /** Live processes whose environment carries exactly {@code id} (the watchdog itself carries none). */
    private static List<Long> marked(String id) throws IOException {
        List<Long> r = new ArrayList<>();
        byte[] marker = (ProcessTree.RUN_ID_VARIABLE + "=" + id).getBytes(StandardCharsets.UTF_8);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Paths.get("/proc"), "[0-9]*")) {
            for (Path p : ds) {
                try {
                    String env = new String(Files.readAllBytes(p.resolve("environ")), StandardCharsets.UTF_8);
                    long pid = Long.parseLong(p.getFileName().toString());
                    if (env.contains(new String(marker, StandardCharsets.UTF_8)) && ProcessTree.isAlive(pid)) {
                        r.add(pid);
                    }
                } catch (IOException | NumberFormatException ignored) {
                    // gone
                }
            }
        }
        return r;
    }

    private static boolean isShell(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().command()).map(c -> c.endsWith("sh")).orElse(false);
    }

    /**
     * The reference's runtime directories ({@code mpkit-<pid>-…}) of the given processes: in the temp directory, and
     * the shared-memory ones of locks and semaphores in {@code /dev/shm}.
     */
    private static List<Path> runtimeDirsOf(java.util.Set<Long> pids) throws IOException {
        List<Path> r = new ArrayList<>();
        for (Path base : List.of(Paths.get(System.getProperty("java.io.tmpdir")), Paths.get("/dev/shm"))) {
            if (!Files.isDirectory(base)) {
                continue;
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(base, "mpkit-[0-9]*")) {
                for (Path d : ds) {
                    String n = d.getFileName().toString();
                    int dash = n.indexOf('-', "mpkit-".length());
                    if (dash > 0 && pids.contains(Long.parseLong(n.substring("mpkit-".length(), dash)))) {
                        r.add(d);
                    }
                }
            }
        }
        return r;
    }
}
