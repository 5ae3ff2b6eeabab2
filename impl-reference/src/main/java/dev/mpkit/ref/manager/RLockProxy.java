package dev.mpkit.ref.manager;

import dev.mpkit.SharedRLock;

/** A proxy to a recursive lock in a manager's server, owned by a (process, thread) pair. */
final class RLockProxy extends LockProxy implements SharedRLock {

    private static final long serialVersionUID = 1L;

    RLockProxy(ProxyRef ref) {
        super(ref);
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return holdCount() > 0;
    }

    @Override
    public int holdCount() {
        return (Integer) call(Protocol.HOLD_COUNT, PID, thread());
    }

    @Override
    public String toString() {
        String state;
        try {
            state = (String) call(Protocol.VALUE);
        } catch (IllegalStateException e) {
            state = "unknown";
        }
        return "<SharedRLock proxy(" + state + ") " + describe() + ">";
    }
}
