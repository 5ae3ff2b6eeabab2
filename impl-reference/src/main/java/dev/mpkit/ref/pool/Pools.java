package dev.mpkit.ref.pool;

import dev.mpkit.MultiprocessingContext;
import dev.mpkit.PoolOptions;
import dev.mpkit.WorkerPool;

/**
 * The pool package's seam: makes worker pools whose workers are child JVMs started through the given context, so
 * that they are ordinary daemonic children (POOL-05).
 */
public final class Pools {

    private Pools() {}

    /**
     * A new pool, its workers started.
     *
     * @param mp the context whose {@code newProcess} starts the workers
     * @param options the pool's options
     * @throws IllegalArgumentException if the initializer or its arguments cannot be serialized ([POOL-21])
     */
    public static WorkerPool newPool(MultiprocessingContext mp, PoolOptions options) {
        return new ReferencePool(mp, options);
    }

    /**
     * Warms a pool worker's task path in this JVM, for a pre-started spare JVM that may become a worker: a pool
     * made of spares then boots without its workers' warm-up. Never fails.
     */
    public static void prewarmWorker() {
        PoolWorkerMain.prewarm();
    }

    /**
     * In a training JVM, whose loaded classes become the class-data archive that child JVMs start from: a worker's
     * whole path once (its pipes, HELLO, a task whose function is a method reference, its result, STOP),
     * against a pool side in this JVM, so that a cold worker finds its classes in the archive. Never fails.
     */
    public static void rehearseWorker() {
        PoolWorkerMain.rehearse();
    }
}
