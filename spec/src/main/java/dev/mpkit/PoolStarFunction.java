package dev.mpkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.Serializable;
import org.apiguardian.api.API;

/**
 * A function of several arguments that {@link WorkerPool#starmap(PoolStarFunction, Iterable)} applies in a worker
 * process: the {@code func} of Python's {@code starmap}, which receives each argument tuple unpacked.
 *
 * <p>Like {@link ProcessTarget}, it receives its arguments as an array, and it is {@link Serializable}, so a lambda
 * assigned to it travels to the worker (POOL-14):
 *
 * <pre>{@code
 * List<Integer> products = pool.starmap(args -> (Integer) args[0] * (Integer) args[1],
 *         List.of(List.of(1, 2), List.of(3, 4)));   // [2, 12]
 * }</pre>
 *
 * @param <R> the type of the result
 * @since 0.1
 */
@FunctionalInterface
@API(status = EXPERIMENTAL, since = "0.1")
public interface PoolStarFunction<R> extends Serializable {

    /**
     * Runs in a worker process.
     *
     * @param args one argument list, deserialized in the worker, as an array; never {@code null} but potentially
     *     empty
     * @return the result, {@link Serializable} or {@code null}
     * @throws Exception anything; it is reported by the map family (POOL-10, POOL-16)
     */
    R apply(Object... args) throws Exception;
}
