package dev.mpkit.ref.sync;

import dev.mpkit.SharedSemaphore;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A {@link SharedSemaphore}, plain or bounded: a {@link SemaphoreCore} whose maximum is {@link Integer#MAX_VALUE}
 * or the initial value.
 */
final class MappedFileSemaphore extends MappedFileShell implements SharedSemaphore {

    private static final long serialVersionUID = 1L;

    MappedFileSemaphore(SemaphoreCore core) {
        super(core, "SEM-17", "SharedSemaphore");
    }

    @Override
    public void acquire() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException(); // LOCK-18 as SEM
        }
        if (!core.tryAcquire()) {
            core.acquire(SemaphoreCore.FOREVER); // SEM-03, SEM-08
        }
    }

    @Override
    public boolean tryAcquire() {
        return core.tryAcquire(); // SEM-03: false at zero
    }

    @Override
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long nanos = SemaphoreCore.nanos(timeout); // SEM-06: a negative timeout counts as zero
        return core.tryAcquire() || nanos != 0 && core.acquire(nanos);
    }

    @Override
    public void release() {
        if (!core.release()) {
            if (isBounded()) {
                // SEM-09: a bounded semaphore never exceeds its initial value
                throw new IllegalStateException("[SEM-09] release() would raise a bounded semaphore above its"
                        + " initial value " + core.max());
            }
            // SEM-10: nor does any semaphore exceed Integer.MAX_VALUE
            throw new IllegalStateException("[SEM-10] release() would raise the semaphore above Integer.MAX_VALUE");
        }
    }

    @Override
    public int value() {
        return core.value(); // SEM-11
    }

    @Override
    public OptionalInt bound() {
        return isBounded() ? OptionalInt.of(core.max()) : OptionalInt.empty();
    }

    @Override
    public boolean isBounded() {
        return core.kind() == SemaphoreCore.BOUNDED_SEMAPHORE;
    }

    /** CPython's repr: {@code <SharedSemaphore(value=2)>}, {@code <SharedBoundedSemaphore(value=2, maxvalue=2)>}. */
    @Override
    public String toString() {
        return isBounded()
                ? "<SharedBoundedSemaphore(value=" + core.value() + ", maxvalue=" + core.max() + ")>" // SEM-16
                : "<SharedSemaphore(value=" + core.value() + ")>";
    }
}
