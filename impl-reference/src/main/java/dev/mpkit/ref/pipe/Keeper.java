package dev.mpkit.ref.pipe;

import dev.mpkit.ref.os.KeeperAcks;
import dev.mpkit.ref.os.PosixPipes;
import dev.mpkit.ref.sync.ChildStartPending;
import java.util.concurrent.CompletableFuture;

/**
 * The descriptors a sender keeps open for a starting child until the child has opened its own (PipeHandle),
 * closed on the child's acknowledgement, its end, or the start's failure, whichever comes first.
 */
final class Keeper implements ChildStartPending {

    private final long token;
    private final int readKeeper;
    private final int writeKeeper;
    private boolean released; // guarded by this

    Keeper(long token, int readKeeper, int writeKeeper) {
        this.token = token;
        this.readKeeper = readKeeper;
        this.writeKeeper = writeKeeper;
    }

    @Override
    public void started(CompletableFuture<?> childExit) {
        childExit.whenComplete((code, e) -> release()); // PIPE-14: a child that dies before acknowledging
    }

    @Override
    public void abandoned() {
        release();
    }

    /** Closes the keepers, once. */
    synchronized void release() {
        if (released) {
            return;
        }
        released = true;
        PosixPipes.close(readKeeper);
        PosixPipes.close(writeKeeper);
        KeeperAcks.forget(token);
    }

    /** Whether the keepers are closed: for tests. */
    synchronized boolean isReleased() {
        return released;
    }
}
