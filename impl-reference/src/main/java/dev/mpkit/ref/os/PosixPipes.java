package dev.mpkit.ref.os;

import com.sun.jna.Native;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Linux pipes through JNA's direct mapping: {@code pipe2}, {@code open} of {@code /proc/<pid>/fd/<n>},
 * non-blocking {@code read} and {@code write}, {@code poll}, {@code fcntl(F_SETPIPE_SZ)} and {@code close}.
 */
/* Overview
 *
 * Every descriptor this class makes is O_NONBLOCK | O_CLOEXEC: a child JVM inherits none (it reopens what it needs
 * through /proc, see ref.pipe), and a read or write never blocks a Java thread in the kernel, where an interrupt
 * could not reach it; callers wait with poll() in slices instead. EINTR is retried here. SIGPIPE is ignored by
 * every HotSpot JVM (-Xrs included), so a write to a pipe without readers returns EPIPE.
 *
 * Buffers are native addresses (NativeBuffer): the direct mapping then passes a plain long, with no copy of a Java
 * array on each call.
 */
public final class PosixPipes {

    /** What {@link #read} and {@link #write} return when the call would block. */
    public static final long WOULD_BLOCK = -1;
    /** What {@link #write} returns when the pipe has no reader left. */
    public static final long BROKEN = -2;

    /** {@code errno} values the callers tell apart. */
    public static final int ENOENT = 2;
    public static final int ENXIO = 6;

    /** The size Linux lets an unprivileged process give a pipe ({@code /proc/sys/fs/pipe-max-size} by default). */
    public static final int MAX_PIPE_SIZE = 1 << 20;
    /** The largest write the kernel makes atomic on a pipe ({@code PIPE_BUF}). */
    public static final int PIPE_BUF = 4096;

    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 1;
    private static final int O_NONBLOCK = 0x800;
    private static final int O_CLOEXEC = 0x80000;
    private static final int F_SETPIPE_SZ = 1031;
    private static final int F_GETPIPE_SZ = 1032;
    private static final int POLLIN = 0x1;
    private static final int POLLOUT = 0x4;
    private static final int LOCK_EX = 2;
    private static final int LOCK_NB = 4;
    private static final int LOCK_UN = 8;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    private static final int EPIPE = 32;
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private PosixPipes() {}

    /**
     * Loads JNA and binds the calls, which costs a JVM 50–100 ms of CPU once; a spare JVM that will likely receive
     * a pipe end could pay it ahead. Idempotent.
     */
    public static void load() {
        Libc.close(-1);
    }

    /**
     * A new pipe, both descriptors non-blocking and close-on-exec.
     *
     * @return {@code {readFd, writeFd}}
     */
    public static int[] pipe() throws IOException {
        int[] fds = new int[2];
        if (Libc.pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0) {
            throw failure("pipe2()", Native.getLastError());
        }
        return fds;
    }

    /**
     * Opens a new descriptor, non-blocking and close-on-exec, for the pipe that {@code fd} of process {@code pid}
     * refers to, through {@code /proc/<pid>/fd/<fd>}: a new open file description that counts as one more reader
     * or writer of that pipe.
     *
     * @param write whether to open it for writing, else for reading
     * @return the descriptor, or {@code -errno}: {@link #ENXIO} for a write end whose pipe has no reader left,
     *     {@link #ENOENT} if the process or its descriptor is gone
     */
    public static int reopen(long pid, int fd, boolean write) {
        return reopen("/proc/" + pid + "/fd/" + fd, write);
    }

    /** A new descriptor for this process's own {@code fd}, as {@link #reopen(long, int, boolean)} makes it. */
    public static int reopenOwn(int fd, boolean write) {
        return reopen("/proc/self/fd/" + fd, write);
    }

    private static int reopen(String link, boolean write) {
        byte[] path = (link + "\0").getBytes(StandardCharsets.US_ASCII);
        int r;
        do {
            r = Libc.open(path, (write ? O_WRONLY : O_RDONLY) | O_NONBLOCK | O_CLOEXEC, 0);
        } while (r < 0 && Native.getLastError() == EINTR);
        return r >= 0 ? r : -Native.getLastError();
    }

    /**
     * The inode number of the pipe {@code fd} of this process refers to, from the {@code pipe:[n]} link in
     * {@code /proc/self/fd}, or -1 if it is not a pipe.
     */
    public static long inode(int fd) {
        return inode(Paths.get("/proc/self/fd/" + fd));
    }

    private static long inode(Path link) {
        try {
            String target = Files.readSymbolicLink(link).toString();
            if (target.startsWith("pipe:[") && target.endsWith("]")) {
                return Long.parseLong(target.substring(6, target.length() - 1));
            }
        } catch (IOException | RuntimeException ignored) {
            // not a pipe, or gone
        }
        return -1;
    }

    /**
     * Reads at most {@code len} bytes into native memory.
     *
     * @return the number read, 0 at end of stream (no writer left and nothing buffered), or {@link #WOULD_BLOCK}
     */
    public static long read(int fd, long address, long len) throws IOException {
        while (true) {
            long n = Libc.read(fd, address, len);
            if (n >= 0) {
                return n;
            }
            int errno = Native.getLastError();
            if (errno == EAGAIN) {
                return WOULD_BLOCK;
            }
            if (errno != EINTR) {
                throw failure("read() of descriptor " + fd, errno);
            }
        }
    }

    /**
     * Writes at most {@code len} bytes from native memory. A write of at most {@link #PIPE_BUF} bytes is all or
     * nothing.
     *
     * @return the number written, {@link #WOULD_BLOCK} if the pipe is full, or {@link #BROKEN} if it has no reader
     */
    public static long write(int fd, long address, long len) throws IOException {
        while (true) {
            long n = Libc.write(fd, address, len);
            if (n >= 0) {
                return n;
            }
            int errno = Native.getLastError();
            if (errno == EAGAIN) {
                return WOULD_BLOCK;
            }
            if (errno == EPIPE) {
                return BROKEN;
            }
            if (errno != EINTR) {
                throw failure("write() to descriptor " + fd, errno);
            }
        }
    }

    /**
     * Waits at most {@code millis} until {@code fd} can be read (data or end of stream) or, with {@code out},
     * written (room, or no reader left). A signal ends the wait early.
     *
     * @param millis how long to wait, 0 to ask without waiting
     * @return whether it is ready
     */
    public static boolean poll(int fd, boolean out, int millis) throws IOException {
        int events = out ? POLLOUT : POLLIN;
        // struct pollfd { int fd; short events; short revents; }, as two ints
        int[] pfd = {fd, LITTLE_ENDIAN ? events : events << 16};
        int r = Libc.poll(pfd, 1, millis);
        if (r < 0) {
            int errno = Native.getLastError();
            if (errno == EINTR) {
                return false;
            }
            throw failure("poll() of descriptor " + fd, errno);
        }
        return r > 0; // any revents: ready, hung up (end of stream, no reader) or in error (the next call says)
    }

    /**
     * Asks the kernel to give the pipe of {@code fd} at least {@code size} bytes of buffer.
     *
     * @return the pipe's size afterwards, or -1 if it cannot be told
     */
    public static int growPipe(int fd, int size) {
        int r = Libc.fcntl(fd, F_SETPIPE_SZ, size);
        return r >= 0 ? r : Libc.fcntl(fd, F_GETPIPE_SZ, 0);
    }

    /**
     * Takes the exclusive {@code flock} of the pipe of {@code fd} without waiting: held per open file description,
     * so it excludes the writers of every other process (and of every other descriptor opened through /proc).
     *
     * @return whether it was taken
     */
    public static boolean tryLock(int fd) throws IOException {
        while (true) {
            if (Libc.flock(fd, LOCK_EX | LOCK_NB) == 0) {
                return true;
            }
            int errno = Native.getLastError();
            if (errno == EAGAIN) {
                return false;
            }
            if (errno != EINTR) {
                throw failure("flock() of descriptor " + fd, errno);
            }
        }
    }

    /** Releases what {@link #tryLock} took. */
    public static void unlock(int fd) {
        Libc.flock(fd, LOCK_UN);
    }

    /** Closes {@code fd}, quietly: Linux releases the descriptor even when {@code close} reports an error. */
    public static void close(int fd) {
        if (fd >= 0) {
            Libc.close(fd);
        }
    }

    private static IOException failure(String call, int errno) {
        return new IOException(call + " failed with errno " + errno);
    }

    /** The C library's calls through JNA's direct mapping; initialized, and JNA loaded, on first use. */
    private static final class Libc {

        static {
            Native.register(Libc.class, CLibrary.get());
        }

        private Libc() {}

        /*
         * Pointers and size_t travel as long, which is their width on LP64 Linux (amd64, aarch64). open and fcntl
         * are variadic; the direct mapping calls them as fixed-argument functions, which passes the arguments in
         * the same registers there (see Futex.Libc).
         */
        static native int pipe2(int[] fds, int flags);

        static native int open(byte[] path, int flags, int mode);

        static native long read(int fd, long buf, long count);

        static native long write(int fd, long buf, long count);

        static native int poll(int[] fds, long nfds, int timeout);

        static native int fcntl(int fd, int cmd, long arg);

        static native int flock(int fd, int operation);

        static native int close(int fd);
    }
}
