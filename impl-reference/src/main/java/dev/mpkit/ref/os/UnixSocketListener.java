package dev.mpkit.ref.os;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A listening Unix-domain socket whose file only the current user may use (mode 0600). */
public final class UnixSocketListener implements AutoCloseable {

    private final Path path;
    private final ServerSocketChannel server;

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

    /** Stops listening and removes the socket file; a thread blocked in {@link #accept()} gets an exception. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // the run directory's removal takes it
        }
    }
}
