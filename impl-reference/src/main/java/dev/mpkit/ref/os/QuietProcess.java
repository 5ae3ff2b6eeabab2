package dev.mpkit.ref.os;

import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A helper JVM that the user never sees: standard output and error are {@code /dev/null}, and so is standard
 * input, or a pipe that carries one frame. The reference uses it for the training runs that build the child JVMs'
 * class-data archive.
 */
public final class QuietProcess {

    private final Process process;

    private QuietProcess(Process process) {
        this.process = process;
    }

    /** Starts {@code command} with all three standard streams on {@code /dev/null}. */
    public static QuietProcess start(List<String> command) throws IOException {
        File devNull = new File("/dev/null");
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectInput(Redirect.from(devNull))
                .redirectOutput(Redirect.DISCARD)
                .redirectError(Redirect.DISCARD);
        return new QuietProcess(pb.start());
    }

    /**
     * Starts {@code command} with standard output and error on {@code /dev/null} and a pipe as standard input,
     * writes one frame into it, and keeps the pipe open until the helper has ended, as a parent does for a child
     * ({@link JvmProcess#startPiped}). A helper that dies before reading the frame is left to its exit status.
     */
    public static QuietProcess startPiped(List<String> command, byte type, byte[] body) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectInput(Redirect.PIPE)
                .redirectOutput(Redirect.DISCARD)
                .redirectError(Redirect.DISCARD);
        Process p = pb.start();
        OutputStream in = p.getOutputStream();
        try {
            Frames.writeUnbuffered(new DataOutputStream(in), type, body);
        } catch (IOException e) {
            // it died; its exit status tells
        }
        p.onExit().whenComplete((x, e) -> {
            try {
                in.close();
            } catch (IOException ignored) {
                // gone
            }
        });
        return new QuietProcess(p);
    }

    public long pid() {
        return process.pid();
    }

    public CompletableFuture<QuietProcess> onExit() {
        return process.onExit().thenApply(p -> this);
    }

    /**
     * The exit status: the exit code, or 128 + N after death by signal N.
     *
     * @throws IllegalThreadStateException if still running
     */
    public int exitValue() {
        return process.exitValue();
    }

    /** Waits up to {@code millis}; whether it has exited. */
    public boolean waitFor(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    /** Sends SIGKILL. */
    public void kill() {
        process.destroyForcibly();
    }
}
