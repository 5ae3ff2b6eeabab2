package dev.mpkit.ref.os;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/** A listening Unix-domain socket whose file only the current user may use (mode 0600). */
public final class UnixSocketListener implements AutoCloseable {

    private final Path path;
    private final ServerSocketChannel server;
    /** For {@link #accept(long)}: made at its first call, which makes the listener non-blocking. */
    private volatile Selector acceptSelector;

    private UnixSocketListener(Path path, ServerSocketChannel server) {
        this.path = path;
        this.server = server;
    }

    /** Binds a new socket file at {@code path}, in a directory that should be private already. */
    public static UnixSocketListener bind(Path path) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path), 64);
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return new UnixSocketListener(path, server);
    }

    public Path path() {
        return path;
    }

    /**
     * Waits for the next connection.
     *
     * @throws IOException once the listener is closed
     */
    public UnixSocketConnection accept() throws IOException {
        return new UnixSocketConnection(server.accept());
    }

    /**
     * Waits at most about {@code timeoutNanos} for the next connection; a listener used so must not be used with
     * {@link #accept()}. An interrupt ends the wait early and stays set.
     *
     * @return the connection, or {@code null} if none came in time
     * @throws IOException once the listener is closed
     */
    public synchronized UnixSocketConnection accept(long timeoutNanos) throws IOException {
        if (acceptSelector == null) {
            server.configureBlocking(false);
            acceptSelector = Selector.open();
            server.register(acceptSelector, SelectionKey.OP_ACCEPT);
        }
        SocketChannel ch = server.accept();
        if (ch == null) {
            boolean interrupted = Thread.interrupted();
            try {
                acceptSelector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos)));
                acceptSelector.selectedKeys().clear();
            } catch (java.nio.channels.ClosedSelectorException e) {
                throw new java.nio.channels.AsynchronousCloseException(); // closed by another thread
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            ch = server.accept();
        }
        return ch == null ? null : new UnixSocketConnection(ch);
    }

    /** Stops listening and removes the socket file; a thread blocked in {@link #accept()} gets an exception. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        Selector selector = acceptSelector;
        if (selector != null) {
            try {
                selector.close();
            } catch (IOException ignored) {
                // nothing to release
            }
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // the run directory's removal takes it
        }
    }
}
