package dev.mpkit.ref.sync;

import java.util.concurrent.CompletableFuture;

/**
 * Something a handle serialized into a starting child's payload keeps for that child until the child has taken it:
 * a pipe end's keeper descriptor, for example (PIPE). Registered with
 * {@link SyncPrimitives#registerChildStartPending(ChildStartPending)} while the payload is serialized; the process
 * that starts the child then reports how the start went.
 */
public interface ChildStartPending {

    /**
     * The child was handed its payload; {@code childExit} completes once it has ended.
     *
     * @param childExit completes, normally or not, when the child has ended
     */
    void started(CompletableFuture<?> childExit);

    /** No child will read the payload: its serialization or the child's start failed. */
    void abandoned();
}
