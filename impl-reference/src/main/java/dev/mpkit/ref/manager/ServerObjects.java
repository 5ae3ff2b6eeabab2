package dev.mpkit.ref.manager;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The objects a manager's server holds, each a monitor: queue.Queue, threading.Lock, RLock and Semaphore, as
 * CPython's SyncManager registers them. Every wait lasts at most the nanoseconds it is given.
 */
final class ServerObjects {

    private ServerObjects() {}

    /** Waits on {@code monitor} until {@code deadline}; false if it has passed. */
    private static boolean waitUntil(Object monitor, long deadline) throws InterruptedException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        TimeUnit.NANOSECONDS.timedWait(monitor, left);
        return true;
    }

    /** A FIFO queue of items in their serialized form, optionally bounded and joinable. */
    static final class Queue {
        private final int maxSize;
        private final boolean joinable;
        private final ArrayDeque<byte[]> items = new ArrayDeque<>();
        private long unfinished;

        Queue(int maxSize, boolean joinable) {
            this.maxSize = maxSize;
            this.joinable = joinable;
        }

        synchronized boolean put(byte[] item, long nanos) throws InterruptedException {
            long deadline = System.nanoTime() + nanos;
            while (maxSize > 0 && items.size() >= maxSize) {
                if (!waitUntil(this, deadline)) {
                    return false; // MGR-02: full; nothing put, nothing counted
                }
            }
            items.addLast(item);
            if (joinable) {
                unfinished++; // counted before anyone can get it
            }
            notifyAll();
            return true;
        }

        /** The head item, or {@code null} if none came within {@code nanos}. */
        synchronized byte[] get(long nanos) throws InterruptedException {
            long deadline = System.nanoTime() + nanos;
            while (items.isEmpty()) {
                if (!waitUntil(this, deadline)) {
                    return null;
                }
            }
            byte[] item = items.removeFirst();
            notifyAll();
            return item;
        }

        synchronized int size() {
            return items.size();
        }

        synchronized boolean isFull() {
            return maxSize > 0 && items.size() >= maxSize;
        }

        /** False if there is no unfinished item (MGR-06). */
        synchronized boolean taskDone() {
            if (unfinished <= 0) {
                return false;
            }
            if (--unfinished == 0) {
                notifyAll();
            }
            return true;
        }

        synchronized boolean join(long nanos) throws InterruptedException {
            long deadline = System.nanoTime() + nanos;
            while (unfinished > 0) {
                if (!waitUntil(this, deadline)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A lock, recursive or not; the owner of a recursive one is a (pid, thread id) pair of a client. */
    static final class Lock {
        private final boolean recursive;
        private long ownerPid;
        private long ownerThread;
        private int count;

        Lock(boolean recursive) {
            this.recursive = recursive;
        }

        private boolean ownedBy(long pid, long thread) {
            return count > 0 && ownerPid == pid && ownerThread == thread;
        }

        synchronized boolean acquire(long pid, long thread, long nanos) throws InterruptedException {
            if (recursive && ownedBy(pid, thread)) {
                count++;
                return true;
            }
            long deadline = System.nanoTime() + nanos;
            while (count > 0) {
                if (!waitUntil(this, deadline)) {
                    return false;
                }
            }
            ownerPid = pid;
            ownerThread = thread;
            count = 1;
            return true;
        }

        /** {@code null} if released, else the message of the refusal. */
        synchronized String release(long pid, long thread) {
            if (!recursive) {
                if (count == 0) {
                    return "[MGR-04] release of an unlocked lock"; // MGR-04: threading.Lock's RuntimeError
                }
                count = 0; // any thread of any process may release a Lock, as in CPython
                notifyAll();
                return null;
            }
            if (!ownedBy(pid, thread)) {
                return "[LOCK-13] release() of a recursive lock not owned by this thread: "
                        + (count == 0 ? "it is not owned" : "owned by pid " + ownerPid + " thread " + ownerThread)
                        + "; release() called from pid " + pid + " thread " + thread;
            }
            if (--count == 0) {
                notifyAll();
            }
            return null;
        }

        synchronized int holdCount(long pid, long thread) {
            return ownedBy(pid, thread) ? count : 0;
        }

        synchronized String describe() {
            return count == 0 ? "None, 0" : "pid " + ownerPid + " thread " + ownerThread + ", " + count;
        }
    }

    /** A counting semaphore; a bounded one refuses a release above its initial value (MGR-05). */
    static final class Semaphore {
        private final int bound;
        private int value;

        Semaphore(int value, boolean bounded) {
            this.value = value;
            this.bound = bounded ? value : -1;
        }

        synchronized boolean acquire(long nanos) throws InterruptedException {
            long deadline = System.nanoTime() + nanos;
            while (value == 0) {
                if (!waitUntil(this, deadline)) {
                    return false;
                }
            }
            value--;
            return true;
        }

        synchronized String release() {
            if (bound >= 0 && value >= bound) {
                return "[MGR-05] semaphore released too many times: its value is already its bound " + bound;
            }
            value++;
            notifyAll();
            return null;
        }

        synchronized int value() {
            return value;
        }
    }
}
