package dev.mpkit.ref.sync;

import dev.mpkit.ref.os.Futex;
import dev.mpkit.ref.os.Pids;
import dev.mpkit.ref.os.SharedMemoryFiles;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;

/**
 * The shared state every lock and semaphore of the reference is a thin shell over: a counting semaphore in a
 * small mapped file, taken by CAS and slept on with a futex, as CPython's {@code SemLock} is one
 * {@code sem_t} underneath {@code Lock}, {@code RLock}, {@code Semaphore} and {@code BoundedSemaphore}.
 */
/* Overview
 *
 * Layout of the file (native byte order; every word aligned to its size, as atomic view var handles need):
 *
 *    0               4               8               12              16
 *    +---------------+---------------+---------------+---------------+
 *    | kind          | max           | value (futex) | waiters       |
 *    +---------------+---------------+---------------+---------------+
 *    | owner token (pid << 40 | Java thread id), 0 if none           |   16
 *    +---------------+---------------+-------------------------------+
 *    | hold count    |   (unused up to 64 bytes)                     |   24
 *    +---------------+-----------------------------------------------+
 *
 * kind and max are written once, before the file is shared. value is the number of permits (a Lock is a
 * semaphore bounded at 1, as in CPython). waiters counts the threads, of all processes, past the spin and about
 * to sleep or sleeping in FUTEX_WAIT on value. The owner token and hold count serve the shells: an RLock's owner,
 * a Lock's last acquirer (for toString).
 *
 * Acquire: CAS value from v > 0 to v - 1. If value is 0, spin for a few microseconds (a handoff that ends within
 * the spin never enters the kernel), then sleep: waiters++, re-check value, FUTEX_WAIT(value, expected 0). Release:
 * CAS value from v < max to v + 1, then, if waiters > 0, FUTEX_WAKE one. The two sides are Dekker-style: each
 * writes its own word with a full fence (getAndAdd, CAS) and then reads the other's, so either the waiter sees the
 * permit or the releaser sees the waiter; and FUTEX_WAIT compares value with 0 atomically with going to sleep, so
 * a wake between the waiter's check and its sleep makes the sleep return at once. A woken waiter that leaves
 * without a permit (timeout, interrupt) passes the wake on if a permit is there and others wait.
 *
 * The futex calls go through JNA, which a process loads when one of its threads first has to sleep (Futex). That
 * thread waits for the load, not counted in waiters, while a daemon thread does it, so that its timeout and
 * interrupts keep working meanwhile.
 *
 * Java's Thread.interrupt() cannot end a futex wait, so a waiter sleeps in slices of at most 200 ms and checks its
 * interrupted status between them: about ten wake-ups in two seconds, each a few microseconds of CPU.
 *
 * A process that dies holding permits keeps them (as CPython; no owner-death recovery). One that dies while
 * counted in waiters leaves the count high, which costs later releases a needless FUTEX_WAKE and nothing else.
 */
final class SemaphoreCore {

    static final int SIZE = 64;

    static final int LOCK = 1;
    static final int RLOCK = 2;
    static final int SEMAPHORE = 3;
    static final int BOUNDED_SEMAPHORE = 4;

    private static final int KIND = 0;
    private static final int MAX = 4;
    private static final int VALUE = 8;
    private static final int WAITERS = 12;
    private static final int OWNER = 16;
    private static final int COUNT = 24;

    /** Waits without end. */
    static final long FOREVER = -1;

    /** How long a waiter spins before it sleeps in the kernel. */
    static final long SPIN_NANOS = 10_000;
    /** The longest futex sleep: how late an interrupt may be noticed (LOCK-18). */
    static final long SLICE_NANOS = 200_000_000;

    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class,
            ByteOrder.nativeOrder());

    /** This process's part of an owner token. */
    static final long PID = Pids.current();

    private final ByteBuffer words;
    private final String path;
    private final int kind;
    private final int max;

    private SemaphoreCore(SharedMemoryFiles.Mapping mapping, int kind, int max) {
        this.words = mapping.buffer();
        this.path = mapping.path();
        this.kind = kind;
        this.max = max;
    }

    /** A new semaphore of {@code kind} in a new file of the run directory. */
    static SemaphoreCore create(int kind, int value, int max) {
        SharedMemoryFiles.Mapping m = SharedMemoryFiles.create(kindName(kind), SIZE);
        ByteBuffer w = m.buffer();
        INT.setVolatile(w, MAX, max);
        INT.setVolatile(w, VALUE, value);
        INT.setVolatile(w, KIND, kind);
        return new SemaphoreCore(m, kind, max);
    }

    /**
     * The semaphore in the file at {@code path}, made by {@link #create} in this or another process.
     *
     * @throws IllegalStateException if the file is gone or holds another kind of object
     */
    static SemaphoreCore attach(String path, int kind) {
        SharedMemoryFiles.Mapping m = SharedMemoryFiles.attach(path, SIZE);
        int found = (int) INT.getVolatile(m.buffer(), KIND);
        if (found != kind) {
            throw new IllegalStateException("shared state file " + path + " holds a " + kindName(found)
                    + "; expected a " + kindName(kind));
        }
        return new SemaphoreCore(m, kind, (int) INT.getVolatile(m.buffer(), MAX));
    }

    private static String kindName(int kind) {
        switch (kind) {
            case LOCK: return "lock";
            case RLOCK: return "rlock";
            case SEMAPHORE: return "semaphore";
            case BOUNDED_SEMAPHORE: return "bsemaphore";
            default: return "kind-" + kind;
        }
    }

    String path() {
        return path;
    }

    int kind() {
        return kind;
    }

    int max() {
        return max;
    }

    // ------------------------------------------------------------------------------------------ permits

    /** Takes a permit if there is one now. */
    boolean tryAcquire() {
        int v = (int) INT.getVolatile(words, VALUE);
        while (v > 0) {
            if (INT.compareAndSet(words, VALUE, v, v - 1)) {
                return true;
            }
            v = (int) INT.getVolatile(words, VALUE);
        }
        return false;
    }

    /**
     * Takes a permit, waiting at most {@code nanos} ({@link #FOREVER} for no limit): the slow path, after
     * {@link #tryAcquire()} has failed.
     *
     * @return whether a permit was taken; {@code false} only after at least {@code nanos}
     * @throws InterruptedException if interrupted while waiting; no permit is taken and the status is cleared
     */
    boolean acquire(long nanos) throws InterruptedException {
        boolean timed = nanos != FOREVER;
        long start = System.nanoTime();
        long deadline = start + nanos;
        long spinEnd = start + (timed ? Math.min(nanos, SPIN_NANOS) : SPIN_NANOS);
        for (int i = 1; ; i++) {
            Thread.onSpinWait();
            if ((int) INT.getVolatile(words, VALUE) > 0 && tryAcquire()) {
                return true;
            }
            if ((i & 15) == 0 && System.nanoTime() - spinEnd >= 0) {
                break;
            }
        }
        while (!Futex.isLoaded()) { // the first waiter of this process: JNA loads meanwhile
            long wait = SLICE_NANOS;
            if (timed) {
                wait = Math.min(deadline - System.nanoTime(), SLICE_NANOS);
                if (wait <= 0) {
                    return tryAcquire();
                }
            }
            if (Futex.awaitLoaded(wait)) {
                break;
            }
            if (tryAcquire()) {
                return true;
            }
        }
        INT.getAndAdd(words, WAITERS, 1);
        boolean acquired = false;
        try {
            for (;;) {
                if (tryAcquire()) {
                    acquired = true;
                    return true;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException(); // LOCK-18: nothing acquired, status cleared
                }
                long slice = SLICE_NANOS;
                if (timed) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false; // LOCK-04, SEM-06: at least the timeout has passed
                    }
                    slice = Math.min(left, SLICE_NANOS);
                }
                Futex.await(words, VALUE, 0, slice); // LOCK-11, SEM-12: sleep in the kernel until released
            }
        } finally {
            INT.getAndAdd(words, WAITERS, -1);
            if (!acquired && (int) INT.getVolatile(words, VALUE) > 0 && (int) INT.getVolatile(words, WAITERS) > 0) {
                Futex.wake(words, VALUE, 1); // the wake this waiter may have had goes to another
            }
        }
    }

    /**
     * Adds a permit unless the value is at the maximum, and wakes one sleeper of any process (LOCK-10, SEM-07).
     *
     * @return {@code false}, with nothing changed, if the value is at the maximum
     */
    boolean release() {
        int v;
        do {
            v = (int) INT.getVolatile(words, VALUE);
            if (v >= max) {
                return false; // LOCK-07, SEM-09, SEM-10: never above the maximum
            }
        } while (!INT.compareAndSet(words, VALUE, v, v + 1));
        if ((int) INT.getVolatile(words, WAITERS) > 0) {
            Futex.wake(words, VALUE, 1);
        }
        return true;
    }

    int value() {
        return (int) INT.getVolatile(words, VALUE);
    }

    int waiters() {
        return (int) INT.getVolatile(words, WAITERS);
    }

    // ------------------------------------------------------------------------------------------ owner

    /** The token of the current thread of this process: pid in the high bits, Java thread id in the low 40. */
    static long currentToken() {
        return PID << 40 | Thread.currentThread().getId() & TID_MASK;
    }

    private static final long TID_MASK = (1L << 40) - 1;

    static long pidOf(long token) {
        return token >>> 40;
    }

    static long tidOf(long token) {
        return token & TID_MASK;
    }

    long owner() {
        return (long) LONG.getOpaque(words, OWNER);
    }

    /** Written by the holder only: ordered for others by the CAS on value that follows or precedes it. */
    void setOwner(long token) {
        LONG.setOpaque(words, OWNER, token);
    }

    int holdCount() {
        return (int) INT.getOpaque(words, COUNT);
    }

    void setHoldCount(int count) {
        INT.setOpaque(words, COUNT, count);
    }

    // ------------------------------------------------------------------------------------------ timeouts

    /**
     * A timeout in nanoseconds: 0 for zero or negative (LOCK-05, SEM-06), {@link #FOREVER} for one beyond
     * {@code Long.MAX_VALUE} nanoseconds.
     */
    static long nanos(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            return 0;
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return FOREVER;
        }
    }

    @Override
    public String toString() {
        return kindName(kind) + "[" + path + ", value=" + value() + ", max=" + max + ", waiters=" + waiters() + "]";
    }
}
