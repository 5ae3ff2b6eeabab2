package dev.mpkit.ref.pool;

import dev.mpkit.ResultIterator;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The results of an imap or imapUnordered (POOL-15, POOL-17, POOL-18): items are taken from the iterable as the
 * pool needs them (at most {@link #READ_AHEAD} ahead of the consumer), results handed out in order or as they
 * arrive.
 */
final class PoolResultIterator<R> extends Job implements ResultIterator<R> {

    /** How many items may be taken but not yet handed out: an endless iterable works (POOL-15). */
    static final int READ_AHEAD = 1 << 16;

    /** A failed position: next() throws an EE with this cause. */
    private static final class Failed {
        final Throwable cause;

        Failed(Throwable cause) {
            this.cause = cause;
        }
    }

    private static final Object NULL = new Object();

    private final ReferencePool pool;
    final Fn fn;
    final byte kind;
    final int chunksize;
    private final boolean ordered;

    // written only by the pool's feeder thread while it pulls (pulling true), or under the pool's lock otherwise
    private final Iterator<?> items;
    int taken;
    volatile boolean exhausted;
    /** Guarded by the pool's lock: the feeder is taking items from the iterable, outside the lock. */
    boolean pulling;

    // guarded by this
    private final HashMap<Integer, Object> arrivedByPosition = new HashMap<>();
    private final ArrayDeque<Object> arrivedInOrder = new ArrayDeque<>();
    private int handedOut;
    private int arrivedCount;
    /** The number of positions, once the iterable has ended; -1 before. */
    private int total = -1;
    private CancellationException cancelled;
    private volatile int handedOutSeen;
    private volatile boolean throttled;

    PoolResultIterator(ReferencePool pool, Fn fn, byte kind, Iterator<?> items, int chunksize, boolean ordered) {
        this.pool = pool;
        this.fn = fn;
        this.kind = kind;
        this.items = items;
        this.chunksize = chunksize;
        this.ordered = ordered;
    }

    /** Whether the pool may take more items now: the consumer is not too far behind. */
    boolean wantsMore() {
        if (exhausted) {
            return false;
        }
        if (taken - handedOutSeen >= READ_AHEAD) {
            throttled = true; // next() wakes the feeder once the consumer has taken one
            return false;
        }
        return true;
    }

    /**
     * The next chunk, taken from the iterable, as a task; {@code null} if the iterable has ended. An exception of
     * the iterable, or an item that cannot be serialized, ends it at that position (POOL-18). Called by the pool's
     * feeder thread without the pool's lock, so that an iterable that blocks holds up nothing else; never asks the
     * iterable for more than the chunk needs.
     */
    Task pull() {
        List<Object> chunk = new ArrayList<>(Math.min(chunksize, 1024));
        int start = taken;
        Throwable sourceFailure = null;
        try {
            while (chunk.size() < chunksize) {
                if (!items.hasNext()) {
                    exhausted = true;
                    break;
                }
                chunk.add(items.next());
            }
        } catch (Throwable e) {
            sourceFailure = e;
            exhausted = true;
        }
        byte[] payload = null;
        if (!chunk.isEmpty()) {
            try {
                payload = ReferencePool.form(Packing.pack(chunk));
            } catch (IllegalArgumentException e) {
                // find the item that cannot be sent; the iteration ends at its position
                int bad = 0;
                for (; bad < chunk.size(); bad++) {
                    try {
                        ReferencePool.form(chunk.get(bad));
                    } catch (IllegalArgumentException x) {
                        e = x;
                        break;
                    }
                }
                chunk = new ArrayList<>(chunk.subList(0, Math.min(bad, chunk.size())));
                sourceFailure = e;
                exhausted = true;
                payload = chunk.isEmpty() ? null : ReferencePool.form(chunk);
            }
        }
        taken = start + chunk.size();
        if (sourceFailure != null) {
            arrive(taken, new Failed(sourceFailure), taken + 1);
        } else if (exhausted) {
            ended(taken);
        }
        if (chunk.isEmpty()) {
            return null;
        }
        return new Task(this, kind, fn, payload, start, chunk.size());
    }

    private void ended(int n) {
        boolean done;
        synchronized (this) {
            total = n;
            notifyAll();
            done = arrivedCount >= total;
        }
        if (done) {
            pool.jobDone(this);
        }
    }

    /**
     * The pool broke (POOL-31): the iteration ends with {@code cause} at the next position. Pool's lock held, and
     * the feeder not pulling.
     */
    void failAt(Throwable cause) {
        exhausted = true;
        arrive(taken, new Failed(cause), taken + 1);
    }

    private void arrive(int position, Object outcome, int newTotal) {
        boolean done;
        synchronized (this) {
            if (cancelled != null) {
                return;
            }
            if (ordered) {
                arrivedByPosition.put(position, outcome);
            } else {
                arrivedInOrder.add(outcome);
            }
            arrivedCount++;
            if (newTotal >= 0) {
                total = newTotal;
            }
            done = total >= 0 && arrivedCount >= total;
            notifyAll();
        }
        if (done) {
            pool.jobDone(this);
        }
    }

    @Override
    void deliver(Task t, Object[] values, Throwable[] failures) {
        boolean done;
        synchronized (this) {
            if (cancelled != null) {
                return;
            }
            for (int i = 0; i < t.count; i++) {
                Throwable f = failures == null ? null : failures[i];
                Object o = f != null ? new Failed(f) : values[i] == null ? NULL : values[i];
                if (ordered) {
                    arrivedByPosition.put(t.start + i, o);
                } else {
                    arrivedInOrder.add(o);
                }
            }
            arrivedCount += t.count;
            done = total >= 0 && arrivedCount >= total;
            notifyAll();
        }
        if (done) {
            pool.jobDone(this);
        }
    }

    @Override
    synchronized void cancel(CancellationException e) {
        if (cancelled == null && !isDone()) {
            cancelled = e;
            notifyAll();
        }
    }

    @Override
    synchronized boolean isDone() {
        return total >= 0 && arrivedCount >= total;
    }

    // ------------------------------------------------------------------------------------------ consumer side

    /** Whether the next outcome is here; this's lock held. */
    private boolean nextArrived() {
        return ordered ? arrivedByPosition.containsKey(handedOut) : !arrivedInOrder.isEmpty();
    }

    private boolean finished() {
        return total >= 0 && handedOut >= total;
    }

    @Override
    public synchronized boolean hasNext() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("[POOL-35] interrupted before waiting for the next result");
        }
        while (!nextArrived() && !finished() && cancelled == null) {
            wait(); // POOL-35: throws with the status cleared
        }
        return nextArrived() || !finished();
    }

    @Override
    public R next() throws InterruptedException, ExecutionException {
        try {
            return next(-1);
        } catch (TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public R next(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        return next(Math.max(0, PoolResult.nanos(timeout)));
    }

    /** Waits {@code nanos} at most, or forever if negative. */
    @SuppressWarnings("unchecked")
    private R next(long nanos) throws InterruptedException, ExecutionException, TimeoutException {
        Object o;
        synchronized (this) {
            if (Thread.interrupted()) {
                throw new InterruptedException("[POOL-35] interrupted before waiting for the next result");
            }
            long deadline = System.nanoTime() + nanos;
            while (!nextArrived()) {
                if (finished()) {
                    throw new NoSuchElementException("every result has been handed out");
                }
                if (cancelled != null) {
                    throw new CancellationException(cancelled.getMessage()); // POOL-26
                }
                if (nanos < 0) {
                    wait();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new TimeoutException("[POOL-08] no result within " + Duration.ofNanos(nanos));
                    }
                    wait(left / 1_000_000, (int) (left % 1_000_000));
                }
            }
            o = ordered ? arrivedByPosition.remove(handedOut) : arrivedInOrder.poll();
            handedOut++;
            handedOutSeen = handedOut;
        }
        if (throttled) {
            throttled = false;
            pool.wakeFeeder(); // the pool stopped taking items for this consumer: it may take more now
        }
        if (o instanceof Failed) {
            throw new ExecutionException(((Failed) o).cause); // POOL-17
        }
        return o == NULL ? null : (R) o;
    }
}
