package dev.mpkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apiguardian.api.API;

/**
 * One acquisition of an {@link Acquirable}, released by {@link #close()}: the Java form of Python's
 * {@code with lock:}.
 *
 * <p>{@link Acquirable#acquired()} acquires and returns one; try-with-resources releases it when the block ends,
 * normally or with an exception (LOCK-08):
 *
 * <pre>{@code
 * try (Held held = lock.acquired()) {
 *     counter.increment();
 * }
 * }</pre>
 *
 * <p>{@code close()} releases at most once, however often it is called, so an explicit {@code close()} inside
 * the block does not become a second release when the block ends. It declares no checked exception.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Held implements AutoCloseable {

    private final Acquirable acquired;
    private final AtomicBoolean released = new AtomicBoolean();

    Held(Acquirable acquired) {
        this.acquired = Objects.requireNonNull(acquired, "acquired must not be null");
    }

    /**
     * Releases the acquisition this handle stands for, unless it has already done so; later calls do nothing.
     *
     * @throws IllegalStateException if the release is refused, for example by a {@link SharedRLock} released from
     *     a thread that does not own it (LOCK-13); this handle then still counts as unreleased
     */
    @Override
    public void close() {
        if (released.compareAndSet(false, true)) {
            try {
                acquired.release();
            } catch (RuntimeException | Error e) {
                released.set(false);
                throw e;
            }
        }
    }

    /**
     * Whether {@link #close()} has released.
     *
     * @return {@code true} once released
     */
    public boolean isReleased() {
        return released.get();
    }

    @Override
    public String toString() {
        return "Held[" + acquired + (released.get() ? ", released]" : "]");
    }
}
