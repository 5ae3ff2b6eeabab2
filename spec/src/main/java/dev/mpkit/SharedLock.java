package dev.mpkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.Serializable;
import java.time.Duration;
import org.apiguardian.api.API;

/**
 * A non-recursive lock shared between processes: Python's {@code multiprocessing.Lock}.
 *
 * <p>At most one thread, among all the processes that share the lock, holds it at a time (LOCK-01, LOCK-02). The
 * lock has no owner in the {@link java.util.concurrent.locks.ReentrantLock} sense: a thread that holds it cannot
 * acquire it again ({@link #tryAcquire()} returns {@code false}, {@link #acquire()} waits forever; LOCK-03), and any
 * thread of any process may release it, not only the one that acquired it (LOCK-06). As in CPython, it behaves as a
 * bounded semaphore of one permit. For a lock its holder may re-enter, use {@link SharedRLock}.
 *
 * <pre>{@code
 * MultiprocessingContext mp = Multiprocessing.context();
 * SharedLock lock = mp.newLock();
 * List<ChildProcess> children = new ArrayList<>();
 * for (int i = 0; i < 4; i++) {
 *     int n = i;
 *     ChildProcess p = mp.newProcess(args -> {
 *         try (Held held = lock.acquired()) {
 *             System.out.println("hello world " + n);
 *         }
 *     });
 *     p.start();
 *     children.add(p);
 * }
 * for (ChildProcess p : children) {
 *     p.join();
 * }
 * }</pre>
 *
 * <h2>Passing a lock to a child</h2>
 * A lock reaches a child as a process argument, as a field of a {@link ChildProcess} subclass, or captured by the
 * target, as above: Python's "share through inheritance"; the child then has the same lock (LOCK-16). Any other way
 * (a {@link SharedQueue}, a {@link Connection}, a {@link WorkerPool} task) is refused with
 * {@link IllegalArgumentException} in the sender, with a message starting {@code "[LOCK-17] SharedLock objects
 * should only be shared between processes through inheritance"}, where CPython raises {@code RuntimeError('Lock
 * objects should only be shared between processes through inheritance')} (LOCK-17). To use a lock in pool tasks,
 * take one from {@link SyncManager#newLock()}.
 *
 * <h2>Cross-process visibility</h2>
 * Actions in a process prior to {@link #release()} happen-before actions following a later successful acquire of
 * the same lock in any process (LOCK-01). Processes share no memory (ISO-02), so this orders what two processes can
 * both see: other shared primitives, mapped files and files.
 *
 * <h2>When a holder dies</h2>
 * A lock held by a process that exits, throws or is killed stays locked; there is no owner-death recovery, as in
 * CPython (LOCK-09). Because any process may release it, a process that knows the holder is dead may call
 * {@link #release()} to recover. Terminating a child that holds a lock is therefore liable to leave the others
 * waiting forever.
 *
 * <h2>Implementation Considerations</h2>
 * <ul>
 *   <li>The lock's state lives outside any one JVM; an instance is a serializable handle to it, and a
 *       deserialized handle in a child refers to the same lock.</li>
 *   <li>Serialization is refused, with the {@link IllegalArgumentException} described above, unless it happens
 *       while a child is being started ({@link ChildProcess#start()}) (LOCK-17).</li>
 *   <li>{@code toString()} should name the holder as CPython's repr does (LOCK-19), for example
 *       {@code <SharedLock(owner=MainProcess)>} or {@code <SharedLock(owner=None)>}.</li>
 *   <li>A waiting thread sleeps in the kernel rather than spinning or polling (LOCK-11), and still answers
 *       {@link Thread#interrupt()} (LOCK-18).</li>
 *   <li>A very long timeout (more than {@code Long.MAX_VALUE} nanoseconds) means waiting forever.</li>
 * </ul>
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface SharedLock extends Acquirable, Serializable {

    /**
     * Acquires the lock, waiting until no thread of any process holds it. A thread that already holds the lock
     * waits forever, or until interrupted (LOCK-03, LOCK-18).
     *
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; the lock is
     *     not acquired and the interrupted status is cleared
     */
    @Override
    void acquire() throws InterruptedException;

    /**
     * Acquires the lock only if no thread of any process holds it, the current thread included (LOCK-02, LOCK-03).
     *
     * @return {@code true} if acquired, {@code false} if held
     */
    @Override
    boolean tryAcquire();

    /**
     * Acquires the lock if it becomes free within {@code timeout}; a zero or negative timeout does not wait (LOCK-04,
     * LOCK-05).
     *
     * @param timeout how long to wait at most; never {@code null}
     * @return {@code true} if acquired, {@code false} if the timeout elapsed first, at least {@code timeout} later
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; the lock is
     *     not acquired and the interrupted status is cleared
     */
    @Override
    boolean tryAcquire(Duration timeout) throws InterruptedException;

    /**
     * Releases the lock. Any thread of any process may call it, not only the one that acquired the lock (LOCK-06).
     *
     * @throws IllegalStateException if the lock is not held, with a message starting
     *     {@code "[LOCK-07] release() of an unlocked lock"}; the lock stays free. CPython raises
     *     {@code ValueError('semaphore or lock released too many times')} (LOCK-07)
     */
    @Override
    void release();
}
