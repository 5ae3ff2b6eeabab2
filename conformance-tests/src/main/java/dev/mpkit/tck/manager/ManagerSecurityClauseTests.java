package dev.mpkit.tck.manager;

import static dev.mpkit.tck.manager.ManagerChecks.assertRefused;
import static dev.mpkit.tck.manager.ManagerChecks.bounded;
import static dev.mpkit.tck.manager.ManagerChecks.boundedRun;
import static dev.mpkit.tck.manager.ManagerChecks.shutdown;
import static dev.mpkit.tck.manager.ManagerChecks.startManager;
import static dev.mpkit.tck.manager.ManagerChecks.thrownBy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.MultiprocessingContext;
import dev.mpkit.SharedQueue;
import dev.mpkit.SyncManager;
import dev.mpkit.tck.support.Clause;
import dev.mpkit.tck.support.ClauseTests;
import dev.mpkit.tck.support.ProcessTree;
import dev.mpkit.tck.support.Timeouts;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Who may reach a manager's server: holders of its key (MGR-08), and on a filesystem only its user (MGR-11). */
@ClauseTests
class ManagerSecurityClauseTests {

    // ------------------------------------------------------------------------------------------ MGR-08

    /**
     * connectManager(address(), authKey()) connects to the same server: its process() has the server's pid, a queue
     * it creates works, and closing it leaves the server running and the first manager's objects intact.
     * authKey() is not empty and returns a copy.
     * <p>If this fails, check that connectManager connects to the given address instead of starting a server.
     */
    @Clause("MGR-08")
    @Test
    void mgr08_theKeyHolderConnectsToTheSameServer(MultiprocessingContext mp) throws Exception {
        SyncManager m = startManager(mp, "MGR-08");
        SyncManager c = null;
        try {
            byte[] key = m.authKey();
            assertTrue(key != null && key.length > 0, "[MGR-08] authKey() is " + (key == null ? "null" : "empty"));
            byte[] copy = key.clone();
            key[0] ^= 1;
            assertArrayEquals(copy, m.authKey(), "[MGR-08] authKey() returned the manager's own array: changing"
                    + " it changed the key");
            String address = m.address();
            assertTrue(address != null && !address.isEmpty(), "[MGR-08] address() is '" + address + "'");
            SharedQueue<Object> q = m.newQueue();
            boundedRun("[MGR-08] put()", () -> q.put("kept"));
            c = (SyncManager) bounded("[MGR-08] connectManager(address(), authKey())",
                    () -> mp.connectManager(address, copy));
            long pid = m.process().pid().orElseThrow();
            assertEquals(pid, c.process().pid().orElse(-1), "[MGR-08] process().pid() of the manager"
                    + " connectManager(address(), authKey()) returned; expected the server's pid " + pid);
            SyncManager connected = c;
            SharedQueue<Object> cq = connected.newQueue();
            boundedRun("[MGR-08] put() on a queue of the connected manager", () -> cq.put("through the connection"));
            assertEquals("through the connection", bounded("[MGR-08] get()", () -> cq.get(Timeouts.MUST_HAPPEN)),
                    "[MGR-08] get() on a queue the connected manager created");
            boundedRun("[MGR-08] close() of the connected manager", () -> connected.close());
            c = null;
            assertTrue(m.process().isAlive() && ProcessTree.isAlive(pid), "[MGR-08] close() of a manager from"
                    + " connectManager() stopped the server " + pid);
            assertEquals(1, bounded("[MGR-08] qsize()", q::qsize), "[MGR-08] qsize() of the first manager's queue"
                    + " after a connected manager was closed");
            assertEquals("kept", bounded("[MGR-08] get()", () -> q.get(Timeouts.MUST_HAPPEN)), "[MGR-08] get() on"
                    + " the first manager's queue after a connected manager was closed");
        } finally {
            shutdown(c, m);
        }
    }

    /**
     * connectManager with a wrong key (one bit flipped, one byte short, one byte more, a zero byte more, random)
     * or an empty key
     * throws SecurityException "[MGR-08] authentication failed", and the refused attempts, and a client that writes
     * garbage to the server's socket, change nothing: a queue keeps its two items in order, the server runs and
     * serves, and a client with the key still connects.
     * <p>If this fails, check that the server proves the client's key (HMAC challenge) before it reads any request,
     * and closes a connection that fails, without stopping or changing anything else; and that the HMAC key is not
     * the raw key, which HMAC pads with zeros (the reference uses the key's SHA-256).
     */
    @Clause("MGR-08")
    @Test
    void mgr08_aWrongOrEmptyKeyIsRefusedAndChangesNothing(MultiprocessingContext mp) throws Exception {
        SyncManager m = startManager(mp, "MGR-08");
        SyncManager c = null;
        try {
            byte[] key = m.authKey();
            String address = m.address();
            SharedQueue<Object> q = m.newQueue();
            boundedRun("[MGR-08] put()", () -> {
                q.put("first");
                q.put("second");
            });
            Map<String, byte[]> wrongKeys = new LinkedHashMap<>();
            byte[] flipped = key.clone();
            flipped[flipped.length - 1] ^= 1;
            wrongKeys.put("the key with its last bit flipped", flipped);
            wrongKeys.put("an empty key", new byte[0]);
            wrongKeys.put("the key less its last byte", Arrays.copyOf(key, key.length - 1));
            byte[] longer = Arrays.copyOf(key, key.length + 1);
            longer[key.length] = 0x5a;
            wrongKeys.put("the key and one byte more", longer);
            // HMAC pads a short key with zeros, so a plain HMAC under the key (CPython's) lets this one in too
            wrongKeys.put("the key and a zero byte more", Arrays.copyOf(key, key.length + 1));
            byte[] random = new byte[32];
            new SplittableRandom(5).nextBytes(random);
            wrongKeys.put("32 other bytes", random);
            for (Map.Entry<String, byte[]> wrong : wrongKeys.entrySet()) {
                SyncManager[] got = new SyncManager[1];
                Throwable t = thrownBy("[MGR-08] connectManager() with " + wrong.getKey(),
                        () -> got[0] = mp.connectManager(address, wrong.getValue()));
                shutdown(got[0]);
                assertRefused("MGR-08", SecurityException.class, "[MGR-08] authentication failed", t,
                        "connectManager(address(), " + wrong.getKey() + ")");
            }
            String garbage = writeGarbage(address);
            long pid = m.process().pid().orElseThrow();
            assertTrue(m.process().isAlive() && ProcessTree.isAlive(pid), "[MGR-08] the server " + pid + " stopped"
                    + " after refused connections" + garbage);
            assertEquals(2, bounded("[MGR-08] qsize()", q::qsize), "[MGR-08] qsize() of a queue holding 2 items"
                    + " after refused connections" + garbage);
            SyncManager connected = (SyncManager) bounded("[MGR-08] connectManager(address(), authKey())",
                    () -> mp.connectManager(address, key));
            c = connected;
            assertEquals(pid, c.process().pid().orElse(-1), "[MGR-08] process().pid() of a manager connected after"
                    + " refused connections");
            SharedQueue<Object> cq = connected.newQueue();
            boundedRun("[MGR-08] put() on a queue of a manager connected after refused connections", () -> {
                cq.put("served");
            });
            assertEquals("served", bounded("[MGR-08] get()", () -> cq.get(Timeouts.MUST_HAPPEN)), "[MGR-08] get()"
                    + " on a queue of a manager connected after refused connections");
            assertEquals("first", bounded("[MGR-08] get()", () -> q.get(Timeouts.MUST_HAPPEN)), "[MGR-08] first item"
                    + " of a queue after refused connections" + garbage);
            assertEquals("second", bounded("[MGR-08] get()", () -> q.get(Timeouts.MUST_HAPPEN)), "[MGR-08] second"
                    + " item of a queue after refused connections" + garbage);
        } finally {
            shutdown(c, m);
        }
    }

    /**
     * If {@code address} is a Unix domain socket, connects to it as a client without the key would, writes 4 KiB of
     * garbage and closes; returns a note for failure messages ("" if the address is not a socket path).
     */
    private static String writeGarbage(String address) throws Exception {
        Path path = asPath(address);
        if (path == null || !Files.exists(path, LinkOption.NOFOLLOW_LINKS) || Files.isRegularFile(path)
                || Files.isDirectory(path)) {
            return "";
        }
        byte[] bytes = new byte[4096];
        new SplittableRandom(7).nextBytes(bytes);
        boundedRun("[MGR-08] a client writing garbage to " + path, () -> {
            try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                ch.configureBlocking(false);
                for (int i = 0; i < 100 && b.hasRemaining(); i++) {
                    ch.write(b); // never blocks: a server that reads nothing leaves the rest unsent
                }
            } catch (IOException e) {
                // the server closed the connection: refused, as it should be
            }
        });
        return " and a client that wrote 4 KiB of garbage to the socket " + path;
    }

    /** The address as an absolute filesystem path, or {@code null} if it is none. */
    private static Path asPath(String address) {
        try {
            Path p = Paths.get(address);
            return p.isAbsolute() ? p : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------------------------------ MGR-11

    /**
     * If address() names a filesystem path, the current user owns it and neither group nor others have any
     * permission on it, and its directory, owned by the user, is writable by neither group nor others.
     * <p>If this fails, check that the socket is created in a private directory (mode 0700) with mode 0600, as
     * CPython's {@code mkdtemp} directory is.
     */
    @Clause("MGR-11")
    @Test
    void mgr11_theServersSocketIsPrivateToItsUser(MultiprocessingContext mp) throws Exception {
        SyncManager m = startManager(mp, "MGR-11");
        try {
            String address = m.address();
            Path path = asPath(address);
            Assumptions.assumeTrue(path != null && Files.exists(path, LinkOption.NOFOLLOW_LINKS), "[MGR-11] does"
                    + " not apply: address() '" + address + "' names no filesystem path");
            String user = System.getProperty("user.name");
            Set<PosixFilePermission> open = EnumSet.of(PosixFilePermission.GROUP_READ,
                    PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
                    PosixFilePermission.OTHERS_EXECUTE);
            Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(path,
                    LinkOption.NOFOLLOW_LINKS));
            perms.retainAll(open);
            assertTrue(perms.isEmpty(), "[MGR-11] the server's address " + path + " grants " + perms + "; expected no"
                    + " permission for group or others");
            assertEquals(user, Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName(), "[MGR-11] the owner of"
                    + " the server's address " + path);
            Path dir = path.getParent();
            Set<PosixFilePermission> dirPerms = EnumSet.copyOf(Files.getPosixFilePermissions(dir));
            dirPerms.retainAll(EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE));
            assertTrue(dirPerms.isEmpty(), "[MGR-11] the directory " + dir + " of the server's address grants "
                    + dirPerms + "; expected it writable by its user only, so that nobody else can replace the"
                    + " socket");
            assertEquals(user, Files.getOwner(dir).getName(), "[MGR-11] the owner of the directory " + dir
                    + " of the server's address");
        } finally {
            shutdown(m);
        }
    }
}
