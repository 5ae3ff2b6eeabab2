package dev.mpkit.ref.os;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiConsumer;

/**
 * The parent's listening Unix-domain socket that child JVMs connect back to, in a private directory.
 *
 * <p>Every child sends HELLO (token, pid) first; the server hands the channel to {@code onHello}.
 */
public final class ControlServer implements AutoCloseable {

    private final Path socket;
    private final ServerSocketChannel server;
    private final Thread acceptor;
    private volatile boolean closed;

    private ControlServer(Path socket, ServerSocketChannel server, BiConsumer<Long, ControlChannel> onHello) {
        this.socket = socket;
        this.server = server;
        this.acceptor = new Thread(() -> acceptLoop(onHello), "mpkit-control-acceptor");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /** Binds a new server in {@code dir}. */
    public static ControlServer open(Path dir, BiConsumer<Long, ControlChannel> onHello) throws IOException {
        Path socket = dir.resolve("control.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket), 256);
        return new ControlServer(socket, server, onHello);
    }

    public Path socket() {
        return socket;
    }

    private void acceptLoop(BiConsumer<Long, ControlChannel> onHello) {
        while (!closed) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                return;
            }
            Thread handshake = new Thread(() -> handshake(ch, onHello), "mpkit-control-hello");
            handshake.setDaemon(true);
            handshake.start();
        }
    }

    private static void handshake(SocketChannel ch, BiConsumer<Long, ControlChannel> onHello) {
        ControlChannel c = new ControlChannel(ch);
        try {
            Frames.Frame hello = c.receive();
            if (hello == null || hello.type != Frames.HELLO || hello.body.length != 16) {
                c.close();
                return;
            }
            onHello.accept(Frames.longAt(hello.body, 0), c);
        } catch (IOException e) {
            c.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // the directory sweep removes it
        }
    }
}
