package dev.mpkit.tck.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.Set;

/**
 * What the kit knows of the processes a run started, read from the OS and never from the provider: the kit JVM's
 * descendants, and every process whose environment carries this run's {@code MPKIT_RUN_ID} (orphans included).
 */
public final class ProcessTree {

    /** The environment variable that marks every process of one kit run. */
    public static final String RUN_ID_VARIABLE = "MPKIT_RUN_ID";

    private ProcessTree() {}

    /** This run's id, or {@code null} if the kit JVM was started without one. */
    public static String runId() {
        String id = System.getenv(RUN_ID_VARIABLE);
        return id == null || id.isBlank() ? null : id;
    }

    /**
     * The id for a kit run nested in this one (a selftest grading a mutant in a fresh JVM): this run's watchdog
     * still finds its processes, and the nested run kills only its own.
     */
    public static String nestedRunId(String name) {
        String id = runId();
        return (id == null ? "mpkit-" + ProcessHandle.current().pid() : id) + "/" + name;
    }

    /**
     * The pids of this run's processes (the kit JVM's descendants, and every process whose environment carries
     * this run's id or a nested run's id), never the kit JVM itself, its ancestors or the excluded ones.
     */
    public static Set<Long> runProcesses(Set<Long> excluded) {
        Set<Long> pids = new HashSet<>();
        long self = ProcessHandle.current().pid();
        ProcessHandle.current().descendants().forEach(h -> pids.add(h.pid()));
        String id = runId();
        if (id != null) {
            byte[] marker = (RUN_ID_VARIABLE + "=" + id).getBytes(StandardCharsets.UTF_8);
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(Paths.get("/proc"), "[0-9]*")) {
                for (Path p : ds) {
                    try {
                        if (contains(Files.readAllBytes(p.resolve("environ")), marker)) {
                            pids.add(Long.parseLong(p.getFileName().toString()));
                        }
                    } catch (IOException | NumberFormatException | SecurityException ignored) {
                        // gone, or not ours to read
                    }
                }
            } catch (IOException ignored) {
                // no /proc: descendants only
            }
        }
        pids.remove(self);
        pids.removeAll(excluded);
        for (ProcessHandle a = ProcessHandle.current().parent().orElse(null); a != null;
                a = a.parent().orElse(null)) {
            pids.remove(a.pid()); // never an ancestor: a nested kit run shares its parent's marker prefix
        }
        return pids;
    }

    /** Kills the processes with SIGKILL and waits until they are gone, at most {@link Timeouts#MUST_HAPPEN}. */
    public static void killAll(Set<Long> pids) {
        for (Long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        long deadline = System.nanoTime() + Timeouts.MUST_HAPPEN.toNanos();
        for (Long pid : pids) {
            while (isAlive(pid) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                try {
                    ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
                } catch (RuntimeException ignored) {
                    // not our child: fall back to polling
                }
            }
        }
    }

    /** Whether {@code pid} is a running process (zombies count as gone). */
    public static boolean isAlive(long pid) {
        try {
            String stat = Files.readString(Paths.get("/proc/" + pid + "/stat"));
            int close = stat.lastIndexOf(')');
            return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) != 'Z';
        } catch (IOException e) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }

    /** The OS parent of {@code pid}, if it is running. */
    public static long parentOf(long pid) {
        return ProcessHandle.of(pid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(-1L);
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (i > 0 && hay[i - 1] != 0) {
                continue;
            }
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            int end = i + needle.length;
            if (end == hay.length || hay[end] == 0 || hay[end] == '/') {
                return true; // this run's id, or a nested run's id/…
            }
        }
        return false;
    }
}
