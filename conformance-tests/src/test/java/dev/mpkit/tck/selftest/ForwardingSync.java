package dev.mpkit.tck.selftest;

import dev.mpkit.SharedLock;
import dev.mpkit.SharedRLock;
import dev.mpkit.SharedSemaphore;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * Locks and semaphores that forward everything to another; mutants override the one thing they break. They are
 * serializable as the objects they wrap are, so a broken behaviour travels to the children along with the object.
 */
final class ForwardingSync {

    private ForwardingSync() {}

    /** A {@link SharedLock} that forwards to {@link #base}. */
    static class Lock implements SharedLock {
        private static final long serialVersionUID = 1L;
        final SharedLock base;

        Lock(SharedLock base) {
            this.base = base;
        }

        @Override
        public void acquire() throws InterruptedException {
            base.acquire();
        }

        @Override
        public boolean tryAcquire() {
            return base.tryAcquire();
        }

        @Override
        public boolean tryAcquire(Duration timeout) throws InterruptedException {
            return base.tryAcquire(timeout);
        }

        @Override
        public void release() {
            base.release();
        }

        @Override
        public String toString() {
            return base.toString();
        }
    }

    /** A {@link SharedRLock} that forwards to {@link #base}. */
    static class RLock implements SharedRLock {
        private static final long serialVersionUID = 1L;
        final SharedRLock base;

        RLock(SharedRLock base) {
            this.base = base;
        }

        @Override
        public void acquire() throws InterruptedException {
            base.acquire();
        }

        @Override
        public boolean tryAcquire() {
            return base.tryAcquire();
        }

        @Override
        public boolean tryAcquire(Duration timeout) throws InterruptedException {
            return base.tryAcquire(timeout);
        }

        @Override
        public void release() {
            base.release();
        }

        @Override
        public boolean isHeldByCurrentThread() {
            return base.isHeldByCurrentThread();
        }

        @Override
        public int holdCount() {
            return base.holdCount();
        }

        @Override
        public String toString() {
            return base.toString();
        }
    }

    /** A {@link SharedSemaphore} that forwards to {@link #base}. */
    static class Semaphore implements SharedSemaphore {
        private static final long serialVersionUID = 1L;
        final SharedSemaphore base;

        Semaphore(SharedSemaphore base) {
            this.base = base;
        }

        @Override
        public void acquire() throws InterruptedException {
            base.acquire();
        }

        @Override
        public boolean tryAcquire() {
            return base.tryAcquire();
        }

        @Override
        public boolean tryAcquire(Duration timeout) throws InterruptedException {
            return base.tryAcquire(timeout);
        }

        @Override
        public void release() {
            base.release();
        }

        @Override
        public int value() {
            return base.value();
        }

        @Override
        public OptionalInt bound() {
            return base.bound();
        }

        @Override
        public String toString() {
            return base.toString();
        }
    }
}
