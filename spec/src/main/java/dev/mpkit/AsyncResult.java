package dev.mpkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/**
 * The result of work submitted to a {@link WorkerPool}, which arrives later: Python's
 * {@code multiprocessing.pool.AsyncResult}.
 *
 * <p>{@link WorkerPool#applyAsync(PoolTask)}, {@link WorkerPool#mapAsync(PoolFunction, Iterable)} and
 * {@link WorkerPool#starmapAsync(PoolStarFunction, Iterable)} return one at once. It becomes <em>ready</em> when
 * the work has succeeded or failed, and stays so; {@link #get()} then returns the value, or throws the failure,
 * every time it is called (POOL-09).
 *
 * <pre>{@code
 * AsyncResult<Integer> r = pool.applyAsync(() -> slowSquare(7));
 * r.whenReady(v -> System.out.println("got " + v), e -> e.printStackTrace());
 * try {
 *     System.out.println(r.get(Duration.ofSeconds(1)));   // 49
 * } catch (TimeoutException e) {
 *     System.out.println("not yet");
 * } catch (ExecutionException e) {
 *     throw new IllegalStateException("slowSquare failed", e.getCause());
 * }
 * }</pre>
 *
 * <h2>Failures</h2>
 * A task's exception comes back as the cause of an {@link ExecutionException} thrown by {@link #get()}: an
 * instance of the same class with the same message, deserialized in this process, whose stack trace is the one it
 * had in the worker. The {@code ExecutionException}'s own stack trace is that of the {@code get()} call. This is
 * Python's pairing of the re-raised exception with a {@code RemoteTraceback} cause, turned around so that Java's
 * {@code catch} sees one type for every failure. Every {@code get()} throws a new {@code ExecutionException} with
 * the same cause object (POOL-10). Other causes:
 * <ul>
 *   <li>a task exception that cannot be serialized, or whose class cannot be loaded in this process: a
 *       {@link RuntimeException} whose message starts {@code "[POOL-22] task failed with "} and names the original
 *       class and message, carrying the worker's stack trace (POOL-22);</li>
 *   <li>a result that cannot be serialized: an {@link IllegalArgumentException} whose message starts
 *       {@code "[POOL-22] result could not be serialized: "} and names the class, where CPython reports
 *       {@code MaybeEncodingError} (POOL-22); the pool stays usable;</li>
 *   <li>a worker that dies while running the task: an {@link IllegalStateException} whose message is
 *       {@code "[POOL-30] worker <pid> exited with code <n> while running the task"}. CPython never makes such a
 *       result ready; mpkit does not leave the caller waiting forever (POOL-30);</li>
 *   <li>an initializer that throws: an {@link IllegalStateException} whose message starts
 *       {@code "[POOL-31] initializer failed in worker "} and whose cause is the initializer's exception. CPython
 *       starts worker after worker and never makes the result ready (POOL-31).</li>
 * </ul>
 * A result whose work was discarded by {@link WorkerPool#terminate()} becomes ready too, and {@code get()} throws
 * {@link CancellationException} with the message {@code "[POOL-26] the pool was terminated"}; CPython leaves it not
 * ready forever (POOL-26). Nobody is told of a failure unless they call {@code get()} or registered an error
 * callback, as in CPython (POOL-32).
 *
 * <h2>Cross-process visibility</h2>
 * Actions of the task in the worker happen-before {@link #get()} returns or throws, {@link #await()} returns, and
 * callbacks run, in the process that submitted it (POOL).
 *
 * <h2>Implementation Considerations</h2>
 * An {@code AsyncResult} lives in the submitting process and is not serializable. Callbacks run in that process,
 * never in a worker.
 *
 * @param <R> the type of the value
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface AsyncResult<R> {

    /**
     * Whether the work has finished, successfully or not: Python's {@code ready()}.
     *
     * @return {@code true} once {@link #get()} would return or throw without waiting
     */
    boolean isReady();

    /**
     * Whether the work finished without an exception: Python's {@code successful()}.
     *
     * @return {@code true} if {@link #get()} returns a value, {@code false} if it throws
     * @throws IllegalStateException if the result is not ready yet, with the message
     *     {@code "[POOL-07] result is not ready"}; CPython raises {@code ValueError} (POOL-07)
     */
    boolean isSuccessful();

    /**
     * Waits until the result is ready: Python's {@code wait()}.
     *
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; the interrupted
     *     status is cleared, and the result is unaffected (POOL-35)
     */
    void await() throws InterruptedException;

    /**
     * Waits at most {@code timeout} until the result is ready: Python's {@code wait(timeout)}, which returns
     * {@code None} either way (POOL-08). A zero or negative timeout does not wait; once the result is ready, it
     * returns {@code true} at once (POOL-09).
     *
     * @param timeout how long to wait at most; never {@code null}
     * @return {@code true} if the result is ready, {@code false} after at least {@code timeout}
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; the interrupted
     *     status is cleared, and the result is unaffected (POOL-35)
     */
    boolean await(Duration timeout) throws InterruptedException;

    /**
     * Waits until the result is ready, then returns the value or throws the failure: Python's {@code get()}.
     *
     * @return the value, deserialized in this process; {@code null} if the work returned {@code null}
     * @throws ExecutionException if the work failed; its cause is the task's exception (POOL-10), see "Failures"
     *     above
     * @throws CancellationException if {@link WorkerPool#terminate()} discarded the work (POOL-26)
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; the interrupted
     *     status is cleared, and the result is unaffected (POOL-35)
     */
    R get() throws InterruptedException, ExecutionException;

    /**
     * Waits at most {@code timeout} until the result is ready, then returns the value or throws the failure:
     * Python's {@code get(timeout)}. A zero or negative timeout does not wait.
     *
     * @param timeout how long to wait at most; never {@code null}
     * @return the value, deserialized in this process; {@code null} if the work returned {@code null}
     * @throws TimeoutException if the result is not ready after at least {@code timeout}, with a message starting
     *     {@code "[POOL-08]"}; CPython raises {@code multiprocessing.TimeoutError} (POOL-08)
     * @throws ExecutionException if the work failed; its cause is the task's exception (POOL-10)
     * @throws CancellationException if {@link WorkerPool#terminate()} discarded the work (POOL-26)
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; the interrupted
     *     status is cleared, and the result is unaffected (POOL-35)
     */
    R get(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException;

    /**
     * Registers what to call when the result becomes ready: Python's {@code callback} and {@code error_callback}
     * arguments (POOL-11). Exactly one of the two is called, once: {@code callback} with the value, or
     * {@code errorCallback} with what {@link #get()} would throw as the cause, or the
     * {@link CancellationException} itself. For a map, {@code callback} receives the whole list and
     * {@code errorCallback} one of the failures (POOL-11).
     *
     * <p>If the result is already ready, the call happens in the current thread before this method returns;
     * otherwise in a thread of this process that the pool owns, as CPython's result handler does. Callbacks should
     * be quick, since they may delay the delivery of other results. An exception thrown by a callback is printed to
     * standard error and otherwise ignored: unlike in CPython, it does not stop the pool from delivering results
     * (POOL-12).
     *
     * @param callback called with the value on success; never {@code null}
     * @param errorCallback called with the failure; never {@code null}
     * @return this result; never {@code null}
     */
    AsyncResult<R> whenReady(Consumer<? super R> callback, Consumer<? super Throwable> errorCallback);

    /**
     * Registers what to call with the value when the result becomes ready successfully: Python's {@code callback}
     * without an {@code error_callback}. A failure is then reported only by {@link #get()} (POOL-11, POOL-32).
     *
     * @param callback called with the value on success; never {@code null}
     * @return this result; never {@code null}
     */
    default AsyncResult<R> whenReady(Consumer<? super R> callback) {
        return whenReady(callback, failure -> { });
    }
}
