package dev.mpkit.ref.os;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;

/**
 * Linux's {@code futex(2)} on a 32-bit word of a shared mapping: sleep in the kernel while the word holds an
 * expected value, and wake sleepers from any process that maps the same file.
 *
 * <p>The operations are the shared ones ({@code FUTEX_WAIT}, {@code FUTEX_WAKE}, without
 * {@code FUTEX_PRIVATE_FLAG}), so that the kernel keys the wait queue on the file page, not on this process's
 * address space. JNA (JDK 17 has no FFM) is loaded on the first call, so that a process that never has to wait
 * never loads it; a call costs about 80 ns on top of the system call, which is why callers reach this class only
 * after a CAS and a bounded spin have failed.
 */
public final class Futex {

    /** {@code errno} values the callers tell apart. */
    public static final int EAGAIN = 11;
    public static final int EINTR = 4;
    public static final int ETIMEDOUT = 110;

    private static final int FUTEX_WAIT = 0;
    private static final int FUTEX_WAKE = 1;

    private Futex() {}

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
            Native.register(Libc.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
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
