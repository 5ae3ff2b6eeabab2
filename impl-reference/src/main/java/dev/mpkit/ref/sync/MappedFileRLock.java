package dev.mpkit.ref.sync;

import dev.mpkit.SharedRLock;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@link SharedRLock}: a {@link SemaphoreCore} bounded at one permit, plus the owner's token (process and thread)
 * and the hold count in the shared file, which only the owner writes.
 */
final class MappedFileRLock extends MappedFileShell implements SharedRLock {

    private static final long serialVersionUID = 1L;

    MappedFileRLock(SemaphoreCore core) {
        super(core, "LOCK-17", "SharedRLock");
    }

    @Override
    public void acquire() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException(); // LOCK-18
        }
        long me = SemaphoreCore.currentToken();
        if (core.owner() == me) {
            reenter(); // LOCK-12
            return;
        }
        if (!core.tryAcquire()) {
            core.acquire(SemaphoreCore.FOREVER);
        }
        own(me);
    }

    @Override
    public boolean tryAcquire() {
        long me = SemaphoreCore.currentToken();
        if (core.owner() == me) {
            reenter();
            return true;
        }
        if (core.tryAcquire()) {
            own(me);
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
        long me = SemaphoreCore.currentToken();
        if (core.owner() == me) {
            reenter();
            return true;
        }
        long nanos = SemaphoreCore.nanos(timeout);
        if (core.tryAcquire() || nanos != 0 && core.acquire(nanos)) {
            own(me);
            return true;
        }
        return false;
    }

    /*
     * The owner word can equal this thread's token only if this thread wrote it: a token is one 64-bit word, so it
     * is never read torn, and the owner clears it before the release that frees the lock.
     */

    private void own(long me) {
        core.setHoldCount(1);
        core.setOwner(me); // LOCK-14
    }

    private void reenter() {
        int count = core.holdCount();
        if (count == Integer.MAX_VALUE) {
            throw new IllegalStateException("[LOCK-12] maximum hold count " + count + " of a recursive lock"
                    + " exceeded");
        }
        core.setHoldCount(count + 1);
    }

    @Override
    public void release() {
        long me = SemaphoreCore.currentToken();
        long owner = core.owner();
        if (owner != me) {
            // LOCK-13: only the owner releases; nothing changes otherwise
            throw new IllegalStateException("[LOCK-13] release() of a recursive lock not owned by this thread: "
                    + (owner == 0 ? "it is not owned" : "it is owned by " + Owners.describe(owner))
                    + "; this is " + Owners.describe(me));
        }
        int count = core.holdCount();
        if (count > 1) {
            core.setHoldCount(count - 1); // LOCK-12: one release per acquire
            return;
        }
        core.setHoldCount(0);
        core.setOwner(0);
        core.release();
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return core.owner() == SemaphoreCore.currentToken(); // LOCK-14
    }

    @Override
    public int holdCount() {
        return isHeldByCurrentThread() ? core.holdCount() : 0; // LOCK-14
    }

    /**
     * CPython's repr: {@code <SharedRLock(MainProcess, 3)>} for the current thread, {@code <SharedRLock(None, 0)>}
     * when free, {@code <SharedRLock(SomeOtherProcess(pid), nonzero)>} otherwise (LOCK-19).
     */
    @Override
    public String toString() {
        long owner = core.owner();
        if (owner != 0 && owner == SemaphoreCore.currentToken()) {
            return "<SharedRLock(" + Owners.currentName() + ", " + core.holdCount() + ")>";
        }
        if (core.value() > 0) {
            return "<SharedRLock(None, 0)>";
        }
        return "<SharedRLock(" + Owners.reprName(owner) + ", nonzero)>";
    }
}
