package dev.mpkit.ref.manager;

import dev.mpkit.ChildProcess;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.ProcessOptions;
import dev.mpkit.SyncManager;
import dev.mpkit.ref.os.RuntimeDirs;
import dev.mpkit.ref.os.SharedMemoryFiles;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/** How the reference context starts a manager's server and connects to one (MGR). */
public final class Managers {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private Managers() {}

    /**
     * Starts a server as a daemonic child of this process, through {@code context}'s ordinary process path, and
     * returns its manager once it accepts connections (MGR-01).
     */
    public static SyncManager start(MultiprocessingContext context) {
        byte[] key = new byte[32];
        Keys.RANDOM.nextBytes(key); // MGR-08: made here, handed to the server as an argument
        Path directory = SharedMemoryFiles.createPrivateDirectory("manager"); // MGR-11: mode 0700
        String address = directory.resolve("manager.sock").toString();
        String name = "SyncManager-" + COUNTER.incrementAndGet();
        ChildProcess server;
        try {
            server = context.newProcess(ProcessOptions.defaults().name(name).daemon(true), // MGR-01
                    new ManagerServer.Target(), address, key, name);
            server.start();
        } catch (RuntimeException | Error e) {
            RuntimeDirs.delete(directory);
            throw e;
        }
        Endpoint endpoint = Endpoint.of(address, key);
        awaitListening(server, endpoint, directory);
        return new SocketSyncManager(endpoint, server, directory);
    }

    /**
     * Waits until the server accepts an authenticated connection, or fails if it ends first. An interrupt of the
     * caller does not cut the wait short (the server is starting either way); it is kept for the caller.
     */
    private static void awaitListening(ChildProcess server, Endpoint endpoint, Path directory) {
        long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        long pause = TimeUnit.MICROSECONDS.toNanos(500);
        boolean interrupted = false;
        try {
            for (;;) {
                interrupted |= Thread.interrupted(); // an interrupted status would cut every pause short
                try {
                    endpoint.connection();
                    return;
                } catch (IllegalStateException notYet) {
                    if (!server.isAlive() || System.nanoTime() - deadline > 0) {
                        if (server.isAlive()) {
                            server.kill();
                        }
                        RuntimeDirs.delete(directory);
                        throw new IllegalStateException("[MGR-01] the manager's server " + server.name()
                                + " did not start listening: " + server, notYet);
                    }
                }
                LockSupport.parkNanos(pause); // the server JVM is starting: try again shortly
                pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(10));
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Connects to the server at {@code address}, proving {@code key} (MGR-08).
     *
     * @throws SecurityException if the server refuses the key: {@code "[MGR-08] authentication failed…"}
     * @throws IllegalStateException if no server runs there (MGR-09)
     */
    public static SyncManager connect(String address, byte[] key) {
        Objects.requireNonNull(address, "address must not be null");
        Objects.requireNonNull(key, "authKey must not be null");
        Endpoint endpoint = Endpoint.of(address, key);
        endpoint.connection(); // MGR-08: refused here if the key is wrong
        Object[] info = (Object[]) endpoint.call(Protocol.INFO, 0L)[1];
        return new SocketSyncManager(endpoint, (Long) info[0], (String) info[1]);
    }

    /** The key source; a holder, so that a process that makes no manager never seeds a SecureRandom. */
    private static final class Keys {
        static final SecureRandom RANDOM = new SecureRandom();
    }
}
