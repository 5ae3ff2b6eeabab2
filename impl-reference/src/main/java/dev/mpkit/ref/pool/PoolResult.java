package dev.mpkit.ref.pool;

import dev.mpkit.AsyncResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** The {@link AsyncResult} of an apply or a map: ready once, then the same outcome every time (POOL-09). */
abstract class PoolResult<R> extends Job implements AsyncResult<R> {

    private final ReferencePool pool;
    private final CountDownLatch readyLatch = new CountDownLatch(1);
    private volatile boolean ready;
    private R value;
    private Throwable failure;
    private CancellationException cancelled;
    /** Pairs of callback and error callback, registered before the result was ready; guarded by this. */
    private List<Object[]> callbacks;

    PoolResult(ReferencePool pool) {
        this.pool = pool;
    }

    /** Makes the result ready with a value, a failure (the cause of get()'s EE) or a cancellation; once only. */
    final void complete(R v, Throwable f, CancellationException c) {
        List<Object[]> cbs;
        synchronized (this) {
            if (ready) {
                return;
            }
            value = v;
            failure = f;
            cancelled = c;
            ready = true;
            cbs = callbacks;
            callbacks = null;
        }
        readyLatch.countDown();
        pool.jobDone(this);
        if (cbs != null) {
            pool.runCallbacks(() -> {
                for (Object[] cb : cbs) {
                    invoke(cb);
                }
            });
        }
    }

    @Override
    final void cancel(CancellationException e) {
        complete(null, null, e);
    }

    @Override
    final boolean isDone() {
        return ready;
    }

    @Override
    public boolean isReady() {
        return ready;
    }

    @Override
    public boolean isSuccessful() {
        if (!ready) {
            throw new IllegalStateException("[POOL-07] result is not ready");
        }
        return failure == null && cancelled == null;
    }

    @Override
    public void await() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("[POOL-35] interrupted before waiting for the result");
        }
        if (!ready) {
            readyLatch.await(); // POOL-35: throws with the status cleared
        }
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (Thread.interrupted()) {
            throw new InterruptedException("[POOL-35] interrupted before waiting for the result");
        }
        if (ready) {
            return true;
        }
        long nanos = nanos(timeout);
        if (nanos <= 0) {
            return false; // POOL-08: does not wait
        }
        return readyLatch.await(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public R get() throws InterruptedException, ExecutionException {
        await();
        return report();
    }

    @Override
    public R get(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        if (!await(timeout)) {
            throw new TimeoutException("[POOL-08] result not ready within " + timeout);
        }
        return report();
    }

    private R report() throws ExecutionException {
        synchronized (this) {
            if (cancelled != null) {
                throw new CancellationException(cancelled.getMessage()); // POOL-26
            }
            if (failure != null) {
                throw new ExecutionException(failure); // POOL-10: a new EE, the same cause each time
            }
            return value;
        }
    }

    @Override
    public AsyncResult<R> whenReady(Consumer<? super R> callback, Consumer<? super Throwable> errorCallback) {
        Objects.requireNonNull(callback, "callback must not be null");
        Objects.requireNonNull(errorCallback, "errorCallback must not be null");
        Object[] cb = {callback, errorCallback};
        synchronized (this) {
            if (!ready) {
                if (callbacks == null) {
                    callbacks = new ArrayList<>(2);
                }
                callbacks.add(cb);
                return this;
            }
        }
        invoke(cb); // POOL-11: already ready, so now, in this thread
        return this;
    }

    @SuppressWarnings("unchecked")
    private void invoke(Object[] cb) {
        R v;
        Throwable f;
        synchronized (this) {
            v = value;
            f = cancelled != null ? cancelled : failure;
        }
        try {
            if (f == null) {
                ((Consumer<? super R>) cb[0]).accept(v);
            } else {
                ((Consumer<? super Throwable>) cb[1]).accept(f);
            }
        } catch (Throwable t) {
            // POOL-12: a throwing callback is reported and otherwise ignored; the pool goes on
            System.err.println("[POOL-12] a pool result callback threw " + t);
            t.printStackTrace();
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + (ready ? (failure == null && cancelled == null ? "successful"
                : "failed") : "not ready") + "]";
    }

    /** {@code d} in nanoseconds, saturated: a very long timeout waits forever. */
    static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** The result of one call: applyAsync. */
    static final class Apply<R> extends PoolResult<R> {

        Apply(ReferencePool pool) {
            super(pool);
        }

        @Override
        @SuppressWarnings("unchecked")
        void deliver(Task t, Object[] values, Throwable[] failures) {
            if (failures != null && failures[0] != null) {
                complete(null, failures[0], null);
            } else {
                complete((R) values[0], null, null);
            }
        }
    }

    /** The result of a map or starmap: the list, once every chunk has finished (POOL-13, POOL-16). */
    static final class MapAll<R> extends PoolResult<List<R>> {

        private final Object[] values;
        private int chunksLeft; // guarded by this
        private Throwable firstFailure; // guarded by this

        MapAll(ReferencePool pool, int n, int chunks) {
            super(pool);
            this.values = new Object[n];
            this.chunksLeft = chunks;
        }

        @Override
        @SuppressWarnings("unchecked")
        void deliver(Task t, Object[] vs, Throwable[] failures) {
            boolean last;
            Throwable f;
            synchronized (this) {
                System.arraycopy(vs, 0, values, t.start, t.count);
                if (failures != null && firstFailure == null) {
                    for (Throwable e : failures) {
                        if (e != null) {
                            firstFailure = e; // POOL-16: the first failure to arrive
                            break;
                        }
                    }
                }
                last = --chunksLeft == 0;
                f = firstFailure;
            }
            if (last) {
                if (f != null) {
                    complete(null, f, null);
                } else {
                    complete((List<R>) new ArrayList<>(java.util.Arrays.asList(values)), null, null);
                }
            }
        }
    }
}
