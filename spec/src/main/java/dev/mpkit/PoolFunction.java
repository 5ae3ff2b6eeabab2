package dev.mpkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.Serializable;
import org.apiguardian.api.API;

/**
 * A function of one argument that a {@link WorkerPool} applies in a worker process: the {@code func} of Python's
 * {@code map}, {@code imap} and one-argument {@code apply}.
 *
 * <p>It is {@link Serializable}, so that a lambda or method reference assigned to it is serializable and travels
 * to the worker with whatever it captures:
 *
 * <pre>{@code
 * List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3));   // [1, 4, 9]
 * }</pre>
 *
 * <p>The function and its arguments are serialized in the caller; one that cannot be serialized makes the
 * submitting method throw {@link IllegalArgumentException} (POOL-21). What the function returns, and what it
 * throws, is serialized in the worker and sent back (POOL-22).
 *
 * @param <T> the type of the argument
 * @param <R> the type of the result
 * @since 0.1
 */
@FunctionalInterface
@API(status = EXPERIMENTAL, since = "0.1")
public interface PoolFunction<T, R> extends Serializable {

    /**
     * Runs in a worker process.
     *
     * @param t the argument, a deserialized copy of the one submitted; {@code null} if {@code null} was submitted
     * @return the result, {@link Serializable} or {@code null}
     * @throws Exception anything; it is reported by {@link AsyncResult#get()} and the map family (POOL-10, POOL-16,
     *     POOL-17)
     */
    R apply(T t) throws Exception;
}
