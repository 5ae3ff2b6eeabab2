package dev.mpkit.ref.queue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * This process's side of one queue: its mapping of the ring, and the feeder that moves into the ring, in order,
 * the items a put could not write straight away.
 */
/* Overview
 *
 * put() writes an item straight into the ring when nothing of this process waits in the buffer, the writer lock
 * is free (a few spins, no sleep) and the ring has room: then the item can be got as soon as put returns
 * (QUEUE-12). Otherwise the item joins the buffer, which a daemon thread, the feeder, writes into the ring in
 * batches under the writer lock (one acquisition for many items, where contending producers would otherwise form
 * a convoy on the lock), waiting for room, without the lock, as long as it takes; so put on an unbounded queue
 * never waits for a consumer (QUEUE-07). While the buffer or the batch being written holds an item, every put of
 * this process goes to the buffer too, so that no later item overtakes an earlier one (QUEUE-08). pending counts
 * the items handed to the feeder and not yet in the ring: joinThread() and a child's exit wait for it to reach 0
 * (QUEUE-16, QUEUE-17).
 * The feeder thread ends after a second without work and is started again by the next item for it.
 */
final class Feeder {

    /** How long an idle feeder thread lives. */
    private static final long IDLE_MILLIS = 1000;

    final QueueRing ring;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition drained = lock.newCondition();
    private final ArrayDeque<byte[]> buffer = new ArrayDeque<>(); // guarded by lock
    private int pending; // guarded by lock
    private Thread thread; // guarded by lock
    private volatile boolean cancelled;

    Feeder(QueueRing ring) {
        this.ring = ring;
    }

    /** Puts an item, counted already, into the ring now or, failing that, through the feeder. */
    void deliver(byte[] body) {
        lock.lock();
        try {
            // QUEUE-08: nothing of this process may be waiting in the buffer when an item goes straight in
            if (pending == 0 && ring.fitsWhole(body.length) && writeDirect(body)) {
                return; // QUEUE-12: the item can be got at once
            }
            buffer.add(body);
            pending++;
            if (thread == null) {
                thread = new Thread(this::run, "mpkit-queue-feeder");
                thread.setDaemon(true);
                thread.start();
            } else {
                work.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean writeDirect(byte[] body) {
        if (!ring.tryLockWriter()) {
            return false; // another writer has it: batching through the feeder beats a convoy on the lock
        }
        try {
            long at = ring.tryAppend(ring.tail(), body, body.length);
            if (at < 0) {
                return false;
            }
            ring.publish(at);
            return true;
        } finally {
            ring.unlockWriter();
        }
    }

    private void run() {
        for (;;) {
            List<byte[]> batch;
            lock.lock();
            try {
                while (buffer.isEmpty()) {
                    boolean signalled;
                    try {
                        signalled = work.await(IDLE_MILLIS, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        signalled = true; // nobody interrupts a feeder; keep serving
                    }
                    if (!signalled && buffer.isEmpty()) {
                        thread = null;
                        return;
                    }
                }
                batch = new ArrayList<>(buffer);
                buffer.clear();
            } finally {
                lock.unlock();
            }
            write(batch);
            lock.lock();
            try {
                pending -= batch.size();
                if (pending == 0) {
                    drained.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Writes a batch under the writer lock, publishing every eighth of the ring; when the ring is full it publishes,
     * lets the lock go and waits for room without it, so that a process killed while its feeder waits leaves the
     * lock free for the other producers.
     */
    private void write(List<byte[]> batch) {
        try {
            int i = 0;
            while (i < batch.size()) {
                ring.lockWriter(QueueRing.FOREVER, false);
                long wanted = 0;
                try {
                    long tail = ring.tail();
                    long published = tail;
                    long every = ring.capacity() / 8;
                    for (; i < batch.size(); i++) {
                        byte[] b = batch.get(i);
                        if (ring.fitsWhole(b.length)) {
                            long at = ring.tryAppend(tail, b, b.length);
                            if (at < 0) {
                                wanted = QueueRing.frameSize(b.length);
                                break; // no room: wait for it without the lock
                            }
                            tail = at;
                            if (tail - published >= every) {
                                ring.publish(tail);
                                published = tail;
                            }
                        } else {
                            if (tail != published) {
                                ring.publish(tail);
                            }
                            tail = ring.stream(tail, b, b.length); // QUEUE-24: a frame begun holds the lock
                            published = tail;
                        }
                    }
                    if (tail != published) {
                        ring.publish(tail);
                    }
                } finally {
                    ring.unlockWriter();
                }
                if (wanted > 0) {
                    ring.awaitRoomUnlocked(wanted, QueueRing.FOREVER, false);
                }
            }
        } catch (InterruptedException cannotHappen) {
            throw new AssertionError("an uninterruptible wait threw", cannotHappen);
        }
    }

    /**
     * Waits at most {@code nanos} ({@link QueueRing#FOREVER}) until every item this process handed to the feeder
     * is in the ring (QUEUE-17).
     *
     * @return whether none is pending any more
     */
    boolean awaitDrained(long nanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long left = nanos;
            while (pending > 0) {
                if (nanos == QueueRing.FOREVER) {
                    drained.await();
                } else {
                    if (left <= 0) {
                        return false;
                    }
                    left = drained.awaitNanos(left);
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** At a child's normal exit: waits, without end and without heeding interrupts, for the feeder (QUEUE-16). */
    void awaitDrainedAtExit() {
        if (cancelled) {
            return; // cancelJoinThread(): the process may exit without its items
        }
        lock.lock();
        try {
            while (pending > 0) {
                drained.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Lets this process exit without waiting for its feeder (cancelJoinThread). */
    void cancel() {
        cancelled = true;
    }
}
