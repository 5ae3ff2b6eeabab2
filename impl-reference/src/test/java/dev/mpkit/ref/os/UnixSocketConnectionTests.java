package dev.mpkit.ref.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The message methods of {@link UnixSocketConnection} that pool workers use: whole messages of any size, a poll that
 * never waits, a reader and a writer at once on one connection, and the end of the stream however the peer ends.
 */
class UnixSocketConnectionTests {

    @TempDir
    Path dir;

    /** Two connected ends: [0] the accepted one, [1] the connecting one. */
    private UnixSocketConnection[] pair(UnixSocketListener listener) throws Exception {
        CompletableFuture<UnixSocketConnection> client = CompletableFuture.supplyAsync(() -> {
            try {
                return UnixSocketConnection.connect(listener.path());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        UnixSocketConnection accepted = listener.accept(TimeUnit.SECONDS.toNanos(10));
        assertNotNull(accepted, "no connection within 10 s");
        return new UnixSocketConnection[] {accepted, client.get(10, TimeUnit.SECONDS)};
    }

    private static byte[] message(byte type, int bodyLength, int seed) {
        byte[] m = new byte[1 + bodyLength];
        m[0] = type;
        for (int i = 1; i < m.length; i++) {
            m[i] = (byte) (i * 31 + seed);
        }
        return m;
    }

    @Test
    void messagesOfEverySizeArriveWholeAndInOrder() throws Exception {
        try (UnixSocketListener listener = UnixSocketListener.bind(dir.resolve("a.sock"))) {
            UnixSocketConnection[] p = pair(listener);
            int[] sizes = {0, 1, 4, 5, 1000, 65_535, 65_536, 65_537, 1 << 20};
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < sizes.length; i++) {
                        byte[] m = message((byte) (i + 1), sizes[i], i);
                        // from the middle of a larger array: offset and length are honoured
                        byte[] padded = new byte[m.length + 7];
                        System.arraycopy(m, 0, padded, 3, m.length);
                        p[1].sendMessage(padded, 3, m.length);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            for (int i = 0; i < sizes.length; i++) {
                assertArrayEquals(message((byte) (i + 1), sizes[i], i), p[0].receiveMessage(), "message " + i);
            }
            sent.get(10, TimeUnit.SECONDS);
            p[1].close();
            assertNull(p[0].receiveMessage(), "end of stream after the peer closed");
            p[0].close();
        }
    }

    @Test
    void pollNeverWaitsAndSaysWhetherAMessageBegan() throws Exception {
        try (UnixSocketListener listener = UnixSocketListener.bind(dir.resolve("b.sock"))) {
            UnixSocketConnection[] p = pair(listener);
            long t0 = System.nanoTime();
            assertFalse(p[0].poll());
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1), "poll() waited");
            p[1].sendMessage(new byte[] {9, 1, 2}, 0, 3);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            boolean began = false;
            while (!began && System.nanoTime() < deadline) {
                began = p[0].poll();
            }
            assertTrue(began, "poll() never saw the message");
            assertArrayEquals(new byte[] {9, 1, 2}, p[0].receiveMessage());
            p[0].close();
            p[1].close();
        }
    }

    @Test
    void aReaderAndAWriterOnEachEndAtOnceNeverDeadlock() throws Exception {
        // both directions carry far more than the socket buffers hold, so each writer waits for the other end's reader
        int count = 64;
        byte[] big = message((byte) 3, 1 << 18, 5);
        try (UnixSocketListener listener = UnixSocketListener.bind(dir.resolve("c.sock"))) {
            UnixSocketConnection[] p = pair(listener);
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                CompletableFuture<?>[] all = new CompletableFuture<?>[4];
                for (int side = 0; side < 2; side++) {
                    UnixSocketConnection c = p[side];
                    all[2 * side] = CompletableFuture.runAsync(() -> {
                        try {
                            for (int i = 0; i < count; i++) {
                                c.sendMessage(big, 0, big.length);
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    all[2 * side + 1] = CompletableFuture.runAsync(() -> {
                        try {
                            for (int i = 0; i < count; i++) {
                                if (!Arrays.equals(big, c.receiveMessage())) {
                                    throw new IllegalStateException("message " + i + " differs");
                                }
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                }
                CompletableFuture.allOf(all).get();
            });
            p[0].close();
            p[1].close();
        }
    }

    @Test
    void aPeerThatClosesWithOurBytesUnreadIsTheEndOfTheStream() throws Exception {
        try (UnixSocketListener listener = UnixSocketListener.bind(dir.resolve("d.sock"))) {
            UnixSocketConnection[] p = pair(listener);
            p[1].sendMessage(new byte[] {4, 4}, 0, 2);
            p[0].sendMessage(new byte[] {7}, 0, 1); // never read by p[1]: its close resets the connection
            p[1].close();
            assertArrayEquals(new byte[] {4, 4}, p[0].receiveMessage());
            assertNull(p[0].receiveMessage(), "a reset is the end of the stream, not an error");
            p[0].close();
        }
    }

    @Test
    void acceptWithATimeoutReturnsNullWhenNobodyConnects() throws Exception {
        try (UnixSocketListener listener = UnixSocketListener.bind(dir.resolve("e.sock"))) {
            long t0 = System.nanoTime();
            assertNull(listener.accept(TimeUnit.MILLISECONDS.toNanos(50)));
            assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(40), "returned before the timeout");
        }
        assertFalse(dir.resolve("e.sock").toFile().exists(), "close() removes the socket file");
        assertEquals(0, dir.toFile().list().length);
    }
}
