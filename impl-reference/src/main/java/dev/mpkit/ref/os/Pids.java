package dev.mpkit.ref.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;

/** This JVM's pid, read from {@code /proc/self} where there is one: a child needs it before anything else. */
public final class Pids {

    private Pids() {}

    /**
     * This JVM's pid. {@code ProcessHandle.current()} would also start the JDK's process-reaper machinery, a few
     * milliseconds of a child's start-up for a number the kernel hands out as a symbolic link.
     */
    public static long current() {
        try {
            return Long.parseLong(Files.readSymbolicLink(Paths.get("/proc/self")).toString());
        } catch (IOException | NumberFormatException | UnsupportedOperationException | SecurityException e) {
            return ProcessHandle.current().pid();
        }
    }

    /**
     * The pid of this JVM's parent process, or -1 if it cannot be told. It changes when the parent dies (the
     * orphan is adopted by another process), so that, unlike the parent's pid alone, it cannot be fooled by a new
     * process that reuses the dead parent's pid.
     */
    public static long parentOfCurrent() {
        try {
            String stat = new String(Files.readAllBytes(Paths.get("/proc/self/stat")), StandardCharsets.US_ASCII);
            int end = stat.lastIndexOf(')'); // the command name may hold spaces and parentheses
            String[] fields = stat.substring(end + 2).split(" ", 3); // state, ppid, ...
            return Long.parseLong(fields[1]);
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
        }
    }
}
