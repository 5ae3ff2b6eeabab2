package dev.mpkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.Serializable;
import java.time.Duration;
import org.apiguardian.api.API;

/**
 * A recursive lock shared between processes, owned by one thread of one process at a time: Python's
 * {@code multiprocessing.RLock}.
 *
 * <p>The owner is a (process, thread) pair. The owner may acquire the lock again, and must release it once for
 * each acquisition before another thread, in this or any process, can acquire it (LOCK-12); only the owner may
 * release it (LOCK-13). This is {@link java.util.concurrent.locks.ReentrantLock} across processes, and, like it,
 * tells a thread whether it {@linkplain #isHeldByCurrentThread() holds} the lock and {@linkplain #holdCount() how
 * often} (LOCK-14).
 *
 * <pre>{@code
 * SharedRLock lock = mp.newRLock();
 * ChildProcess p = mp.newProcess(args -> {
 *     try (Held outer = lock.acquired()) {
 *         try (Held inner = lock.acquired()) {
 *             System.out.println("hold count " + lock.holdCount());   // 2
 *         }
 *     }
 * });
 * p.start();
 * p.join();
 * }</pre>
 *
 * <h2>Passing a lock to a child</h2>
 * As for {@link SharedLock}: as a process argument, a field of a {@link ChildProcess} subclass or captured by the
 * target (LOCK-16), and in no other way; any other way throws {@link IllegalArgumentException} in the sender, with a
 * message starting {@code "[LOCK-17] SharedRLock objects should only be shared between processes through
 * inheritance"} (LOCK-17).
 *
 * <h2>Cross-process visibility</h2>
 * Actions in a process prior to the {@link #release()} that frees the lock happen-before actions following a later
 * successful acquire of the same lock in any process (LOCK-01).
 *
 * <h2>When a holder dies</h2>
 * A lock whose owner exits, throws or is killed while holding it stays locked forever: no other thread may release
 * it, so nothing recovers it, as in CPython (LOCK-15). The same holds for an owner thread that ends in a process that
 * lives on.
 *
 * <h2>Implementation Considerations</h2>
 * <ul>
 *   <li>The owner and the hold count live with the lock's shared state, so that another process sees the lock
 *       held; the owner's identity includes the process, so two processes' {@code main} threads are different
 *       owners.</li>
 *   <li>Serialization follows {@link SharedLock}.</li>
 *   <li>{@code toString()} should name the owner and count as CPython's repr does (LOCK-19), for example
 *       {@code <SharedRLock(MainProcess, 3)>} or {@code <SharedRLock(None, 0)>}.</li>
 * </ul>
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface SharedRLock extends Acquirable, Serializable {

    /**
     * Acquires the lock: at once, adding one to the hold count, if the current thread owns it (LOCK-12); otherwise
     * waiting until it is free in every process.
     *
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; the lock is
     *     not acquired and the interrupted status is cleared
     */
    @Override
    void acquire() throws InterruptedException;

    /**
     * Acquires the lock only if the current thread owns it or it is free, without waiting (LOCK-12).
     *
     * @return {@code true} if acquired, {@code false} if another thread, in this or another process, owns it
     */
    @Override
    boolean tryAcquire();

    /**
     * Acquires the lock if the current thread owns it or it becomes free within {@code timeout}; a zero or negative
     * timeout does not wait (LOCK-04, LOCK-05, LOCK-12).
     *
     * @param timeout how long to wait at most; never {@code null}
     * @return {@code true} if acquired, {@code false} if the timeout elapsed first, at least {@code timeout} later
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; the lock is
     *     not acquired and the interrupted status is cleared
     */
    @Override
    boolean tryAcquire(Duration timeout) throws InterruptedException;

    /**
     * Subtracts one from the hold count, and frees the lock when the count reaches zero (LOCK-12).
     *
     * @throws IllegalStateException if the current thread of the current process does not own the lock, with a
     *     message starting {@code "[LOCK-13] release() of a recursive lock not owned by this thread"} and naming
     *     the owner if there is one; the owner and its hold count are unchanged. CPython raises
     *     {@code AssertionError('attempt to release recursive lock not owned by thread')} (LOCK-13)
     */
    @Override
    void release();

    /**
     * Whether the current thread of the current process owns this lock (LOCK-14).
     *
     * @return {@code true} if it does
     */
    boolean isHeldByCurrentThread();

    /**
     * How many times the current thread holds this lock: how many {@link #release()} calls would free it
     * (LOCK-14).
     *
     * @return the hold count; zero if the current thread does not own the lock
     */
    int holdCount();
}
