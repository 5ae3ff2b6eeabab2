package dev.mpkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apiguardian.api.API;

/**
 * The results of {@link WorkerPool#imap(PoolFunction, Iterable)} or
 * {@link WorkerPool#imapUnordered(PoolFunction, Iterable)}, handed out one by one as they arrive: Python's
 * {@code IMapIterator}.
 *
 * <p>It is like an {@link java.util.Iterator} whose methods wait and throw checked exceptions: {@link #next()}
 * waits for the next result, {@link #next(Duration)} waits at most a given time, and {@link #hasNext()} waits
 * until it is known whether there is a next result.
 *
 * <pre>{@code
 * ResultIterator<Integer> squares = pool.imap(x -> x * x, List.of(1, 2, 3, 4));
 * while (squares.hasNext()) {
 *     try {
 *         System.out.println(squares.next());
 *     } catch (ExecutionException e) {
 *         System.out.println("failed: " + e.getCause());
 *     }
 * }
 * }</pre>
 *
 * <h2>Failures</h2>
 * A failed item is reported at its position by an {@link ExecutionException}, whose cause is as described for
 * {@link AsyncResult}; the iteration continues with the next item (POOL-17). An exception thrown by the input
 * iterable is reported the same way at the position it would have had, with that exception as the cause, and ends
 * the iteration there (POOL-18); so is an input item that cannot be serialized, with a cause whose message starts
 * {@code "[POOL-21] cannot send the task to a worker: "} (POOL-21).
 *
 * <h2>Cross-process visibility</h2>
 * Actions of a task in the worker happen-before the return of the {@code next} that hands out its result (POOL).
 *
 * @param <R> the type of the results
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface ResultIterator<R> {

    /**
     * Waits until the next result has arrived or it is known that there is none.
     *
     * @return {@code true} if {@link #next()} would return or throw {@link ExecutionException} without waiting,
     *     {@code false} if every result has been handed out
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; the interrupted
     *     status is cleared (POOL-35)
     */
    boolean hasNext() throws InterruptedException;

    /**
     * Waits for the next result and returns it: Python's {@code next(it)}. For {@code imap} that is the result of
     * the next input item in order; for {@code imapUnordered}, whichever result arrives first (POOL-15).
     *
     * @return the result, deserialized in this process; {@code null} if the function returned {@code null}
     * @throws NoSuchElementException if every result has been handed out: Python's {@code StopIteration} (POOL-15)
     * @throws ExecutionException if this item failed (POOL-17)
     * @throws CancellationException if {@link WorkerPool#terminate()} discarded the remaining work (POOL-26)
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; nothing is
     *     handed out and the interrupted status is cleared (POOL-35)
     */
    R next() throws InterruptedException, ExecutionException;

    /**
     * Waits at most {@code timeout} for the next result and returns it: Python's {@code it.next(timeout)}. A zero or
     * negative timeout does not wait.
     *
     * @param timeout how long to wait at most; never {@code null}
     * @return the result, deserialized in this process; {@code null} if the function returned {@code null}
     * @throws TimeoutException if no result arrived within at least {@code timeout}; nothing is handed out, and a
     *     later call may return it. Its message starts {@code "[POOL-08]"}; CPython raises
     *     {@code multiprocessing.TimeoutError} (POOL-08)
     * @throws NoSuchElementException if every result has been handed out
     * @throws ExecutionException if this item failed (POOL-17)
     * @throws CancellationException if {@link WorkerPool#terminate()} discarded the remaining work (POOL-26)
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; nothing is
     *     handed out and the interrupted status is cleared (POOL-35)
     */
    R next(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException;
}
