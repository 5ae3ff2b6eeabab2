package dev.mpkit.ref.sync;

import dev.mpkit.SharedLock;
import dev.mpkit.SharedRLock;
import dev.mpkit.SharedSemaphore;
import java.util.List;

/**
 * The sync package's seam: makes the reference's locks and semaphores, whose state lives in a mapped file outside
 * any JVM heap, and marks the serialization that starts a child, the only one that may carry them.
 */
public final class SyncPrimitives {

    private SyncPrimitives() {}

    /** A new {@link SharedLock}, free. */
    public static SharedLock newLock() {
        return new MappedFileLock(SemaphoreCore.create(SemaphoreCore.LOCK, 1, 1));
    }

    /** A new {@link SharedRLock}, free. */
    public static SharedRLock newRLock() {
        return new MappedFileRLock(SemaphoreCore.create(SemaphoreCore.RLOCK, 1, 1));
    }

    /**
     * A new unbounded {@link SharedSemaphore} holding {@code value} permits.
     *
     * @throws IllegalArgumentException if {@code value} is negative (SEM-02)
     */
    public static SharedSemaphore newSemaphore(int value) {
        checkInitialValue(value);
        return new MappedFileSemaphore(SemaphoreCore.create(SemaphoreCore.SEMAPHORE, value, Integer.MAX_VALUE));
    }

    /**
     * A new {@link SharedSemaphore} holding {@code value} permits, which refuses to rise above it (SEM-09).
     *
     * @throws IllegalArgumentException if {@code value} is negative (SEM-02)
     */
    public static SharedSemaphore newBoundedSemaphore(int value) {
        checkInitialValue(value);
        return new MappedFileSemaphore(SemaphoreCore.create(SemaphoreCore.BOUNDED_SEMAPHORE, value, value));
    }

    private static void checkInitialValue(int value) {
        if (value < 0) {
            // SEM-02: rejected at construction (CPython: OSError EINVAL from sem_open)
            throw new IllegalArgumentException("[SEM-02] initial value must be at least 0, was " + value);
        }
    }

    /**
     * Opens, on the current thread, the scope in which locks and semaphores may be serialized: around the
     * serialization of a child's payload, and nothing else (LOCK-16, LOCK-17, SEM-17). Close it in a
     * {@code finally} with {@link #endChildStart()}.
     */
    public static void beginChildStart() {
        Inheritance.open();
    }

    /**
     * Closes the scope {@link #beginChildStart()} opened.
     *
     * @return what handles registered for the child while its payload was serialized, once the outermost scope
     *     closes; the caller reports the start's outcome to each
     */
    public static List<ChildStartPending> endChildStart() {
        return Inheritance.close();
    }

    /** Whether this thread is serializing a starting child's payload: the one time handles may be serialized. */
    public static boolean isChildStartOpen() {
        return Inheritance.isOpen();
    }

    /**
     * Registers, while a child's payload is being serialized, what must be kept for that child until it has
     * started (PIPE: a pipe end's keeper).
     *
     * @throws IllegalStateException if no child is being started on this thread
     */
    public static void registerChildStartPending(ChildStartPending pending) {
        Inheritance.register(pending);
    }

    /** Names this process in the primitives' {@code toString()} (LOCK-19): a child's name once it has one. */
    public static void nameThisProcess(String name) {
        Owners.processName = name;
    }
}
