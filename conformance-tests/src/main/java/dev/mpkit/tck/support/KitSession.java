package dev.mpkit.tck.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One kit run in this JVM: its scratch directory, and the watchdog process that, should the kit JVM die (even by
 * SIGKILL), kills every process of the run and removes the reference's stale runtime directories: those in
 * {@code /tmp} and the shared-memory ones in {@code /dev/shm}, whose owner is dead and which no live process maps.
 */
public final class KitSession {

    private static KitSession instance;

    private final Path scratch;
    private final long watchdogPid;

    private KitSession() {
        try {
            scratch = Files.createTempDirectory("mpkit-kit-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        watchdogPid = startWatchdog(scratch);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ProcessTree.killAll(ProcessTree.runProcesses(excluded()));
            delete(scratch);
        }, "mpkit-kit-cleanup"));
    }

    public static synchronized KitSession get() {
        if (instance == null) {
            instance = new KitSession();
        }
        return instance;
    }

    public Path scratch() {
        return scratch;
    }

    /** Processes the kit must never kill: its own watchdog. */
    public Set<Long> excluded() {
        return watchdogPid > 0 ? Set.of(watchdogPid) : Collections.emptySet();
    }

    /** Kills every process of this run but its watchdog and those in {@code before}: what a failed test left behind. */
    void killLeftovers(Set<Long> before) {
        Set<Long> keep = new HashSet<>(excluded());
        keep.addAll(before);
        ProcessTree.killAll(ProcessTree.runProcesses(keep));
    }

    private static long startWatchdog(Path scratch) {
        String id = ProcessTree.runId();
        long kit = ProcessHandle.current().pid();
        // Once the kit JVM is gone: SIGKILL every process marked with this run's id (or a nested run's), wait
        // until they are gone, then remove the runtime directories of dead JVMs (those in /dev/shm only once no
        // process maps a file of theirs) and the kit's scratch directory.
        String kill = id == null ? "" : "for e in /proc/[0-9]*/environ; do p=${e#/proc/}; p=${p%/environ}; "
                + "[ \"$p\" = \"$$\" ] && continue; "
                + "tr '\\0' '\\n' < \"$e\" 2>/dev/null | grep -qE '^" + ProcessTree.RUN_ID_VARIABLE + "="
                + id.replaceAll("[^A-Za-z0-9_/-]", ".") + "(/|$)' && kill -9 \"$p\" 2>/dev/null && k=\"$k $p\"; done; "
                + "i=0; while [ $i -lt 100 ]; do a=; for p in $k; do [ -d /proc/$p ] && "
                + "! grep -q '^State:.*Z' /proc/$p/status 2>/dev/null && a=1; done; [ -z \"$a\" ] && break; "
                + "i=$((i+1)); sleep 0.05; done; ";
        String script = "k=; while kill -0 " + kit + " 2>/dev/null; do sleep 0.5; done; " + kill
                + "for d in /tmp/mpkit-[0-9]* /dev/shm/mpkit-[0-9]*; do [ -d \"$d\" ] || continue; "
                + "p=${d##*/mpkit-}; p=${p%%-*}; "
                + "[ -d /proc/$p ] && ! grep -q '^State:.*Z' /proc/$p/status 2>/dev/null && continue; "
                + "grep -qsF \"$d/\" /proc/[0-9]*/maps && continue; rm -rf \"$d\"; done; "
                + "rm -rf '" + scratch + "'";
        try {
            ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", script);
            pb.environment().remove(ProcessTree.RUN_ID_VARIABLE);
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
            return pb.start().pid();
        } catch (IOException e) {
            System.err.println("mpkit: WARNING: no watchdog (" + e + "); a killed kit may leave processes behind");
            return -1;
        }
    }

    static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
