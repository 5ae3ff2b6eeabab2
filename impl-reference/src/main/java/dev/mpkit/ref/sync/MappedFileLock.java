package dev.mpkit.ref.sync;

import dev.mpkit.SharedLock;
import java.time.Duration;
import java.util.Objects;

/** A {@link SharedLock}: a {@link SemaphoreCore} bounded at one permit, as CPython's Lock is a SemLock(1, 1). */
final class MappedFileLock extends MappedFileShell implements SharedLock {

    private static final long serialVersionUID = 1L;

    MappedFileLock(SemaphoreCore core) {
        super(core, "LOCK-17", "SharedLock");
    }

    @Override
    public void acquire() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException(); // LOCK-18
        }
        if (!core.tryAcquire()) {
            core.acquire(SemaphoreCore.FOREVER); // LOCK-01, LOCK-02: the holder too waits (not recursive)
        }
        core.setOwner(SemaphoreCore.currentToken()); // LOCK-19: for toString only
    }

    @Override
    public boolean tryAcquire() {
        if (core.tryAcquire()) { // LOCK-03: refused while held, even to the holder
            core.setOwner(SemaphoreCore.currentToken());
            return true;
        }
        return false;
    }

    @Override
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (Thread.interrupted()) {
            throw new InterruptedException(); // LOCK-18
        }
        long nanos = SemaphoreCore.nanos(timeout); // LOCK-05: a negative timeout counts as zero
        if (core.tryAcquire() || nanos != 0 && core.acquire(nanos)) {
            core.setOwner(SemaphoreCore.currentToken());
            return true;
        }
        return false;
    }

    @Override
    public void release() {
        // LOCK-06: any thread of any process may release
        if (!core.release()) {
            throw new IllegalStateException("[LOCK-07] release() of an unlocked lock"); // LOCK-07: nothing changed
        }
    }

    /** CPython's repr: {@code <SharedLock(owner=MainProcess)>}, {@code owner=None} when free (LOCK-19). */
    @Override
    public String toString() {
        String owner = core.value() > 0 ? "None" : Owners.reprName(core.owner());
        return "<SharedLock(owner=" + owner + ")>";
    }
}
