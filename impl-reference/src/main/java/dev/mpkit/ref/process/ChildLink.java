package dev.mpkit.ref.process;

import dev.mpkit.ref.os.JvmProcess;
import java.util.concurrent.CompletableFuture;

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

    /** Hands the child its work: the PAYLOAD body, a boot record ({@link BootCodec}). */
    abstract void deliver(byte[] payload);

    /** Lets the child know that no work will come; a spare JVM ends when it sees this. */
    abstract void disconnect();
}
