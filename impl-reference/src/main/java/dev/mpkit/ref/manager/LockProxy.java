package dev.mpkit.ref.manager;

import dev.mpkit.SharedLock;
import java.time.Duration;
import java.util.Objects;

/** A proxy to a lock in a manager's server; its owner is this thread of this process (MGR-04). */
class LockProxy extends ManagedProxy implements SharedLock {

    private static final long serialVersionUID = 1L;

    LockProxy(ProxyRef ref) {
        super(ref);
    }

    @Override
    public void acquire() throws InterruptedException {
        long thread = thread();
        inSlices(FOREVER, s -> send(Protocol.ACQUIRE, s, PID, thread));
    }

    @Override
    public boolean tryAcquire() {
        return ask(Protocol.ACQUIRE, 0L, PID, thread());
    }

    @Override
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        long thread = thread();
        return inSlices(nanos(timeout), s -> send(Protocol.ACQUIRE, s, PID, thread)) != null;
    }

    @Override
    public void release() {
        call(Protocol.RELEASE, PID, thread()); // MGR-04: the server refuses to release an unlocked lock
    }

    @Override
    public String toString() {
        return "<SharedLock proxy " + describe() + ">";
    }
}
