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
 * channel would be closed by it. The interrupted status is kept for the caller to act on.
 */
public final class UnixSocketConnection implements AutoCloseable {

    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final ByteBuffer in = ByteBuffer.allocate(1 << 16).flip();

    UnixSocketConnection(SocketChannel channel) throws IOException {
        this.channel = channel;
        try {
            channel.configureBlocking(false);
            this.selector = Selector.open();
            this.key = channel.register(selector, 0);
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
        while (frame.hasRemaining()) {
            if (channel.write(frame) == 0) {
                await(SelectionKey.OP_WRITE, -1);
            }
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
        byte type = in.get();
        if (!fill(4, -1)) {
            return null;
        }
        int length = in.getInt();
        if (length < 0 || length > (1 << 30)) {
            throw new IOException("bad frame length " + length);
        }
        byte[] body = new byte[length];
        int off = 0;
        while (off < length) {
            if (!fill(1, -1)) {
                throw new EOFException("end of stream in a frame of " + length + " bytes");
            }
            int n = Math.min(in.remaining(), length - off);
            in.get(body, off, n);
            off += n;
        }
        return new Frames.Frame(type, body);
    }

    /** Makes at least {@code n} (at most 4) bytes readable in {@code in}; false at end of stream. */
    private boolean fill(int n, long deadline) throws IOException {
        while (in.remaining() < n) {
            in.compact();
            int r;
            try {
                r = readSome();
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
                await(SelectionKey.OP_READ, left);
            }
        }
        return true;
    }

    /**
     * Reads what is there: the byte count, 0 if nothing is, -1 at end of stream. A peer that exited with bytes of
     * ours unread resets the connection instead of closing it: that is its end of stream too.
     */
    private int readSome() throws IOException {
        try {
            return channel.read(in);
        } catch (java.net.SocketException e) {
            return -1; // "Connection reset": the peer is gone
        }
    }

    /** Waits until the channel is ready for {@code op}, or {@code nanos} (forever if negative) have passed. */
    private void await(int op, long nanos) throws IOException {
        boolean interrupted = Thread.interrupted(); // an interrupted status would make select() return at once
        try {
            key.interestOps(op);
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
            selector.close();
        } catch (IOException ignored) {
            // nothing to release
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // the peer is gone
        }
    }
}
