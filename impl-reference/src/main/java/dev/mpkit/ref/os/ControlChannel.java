package dev.mpkit.ref.os;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/** One end of the Unix-domain control connection between a parent JVM and one child JVM. */
public final class ControlChannel implements AutoCloseable {

    private final SocketChannel channel;
    private final DataInputStream in;
    private final DataOutputStream out;

    ControlChannel(SocketChannel channel) {
        this.channel = channel;
        // Not Channels.newInputStream/newOutputStream: those share the channel's blocking lock, so a thread
        // blocked reading would block every writer.
        this.in = new DataInputStream(new BufferedInputStream(new ChannelIn(channel), 1 << 16));
        this.out = new DataOutputStream(new BufferedOutputStream(new ChannelOut(channel), 1 << 16));
    }

    /** Connects to the parent's control socket (called in the child). */
    public static ControlChannel connect(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        return new ControlChannel(ch);
    }

    public void send(byte type, byte[] body) throws IOException {
        Frames.write(out, type, body);
    }

    /** Reads the next frame; {@code null} once the other side has gone. */
    public Frames.Frame receive() throws IOException {
        return Frames.read(in);
    }

    /**
     * Ends input: a thread blocked reading this channel sees end of stream at once. A JVM halts faster without
     * threads blocked in native reads (HotSpot waits up to 300 ms for them).
     */
    public void shutdownInput() {
        try {
            channel.shutdownInput();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a socket whose peer is gone
        }
    }

    private static final class ChannelIn extends InputStream {
        private final SocketChannel ch;

        ChannelIn(SocketChannel ch) {
            this.ch = ch;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int n;
            do {
                n = ch.read(ByteBuffer.wrap(b, off, len));
            } while (n == 0);
            return n;
        }
    }

    private static final class ChannelOut extends OutputStream {
        private final SocketChannel ch;

        ChannelOut(SocketChannel ch) {
            this.ch = ch;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
    }
}
