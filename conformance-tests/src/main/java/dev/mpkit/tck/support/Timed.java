package dev.mpkit.tck.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A call's result, how long it took and when it returned, measured on the thread that made it; {@link #within}
 * makes a call to the provider that may block for ever, and bounds it in time.
 */
public final class Timed<T> {

    /** What the call returned. */
    public final T value;
    /** How long the call took, in nanoseconds. */
    public final long nanos;
    /** When the call returned, in {@link System#nanoTime()}. */
    public final long end;

    private Timed(T value, long nanos, long end) {
        this.value = value;
        this.nanos = nanos;
        this.end = end;
    }

    /**
     * Runs {@code call} on a thread of its own and fails with {@code what} if it does not return within
     * {@code bound}, so that a call that blocks for ever fails the test instead of hanging it; the blocked thread
     * is released when the test kills the child.
     */
    public static <T> Timed<T> within(Duration bound, String what, Callable<T> call) throws Exception {
        FutureTask<Timed<T>> task = new FutureTask<>(() -> {
            long t0 = System.nanoTime();
            T v = call.call();
            long t1 = System.nanoTime();
            return new Timed<>(v, t1 - t0, t1);
        });
        Thread t = new Thread(task, "mpkit-kit-timed-call");
        t.setDaemon(true);
        t.start();
        try {
            return task.get(bound.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            t.interrupt();
            return fail(what + " did not return within " + bound);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof Exception) {
                throw (Exception) c;
            }
            throw (Error) c;
        }
    }
}
