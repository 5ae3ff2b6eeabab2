package dev.mpkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.Serializable;
import java.util.concurrent.Callable;
import org.apiguardian.api.API;

/**
 * A task without arguments that a {@link WorkerPool} runs in a worker process: Python's {@code apply(f)} with its
 * arguments bound in advance.
 *
 * <p>It is a {@link Callable} that is also {@link Serializable}, so that a lambda assigned to it is serializable
 * and travels to the worker with whatever it captures:
 *
 * <pre>{@code
 * int x = 7;
 * int square = pool.apply(() -> x * x);   // 49
 * }</pre>
 *
 * <p>The task is serialized in the caller when it is submitted; a task, or a captured value, that cannot be
 * serialized makes the submitting method throw {@link IllegalArgumentException} (POOL-21). What the task returns,
 * and what it throws, is serialized in the worker and sent back (POOL-22).
 *
 * @param <R> the type of the result
 * @since 0.1
 */
@FunctionalInterface
@API(status = EXPERIMENTAL, since = "0.1")
public interface PoolTask<R> extends Callable<R>, Serializable {

    /**
     * Runs in a worker process.
     *
     * @return the result, {@link Serializable} or {@code null}
     * @throws Exception anything; it is reported by {@link AsyncResult#get()} (POOL-10)
     */
    @Override
    R call() throws Exception;
}
