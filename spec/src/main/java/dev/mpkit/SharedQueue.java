package dev.mpkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.Serializable;
import java.time.Duration;
import org.apiguardian.api.API;

/**
 * A first-in, first-out queue of items shared between processes: Python's {@code multiprocessing.Queue}.
 *
 * <p>Any process that has the queue may put items and get them. An item travels as a serialized copy, so the
 * getting process receives an equal object, never the same one. A queue from
 * {@link MultiprocessingContext#newQueue(int)} with a positive {@code maxSize} holds at most that many items, and
 * {@code put} waits, or fails with {@link QueueFullException}, while it is full; with {@code maxSize <= 0} it is
 * unbounded. {@code get} waits, or fails with {@link QueueEmptyException}, while it is empty.
 *
 * <p>Python's calls map to Java as follows:
 * <ul>
 *   <li>{@code put(x)} is {@link #put(Object)}; {@code put(x, timeout=t)} is {@link #put(Object, Duration)};
 *       {@code put(x, False)} and {@code put_nowait(x)} are {@link #putNowait(Object)};</li>
 *   <li>{@code get()} is {@link #get()}; {@code get(timeout=t)} is {@link #get(Duration)}; {@code get(False)} and
 *       {@code get_nowait()} are {@link #getNowait()};</li>
 *   <li>{@code qsize()}, {@code empty()} and {@code full()} are {@link #qsize()}, {@link #isEmpty()} and
 *       {@link #isFull()};</li>
 *   <li>{@code close()}, {@code join_thread()} and {@code cancel_join_thread()} are {@link #close()},
 *       {@link #joinThread()} and {@link #cancelJoinThread()}.</li>
 * </ul>
 *
 * <pre>{@code
 * SharedQueue<String> q = mp.newQueue();
 * ChildProcess p = mp.newProcess(args -> q.put("hello"));
 * p.start();
 * System.out.println(q.get());   // hello
 * p.join();
 * }</pre>
 *
 * <h2>Items</h2>
 * <ul>
 *   <li>Items must be {@link Serializable}; {@code null} is an item like any other, as Python's {@code None} is.
 *       Since a missing item is reported by an exception, a {@code null} item is never ambiguous.</li>
 *   <li>{@code put} serializes the item before it returns, and throws {@link IllegalArgumentException} in the
 *       caller if it cannot. CPython pickles later, in a feeder thread, which prints the error and drops the item
 *       while {@code put} returns normally; so here, too, changing an object after putting it does not
 *       change the item that arrives.</li>
 *   <li>Items put by one process arrive in the order it put them. Items put by different processes may interleave
 *       in any order .</li>
 * </ul>
 *
 * <h2>Approximate answers</h2>
 * {@link #qsize()}, {@link #isEmpty()} and {@link #isFull()} describe a queue that other processes change at the
 * same moment, and are stale when they return. {@code put} may return before the item can be got: right after
 * {@code put}, {@code isEmpty()} may still be {@code true} and {@code getNowait()} may still throw
 * {@link QueueEmptyException}. Use them for monitoring, and use {@code get} to wait.
 *
 * <h2>Passing a queue to a child</h2>
 * As for {@link SharedLock}: as a process argument, a field of a {@link ChildProcess} subclass or captured by the
 * target, as above. Any other way (another queue, a {@link Connection}, a {@link WorkerPool} task) throws
 * {@link IllegalArgumentException} in the sender, where CPython raises {@code RuntimeError('Queue objects should
 * only be shared between processes through inheritance')} (M-02, M-03). To use a queue in pool tasks, take one
 * from {@link SyncManager#newQueue()}.
 *
 * <h2>Cross-process visibility</h2>
 * Actions in a process prior to putting an item happen-before actions following the {@code get} that returns
 * that item in another process (QUEUE).
 *
 * <h2>When a process dies</h2>
 * A process does not exit before the items it put can be got by others, unless it called
 * {@link #cancelJoinThread()}; so a child that put a large item and returned may not exit until someone gets it,
 * and joining it first waits forever. A process killed while putting or getting may leave the queue
 * corrupted, as in CPython.
 *
 * <h2>Implementation Considerations</h2>
 * <ul>
 *   <li>A provider may move items into the shared channel from a <em>feeder</em>, a thread of the putting process,
 *       as CPython does. That is why {@code put} may return before the item can be got, why a process waits
 *       for its feeder at exit, and what {@link #joinThread()} and {@link #cancelJoinThread()} control. A
 *       provider without a feeder returns from {@code joinThread()} at once.</li>
 *   <li>Serialization of the handle follows {@link SharedLock}: refused except while a child is being
 *       started.</li>
 *   <li>A very long timeout (more than {@code Long.MAX_VALUE} nanoseconds) means waiting forever.</li>
 * </ul>
 *
 * @param <E> the type of the items
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface SharedQueue<E> extends Serializable {

    /**
     * Puts {@code item} at the tail, waiting while the queue is full.
     *
     * @param item the item, {@link Serializable} or {@code null}
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; the item is not
     *     put and the interrupted status is cleared
     * @throws IllegalArgumentException if {@code item} cannot be serialized, or is a queue or lock that may only
     *     be passed to a child as an argument (M-02); CPython drops such an item in its feeder thread
     * @throws IllegalStateException if this handle is closed, with a message starting
     *     {@code "[QUEUE] queue is closed"}
     */
    void put(E item) throws InterruptedException;

    /**
     * Puts {@code item} at the tail, waiting at most {@code timeout} for room: Python's {@code put(x, timeout=t)}.
     * A zero or negative timeout does not wait, as in CPython.
     *
     * @param item the item, {@link Serializable} or {@code null}
     * @param timeout how long to wait at most; never {@code null}
     * @throws QueueFullException if the queue is still full when the timeout elapses, at least {@code timeout}
     *     later; the item is not put
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; the item is not
     *     put and the interrupted status is cleared
     * @throws IllegalArgumentException if {@code item} cannot be serialized
     * @throws IllegalStateException if this handle is closed
     */
    void put(E item, Duration timeout) throws QueueFullException, InterruptedException;

    /**
     * Puts {@code item} at the tail only if there is room now: Python's {@code put_nowait(x)} and
     * {@code put(x, False)}.
     *
     * @param item the item, {@link Serializable} or {@code null}
     * @throws QueueFullException if the queue is full; the item is not put
     * @throws IllegalArgumentException if {@code item} cannot be serialized
     * @throws IllegalStateException if this handle is closed
     */
    void putNowait(E item) throws QueueFullException;

    /**
     * Removes and returns the item at the head, waiting until there is one.
     *
     * @return the item, a deserialized copy; {@code null} if {@code null} was put
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; no item is
     *     removed and the interrupted status is cleared
     * @throws IllegalStateException if this handle is closed, or if the item cannot be deserialized in this
     *     process, for example because its class is missing; the item is then lost
     */
    E get() throws InterruptedException;

    /**
     * Removes and returns the item at the head, waiting at most {@code timeout} for one: Python's
     * {@code get(timeout=t)}. A zero or negative timeout does not wait.
     *
     * @param timeout how long to wait at most; never {@code null}
     * @return the item, a deserialized copy; {@code null} if {@code null} was put
     * @throws QueueEmptyException if the queue is still empty when the timeout elapses, at least {@code timeout}
     *     later
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; no item is
     *     removed and the interrupted status is cleared
     * @throws IllegalStateException if this handle is closed, or the item cannot be deserialized
     */
    E get(Duration timeout) throws QueueEmptyException, InterruptedException;

    /**
     * Removes and returns the item at the head only if one can be got now: Python's {@code get_nowait()} and
     * {@code get(False)}. Right after a {@code put}, the item may not be ready yet.
     *
     * @return the item, a deserialized copy; {@code null} if {@code null} was put
     * @throws QueueEmptyException if no item can be got now
     * @throws IllegalStateException if this handle is closed, or the item cannot be deserialized
     */
    E getNowait() throws QueueEmptyException;

    /**
     * The approximate number of items in the queue: Python's {@code qsize()}. It counts items put but not yet
     * ready to get, so it may be positive while {@link #isEmpty()} is {@code true}. Works on a closed
     * handle.
     *
     * @return the approximate number of items, at least 0
     * @throws UnsupportedOperationException if the provider cannot count on this platform, as CPython cannot on
     *     macOS, where it raises {@code NotImplementedError} (S-05)
     */
    int qsize();

    /**
     * Whether the queue appears empty: Python's {@code empty()}. Approximate: it may be {@code true} right after a
     * {@code put}. Works on a closed handle.
     *
     * @return {@code true} if no item could be got at the moment of the call
     */
    boolean isEmpty();

    /**
     * Whether the queue appears full: Python's {@code full()}. Approximate; always {@code false} for an
     * unbounded queue.
     *
     * @return {@code true} if a {@code put} would have waited at the moment of the call
     */
    boolean isFull();

    /**
     * Declares that this process will neither put nor get through this handle again: Python's {@code close()}.
     * Items already put are still delivered; other processes' handles are unaffected. Afterwards {@code put},
     * {@code putNowait}, {@code get} and {@code getNowait} on this handle throw {@link IllegalStateException}, while
     * {@link #qsize()} and {@link #isEmpty()} still work. Closing again does nothing.
     */
    void close();

    /**
     * Waits until every item this process put through this handle can be got by other processes: Python's
     * {@code join_thread()}, which waits for the feeder thread to flush. Returns at once if nothing is
     * pending.
     *
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; the interrupted
     *     status is cleared
     * @throws IllegalStateException if this handle is not closed yet, with a message starting
     *     {@code "[QUEUE] joinThread() before close()"}; CPython raises an {@code AssertionError}
     */
    void joinThread() throws InterruptedException;

    /**
     * Waits at most {@code timeout} until every item this process put through this handle can be got by other
     * processes. A zero or negative timeout does not wait.
     *
     * @param timeout how long to wait at most; never {@code null}
     * @return {@code true} if nothing is pending any more
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; the interrupted
     *     status is cleared
     * @throws IllegalStateException if this handle is not closed yet
     */
    boolean joinThread(Duration timeout) throws InterruptedException;

    /**
     * Lets this process exit without waiting until the items it put can be got: Python's
     * {@code cancel_join_thread()}. Items not yet delivered when the process exits are lost. Use it only
     * when losing them is acceptable.
     */
    void cancelJoinThread();
}
