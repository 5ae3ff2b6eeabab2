package dev.mpkit.ref.os;

import java.io.IOException;
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
}
