package dev.mpkit.ref.process;

import dev.mpkit.ref.os.JvmProcess;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The parent's view of one child JVM: the OS process, the way its work reaches it, and its exit code once the
 * parent knows how it ended. A cold child is a {@link PipeChildLink}, a spare JVM a {@link SocketChildLink}.
 */
abstract class ChildLink {

    final JvmProcess jvm;
    /** The exit code (ExitCodes), completed once the process has ended and its report has been read. */
    final CompletableFuture<Integer> exit = new CompletableFuture<>();

    ChildLink(JvmProcess jvm) {
        this.jvm = jvm;
    }

    /**
     * Waits at most {@code nanos} for {@link #exit} to complete.
     *
     * @return whether it has completed
     */
    boolean awaitExit(long nanos) throws InterruptedException {
        try {
            exit.get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("[JOIN-01] could not observe the exit of pid " + jvm.pid(), e.getCause());
        }
    }

    /** Hands the child its work: the PAYLOAD body, a boot record ({@link BootCodec}). */
    abstract void deliver(byte[] payload);

    /** Lets the child know that no work will come; a spare JVM ends when it sees this. */
    abstract void disconnect();
}
