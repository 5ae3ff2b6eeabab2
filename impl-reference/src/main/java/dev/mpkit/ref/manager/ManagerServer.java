package dev.mpkit.ref.manager;

import dev.mpkit.ProcessTarget;
import dev.mpkit.ref.codec.Codec;
import dev.mpkit.ref.os.Frames;
import dev.mpkit.ref.os.Pids;
import dev.mpkit.ref.os.UnixSocketConnection;
import dev.mpkit.ref.os.UnixSocketListener;
import java.io.IOException;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The manager's server, in its own JVM: listens on the socket, proves and checks the key on every connection,
 * then serves each connection's requests in a thread of its own until the creator asks it to shut down.
 */
/* Overview
 *
 * The server is an ordinary daemonic child of the creating process: it ends when its run() returns, after a
 * SHUTDOWN request, and, like any daemonic child, when its creator exits (the exit sequence terminates it) or dies
 * (the child sees its parent's end and halts, DAEMON-08), so it never outlives its creator (MGR-10).
 *
 * A connection thread reads a request only after the handshake has succeeded: a client without the key is
 * refused before anything it sends is looked at, and changes nothing (MGR-08).
 */
final class ManagerServer {

    private final UnixSocketListener listener;
    private final byte[] key;
    private final String name;
    private final Map<Long, Object> objects = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Set<UnixSocketConnection> connections = ConcurrentHashMap.newKeySet();
    private final CountDownLatch stop = new CountDownLatch(1);

    private ManagerServer(UnixSocketListener listener, byte[] key, String name) {
        this.listener = listener;
        this.key = key;
        this.name = name;
    }

    /** The server process's target: arguments socket path, key, name. */
    static final class Target implements ProcessTarget {
        private static final long serialVersionUID = 1L;

        @Override
        public void run(Object... args) throws Exception {
            UnixSocketListener listener = UnixSocketListener.bind(Paths.get((String) args[0]));
            new ManagerServer(listener, (byte[]) args[1], (String) args[2]).serve();
        }
    }

    private void serve() throws InterruptedException {
        Thread acceptor = new Thread(this::acceptLoop, "mpkit-manager-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        stop.await();
        listener.close(); // removes the socket file: nobody connects any more
        for (UnixSocketConnection c : connections) {
            c.close();
        }
    }

    private void acceptLoop() {
        for (;;) {
            UnixSocketConnection c;
            try {
                c = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            connections.add(c);
            Thread t = new Thread(() -> serve(c), "mpkit-manager-connection");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(UnixSocketConnection c) {
        try {
            Handshake.server(c, key); // MGR-08: before any request is read
            for (;;) {
                Frames.Frame f = c.receive(-1);
                if (f == null || f.type != Protocol.REQUEST) {
                    return; // the client has gone
                }
                Object[] request = (Object[]) Codec.decode(f.body, 0, f.body.length);
                Object[] reply;
                try {
                    reply = handle(request);
                } catch (RuntimeException e) {
                    reply = error("[MGR] the server failed on request " + request[0] + ": " + e);
                }
                c.send(Protocol.REPLY, Codec.encode(reply));
                if ((Integer) request[0] == Protocol.SHUTDOWN) {
                    stop.countDown();
                    return;
                }
            }
        } catch (IOException | SecurityException | ClassCastException | InterruptedException e) {
            // a refused or broken client: drop the connection, and nothing else
        } finally {
            connections.remove(c);
            c.close();
        }
    }

    private static Object[] ok(Object value) {
        return new Object[] {Protocol.OK, value};
    }

    private static Object[] no() {
        return new Object[] {Protocol.NO, null};
    }

    private static Object[] error(String message) {
        return new Object[] {Protocol.ERROR, message};
    }

    private static Object[] okOrError(String refusal) {
        return refusal == null ? ok(null) : error(refusal);
    }

    private static long slice(Object nanos) {
        return Math.max(0, Math.min((Long) nanos, Protocol.SLICE_NANOS));
    }

    private Object[] handle(Object[] r) throws InterruptedException {
        int op = (Integer) r[0];
        switch (op) {
            case Protocol.CREATE:
                return ok(create((Integer) r[2], (Integer) r[3]));
            case Protocol.INFO:
                return ok(new Object[] {Pids.current(), name});
            case Protocol.SHUTDOWN:
                return ok(null);
            default:
                break;
        }
        Object o = objects.get((Long) r[1]);
        if (o == null) {
            return error("[MGR] the server holds no object with id " + r[1]);
        }
        switch (op) {
            case Protocol.PUT:
                return ((ServerObjects.Queue) o).put((byte[]) r[2], slice(r[3])) ? ok(null) : no();
            case Protocol.GET: {
                byte[] item = ((ServerObjects.Queue) o).get(slice(r[2]));
                return item != null ? ok(item) : no();
            }
            case Protocol.QSIZE:
                return ok(((ServerObjects.Queue) o).size());
            case Protocol.FULL:
                return ok(((ServerObjects.Queue) o).isFull());
            case Protocol.TASK_DONE:
                return ((ServerObjects.Queue) o).taskDone() ? ok(null)
                        : error("[MGR-06] taskDone() called more times than items were put"); // MGR-06
            case Protocol.JOIN:
                return ((ServerObjects.Queue) o).join(slice(r[2])) ? ok(null) : no();
            case Protocol.ACQUIRE:
                if (o instanceof ServerObjects.Lock) {
                    return ((ServerObjects.Lock) o).acquire((Long) r[3], (Long) r[4], slice(r[2])) ? ok(null) : no();
                }
                return ((ServerObjects.Semaphore) o).acquire(slice(r[2])) ? ok(null) : no();
            case Protocol.RELEASE:
                if (o instanceof ServerObjects.Lock) {
                    return okOrError(((ServerObjects.Lock) o).release((Long) r[2], (Long) r[3]));
                }
                return okOrError(((ServerObjects.Semaphore) o).release());
            case Protocol.HOLD_COUNT:
                return ok(((ServerObjects.Lock) o).holdCount((Long) r[2], (Long) r[3]));
            case Protocol.VALUE:
                if (o instanceof ServerObjects.Lock) {
                    return ok(((ServerObjects.Lock) o).describe());
                }
                return ok(((ServerObjects.Semaphore) o).value());
            default:
                return error("[MGR] unknown request " + op);
        }
    }

    private long create(int kind, int parameter) {
        Object o;
        switch (kind) {
            case Protocol.QUEUE: o = new ServerObjects.Queue(parameter, false); break;
            case Protocol.JOINABLE_QUEUE: o = new ServerObjects.Queue(parameter, true); break;
            case Protocol.LOCK: o = new ServerObjects.Lock(false); break;
            case Protocol.RLOCK: o = new ServerObjects.Lock(true); break;
            case Protocol.SEMAPHORE: o = new ServerObjects.Semaphore(parameter, false); break;
            case Protocol.BOUNDED_SEMAPHORE: o = new ServerObjects.Semaphore(parameter, true); break;
            default: throw new IllegalArgumentException("unknown kind " + kind);
        }
        long id = ids.incrementAndGet();
        objects.put(id, o);
        return id;
    }
}
