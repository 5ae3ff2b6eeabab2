package dev.mpkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.Serializable;
import java.time.Duration;
import java.util.OptionalInt;
import org.apiguardian.api.API;

/**
 * A counting semaphore shared between processes: Python's {@code multiprocessing.Semaphore} and
 * {@code multiprocessing.BoundedSemaphore}.
 *
 * <p>Conceptually, a semaphore holds a number of permits, its value. {@link #acquire()} waits until the value is
 * positive and takes one (SEM-03); {@link #release()} adds one. Any thread of any process may release, even one that
 * never acquired (SEM-04). A semaphore from {@link MultiprocessingContext#newSemaphore(int)} is unbounded up to
 * {@link Integer#MAX_VALUE} (SEM-04, SEM-10); one from {@link MultiprocessingContext#newBoundedSemaphore(int)}
 * refuses to rise above its initial value (SEM-09).
 *
 * <pre>{@code
 * SharedSemaphore slots = mp.newSemaphore(2);
 * for (int i = 0; i < 6; i++) {
 *     mp.newProcess(args -> {
 *         try (Held held = slots.acquired()) {
 *             Thread.sleep(200);   // at most two children are here at once (SEM-08)
 *         }
 *     }).start();
 * }
 * }</pre>
 *
 * <h2>Passing a semaphore to a child</h2>
 * As for {@link SharedLock}: as a process argument, a field of a {@link ChildProcess} subclass or captured by the
 * target, where it is the same semaphore (SEM-05), and in no other way; any other way throws
 * {@link IllegalArgumentException} in the sender, with a message starting {@code "[SEM-17] SharedSemaphore objects
 * should only be shared between processes through inheritance"} (SEM-17).
 *
 * <h2>Cross-process visibility</h2>
 * Actions in a process prior to calling {@link #release()} happen-before actions following a successful acquire
 * in another process (SEM-05).
 *
 * <h2>When a holder dies</h2>
 * A semaphore does not know who took its permits. Permits taken by a process that exits, throws or is killed are
 * not given back; any process may {@link #release()} to make up for them (SEM-15).
 *
 * <h2>Implementation Considerations</h2>
 * <ul>
 *   <li>The value and the bound live in the semaphore's shared state, not in the creating JVM, so that a release
 *       in any process is checked against the bound, atomically (SEM-09).</li>
 *   <li>A provider that cannot read the value, as CPython cannot on macOS (SEM-11), throws
 *       {@link UnsupportedOperationException} from {@link #value()}, but still enforces the bound; CPython's macOS
 *       BoundedSemaphore does not.</li>
 *   <li>A waiting thread sleeps in the kernel rather than spinning or polling (SEM-12).</li>
 *   <li>Serialization follows {@link SharedLock}.</li>
 *   <li>{@code toString()} should show the value, and the bound if any, as CPython's repr does (SEM-16), for example
 *       {@code <SharedSemaphore(value=2)>} or {@code <SharedBoundedSemaphore(value=2, maxvalue=2)>}.</li>
 * </ul>
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface SharedSemaphore extends Acquirable, Serializable {

    /**
     * Takes a permit, waiting until the value is positive (SEM-03, SEM-07).
     *
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; no permit is
     *     taken and the interrupted status is cleared
     */
    @Override
    void acquire() throws InterruptedException;

    /**
     * Takes a permit only if the value is positive now.
     *
     * @return {@code true} if a permit was taken, {@code false} if the value is zero (SEM-03)
     */
    @Override
    boolean tryAcquire();

    /**
     * Takes a permit if the value becomes positive within {@code timeout}; a zero or negative timeout does not wait
     * (SEM-06).
     *
     * @param timeout how long to wait at most; never {@code null}
     * @return {@code true} if a permit was taken, {@code false} if the timeout elapsed first, at least
     *     {@code timeout} later
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; no permit is
     *     taken and the interrupted status is cleared
     */
    @Override
    boolean tryAcquire(Duration timeout) throws InterruptedException;

    /**
     * Adds a permit, waking one waiting thread in any process if there is one (SEM-04, SEM-07).
     *
     * @throws IllegalStateException if this semaphore is bounded and already at its initial value, with a message
     *     starting {@code "[SEM-09] release() would raise a bounded semaphore above its initial value 2"} (SEM-09),
     *     or if the value is {@link Integer#MAX_VALUE}, with a message starting {@code "[SEM-10] release() would
     *     raise the semaphore above Integer.MAX_VALUE"} (SEM-10); the value is unchanged. CPython raises
     *     {@code ValueError('semaphore or lock released too many times')} for both
     */
    @Override
    void release();

    /**
     * The current number of permits: Python's {@code get_value()}. Another process may change it at any moment, so
     * it is a snapshot, for monitoring and tests rather than for deciding whether to acquire (SEM-11).
     *
     * @return the value, at least 0
     * @throws UnsupportedOperationException if the provider cannot read the value on this platform, as CPython
     *     cannot on macOS, where it raises {@code NotImplementedError} (SEM-11)
     */
    int value();

    /**
     * The bound of a semaphore from {@link MultiprocessingContext#newBoundedSemaphore(int)}: its initial value
     * (SEM-01).
     *
     * @return the bound; empty for a semaphore from {@link MultiprocessingContext#newSemaphore(int)}
     */
    OptionalInt bound();

    /**
     * Whether this semaphore refuses to be released above its initial value (SEM-09).
     *
     * @return {@code true} if it came from {@link MultiprocessingContext#newBoundedSemaphore(int)}
     */
    default boolean isBounded() {
        return bound().isPresent();
    }
}
