package dev.mpkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.Serializable;
import org.apiguardian.api.API;

/**
 * An unbounded first-in, first-out queue shared between processes, with only blocking operations: Python's
 * {@code multiprocessing.SimpleQueue}.
 *
 * <p>Unlike {@link SharedQueue}, it has no timeouts, no size and no feeder: {@link #put(Object)} hands the item
 * straight to the shared channel, so {@link #isEmpty()} is {@code false} as soon as {@code put} has returned
 * (QUEUE-21).
 *
 * <pre>{@code
 * SimpleQueue<String> q = mp.newSimpleQueue();
 * ChildProcess p = mp.newProcess(args -> q.put("ready"));
 * p.start();
 * System.out.println(q.get());   // ready
 * p.join();
 * q.close();
 * }</pre>
 *
 * <h2>Items</h2>
 * Items must be {@link Serializable}; {@code null} is an item like any other. {@code put} serializes the item in
 * the caller and throws {@link IllegalArgumentException} if it cannot, as CPython raises in the caller (QUEUE-22).
 * Items put by one thread of one process arrive in the order it put them (QUEUE-21).
 *
 * <h2>Passing a queue to a child</h2>
 * As for {@link SharedQueue}: as a process argument, a field of a {@link ChildProcess} subclass or captured by the
 * target, and in no other way; any other way throws {@link IllegalArgumentException} in the sender, with a message
 * starting {@code "[QUEUE-23] SimpleQueue objects should only be shared between processes through inheritance"}
 * (QUEUE-23).
 *
 * <h2>Cross-process visibility</h2>
 * Actions in a process prior to putting an item happen-before actions following the {@code get} that returns
 * that item in another process (QUEUE).
 *
 * <h2>When a process dies</h2>
 * A process killed in the middle of a {@code put} or {@code get} may leave the queue corrupted, or its internal
 * lock held so that every later {@code get} waits forever.
 *
 * <h2>Implementation Considerations</h2>
 * Serialization of the handle follows {@link SharedLock}. Readers, and writers, exclude each other across
 * processes so that items are never interleaved.
 *
 * @param <E> the type of the items
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface SimpleQueue<E> extends Serializable {

    /**
     * Puts {@code item} at the tail. It may wait while the shared channel has no room, as CPython's does when its
     * pipe is full.
     *
     * @param item the item, {@link Serializable} or {@code null}
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; the item is not
     *     put and the interrupted status is cleared (QUEUE-26)
     * @throws IllegalArgumentException if {@code item} cannot be serialized, with a message starting
     *     {@code "[QUEUE-22] cannot put "} (QUEUE-22), or is a queue, lock or connection that may only be passed to
     *     a child as an argument (QUEUE-23, LOCK-17, SEM-17, PIPE-23); nothing is put
     * @throws IllegalStateException if this handle is closed, with a message starting
     *     {@code "[QUEUE-22] SimpleQueue is closed"}; CPython raises {@code OSError('handle is closed')} (QUEUE-22)
     */
    void put(E item) throws InterruptedException;

    /**
     * Removes and returns the item at the head, waiting until another process puts one if there is none
     * (QUEUE-21).
     *
     * @return the item, a deserialized copy; {@code null} if {@code null} was put
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; no item is
     *     removed and the interrupted status is cleared (QUEUE-26)
     * @throws IllegalStateException if this handle is closed (QUEUE-22), or the item cannot be deserialized in this
     *     process
     */
    E get() throws InterruptedException;

    /**
     * Whether the queue is empty: Python's {@code empty()}. Reliable for this process's own puts, which are
     * visible as soon as {@code put} returns (QUEUE-21); another process may change the answer at any moment.
     *
     * @return {@code true} if no item could be got at the moment of the call
     * @throws IllegalStateException if this handle is closed (QUEUE-22)
     */
    boolean isEmpty();

    /**
     * Closes this process's handle; other processes' handles are unaffected. Afterwards {@code put}, {@code get}
     * and {@code isEmpty} throw {@link IllegalStateException} ({@code "[QUEUE-22] SimpleQueue is closed"}). Closing
     * again does nothing (QUEUE-22).
     */
    void close();
}
