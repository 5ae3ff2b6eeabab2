package dev.mpkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Duration;
import org.apiguardian.api.API;

/**
 * A {@link SharedQueue} whose consumers acknowledge each item, so that a producer can wait until all of them are
 * processed: Python's {@code multiprocessing.JoinableQueue}.
 *
 * <p>The queue counts <em>unfinished</em> items, in all processes together: each {@code put} adds one, and each
 * {@link #taskDone()} takes one away. {@link #join()} waits until the count is zero (QUEUE-18). A bounded
 * {@code JoinableQueue} refuses a put when full as a {@link SharedQueue} does, and a refused put does not count
 * (QUEUE-20).
 *
 * <pre>{@code
 * JoinableQueue<Integer> jobs = mp.newJoinableQueue(0);
 * for (int w = 0; w < 2; w++) {
 *     ChildProcess worker = mp.newProcess(ProcessOptions.defaults().daemon(true), args -> {
 *         while (true) {
 *             Integer job = jobs.get();
 *             process(job);
 *             jobs.taskDone();
 *         }
 *     });
 *     worker.start();
 * }
 * for (int i = 0; i < 10; i++) {
 *     jobs.put(i);
 * }
 * jobs.join();   // every job has been processed
 * }</pre>
 *
 * <h2>Cross-process visibility</h2>
 * Actions in a process prior to {@link #taskDone()} happen-before actions following the return of a
 * {@link #join()} that it allowed to return, in any process (QUEUE-18).
 *
 * <h2>When a consumer dies</h2>
 * An item got by a process that dies before calling {@link #taskDone()} stays unfinished, so {@link #join()} waits
 * forever; use {@link #join(Duration)} where that matters.
 *
 * <h2>Implementation Considerations</h2>
 * The unfinished count lives in the queue's shared state. It is raised before the item can be got, so that a
 * {@code taskDone()} for an item never precedes the increment for it.
 *
 * @param <E> the type of the items
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface JoinableQueue<E> extends SharedQueue<E> {

    /**
     * Declares one item got from this queue as processed: Python's {@code task_done()}. Any process may call it.
     *
     * @throws IllegalStateException if there are no unfinished items, that is, if called more times than items
     *     were put, with a message starting {@code "[QUEUE-19] taskDone() called too many times"}; the count of
     *     unfinished items is unchanged. CPython raises {@code ValueError('task_done() called too many times')}
     *     (QUEUE-19)
     */
    void taskDone();

    /**
     * Waits until every item put has been declared processed by {@link #taskDone()}: Python's {@code join()}.
     * Returns at once if there are no unfinished items (QUEUE-18).
     *
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; the interrupted
     *     status is cleared
     */
    void join() throws InterruptedException;

    /**
     * Waits at most {@code timeout} until every item put has been declared processed. A zero or negative timeout
     * does not wait.
     *
     * @param timeout how long to wait at most; never {@code null}
     * @return {@code true} if no item is unfinished, {@code false} if the timeout elapsed first
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; the interrupted
     *     status is cleared
     */
    boolean join(Duration timeout) throws InterruptedException;
}
