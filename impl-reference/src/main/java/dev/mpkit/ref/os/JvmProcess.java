package dev.mpkit.ref.os;

import java.io.DataOutputStream;
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
 * (ISO-06). Its standard input is {@code /dev/null}, as a Python child's is, or a pipe from this JVM that carries
 * frames ({@link Frames}) to the child and whose end of stream tells the child that this JVM has gone
 * ({@link ParentPipe} is the child's end).
 */
public final class JvmProcess {

    private final Process process;
    private final DataOutputStream input;

    private JvmProcess(Process process, DataOutputStream input) {
        this.process = process;
        this.input = input;
    }

    /** Starts {@code command} with {@code /dev/null} as its standard input. */
    public static JvmProcess start(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectInput(Redirect.from(new File("/dev/null")))
                .redirectOutput(Redirect.INHERIT)
                .redirectError(Redirect.INHERIT);
        return new JvmProcess(pb.start(), null);
    }

    /**
     * Starts {@code command} with a pipe from this JVM as its standard input. This JVM holds the pipe open until
     * {@link #closeInput()}, or until it ends, by any death: only then does the child read end of stream.
     */
    public static JvmProcess startPiped(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectInput(Redirect.PIPE)
                .redirectOutput(Redirect.INHERIT)
                .redirectError(Redirect.INHERIT);
        Process p = pb.start();
        // Unbuffered: a frame goes out in one write, and the pipe's own stream stays referenced (and open) here.
        return new JvmProcess(p, new DataOutputStream(p.getOutputStream()));
    }

    /**
     * Writes one frame to the child's standard input; blocks while the pipe is full.
     *
     * @throws IOException if the child has closed its end or died
     * @throws IllegalStateException if the child was not started with {@link #startPiped}
     */
    public void send(byte type, byte[] body) throws IOException {
        if (input == null) {
            throw new IllegalStateException("child pid " + pid() + " has no input pipe");
        }
        Frames.writeUnbuffered(input, type, body);
    }

    /** Closes the child's standard input pipe, if it has one; the child reads end of stream. */
    public void closeInput() {
        if (input != null) {
            try {
                input.close();
            } catch (IOException ignored) {
                // the child is gone
            }
        }
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
