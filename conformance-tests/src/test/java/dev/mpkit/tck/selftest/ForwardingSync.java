package dev.mpkit.tck.selftest;

import dev.mpkit.Acquirable;
import dev.mpkit.SharedLock;
import dev.mpkit.SharedRLock;
import dev.mpkit.SharedSemaphore;
import java.io.Serializable;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * Locks and semaphores that forward everything to another, through a {@link Tweak} that a mutant overrides where it
 * breaks something. They are serializable as the objects they wrap are, so a broken behaviour travels to the
 * children along with the object.
 */
final class ForwardingSync {

    private ForwardingSync() {}

    /**
     * How a mutant changes acquire and release, the same for a lock and a semaphore; by default not at all. A
     * tweak is a static class: an anonymous or inner one would drag its mutant provider into serialization.
     */
    interface Tweak extends Serializable {
        default void acquire(Acquirable base) throws InterruptedException {
            base.acquire();
        }

        default boolean tryAcquire(Acquirable base, Duration timeout) throws InterruptedException {
            return base.tryAcquire(timeout);
        }

        default void release(Acquirable base) {
            base.release();
        }
    }

    /** No change. */
    static final Tweak NONE = new Tweak() {
        private static final long serialVersionUID = 1L;
    };

    /** What the three kinds share: the {@link Acquirable} methods, through the tweak. */
    abstract static class Forwarding<A extends Acquirable> implements Acquirable, Serializable {
        private static final long serialVersionUID = 1L;
        final A base;
        final Tweak tweak;

        Forwarding(A base, Tweak tweak) {
            this.base = base;
            this.tweak = tweak;
        }

        @Override
        public void acquire() throws InterruptedException {
            tweak.acquire(base);
        }

        @Override
        public boolean tryAcquire() {
            return base.tryAcquire();
        }

        @Override
        public boolean tryAcquire(Duration timeout) throws InterruptedException {
            return tweak.tryAcquire(base, timeout);
        }

        @Override
        public void release() {
            tweak.release(base);
        }

        @Override
        public String toString() {
            return base.toString();
        }
    }

    /** A {@link SharedLock} that forwards to another. */
    static final class Lock extends Forwarding<SharedLock> implements SharedLock {
        private static final long serialVersionUID = 1L;

        Lock(SharedLock base, Tweak tweak) {
            super(base, tweak);
        }
    }

    /** A {@link SharedRLock} that forwards to another. */
    static final class RLock extends Forwarding<SharedRLock> implements SharedRLock {
        private static final long serialVersionUID = 1L;

        RLock(SharedRLock base, Tweak tweak) {
            super(base, tweak);
        }

        @Override
        public boolean isHeldByCurrentThread() {
            return base.isHeldByCurrentThread();
        }

        @Override
        public int holdCount() {
            return base.holdCount();
        }
    }

    /** A {@link SharedSemaphore} that forwards to another, claiming the bound {@code claimedBound} (-1: none). */
    static final class Semaphore extends Forwarding<SharedSemaphore> implements SharedSemaphore {
        private static final long serialVersionUID = 1L;
        /** The bound it claims, or -1 for none ({@link OptionalInt} is not serializable). */
        private final int claimedBound;
        /** What it subtracts from the value it reports. */
        private final int hidden;

        Semaphore(SharedSemaphore base, Tweak tweak) {
            this(base, tweak, base.bound().orElse(-1), 0);
        }

        Semaphore(SharedSemaphore base, Tweak tweak, int claimedBound, int hidden) {
            super(base, tweak);
            this.claimedBound = claimedBound;
            this.hidden = hidden;
        }

        @Override
        public int value() {
            return Math.max(0, base.value() - hidden);
        }

        @Override
        public OptionalInt bound() {
            return claimedBound < 0 ? OptionalInt.empty() : OptionalInt.of(claimedBound);
        }
    }
}
