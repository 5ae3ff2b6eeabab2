package dev.mpkit.ref.os;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started by this one: a thin seam over {@link Process} with the signals Python's API needs.
 *
 * <p>The child inherits this JVM's standard output and error (PROC-30), environment and working directory
 * (ISO-06); its standard input is {@code /dev/null}, as a Python child's is.
 */
public final class JvmProcess {

    private final Process process;

    private JvmProcess(Process process) {
        this.process = process;
    }

    /** Starts {@code command}. */
    public static JvmProcess start(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectInput(Redirect.from(new File("/dev/null")))
                .redirectOutput(Redirect.INHERIT)
                .redirectError(Redirect.INHERIT);
        return new JvmProcess(pb.start());
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Sends SIGTERM (PROC-15). */
    public void sigterm() {
        process.destroy();
    }

    /** Sends SIGKILL (PROC-16). */
    public void sigkill() {
        process.destroyForcibly();
    }

    public CompletableFuture<JvmProcess> onExit() {
        return process.onExit().thenApply(p -> this);
    }

    public boolean waitFor(long nanos) throws InterruptedException {
        return process.waitFor(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * The raw status as Java reports it: the exit code, or 128 + N after death by signal N.
     *
     * @throws IllegalThreadStateException if still running
     */
    public int rawExitValue() {
        return process.exitValue();
    }

    /** This JVM's pid. */
    public static long currentPid() {
        return ProcessHandle.current().pid();
    }

    /** Whether the process {@code pid} is running. */
    public static boolean isRunning(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The path of this JVM's {@code java} launcher. */
    public static String javaLauncher() {
        return ProcessHandle.current().info().command()
                .filter(c -> c.endsWith("/java"))
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    }

    /** Ends this JVM at once, skipping shutdown hooks. */
    public static void halt(int status) {
        Runtime.getRuntime().halt(status);
    }
}
