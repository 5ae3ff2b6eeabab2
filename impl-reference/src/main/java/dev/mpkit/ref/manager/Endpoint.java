package dev.mpkit.ref.manager;

import dev.mpkit.ref.codec.Codec;
import dev.mpkit.ref.os.Frames;
import dev.mpkit.ref.os.UnixSocketConnection;
import java.io.IOException;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A manager's server as this process reaches it: one authenticated connection per thread, made on first use and
 * kept (one connection per process, thread and server).
 */
final class Endpoint {

    private static final ConcurrentHashMap<String, Endpoint> ALL = new ConcurrentHashMap<>();

    final String address;
    private final byte[] key;
    private final ThreadLocal<UnixSocketConnection> connection = new ThreadLocal<>();
    private final Set<UnixSocketConnection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    private Endpoint(String address, byte[] key) {
        this.address = address;
        this.key = key.clone();
    }

    /** This process's endpoint for the server at {@code address} reached with {@code key}. */
    static Endpoint of(String address, byte[] key) {
        return ALL.computeIfAbsent(address + "#" + Base64.getEncoder().encodeToString(key),
                k -> new Endpoint(address, key));
    }

    byte[] key() {
        return key.clone();
    }

    boolean keyEquals(byte[] other) {
        return Arrays.equals(key, other);
    }

    /**
     * Makes sure this thread has an authenticated connection.
     *
     * @throws SecurityException if the server refuses the key (MGR-08)
     * @throws IllegalStateException if the server is not running (MGR-09)
     */
    UnixSocketConnection connection() {
        if (stopped) {
            throw notRunning(null);
        }
        UnixSocketConnection c = connection.get();
        if (c != null && c.isOpen()) {
            return c;
        }
        try {
            c = UnixSocketConnection.connect(Paths.get(address));
        } catch (IOException e) {
            throw notRunning(e); // MGR-09: no socket file, or nobody listening on it
        }
        try {
            Handshake.client(c, key); // MGR-08
        } catch (IOException e) {
            c.close();
            throw notRunning(e);
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        connection.set(c);
        open.add(c);
        return c;
    }

    /**
     * Sends {@code request} on this thread's connection and returns the reply's value.
     *
     * @return the reply: { status, value }
     * @throws IllegalStateException if the server is not running or the connection broke (MGR-09), or with the
     *     server's message if the request was refused
     */
    Object[] call(Object... request) {
        UnixSocketConnection c = connection();
        Object[] reply;
        try {
            c.send(Protocol.REQUEST, Codec.encode(request));
            Frames.Frame f = c.receive(-1);
            if (f == null) {
                throw new IOException("the server closed the connection");
            }
            reply = (Object[]) Codec.decode(f.body, 0, f.body.length);
        } catch (IOException | ClassCastException e) {
            drop(c);
            throw notRunning(e); // MGR-09
        }
        if ((Integer) reply[0] == Protocol.ERROR) {
            throw new IllegalStateException((String) reply[1]);
        }
        return reply;
    }

    /** Closes this thread's connection, if it has one; the next call makes a new one. */
    void dropThisThreadsConnection() {
        UnixSocketConnection c = connection.get();
        if (c != null) {
            drop(c);
        }
    }

    private void drop(UnixSocketConnection c) {
        c.close();
        open.remove(c);
        if (connection.get() == c) {
            connection.remove();
        }
    }

    /** The server is known to have stopped: every later call in this process fails at once (MGR-09). */
    void markStopped() {
        stopped = true;
        for (UnixSocketConnection c : open) {
            c.close();
        }
        open.clear();
    }

    IllegalStateException notRunning(Exception cause) {
        return new IllegalStateException("[MGR-09] manager is not running: the server at " + address
                + " cannot be reached" + (cause == null ? " (it was shut down)" : " (" + cause + ")"), cause);
    }
}
