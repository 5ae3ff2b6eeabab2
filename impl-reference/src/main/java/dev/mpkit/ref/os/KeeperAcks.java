package dev.mpkit.ref.os;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

/**
 * This process's Unix-domain socket in the run directory on which children acknowledge, with a token, that they
 * have taken what a parent kept for them; it exists only while something is awaited.
 */
/* Overview
 *
 * A token is awaited from expect() until its acknowledgement arrives or forget() drops it. The first expect()
 * binds the socket (<run directory>/acks-<pid>.sock) and starts a daemon accept thread; the forget() or
 * acknowledgement that leaves nothing awaited closes the socket and removes its file, so that no file outlives
 * the starts it served (a JVM that halts in between leaves it to the run directory's removal). An
 * acknowledgement is one connection carrying the 8-byte token, big-endian.
 */
public final class KeeperAcks {

    private static final Path SOCKET = SharedMemoryFiles.runDirectory().resolve("acks-" + Pids.current() + ".sock");
    private static final Object LOCK = new Object();
    private static final Map<Long, Runnable> AWAITED = new HashMap<>(); // guarded by LOCK
    private static ServerSocketChannel server; // guarded by LOCK

    private KeeperAcks() {}

    /** The socket on which this process awaits acknowledgements. */
    public static Path socketPath() {
        return SOCKET;
    }

    /**
     * Awaits {@code token}: {@code onAck} runs once, on the accept thread, when a process acknowledges it.
     *
     * @return the socket to acknowledge on, or {@code null} if none can be bound here (a run directory whose path
     *     is too long for a socket address, or not writable): then nothing is awaited
     */
    public static String expect(long token, Runnable onAck) {
        synchronized (LOCK) {
            if (server == null) {
                try {
                    server = bind();
                } catch (IOException | RuntimeException e) {
                    return null;
                }
                ServerSocketChannel s = server;
                Thread t = new Thread(() -> acceptLoop(s), "mpkit-pipe-acks");
                t.setDaemon(true);
                t.start();
            }
            AWAITED.put(token, onAck);
            return socketPath().toString();
        }
    }

    /** Stops awaiting {@code token}; closes the socket once nothing is awaited. Does nothing if not awaited. */
    public static void forget(long token) {
        synchronized (LOCK) {
            if (AWAITED.remove(token) != null && AWAITED.isEmpty()) {
                closeServer();
            }
        }
    }

    /** How many tokens are awaited: for tests. */
    public static int awaited() {
        synchronized (LOCK) {
            return AWAITED.size();
        }
    }

    /**
     * Acknowledges {@code token} to the process listening on {@code socket}.
     *
     * @return whether the acknowledgement was delivered; a process that has ended, or that no longer awaits
     *     acknowledgements, cannot take it
     */
    public static boolean acknowledge(String socket, long token) {
        if (socket == null) {
            return false;
        }
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ByteBuffer b = ByteBuffer.allocate(Long.BYTES).putLong(token).flip();
            while (b.hasRemaining()) {
                ch.write(b);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static ServerSocketChannel bind() throws IOException {
        Path path = socketPath();
        Path dir = path.getParent();
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectories(dir.getParent());
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException raced) {
                // another process of this run made it
            }
        }
        Files.deleteIfExists(path); // left by an earlier process with this pid, halted while awaiting
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            s.bind(UnixDomainSocketAddress.of(path), 64);
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot bind the pipe acknowledgement socket " + path + ": " + e, e);
        }
        return s;
    }

    private static void closeServer() {
        ServerSocketChannel s = server;
        server = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closed anyway
            }
            try {
                Files.deleteIfExists(socketPath());
            } catch (IOException ignored) {
                // the run directory's removal takes it
            }
        }
    }

    private static void acceptLoop(ServerSocketChannel s) {
        while (true) {
            long token;
            try (SocketChannel ch = s.accept()) {
                ByteBuffer b = ByteBuffer.allocate(Long.BYTES);
                while (b.hasRemaining() && ch.read(b) >= 0) {
                    // until the token is complete, or the peer gave up
                }
                if (b.hasRemaining()) {
                    continue;
                }
                token = b.flip().getLong();
            } catch (IOException e) {
                return; // closed: nothing awaited any more
            }
            Runnable onAck;
            synchronized (LOCK) {
                onAck = AWAITED.remove(token);
                if (onAck != null && AWAITED.isEmpty()) {
                    closeServer();
                }
            }
            if (onAck != null) {
                try {
                    onAck.run();
                } catch (RuntimeException ignored) {
                    // the keeper's own concern
                }
            }
        }
    }
}
