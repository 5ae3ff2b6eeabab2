package dev.mpkit.ref.pool;

import java.util.concurrent.CancellationException;

/** Work submitted in one call, made of tasks; told of each task's outcome by the pool. */
abstract class Job {

    /**
     * The outcome of task {@code t}: for each of its {@code t.count} items, a value, or a failure where
     * {@code failures} (potentially {@code null}) has one. Called at most once per task, without the pool's lock.
     */
    abstract void deliver(Task t, Object[] values, Throwable[] failures);

    /** The pool was terminated: every outcome not yet known becomes this (POOL-26). */
    abstract void cancel(CancellationException e);

    /** Whether every outcome is known. */
    abstract boolean isDone();

    /** Every item of {@code t} failed with {@code cause}: a worker death, a broken pool. */
    final void deliverFailure(Task t, Throwable cause) {
        Throwable[] f = new Throwable[t.count];
        java.util.Arrays.fill(f, cause);
        deliver(t, new Object[t.count], f);
    }
}
