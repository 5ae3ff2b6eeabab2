package dev.mpkit.ref.os;

import java.io.EOFException;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * One side of the two pipes between a pool and its worker process, opened by path ({@code /proc/<pid>/fd/<n>}) as plain JDK
 * streams, carrying messages: a type byte, the length of the rest (int, big-endian), the rest. The worker's side
 * needs no native code and no socket, whose first use costs a fresh JVM about 25 ms (the JDK makes a
 * {@code SecureRandom} for a Unix-domain socket's first use), so a worker costs hardly more to start than a plain
 * child.
 *
 * <p>One thread may receive while others send. The pool's side receives through a {@link FileChannel}, which
 * {@link #close()} from another thread wakes; the worker's side, which receives and closes on one thread, through the
 * plain stream, so that a fresh worker JVM pays nothing for NIO (a channel's first use costs it a few ms, while both
 * cores are busy booting workers). Sending writes through a {@link FileOutputStream}, which a thread's interrupt
 * neither breaks nor closes (POOL-35: the interrupt is kept for the caller). In ref.os, the OS seam: {@code /proc}
 * and file channels stay there.
 */
public final class WorkerLink implements AutoCloseable {

    /** Messages up to this size are written with their header in one write. */
    private static final int JOIN_LIMIT = 1 << 16;

    private final FileInputStream inStream;
    /** The channel that receiving reads through, or null: the stream. */
    private final FileChannel in;
    private final FileOutputStream out;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).flip();
    private final Object sendLock = new Object();
    private byte[] joined = new byte[256];

    /**
     * Opens the pipes that {@code pid} holds as descriptors {@code readFd} (to read from) and {@code writeFd} (to
     * write to).
     *
     * @param closeable whether {@link #close()} from another thread must wake a thread blocked in {@link #receive()}
     *     (reads then go through a {@link FileChannel}); without, only the receiving thread may close
     * @throws IOException if a descriptor is gone, or is no pipe end this process may open
     */
    public static WorkerLink open(long pid, int readFd, int writeFd, boolean closeable) throws IOException {
        FileInputStream in = new FileInputStream(procPath(pid, readFd));
        try {
            return new WorkerLink(in, new FileOutputStream(procPath(pid, writeFd)), closeable);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static String procPath(long pid, int fd) {
        return "/proc/" + pid + "/fd/" + fd;
    }

    private WorkerLink(FileInputStream in, FileOutputStream out, boolean closeable) {
        this.inStream = in;
        this.in = closeable ? in.getChannel() : null;
        this.out = out;
    }

    /** Sends {@code len} bytes of {@code b} from {@code off} as one message; its first byte is its type. */
    public void send(byte[] b, int off, int len) throws IOException {
        if (len < 1) {
            throw new IllegalArgumentException("a message has at least its type byte");
        }
        synchronized (sendLock) {
            if (len <= JOIN_LIMIT) {
                if (joined.length < len + 4) {
                    joined = new byte[Math.max(len + 4, 2 * joined.length)];
                }
                joined[0] = b[off];
                putInt(joined, 1, len - 1);
                System.arraycopy(b, off + 1, joined, 5, len - 1);
                out.write(joined, 0, len + 4);
            } else {
                byte[] header = new byte[5];
                header[0] = b[off];
                putInt(header, 1, len - 1);
                out.write(header);
                out.write(b, off + 1, len - 1);
            }
        }
    }

    /** Sends a whole message. */
    public void send(byte[] m) throws IOException {
        send(m, 0, m.length);
    }

    /**
     * The next message: its type byte, then the rest.
     *
     * @return the message, or {@code null} at end of stream (every writer of the pipe has gone)
     * @throws EOFException if the stream ends inside a message
     */
    public byte[] receive() throws IOException {
        if (!fill(5)) {
            if (buffer.hasRemaining()) {
                throw new EOFException("end of stream inside a message header");
            }
            return null;
        }
        byte type = buffer.get();
        int length = buffer.getInt();
        if (length < 0 || length > (1 << 30)) {
            throw new IOException("bad message length " + length);
        }
        byte[] m = new byte[1 + length];
        m[0] = type;
        int off = 1;
        int n = Math.min(buffer.remaining(), length);
        buffer.get(m, off, n);
        off += n;
        if (off < m.length) {
            ByteBuffer rest = ByteBuffer.wrap(m, off, m.length - off); // straight into the message
            while (rest.hasRemaining()) {
                if (read(rest) < 0) {
                    throw new EOFException("end of stream inside a message of " + length + " bytes");
                }
            }
        }
        return m;
    }

    /** Whether a message has begun to arrive, or the stream has ended; never waits. */
    public boolean poll() throws IOException {
        return buffer.hasRemaining() || inStream.available() > 0;
    }

    /** Makes at least {@code n} bytes readable in the buffer; false if the stream ended first. */
    private boolean fill(int n) throws IOException {
        while (buffer.remaining() < n) {
            buffer.compact();
            int r;
            try {
                r = read(buffer);
            } finally {
                buffer.flip();
            }
            if (r < 0) {
                return false;
            }
        }
        return true;
    }

    /** Reads into {@code b}, a heap buffer, as a channel does: the count, or -1 at end of stream. */
    private int read(ByteBuffer b) throws IOException {
        if (in != null) {
            return in.read(b);
        }
        int r = inStream.read(b.array(), b.arrayOffset() + b.position(), b.remaining());
        if (r > 0) {
            b.position(b.position() + r);
        }
        return r;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    /** Closes both directions; a thread blocked in {@link #receive()} leaves it with an exception. */
    @Override
    public void close() {
        try {
            inStream.close(); // and its channel, if it has one
        } catch (IOException ignored) {
            // already closed
        }
        try {
            out.close();
        } catch (IOException ignored) {
            // the other side has gone
        }
    }
}
