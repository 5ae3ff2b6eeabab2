package dev.mpkit.ref.manager;

import dev.mpkit.ChildProcess;
import dev.mpkit.JoinableQueue;
import dev.mpkit.ProcessInfo;
import dev.mpkit.SharedLock;
import dev.mpkit.SharedQueue;
import dev.mpkit.SharedRLock;
import dev.mpkit.SharedSemaphore;
import dev.mpkit.SyncManager;
import dev.mpkit.ref.os.JvmProcess;
import dev.mpkit.ref.os.RuntimeDirs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A manager whose server listens on a Unix-domain socket: the creator's, which owns the server process, or a
 * client's from {@code connectManager}, which owns only its connections.
 */
final class SocketSyncManager implements SyncManager {

    private static final Duration EXIT_WAIT = Duration.ofSeconds(10);

    private final Endpoint endpoint;
    private final ChildProcess server;
    private final Path directory;
    private final ProcessInfo info;
    private volatile boolean shutDown;

    /** The creator's manager. */
    SocketSyncManager(Endpoint endpoint, ChildProcess server, Path directory) {
        this.endpoint = endpoint;
        this.server = server;
        this.directory = directory;
        this.info = server;
    }

    /** A client's manager, connected already. */
    SocketSyncManager(Endpoint endpoint, long serverPid, String serverName) {
        this.endpoint = endpoint;
        this.server = null;
        this.directory = null;
        this.info = new ServerInfo(serverName, serverPid);
    }

    private long create(int kind, int parameter) {
        if (shutDown) {
            throw new IllegalStateException("[MGR-09] manager is not running: " + (server != null
                    ? "it was shut down" : "this connection to " + endpoint.address + " was closed"));
        }
        return (Long) endpoint.call(Protocol.CREATE, 0L, kind, parameter)[1];
    }

    private ProxyRef ref(int kind, int parameter) {
        return new ProxyRef(endpoint.address, endpoint.key(), create(kind, parameter), kind, parameter);
    }

    private static void checkValue(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("value must be >= 0, was " + value); // MGR-05
        }
    }

    @Override
    public <E> SharedQueue<E> newQueue() {
        return newQueue(0);
    }

    @Override
    public <E> SharedQueue<E> newQueue(int maxSize) {
        return new QueueProxy<>(ref(Protocol.QUEUE, Math.max(0, maxSize)));
    }

    @Override
    public <E> JoinableQueue<E> newJoinableQueue(int maxSize) {
        return new JoinableQueueProxy<>(ref(Protocol.JOINABLE_QUEUE, Math.max(0, maxSize)));
    }

    @Override
    public SharedLock newLock() {
        return new LockProxy(ref(Protocol.LOCK, 0));
    }

    @Override
    public SharedRLock newRLock() {
        return new RLockProxy(ref(Protocol.RLOCK, 0));
    }

    @Override
    public SharedSemaphore newSemaphore(int value) {
        checkValue(value);
        return new SemaphoreProxy(ref(Protocol.SEMAPHORE, value));
    }

    @Override
    public SharedSemaphore newBoundedSemaphore(int value) {
        checkValue(value);
        return new SemaphoreProxy(ref(Protocol.BOUNDED_SEMAPHORE, value));
    }

    @Override
    public String address() {
        return endpoint.address;
    }

    @Override
    public byte[] authKey() {
        return endpoint.key();
    }

    @Override
    public ProcessInfo process() {
        return info;
    }

    @Override
    public synchronized void shutdown() {
        if (shutDown) {
            return; // MGR-09: twice is a no-op
        }
        shutDown = true;
        if (server == null) {
            endpoint.dropThisThreadsConnection(); // a client drops its connection; the server goes on
            return;
        }
        try {
            endpoint.call(Protocol.SHUTDOWN, 0L);
        } catch (IllegalStateException | SecurityException e) {
            // the server is gone already, or not reachable: stopped below all the same
        }
        endpoint.markStopped(); // MGR-09: every proxy in this process fails at once from now on
        try {
            if (!server.join(EXIT_WAIT)) {
                server.terminate();
                if (!server.join(EXIT_WAIT)) {
                    server.kill();
                    server.join();
                }
            }
        } catch (InterruptedException e) {
            server.kill();
            Thread.currentThread().interrupt();
        } finally {
            RuntimeDirs.delete(directory);
        }
    }

    @Override
    public String toString() {
        return "<SyncManager " + info.name() + " at " + endpoint.address + (shutDown ? " shut down>" : ">");
    }

    /** What a client knows of the server process. */
    private static final class ServerInfo implements ProcessInfo {
        private final String name;
        private final long pid;

        ServerInfo(String name, long pid) {
            this.name = name;
            this.pid = pid;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public OptionalLong pid() {
            return OptionalLong.of(pid);
        }

        @Override
        public boolean isDaemon() {
            return true;
        }

        @Override
        public boolean isAlive() {
            return JvmProcess.isRunning(pid);
        }

        @Override
        public OptionalInt exitCode() {
            return OptionalInt.empty();
        }
    }
}
