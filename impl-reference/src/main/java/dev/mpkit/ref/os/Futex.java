package dev.mpkit.ref.os;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Linux's {@code futex(2)} on a 32-bit word of a shared mapping: sleep in the kernel while the word holds an
 * expected value, and wake sleepers from any process that maps the same file.
 *
 * <p>The operations are the shared ones ({@code FUTEX_WAIT}, {@code FUTEX_WAKE}, without
 * {@code FUTEX_PRIVATE_FLAG}), so that the kernel keys the wait queue on the file page, not on this process's
 * address space. JNA (JDK 17 has no FFM) costs about 80 ns a call on top of the system call, which is why callers
 * reach this class only after a CAS and a bounded spin have failed.
 *
 * <p>Loading JNA costs a process 50–100 ms of CPU once (its classes, {@code java.util.logging}, and
 * opening the C library), so a process that never has to wait never loads it. The
 * first waiter of a process starts the load on a daemon thread with {@link #awaitLoaded(long)} and waits for it
 * like any blocked thread, so that its own timeout and interrupts keep working meanwhile; a waker that needs
 * JNA before then loads it in its own thread.
 */
public final class Futex {

    /** {@code errno} values the callers tell apart. */
    public static final int EAGAIN = 11;
    public static final int EINTR = 4;
    public static final int ETIMEDOUT = 110;

    private static final int FUTEX_WAIT = 0;
    private static final int FUTEX_WAKE = 1;

    private static final Object LOADING_LOCK = new Object();
    private static FutureTask<Void> loading; // guarded by LOADING_LOCK
    private static volatile boolean loaded;

    private Futex() {}

    /** Whether JNA is loaded and the futex calls are ready. */
    public static boolean isLoaded() {
        return loaded;
    }

    /**
     * Loads JNA on a daemon thread, unless that has started already, and waits at most {@code nanos} for it.
     *
     * @return whether the futex calls are ready
     * @throws InterruptedException if interrupted while waiting (the load goes on)
     * @throws IllegalStateException if JNA cannot be loaded here
     */
    public static boolean awaitLoaded(long nanos) throws InterruptedException {
        if (loaded) {
            return true;
        }
        FutureTask<Void> task;
        synchronized (LOADING_LOCK) {
            if (loading == null) {
                loading = new FutureTask<>(new Loader(), null);
                Thread t = new Thread(loading, "mpkit-futex-loader");
                t.setDaemon(true);
                t.start();
            }
            task = loading;
        }
        try {
            task.get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot sleep in a futex: loading JNA failed: " + e.getCause(),
                    e.getCause());
        }
    }

    /** Initializes {@link Libc}, which registers its native method with JNA. */
    private static final class Loader implements Runnable {
        @Override
        public void run() {
            if (Libc.SYS_FUTEX > 0) {
                loaded = true;
            }
        }
    }

    /**
     * Sleeps while the {@code int} at {@code index} of {@code buffer} equals {@code expected}, for at most
     * {@code nanos}; returns early when woken, when the word differs at the call, or on a signal.
     *
     * @param buffer a direct buffer over a shared mapping
     * @param index the word's byte offset in {@code buffer}, a multiple of 4
     * @param expected the value the caller saw; the kernel compares it atomically with the wait
     * @param nanos how long to sleep at most, positive
     * @return 0 when woken, else the {@code errno}: {@link #EAGAIN} (the word had changed), {@link #ETIMEDOUT} or
     *     {@link #EINTR}
     * @throws IllegalStateException if the kernel refuses the call for another reason (the word is not mapped,
     *     futexes are not available): waiting on would spin
     */
    public static int await(ByteBuffer buffer, int index, int expected, long nanos) {
        long[] timeout = {nanos / 1_000_000_000L, nanos % 1_000_000_000L}; // struct timespec, relative
        long r = Libc.syscall(Libc.SYS_FUTEX, Libc.address(buffer, index), FUTEX_WAIT, expected, timeout, 0, 0);
        if (r == 0) {
            return 0;
        }
        int errno = Native.getLastError();
        if (errno == EAGAIN || errno == ETIMEDOUT || errno == EINTR) {
            return errno;
        }
        throw new IllegalStateException("futex(FUTEX_WAIT) failed with errno " + errno + " on a word at offset "
                + index + " of a " + buffer.capacity() + "-byte mapping");
    }

    /**
     * Wakes at most {@code count} threads, of any process, sleeping on the {@code int} at {@code index} of
     * {@code buffer}.
     *
     * @return how many were woken
     */
    public static int wake(ByteBuffer buffer, int index, int count) {
        long r = Libc.syscall(Libc.SYS_FUTEX, Libc.address(buffer, index), FUTEX_WAKE, count, null, 0, 0);
        loaded = true;
        if (r < 0) {
            throw new IllegalStateException("futex(FUTEX_WAKE) failed with errno " + Native.getLastError()
                    + " on a word at offset " + index + " of a " + buffer.capacity() + "-byte mapping");
        }
        return (int) r;
    }

    /** {@code syscall(2)} through JNA's direct mapping; initialized, and JNA loaded, on first use. */
    private static final class Libc {

        static final long SYS_FUTEX = sysFutex();

        static {
            Native.register(Libc.class, CLibrary.get());
        }

        private Libc() {}

        /*
         * syscall(2) is variadic. The direct mapping calls it through libffi as a fixed-argument function, which
         * passes the arguments in the same registers on x86-64 (where libffi also sets %al, the vector-register
         * count a variadic callee reads) and on Linux aarch64. Every argument is a full 64-bit word, so none has
         * undefined upper bits when the callee reads it with va_arg(long). The timeout is a struct timespec
         * {tv_sec, tv_nsec}: two longs on LP64, passed as an array that JNA copies to native memory.
         */
        static native long syscall(long number, long uaddr, long op, long val, long[] timeout, long uaddr2,
                long val3);

        static long address(ByteBuffer buffer, int index) {
            return Pointer.nativeValue(Native.getDirectBufferPointer(buffer)) + index;
        }

        private static long sysFutex() {
            String arch = System.getProperty("os.arch", "");
            if (!Platform.isLinux()) {
                throw new IllegalStateException("futexes need Linux; this is " + System.getProperty("os.name"));
            }
            switch (arch) {
                case "amd64":
                case "x86_64":
                    return 202;
                case "aarch64":
                case "arm64":
                    return 98;
                default:
                    throw new IllegalStateException("no futex system call number known for os.arch=" + arch
                            + "; known: amd64 (202), aarch64 (98)");
            }
        }
    }
}
