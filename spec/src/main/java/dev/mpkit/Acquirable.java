package dev.mpkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Duration;
import org.apiguardian.api.API;

/**
 * Something a thread acquires and later releases: what {@link SharedLock}, {@link SharedRLock} and
 * {@link SharedSemaphore} have in common.
 *
 * <p>Python's {@code acquire(block=True, timeout=None)} has one Java method per way it is called:
 * <ul>
 *   <li>{@code acquire()} is {@link #acquire()}, which waits and returns nothing (Python returns {@code True});</li>
 *   <li>{@code acquire(False)} and {@code acquire(timeout=0)} are {@link #tryAcquire()}, which never waits;</li>
 *   <li>{@code acquire(timeout=t)} is {@link #tryAcquire(Duration)}; a zero or negative timeout does not wait,
 *       as in CPython (LOCK-05, SEM-06);</li>
 *   <li>{@code release()} is {@link #release()};</li>
 *   <li>{@code with x:} is {@code try (Held held = x.acquired()) { … }}, which releases on normal exit and on an
 *       exception (LOCK-08).</li>
 * </ul>
 *
 * <pre>{@code
 * SharedLock lock = mp.newLock();
 * try (Held held = lock.acquired()) {
 *     appendToSharedLog("one process at a time");
 * }
 * if (lock.tryAcquire(Duration.ofMillis(300))) {
 *     try {
 *         appendToSharedLog("got it within 300 ms");
 *     } finally {
 *         lock.release();
 *     }
 * }
 * }</pre>
 *
 * <p>{@code javac -Xlint:try} warns that {@code held} is never referenced in the body of the {@code try}; that is
 * the point of the idiom, so suppress the {@code "try"} lint where it is used.
 *
 * <h2>Cross-process visibility</h2>
 * Actions in a process prior to {@link #release()} happen-before actions following a later successful
 * {@link #acquire()}, {@link #tryAcquire()} or {@link #tryAcquire(Duration)} of the same object in any process
 * (LOCK-01, SEM-05).
 * Processes share no memory (ISO-02), so this orders what two processes can both see: other shared primitives,
 * mapped files and files.
 *
 * <h2>Implementation Considerations</h2>
 * A provider implements the four abstract methods; {@link #acquired()} is built on them. Each sub-interface
 * states the exact contract of its kind of object.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface Acquirable {

    /**
     * Acquires, waiting as long as it takes.
     *
     * <p>If it cannot be acquired at once, the current thread waits until one of two things happens:
     * <ul>
     *   <li>it is released in some process, and this thread is the one that acquires it; or</li>
     *   <li>some other thread {@linkplain Thread#interrupt interrupts} the current thread.</li>
     * </ul>
     * If the current thread has its interrupted status set on entry to this method, or is interrupted while
     * waiting, then {@link InterruptedException} is thrown, the interrupted status is cleared and nothing is
     * acquired (LOCK-18).
     *
     * @throws InterruptedException if the current thread is interrupted
     */
    void acquire() throws InterruptedException;

    /**
     * Acquires only if that is possible at once, without waiting: Python's {@code acquire(False)} and
     * {@code acquire(timeout=0)}.
     *
     * @return {@code true} if acquired, {@code false} otherwise
     */
    boolean tryAcquire();

    /**
     * Acquires if that becomes possible within {@code timeout}: Python's {@code acquire(timeout=t)}.
     *
     * <p>A zero or negative timeout does not wait, as in CPython, where a negative timeout counts as zero (LOCK-05,
     * SEM-06). Otherwise the current thread waits until it acquires, the timeout elapses, or it is interrupted; when
     * it returns {@code false}, at least {@code timeout} has passed (LOCK-04, SEM-06).
     *
     * @param timeout how long to wait at most; never {@code null}
     * @return {@code true} if acquired, {@code false} if the timeout elapsed first
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; nothing is
     *     acquired and the interrupted status is cleared
     */
    boolean tryAcquire(Duration timeout) throws InterruptedException;

    /**
     * Releases what was acquired. Who may release, and what counts as releasing too often, depends on the kind of
     * object: see {@link SharedLock#release()}, {@link SharedRLock#release()} and {@link SharedSemaphore#release()}.
     *
     * @throws IllegalStateException if this object cannot be released now
     */
    void release();

    /**
     * Acquires, waiting as long as it takes, and returns a handle whose {@link Held#close()} releases once: Python's
     * {@code with x:} (LOCK-08).
     *
     * <pre>{@code
     * try (Held held = semaphore.acquired()) {
     *     useTheScarceResource();
     * }
     * }</pre>
     *
     * @return the handle; never {@code null}
     * @throws InterruptedException as {@link #acquire()} does; nothing is acquired then
     */
    default Held acquired() throws InterruptedException {
        acquire();
        return new Held(this);
    }
}
