package dev.mpkit.ref.os;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One end of a Unix-domain stream connection carrying {@link Frames}, whose waits a thread's interrupt does not
 * break: the channel is non-blocking and waits in a selector, which an interrupt only wakes, where a blocking
 * channel would be closed by it. The interrupted status is kept for the caller to act on. One thread may receive
 * while another sends: each direction waits in a selector of its own.
 */
public final class UnixSocketConnection implements AutoCloseable {

    private final SocketChannel channel;
    private final Selector readSelector;
    /** Made at the first send that has to wait: most connections never wait to send. */
    private volatile Selector writeSelector;
    private final ByteBuffer in = ByteBuffer.allocate(1 << 16).flip();
    private final ByteBuffer header = ByteBuffer.allocate(5);
    private final ByteBuffer[] gather = new ByteBuffer[2];

    UnixSocketConnection(SocketChannel channel) throws IOException {
        this.channel = channel;
        try {
            channel.configureBlocking(false);
            this.readSelector = Selector.open();
            channel.register(readSelector, SelectionKey.OP_READ);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Connects to the socket at {@code path}.
     *
     * @throws IOException if nothing listens there (the file is missing or the listener has gone)
     */
    public static UnixSocketConnection connect(Path path) throws IOException {
        boolean interrupted = Thread.interrupted(); // a blocking connect would be closed by the interrupt
        try {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(path));
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            return new UnixSocketConnection(ch);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Sends one frame, waiting while the socket's buffer is full. */
    public void send(byte type, byte[] body) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(5 + body.length);
        frame.put(type).putInt(body.length).put(body).flip();
        synchronized (header) {
            while (frame.hasRemaining()) {
                if (channel.write(frame) == 0) {
                    awaitWritable();
                }
            }
        }
    }

    /**
     * Sends {@code len} bytes of {@code b} from {@code off} as one frame whose type is their first byte, without
     * copying them; {@link #receiveMessage()} returns them whole. Waits while the socket's buffer is full.
     */
    public void sendMessage(byte[] b, int off, int len) throws IOException {
        if (len < 1) {
            throw new IllegalArgumentException("a message has at least its type byte");
        }
        synchronized (header) {
            header.clear();
            header.put(b[off]).putInt(len - 1).flip();
            gather[0] = header;
            gather[1] = ByteBuffer.wrap(b, off + 1, len - 1);
            while (gather[1].hasRemaining() || header.hasRemaining()) {
                if (channel.write(gather) == 0) {
                    awaitWritable();
                }
            }
            gather[1] = null;
        }
    }

    /**
     * Reads the next frame, sent by {@link #sendMessage}, as one array: its type byte, then its body.
     *
     * @return the message, or {@code null} at end of stream
     */
    public byte[] receiveMessage() throws IOException {
        if (!fill(5, -1)) {
            return null;
        }
        byte type = in.get();
        int length = in.getInt();
        if (length < 0 || length > (1 << 30)) {
            throw new IOException("bad frame length " + length);
        }
        byte[] m = new byte[1 + length];
        m[0] = type;
        read(m, 1, length);
        return m;
    }

    /** Whether a frame has begun to arrive, so that receiving it does not wait for it to begin; never waits. */
    public boolean poll() throws IOException {
        if (in.hasRemaining()) {
            return true;
        }
        in.compact();
        int r;
        try {
            r = readSome(in);
        } finally {
            in.flip();
        }
        return r != 0; // at end of stream too: receiving then returns at once
    }

    /**
     * Reads what is there into {@code dst}: the byte count, 0 if nothing is, -1 at end of stream. A peer that
     * exited with bytes of ours unread resets the connection instead of closing it: that is its end of stream too.
     */
    private int readSome(ByteBuffer dst) throws IOException {
        try {
            return channel.read(dst);
        } catch (java.net.SocketException e) {
            return -1; // "Connection reset": the peer is gone
        }
    }

    /**
     * Reads the next frame, waiting at most {@code timeoutNanos} for it to begin, or forever if negative.
     *
     * @return the frame, or {@code null} at end of stream
     * @throws java.net.SocketTimeoutException if no frame began in time
     */
    public Frames.Frame receive(long timeoutNanos) throws IOException {
        long deadline = timeoutNanos < 0 ? -1 : System.nanoTime() + timeoutNanos;
        if (!fill(1, deadline)) {
            return null;
        }
        if (!fill(5, -1)) {
            return null;
        }
        byte type = in.get();
        int length = in.getInt();
        if (length < 0 || length > (1 << 30)) {
            throw new IOException("bad frame length " + length);
        }
        byte[] body = new byte[length];
        read(body, 0, length);
        return new Frames.Frame(type, body);
    }

    /** Reads exactly {@code length} bytes into {@code b} at {@code off}: the rest of a frame. */
    private void read(byte[] b, int off, int length) throws IOException {
        int end = off + length;
        while (off < end) {
            if (!in.hasRemaining() && end - off >= in.capacity()) {
                // a large rest goes straight into the array, not through the buffer
                ByteBuffer direct = ByteBuffer.wrap(b, off, end - off);
                int r = readSome(direct);
                if (r < 0) {
                    throw new EOFException("end of stream in a frame of " + length + " bytes");
                }
                if (r == 0) {
                    await(-1);
                }
                off += Math.max(r, 0);
                continue;
            }
            if (!fill(1, -1)) {
                throw new EOFException("end of stream in a frame of " + length + " bytes");
            }
            int n = Math.min(in.remaining(), end - off);
            in.get(b, off, n);
            off += n;
        }
    }

    /** Makes at least {@code n} (at most 5) bytes readable in {@code in}; false at end of stream. */
    private boolean fill(int n, long deadline) throws IOException {
        while (in.remaining() < n) {
            in.compact();
            int r;
            try {
                r = readSome(in);
            } finally {
                in.flip();
            }
            if (r < 0) {
                return false;
            }
            if (r == 0) {
                long left = deadline < 0 ? -1 : deadline - System.nanoTime();
                if (deadline >= 0 && left <= 0) {
                    throw new java.net.SocketTimeoutException("no frame within the timeout");
                }
                await(left);
            }
        }
        return true;
    }

    /** Waits until the channel is readable, or {@code nanos} (forever if negative) have passed. */
    private void await(long nanos) throws IOException {
        select(readSelector, nanos);
    }

    /** Waits until the channel is writable; the caller holds the send lock. */
    private void awaitWritable() throws IOException {
        Selector selector = writeSelector;
        if (selector == null) {
            selector = Selector.open();
            try {
                channel.register(selector, SelectionKey.OP_WRITE);
            } catch (IOException | RuntimeException e) {
                selector.close();
                throw e;
            }
            writeSelector = selector;
            if (!channel.isOpen()) { // closed meanwhile: close() may have missed the new selector
                selector.close();
            }
        }
        select(selector, -1);
    }

    private static void select(Selector selector, long nanos) throws IOException {
        boolean interrupted = Thread.interrupted(); // an interrupted status would make select() return at once
        try {
            if (nanos < 0) {
                selector.select();
            } else {
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
            }
            selector.selectedKeys().clear();
        } catch (java.nio.channels.ClosedSelectorException | java.nio.channels.CancelledKeyException e) {
            throw new java.nio.channels.AsynchronousCloseException(); // closed by another thread
        } finally {
            if (interrupted || Thread.interrupted()) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether this end is still open. */
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() {
        try {
            readSelector.close();
        } catch (IOException ignored) {
            // nothing to release
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // the peer is gone
        }
        Selector w = writeSelector;
        if (w != null) {
            try {
                w.close();
            } catch (IOException ignored) {
                // nothing to release
            }
        }
    }
}
