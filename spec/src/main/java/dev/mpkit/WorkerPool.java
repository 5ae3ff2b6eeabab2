package dev.mpkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import org.apiguardian.api.API;

/**
 * A fixed number of worker processes that run submitted tasks: Python's {@code multiprocessing.Pool}.
 *
 * <p>{@link MultiprocessingContext#newPool(PoolOptions)} starts the workers, which are daemonic children of the
 * creating process and appear in {@link MultiprocessingContext#activeChildren()} (POOL-05). Work is submitted as a
 * {@link PoolTask}, a {@link PoolFunction} applied to each item of an {@link Iterable}, or a
 * {@link PoolStarFunction} applied to each list of arguments. Each submitting method has a form that waits for the
 * result ({@code apply}, {@code map}, {@code starmap}), a form that returns an {@link AsyncResult} at once
 * ({@code applyAsync}, {@code mapAsync}, {@code starmapAsync}), and, for {@code map}, forms that hand out results
 * one by one ({@code imap}, {@code imapUnordered}).
 *
 * <pre>{@code
 * try (WorkerPool pool = mp.newPool(PoolOptions.defaults().processes(4))) {
 *     List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3, 4));   // [1, 4, 9, 16]
 *     AsyncResult<Integer> answer = pool.applyAsync(() -> 6 * 7);
 *     System.out.println(answer.get(Duration.ofSeconds(5)));              // 42
 *     pool.shutdown();   // Python's close(): no more work; the workers exit when all work is done
 *     pool.join();
 * }   // close(): terminate() and join(), as leaving Python's with block; nothing is left to discard here
 * }</pre>
 *
 * <h2>Stopping the pool, and try-with-resources</h2>
 * <ul>
 *   <li>{@link #shutdown()} is Python's {@code close()}: no new work is accepted, and the workers exit once all
 *       submitted work is done. It returns at once.</li>
 *   <li>{@link #terminate()} is Python's {@code terminate()}: the workers are stopped at once and unfinished work is
 *       discarded; its results become ready and throw {@link CancellationException}.</li>
 *   <li>{@link #join()} is Python's {@code join()}: it waits for the workers to exit, after {@code shutdown()} or
 *       {@code terminate()}.</li>
 *   <li>{@link #close()}, which try-with-resources calls, is {@code terminate()} followed by {@code join()}, as
 *       leaving CPython's {@code with Pool() as p:} block is (POOL-27). <strong>It discards work still queued or
 *       running.</strong> This surprises people: to let submitted work finish, call {@code shutdown()} and
 *       {@code join()} yourself before the block ends, or wait for every result with {@code get()}.</li>
 * </ul>
 * <p>Unlike CPython, whose discarded results stay not ready forever, a discarded result is never lost silently: its
 * {@code get()} throws {@link CancellationException} (POOL-26).
 * <p>When porting, translate Python's {@code p.close()} to {@code p.shutdown()}, not to {@code p.close()}.
 *
 * <h2>What tasks receive</h2>
 * <ul>
 *   <li>Functions, tasks, arguments and results are serialized, so a task works on copies. The function and its
 *       arguments are serialized by the submitting method before it returns, which throws
 *       {@link IllegalArgumentException} for one that cannot be serialized, with a message starting
 *       {@code "[POOL-21] cannot send the task to a worker: "}; CPython raises such errors later, from
 *       {@code get()} (POOL-21, POOL-34). Only {@code imap} and {@code imapUnordered} take items from their iterable
 *       later, as the workers need them (see {@link ResultIterator}).</li>
 *   <li>Primitives from the context ({@link SharedLock}, {@link SharedQueue}, ...) cannot be task arguments, as in
 *       CPython, and the submitting method says so in Python's words (MGR-07); those from a {@link SyncManager} can
 *       (MGR-03).</li>
 *   <li>A pool is not serializable, so it cannot be passed to a child or a task (POOL-33).</li>
 * </ul>
 *
 * <h2>Failures</h2>
 * A task's exception comes back as the cause of the {@link ExecutionException} thrown by {@code get()},
 * {@code apply}, {@code map} and {@code starmap}: same class, same message, the worker's stack trace (POOL-10; see
 * {@link AsyncResult}). A failing task does not harm the pool. Anything a task throws, an {@link Error} included,
 * is reported so, as long as the worker can still send it; CPython loses the result of a {@code BaseException}
 * that is not an {@code Exception} (POOL-10). A failure nobody asks for is kept in its result, and reported only
 * by {@code get()} or an error callback (POOL-32).
 *
 * <h2>Cross-process visibility</h2>
 * Actions of a task in its worker happen-before the return of the {@code get}, {@code apply}, {@code map},
 * {@code starmap} or {@code next} that yields its result, and the running of its callbacks (POOL).
 *
 * <h2>When a worker dies</h2>
 * The pool starts a replacement, so it keeps serving, and never has more than the configured number of workers
 * alive (POOL-04). The task the worker was running fails with an {@link IllegalStateException} cause whose message
 * is {@code "[POOL-30] worker <pid> exited with code <n> while running the task"}; CPython never completes it
 * (POOL-30). An initializer that throws makes the pool fail fast instead of starting worker after worker, as CPython
 * does: the results fail with an {@link IllegalStateException} cause whose message starts
 * {@code "[POOL-31] initializer failed in worker "} and whose cause is the initializer's exception, and later
 * submissions throw {@link IllegalStateException} starting {@code "[POOL-31] initializer failed"} (POOL-31).
 *
 * <h2>Implementation Considerations</h2>
 * <ul>
 *   <li>At most {@code processes} workers are alive at any moment, replacements included (POOL-04); a worker that
 *       reaches {@link PoolOptions#maxTasksPerChild()} exits after its last task and is replaced (POOL-28); every
 *       worker runs the initializer before its first task (POOL-29).</li>
 *   <li>A callback that throws is printed and otherwise ignored: it does not stop the pool (POOL-12).</li>
 *   <li>Results are collected even if nobody asks for them.</li>
 *   <li>{@code apply}, {@code map}, {@code starmap}, the default-chunk {@code imap} forms and {@link #close()} are
 *       built on the other methods; a provider implements the asynchronous forms and the lifecycle.</li>
 *   <li>A very long timeout (more than {@code Long.MAX_VALUE} nanoseconds) means waiting forever.</li>
 * </ul>
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface WorkerPool extends AutoCloseable {

    // ---------------------------------------------------------------- one task (apply)

    /**
     * Runs {@code task} in a worker and waits for its result: Python's {@code apply(f)} (POOL-06).
     *
     * @param <R> the type of the result
     * @param task the task; never {@code null}
     * @return the result; {@code null} if the task returned {@code null}
     * @throws ExecutionException if the task failed; its cause is the task's exception (POOL-10)
     * @throws CancellationException if {@link #terminate()} discarded the task (POOL-26)
     * @throws InterruptedException if the current thread is interrupted while waiting; the task may still run (POOL-35)
     * @throws IllegalArgumentException if the task cannot be serialized, with a message starting
     *     {@code "[POOL-21] cannot send the task to a worker: "}; nothing is submitted (POOL-21)
     * @throws IllegalStateException if the pool no longer accepts work, with the message
     *     {@code "[POOL-25] pool is not running"}; CPython raises {@code ValueError('Pool not running')} (POOL-25)
     */
    default <R> R apply(PoolTask<? extends R> task) throws InterruptedException, ExecutionException {
        return this.<R>applyAsync(task).get();
    }

    /**
     * Applies {@code fn} to {@code arg} in a worker and waits for the result: Python's {@code apply(f, (arg,))}
     * (POOL-06).
     *
     * @param <T> the type of the argument
     * @param <R> the type of the result
     * @param fn the function; never {@code null}
     * @param arg the argument, {@link java.io.Serializable} or {@code null}
     * @return the result; {@code null} if the function returned {@code null}
     * @throws ExecutionException if the function failed; its cause is the function's exception (POOL-10)
     * @throws CancellationException if {@link #terminate()} discarded the task (POOL-26)
     * @throws InterruptedException if the current thread is interrupted while waiting; the task may still run (POOL-35)
     * @throws IllegalArgumentException if the function or the argument cannot be serialized (POOL-21, MGR-07)
     * @throws IllegalStateException if the pool no longer accepts work (POOL-25)
     */
    default <T, R> R apply(PoolFunction<? super T, ? extends R> fn, T arg)
            throws InterruptedException, ExecutionException {
        return this.<T, R>applyAsync(fn, arg).get();
    }

    /**
     * Submits {@code task} to run in a worker: Python's {@code apply_async(f)} (POOL-07).
     *
     * @param <R> the type of the result
     * @param task the task; never {@code null}
     * @return its result, not ready yet; never {@code null}
     * @throws IllegalArgumentException if the task cannot be serialized; CPython reports this from {@code get()}
     *     (POOL-21)
     * @throws IllegalStateException if the pool no longer accepts work (POOL-25)
     */
    <R> AsyncResult<R> applyAsync(PoolTask<? extends R> task);

    /**
     * Submits {@code fn} to be applied to {@code arg} in a worker: Python's {@code apply_async(f, (arg,))}
     * (POOL-07).
     *
     * @param <T> the type of the argument
     * @param <R> the type of the result
     * @param fn the function; never {@code null}
     * @param arg the argument, {@link java.io.Serializable} or {@code null}
     * @return its result, not ready yet; never {@code null}
     * @throws IllegalArgumentException if the function or the argument cannot be serialized; CPython reports this
     *     from {@code get()} (POOL-21, MGR-07)
     * @throws IllegalStateException if the pool no longer accepts work (POOL-25)
     */
    <T, R> AsyncResult<R> applyAsync(PoolFunction<? super T, ? extends R> fn, T arg);

    // ---------------------------------------------------------------- map

    /**
     * Applies {@code fn} to every item, in the workers, and waits for all the results: Python's
     * {@code map(f, items)}. The items are split into chunks of {@code ceil(n / (4 * processes))}, each chunk one
     * task (POOL-20).
     *
     * @param <T> the type of the items
     * @param <R> the type of the results
     * @param fn the function; never {@code null}
     * @param items the items, each {@link java.io.Serializable} or {@code null}; taken all at once before this
     *     method submits anything (POOL-13); never {@code null} but potentially empty
     * @return the results in the order of the items; never {@code null} but potentially empty
     * @throws ExecutionException if any item failed, once all chunks have finished; its cause is the first failure
     *     to arrive, not necessarily that of the first item (POOL-16)
     * @throws CancellationException if {@link #terminate()} discarded the work (POOL-26)
     * @throws InterruptedException if the current thread is interrupted while waiting; the work may still run (POOL-35)
     * @throws IllegalArgumentException if the function or an item cannot be serialized (POOL-21)
     * @throws IllegalStateException if the pool no longer accepts work (POOL-25)
     */
    default <T, R> List<R> map(PoolFunction<? super T, ? extends R> fn, Iterable<? extends T> items)
            throws InterruptedException, ExecutionException {
        return this.<T, R>mapAsync(fn, items).get();
    }

    /**
     * Applies {@code fn} to every item, in chunks of {@code chunksize} items, and waits for all the results:
     * Python's {@code map(f, items, chunksize)}.
     *
     * @param <T> the type of the items
     * @param <R> the type of the results
     * @param fn the function; never {@code null}
     * @param items the items, each {@link java.io.Serializable} or {@code null}; never {@code null} but potentially
     *     empty
     * @param chunksize how many items each task takes, at least 1
     * @return the results in the order of the items; never {@code null} but potentially empty
     * @throws ExecutionException if any item failed, once all chunks have finished (POOL-16)
     * @throws CancellationException if {@link #terminate()} discarded the work (POOL-26)
     * @throws InterruptedException if the current thread is interrupted while waiting; the work may still run (POOL-35)
     * @throws IllegalArgumentException if {@code chunksize} is less than 1, with a message such as
     *     {@code "[POOL-19] chunksize must be >= 1, was 0"}, where CPython silently returns a list of {@code None}s
     *     (POOL-19); or if the function or an item cannot be serialized (POOL-21)
     * @throws IllegalStateException if the pool no longer accepts work (POOL-25)
     */
    default <T, R> List<R> map(PoolFunction<? super T, ? extends R> fn, Iterable<? extends T> items, int chunksize)
            throws InterruptedException, ExecutionException {
        return this.<T, R>mapAsync(fn, items, chunksize).get();
    }

    /**
     * Submits {@code fn} to be applied to every item, in chunks of the default size: Python's
     * {@code map_async(f, items)} (POOL-13). The result's value is the list of results in the order of the items.
     *
     * @param <T> the type of the items
     * @param <R> the type of the results
     * @param fn the function; never {@code null}
     * @param items the items, each {@link java.io.Serializable} or {@code null}; taken all at once before this
     *     method returns (POOL-13); never {@code null} but potentially empty
     * @return the result, not ready yet unless there are no items; never {@code null}
     * @throws IllegalArgumentException if the function or an item cannot be serialized (POOL-21)
     * @throws IllegalStateException if the pool no longer accepts work (POOL-25)
     */
    <T, R> AsyncResult<List<R>> mapAsync(PoolFunction<? super T, ? extends R> fn, Iterable<? extends T> items);

    /**
     * Submits {@code fn} to be applied to every item, in chunks of {@code chunksize} items: Python's
     * {@code map_async(f, items, chunksize)}.
     *
     * @param <T> the type of the items
     * @param <R> the type of the results
     * @param fn the function; never {@code null}
     * @param items the items, each {@link java.io.Serializable} or {@code null}; never {@code null} but potentially
     *     empty
     * @param chunksize how many items each task takes, at least 1
     * @return the result, not ready yet unless there are no items; never {@code null}
     * @throws IllegalArgumentException if {@code chunksize} is less than 1 (POOL-19), or the function or an item
     *     cannot be serialized (POOL-21)
     * @throws IllegalStateException if the pool no longer accepts work (POOL-25)
     */
    <T, R> AsyncResult<List<R>> mapAsync(PoolFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
            int chunksize);

    /**
     * Applies {@code fn} to every item, one item per task, handing out the results in the order of the items as
     * they arrive: Python's {@code imap(f, items)} (POOL-15). Items are taken from {@code items} as the workers need
     * them, so it may be long or endless.
     *
     * @param <T> the type of the items
     * @param <R> the type of the results
     * @param fn the function; never {@code null}
     * @param items the items, each {@link java.io.Serializable} or {@code null}; never {@code null} but potentially
     *     empty
     * @return the results; never {@code null}
     * @throws IllegalArgumentException if the function cannot be serialized (POOL-21)
     * @throws IllegalStateException if the pool no longer accepts work (POOL-25)
     */
    default <T, R> ResultIterator<R> imap(PoolFunction<? super T, ? extends R> fn, Iterable<? extends T> items) {
        return imap(fn, items, 1);
    }

    /**
     * Applies {@code fn} to every item, in chunks of {@code chunksize} items, handing out the results in the order
     * of the items as they arrive: Python's {@code imap(f, items, chunksize)}.
     *
     * @param <T> the type of the items
     * @param <R> the type of the results
     * @param fn the function; never {@code null}
     * @param items the items, each {@link java.io.Serializable} or {@code null}; never {@code null} but potentially
     *     empty
     * @param chunksize how many items each task takes, at least 1
     * @return the results; never {@code null}
     * @throws IllegalArgumentException if {@code chunksize} is less than 1, as CPython raises
     *     {@code ValueError('Chunksize must be 1+, not 0')} (POOL-19), or the function cannot be serialized
     *     (POOL-21)
     * @throws IllegalStateException if the pool no longer accepts work (POOL-25)
     */
    <T, R> ResultIterator<R> imap(PoolFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
            int chunksize);

    /**
     * Applies {@code fn} to every item, one item per task, handing out the results in the order they arrive:
     * Python's {@code imap_unordered(f, items)} (POOL-15).
     *
     * @param <T> the type of the items
     * @param <R> the type of the results
     * @param fn the function; never {@code null}
     * @param items the items, each {@link java.io.Serializable} or {@code null}; never {@code null} but potentially
     *     empty
     * @return the results; never {@code null}
     * @throws IllegalArgumentException if the function cannot be serialized (POOL-21)
     * @throws IllegalStateException if the pool no longer accepts work (POOL-25)
     */
    default <T, R> ResultIterator<R> imapUnordered(PoolFunction<? super T, ? extends R> fn,
            Iterable<? extends T> items) {
        return imapUnordered(fn, items, 1);
    }

    /**
     * Applies {@code fn} to every item, in chunks of {@code chunksize} items, handing out the results in the order
     * they arrive: Python's {@code imap_unordered(f, items, chunksize)}.
     *
     * @param <T> the type of the items
     * @param <R> the type of the results
     * @param fn the function; never {@code null}
     * @param items the items, each {@link java.io.Serializable} or {@code null}; never {@code null} but potentially
     *     empty
     * @param chunksize how many items each task takes, at least 1
     * @return the results; never {@code null}
     * @throws IllegalArgumentException if {@code chunksize} is less than 1 (POOL-19), or the function cannot be
     *     serialized (POOL-21)
     * @throws IllegalStateException if the pool no longer accepts work (POOL-25)
     */
    <T, R> ResultIterator<R> imapUnordered(PoolFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
            int chunksize);

    // ---------------------------------------------------------------- starmap

    /**
     * Applies {@code fn} to every argument list, in chunks of the default size, and waits for all the results:
     * Python's {@code starmap(f, iterable_of_tuples)} (POOL-14).
     *
     * @param <R> the type of the results
     * @param fn the function, which receives each list as its argument array; never {@code null}
     * @param argLists the argument lists, each element {@link java.io.Serializable} or {@code null}; taken all at
     *     once before this method submits anything; never {@code null} but potentially empty
     * @return the results in the order of the argument lists; never {@code null} but potentially empty
     * @throws ExecutionException if any call failed, once all chunks have finished (POOL-16)
     * @throws CancellationException if {@link #terminate()} discarded the work (POOL-26)
     * @throws InterruptedException if the current thread is interrupted while waiting; the work may still run (POOL-35)
     * @throws IllegalArgumentException if the function or an argument cannot be serialized (POOL-21)
     * @throws IllegalStateException if the pool no longer accepts work (POOL-25)
     */
    default <R> List<R> starmap(PoolStarFunction<? extends R> fn, Iterable<? extends List<?>> argLists)
            throws InterruptedException, ExecutionException {
        return this.<R>starmapAsync(fn, argLists).get();
    }

    /**
     * Applies {@code fn} to every argument list, in chunks of {@code chunksize} lists, and waits for all the
     * results: Python's {@code starmap(f, iterable_of_tuples, chunksize)}.
     *
     * @param <R> the type of the results
     * @param fn the function, which receives each list as its argument array; never {@code null}
     * @param argLists the argument lists; never {@code null} but potentially empty
     * @param chunksize how many lists each task takes, at least 1
     * @return the results in the order of the argument lists; never {@code null} but potentially empty
     * @throws ExecutionException if any call failed, once all chunks have finished (POOL-16)
     * @throws CancellationException if {@link #terminate()} discarded the work (POOL-26)
     * @throws InterruptedException if the current thread is interrupted while waiting; the work may still run (POOL-35)
     * @throws IllegalArgumentException if {@code chunksize} is less than 1 (POOL-19), or the function or an argument
     *     cannot be serialized (POOL-21)
     * @throws IllegalStateException if the pool no longer accepts work (POOL-25)
     */
    default <R> List<R> starmap(PoolStarFunction<? extends R> fn, Iterable<? extends List<?>> argLists,
            int chunksize) throws InterruptedException, ExecutionException {
        return this.<R>starmapAsync(fn, argLists, chunksize).get();
    }

    /**
     * Submits {@code fn} to be applied to every argument list, in chunks of the default size: Python's
     * {@code starmap_async(f, iterable_of_tuples)} (POOL-14).
     *
     * @param <R> the type of the results
     * @param fn the function, which receives each list as its argument array; never {@code null}
     * @param argLists the argument lists; taken all at once before this method returns; never {@code null} but
     *     potentially empty
     * @return the result, not ready yet unless there are no argument lists; never {@code null}
     * @throws IllegalArgumentException if the function or an argument cannot be serialized (POOL-21)
     * @throws IllegalStateException if the pool no longer accepts work (POOL-25)
     */
    <R> AsyncResult<List<R>> starmapAsync(PoolStarFunction<? extends R> fn, Iterable<? extends List<?>> argLists);

    /**
     * Submits {@code fn} to be applied to every argument list, in chunks of {@code chunksize} lists: Python's
     * {@code starmap_async(f, iterable_of_tuples, chunksize)}.
     *
     * @param <R> the type of the results
     * @param fn the function, which receives each list as its argument array; never {@code null}
     * @param argLists the argument lists; never {@code null} but potentially empty
     * @param chunksize how many lists each task takes, at least 1
     * @return the result, not ready yet unless there are no argument lists; never {@code null}
     * @throws IllegalArgumentException if {@code chunksize} is less than 1 (POOL-19), or the function or an argument
     *     cannot be serialized (POOL-21)
     * @throws IllegalStateException if the pool no longer accepts work (POOL-25)
     */
    <R> AsyncResult<List<R>> starmapAsync(PoolStarFunction<? extends R> fn, Iterable<? extends List<?>> argLists,
            int chunksize);

    // ---------------------------------------------------------------- lifecycle

    /**
     * Stops accepting work; the workers exit once all submitted work is done: Python's {@code close()}. Returns at
     * once (POOL-23). Does nothing if the pool was already shut down or terminated.
     */
    void shutdown();

    /**
     * Stops the workers at once, as {@link ChildProcess#terminate()} does, and discards unfinished work: Python's
     * {@code terminate()} (POOL-26). Results not yet ready become ready, and their {@code get()} throws
     * {@link CancellationException} with the message {@code "[POOL-26] the pool was terminated"}; CPython leaves them
     * not ready forever (POOL-26). Returns without waiting for the
     * workers to exit. Does nothing if the pool was already terminated.
     */
    void terminate();

    /**
     * Waits until every worker has exited: Python's {@code join()}. After {@link #shutdown()} that is when all
     * submitted work is done (POOL-23); after {@link #terminate()}, soon (POOL-26).
     *
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; the interrupted
     *     status is cleared and the pool is unaffected (POOL-35)
     * @throws IllegalStateException if neither {@code shutdown()} nor {@code terminate()} was called, with the
     *     message {@code "[POOL-24] join() before shutdown() or terminate()"}; CPython raises
     *     {@code ValueError('Pool is still running')} (POOL-24)
     */
    void join() throws InterruptedException;

    /**
     * Waits at most {@code timeout} until every worker has exited. A zero or negative timeout does not wait.
     *
     * @param timeout how long to wait at most; never {@code null}
     * @return {@code true} if every worker has exited, {@code false} after at least {@code timeout}
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; the interrupted
     *     status is cleared and the pool is unaffected (POOL-35)
     * @throws IllegalStateException if neither {@code shutdown()} nor {@code terminate()} was called (POOL-24)
     */
    boolean join(Duration timeout) throws InterruptedException;

    /**
     * Terminates the pool and waits until every worker has exited: {@link #terminate()} then {@link #join()}, which is
     * what leaving CPython's {@code with Pool() as p:} block does (POOL-27). Work still queued or running is discarded,
     * and its results throw {@link CancellationException}; see "Stopping the pool" above. To let submitted work
     * finish first, call {@link #shutdown()} and {@link #join()} before.
     *
     * <p>If the current thread is interrupted while waiting, the wait continues until the workers have exited, and
     * this method returns with the interrupted status set. Closing again does nothing.
     */
    @Override
    default void close() {
        terminate();
        boolean interrupted = false;
        while (true) {
            try {
                join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
