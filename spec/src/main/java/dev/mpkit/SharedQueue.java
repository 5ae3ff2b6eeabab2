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
 * unbounded (QUEUE-07). {@code get} waits, or fails with {@link QueueEmptyException}, while it is empty.
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
 *       caller if it cannot (QUEUE-14); so changing an object after putting it does not change the item that
 *       arrives (QUEUE-15). CPython pickles later, in a feeder thread, which prints the error and drops the item
 *       while {@code put} returns normally, and sends an object changed after {@code put} as changed.</li>
 *   <li>Items put by one thread of one process arrive in the order it put them. Items put by different processes,
 *       or by different threads of one process, may interleave in any order (QUEUE-08). Nothing is lost or
 *       duplicated (QUEUE-09).</li>
 * </ul>
 *
 * <h2>Approximate answers</h2>
 * {@link #qsize()}, {@link #isEmpty()} and {@link #isFull()} are exact for a queue that no process is changing
 * (QUEUE-10, QUEUE-11); while other processes put or get, they are snapshots, stale when they return. A put
 * should be visible at once to the process that made it: right after {@code put} returns, {@code isEmpty()} is
 * {@code false} and {@code getNowait()} returns the item (QUEUE-12). That is a recommendation, not a promise: a
 * provider with a feeder may make the item available a moment later, as CPython does, though a {@code get} that
 * waits always receives it (QUEUE-02). Use these methods for monitoring, and use {@code get} to wait.
 *
 * <h2>Passing a queue to a child</h2>
 * As for {@link SharedLock}: as a process argument, a field of a {@link ChildProcess} subclass or captured by the
 * target, as above. Any other way (another queue, a {@link Connection}, a {@link WorkerPool} task) throws
 * {@link IllegalArgumentException} in the sender, with a message starting {@code "[QUEUE-23] Queue objects should
 * only be shared between processes through inheritance"}, where CPython raises {@code RuntimeError} with that
 * text (QUEUE-23). To use a queue in pool tasks, take one from {@link SyncManager#newQueue()}.
 *
 * <h2>Cross-process visibility</h2>
 * Actions in a process prior to putting an item happen-before actions following the {@code get} that returns
 * that item in another process (QUEUE).
 *
 * <h2>When a process dies</h2>
 * A process does not exit before the items it put can be got by others, unless it called
 * {@link #cancelJoinThread()}; so a child that put more than the queue holds and returned may not exit until
 * someone gets its items, and joining it first then waits forever (QUEUE-16). A process killed while putting or
 * getting may leave the queue corrupted, as in CPython.
 *
 * <h2>Implementation Considerations</h2>
 * <ul>
 *   <li>A provider may move items into the shared channel from a <em>feeder</em>, a thread of the putting process,
 *       as CPython does, but must still serialize the item in {@code put} (QUEUE-14, QUEUE-15). A feeder is why an
 *       item may become available a moment after {@code put} returns (QUEUE-12, a recommendation), why a process
 *       waits for its feeder at exit (QUEUE-16), and what {@link #joinThread()} and {@link #cancelJoinThread()}
 *       control (QUEUE-17). A provider without a feeder returns from {@code joinThread()} at once after
 *       {@link #close()}.</li>
 *   <li>Serialization of the handle follows {@link SharedLock}: refused except while a child is being
 *       started (QUEUE-23).</li>
 *   <li>A very long timeout (more than {@code Long.MAX_VALUE} nanoseconds) means waiting forever.</li>
 * </ul>
 *
 * @param <E> the type of the items
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface SharedQueue<E> extends Serializable {

    /**
     * Puts {@code item} at the tail, waiting while the queue is full until another process gets (QUEUE-06).
     *
     * @param item the item, {@link Serializable} or {@code null}
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; the item is not
     *     put and the interrupted status is cleared (QUEUE-26)
     * @throws IllegalArgumentException if {@code item} cannot be serialized (QUEUE-14), or is a queue, lock or
     *     connection that may only be passed to a child as an argument (QUEUE-23, LOCK-17, SEM-17, PIPE-23);
     *     nothing is put. CPython drops such an item in its feeder thread instead
     * @throws IllegalStateException if this handle is closed, with a message starting
     *     {@code "[QUEUE-13] queue is closed"} (QUEUE-13)
     */
    void put(E item) throws InterruptedException;

    /**
     * Puts {@code item} at the tail, waiting at most {@code timeout} for room: Python's {@code put(x, timeout=t)}.
     * A zero or negative timeout does not wait, as in CPython (QUEUE-05).
     *
     * @param item the item, {@link Serializable} or {@code null}
     * @param timeout how long to wait at most; never {@code null}
     * @throws QueueFullException if the queue is still full when the timeout elapses, at least {@code timeout}
     *     later; the item is not put (QUEUE-05)
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; the item is not
     *     put and the interrupted status is cleared (QUEUE-26)
     * @throws IllegalArgumentException if {@code item} cannot be serialized (QUEUE-14, QUEUE-23)
     * @throws IllegalStateException if this handle is closed (QUEUE-13)
     */
    void put(E item, Duration timeout) throws QueueFullException, InterruptedException;

    /**
     * Puts {@code item} at the tail only if there is room now: Python's {@code put_nowait(x)} and
     * {@code put(x, False)} (QUEUE-05).
     *
     * @param item the item, {@link Serializable} or {@code null}
     * @throws QueueFullException if the queue is full, with a message starting
     *     {@code "[QUEUE-05] putNowait() found the queue full"}; the item is not put (QUEUE-05)
     * @throws IllegalArgumentException if {@code item} cannot be serialized (QUEUE-14, QUEUE-23)
     * @throws IllegalStateException if this handle is closed (QUEUE-13)
     */
    void putNowait(E item) throws QueueFullException;

    /**
     * Removes and returns the item at the head, waiting until another process puts one if there is none
     * (QUEUE-02).
     *
     * @return the item, a deserialized copy; {@code null} if {@code null} was put
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; no item is
     *     removed and the interrupted status is cleared (QUEUE-26)
     * @throws IllegalStateException if this handle is closed (QUEUE-13), or if the item cannot be deserialized in
     *     this process, for example because its class is missing; the item is then lost
     */
    E get() throws InterruptedException;

    /**
     * Removes and returns the item at the head, waiting at most {@code timeout} for one: Python's
     * {@code get(timeout=t)}. A zero or negative timeout does not wait (QUEUE-03).
     *
     * @param timeout how long to wait at most; never {@code null}
     * @return the item, a deserialized copy; {@code null} if {@code null} was put
     * @throws QueueEmptyException if the queue is still empty when the timeout elapses, at least {@code timeout}
     *     later, with a message starting {@code "[QUEUE-03] get() found the queue empty after "} (QUEUE-03)
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; no item is
     *     removed and the interrupted status is cleared (QUEUE-26)
     * @throws IllegalStateException if this handle is closed (QUEUE-13), or the item cannot be deserialized
     */
    E get(Duration timeout) throws QueueEmptyException, InterruptedException;

    /**
     * Removes and returns the item at the head only if one can be got now: Python's {@code get_nowait()} and
     * {@code get(False)}. An item another process is putting at the same moment may not be ready yet; one this
     * process has put should be (QUEUE-12).
     *
     * @return the item, a deserialized copy; {@code null} if {@code null} was put
     * @throws QueueEmptyException if no item can be got now, with a message starting
     *     {@code "[QUEUE-04] getNowait() found the queue empty"} (QUEUE-04)
     * @throws IllegalStateException if this handle is closed (QUEUE-13), or the item cannot be deserialized
     */
    E getNowait() throws QueueEmptyException;

    /**
     * The number of items put and not yet got: Python's {@code qsize()}. Exact while no process puts or gets, a
     * snapshot otherwise (QUEUE-10). A provider with a feeder counts the items still in it, so the count may be
     * positive while {@link #isEmpty()} is {@code true} (QUEUE-12). Works on a closed handle (QUEUE-13).
     *
     * @return the number of items, at least 0
     * @throws UnsupportedOperationException if the provider cannot count on this platform, as CPython cannot on
     *     macOS, where it raises {@code NotImplementedError} (QUEUE-10)
     */
    int qsize();

    /**
     * Whether the queue is empty: Python's {@code empty()}. Exact for a queue no process is changing, a snapshot
     * otherwise (QUEUE-11); right after this process's {@code put} returns it should be {@code false} (QUEUE-12).
     * Works on a closed handle (QUEUE-13).
     *
     * @return {@code true} if no item could be got at the moment of the call
     */
    boolean isEmpty();

    /**
     * Whether the queue is full: Python's {@code full()}. Exact for a queue no process is changing, a snapshot
     * otherwise; always {@code false} for an unbounded queue (QUEUE-07, QUEUE-11).
     *
     * @return {@code true} if a {@code put} would have waited at the moment of the call
     */
    boolean isFull();

    /**
     * Declares that this process will neither put nor get through this handle again: Python's {@code close()}.
     * Items already put are still delivered; other processes' handles are unaffected. Afterwards {@code put},
     * {@code putNowait}, {@code get} and {@code getNowait} on this handle throw {@link IllegalStateException}
     * ({@code "[QUEUE-13] queue is closed"}), while {@link #qsize()} and {@link #isEmpty()} still work. Closing
     * again does nothing (QUEUE-13).
     */
    void close();

    /**
     * Waits until every item this process put through this handle can be got by other processes: Python's
     * {@code join_thread()}, which waits for the feeder thread to flush (QUEUE-17). Returns at once if nothing is
     * pending.
     *
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; the interrupted
     *     status is cleared
     * @throws IllegalStateException if this handle is not closed yet, with a message starting
     *     {@code "[QUEUE-17] joinThread() before close()"}; CPython raises an {@code AssertionError} (QUEUE-17)
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
     * @throws IllegalStateException if this handle is not closed yet (QUEUE-17)
     */
    boolean joinThread(Duration timeout) throws InterruptedException;

    /**
     * Lets this process exit without waiting until the items it put can be got: Python's
     * {@code cancel_join_thread()}. Items not yet delivered when the process exits may be lost (QUEUE-16). Use it only
     * when losing them is acceptable.
     */
    void cancelJoinThread();
}
