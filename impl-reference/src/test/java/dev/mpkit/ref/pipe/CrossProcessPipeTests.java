package dev.mpkit.ref.pipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.ChildProcess;
import dev.mpkit.Connection;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.Pipe;
import dev.mpkit.ref.os.KeeperAcks;
import dev.mpkit.ref.os.SharedMemoryFiles;
import dev.mpkit.ref.process.ReferenceContext;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Pipes between real JVMs: ends passed to children (and grandchildren), end of stream, keepers released. */
@Timeout(120)
class CrossProcessPipeTests {

    private static MultiprocessingContext mp;

    @BeforeAll
    static void context() {
        mp = new ReferenceContext("reference");
    }

    @AfterAll
    static void removeTheRunDirectory() {
        SharedMemoryFiles.deleteIfOwned();
    }

    private static void joinedWithCodeZero(ChildProcess p) throws InterruptedException {
        assertTrue(p.join(Duration.ofSeconds(60)), "child did not end");
        assertEquals(OptionalInt.of(0), p.exitCode());
    }

    @Test
    void aChildEchoesUntilEndOfStreamEvenIfTheParentClosesItsCopyAtOnce() throws Exception {
        Set<String> fdsBefore = PipeFds.open();
        Pipe pipe = mp.newPipe(true);
        ChildProcess echo = mp.newProcess(args -> {
            try (Connection conn = (Connection) args[0]) {
                while (true) {
                    conn.send(conn.recv());
                }
            } catch (EOFException parentClosed) {
                // done
            }
        }, pipe.right());
        echo.start();
        pipe.right().close(); // races the child's reopening of the keeper: the keeper holds the pipe meanwhile
        try (Connection conn = pipe.left()) {
            for (int i = 0; i < 100; i++) {
                conn.send("ping " + i);
                assertEquals("ping " + i, conn.recv());
            }
            byte[] big = new byte[3 << 20];
            new Random(7).nextBytes(big);
            conn.send(big);
            assertArrayEquals(big, (byte[]) conn.recv());
        }
        joinedWithCodeZero(echo);
        echo.close();
        assertEquals(0, KeeperAcks.awaited());
        assertEquals(Set.of(), PipeFds.newSince(fdsBefore));
        assertNoAckSocketLeft();
    }

    @Test
    void endOfStreamNeedsEveryCopyClosed() throws Exception {
        Pipe pipe = mp.newPipe(false);
        ChildProcess writer = mp.newProcess(args -> {
            Connection w = (Connection) args[0];
            w.send("hello");
            w.close();
        }, pipe.writer());
        writer.start();
        try (Connection r = pipe.reader()) {
            assertEquals("hello", r.recv());
            joinedWithCodeZero(writer);
            assertFalse(r.poll(Duration.ofMillis(300))); // PIPE-15: the parent's copy of the writer is open
            pipe.writer().close();
            assertThrows(EOFException.class, r::recv);
        }
    }

    @Test
    void aCapturedEndWorksInTheChild() throws Exception {
        Pipe pipe = mp.newPipe(true);
        Connection childEnd = pipe.right();
        ChildProcess doubler = mp.newProcess(args -> {
            childEnd.send(2 * (Integer) childEnd.recv());
            childEnd.close();
        });
        doubler.start();
        childEnd.close();
        try (Connection c = pipe.left()) {
            c.send(21);
            assertEquals(42, c.recv());
            assertThrows(EOFException.class, c::recv);
        }
        joinedWithCodeZero(doubler);
    }

    @Test
    void aKilledHolderMeansEndOfStreamAndASendThatFails() throws Exception {
        Pipe pipe = mp.newPipe(true);
        ChildProcess holder = mp.newProcess(args -> {
            Connection c = (Connection) args[0];
            c.send("ready");
            Thread.sleep(60_000);
        }, pipe.right());
        holder.start();
        pipe.right().close();
        try (Connection c = pipe.left()) {
            assertEquals("ready", c.recv());
            holder.kill();
            assertTrue(holder.join(Duration.ofSeconds(30)));
            assertThrows(EOFException.class, c::recv); // PIPE-14
            assertEquals("[PIPE-17] the other end of the pipe is closed",
                    assertThrows(IOException.class, () -> c.send("anyone?")).getMessage());
        }
    }

    @Test
    void aGrandchildSendsOnItsCopyAndAChildProcessFieldCarriesAnEnd() throws Exception {
        Pipe pipe = mp.newPipe(false);
        ChildProcess child = new Forwarder(mp, pipe.writer());
        child.start();
        pipe.writer().close();
        try (Connection r = pipe.reader()) {
            assertEquals("from the child", r.recv());
            assertEquals("from the grandchild", r.recv());
            assertThrows(EOFException.class, r::recv);
        }
        joinedWithCodeZero(child);
    }

    /** A ChildProcess subclass holding an end as a field (PIPE-20), which it passes on to a grandchild. */
    static final class Forwarder extends ChildProcess {
        private static final long serialVersionUID = 1L;
        private final Connection out;

        Forwarder(MultiprocessingContext mp, Connection out) {
            super(mp);
            this.out = out;
        }

        @Override
        public void run() throws Exception {
            {
                out.send("from the child");
                MultiprocessingContext ctx = new ReferenceContext("reference");
                ChildProcess grandchild = ctx.newProcess(args -> {
                    try (Connection c = (Connection) args[0]) {
                        c.send("from the grandchild");
                    }
                }, out);
                grandchild.start();
                out.close();
                grandchild.join();
                if (grandchild.exitCode().orElse(-1) != 0) {
                    throw new IllegalStateException("grandchild failed: " + grandchild.exitCode());
                }
            }
        }
    }

    @Test
    void sixtyFourMebibytesCrossIntactAndFast() throws Exception {
        for (boolean duplex : new boolean[] {false, true}) {
            Pipe pipe = mp.newPipe(duplex);
            ChildProcess sender = mp.newProcess(args -> {
                try (Connection w = (Connection) args[0]) {
                    byte[] m = new byte[1 << 20];
                    for (int i = 0; i < 200; i++) { // bandwidth: 1 MiB messages
                        w.sendBytes(m);
                    }
                    byte[] big = new byte[64 << 20];
                    new Random(64).nextBytes(big);
                    w.sendBytes(big);
                }
            }, pipe.right());
            sender.start();
            pipe.right().close();
            try (Connection r = pipe.left()) {
                r.recvBytes(); // the child has started
                long t0 = System.nanoTime();
                for (int i = 1; i < 200; i++) {
                    assertEquals(1 << 20, r.recvBytes().length);
                }
                long ns = System.nanoTime() - t0;
                System.out.printf("pipe(duplex=%s) 1 MiB messages: %.0f MB/s%n", duplex, 199 * 1048576.0 * 1e3 / ns);
                byte[] expected = new byte[64 << 20];
                new Random(64).nextBytes(expected);
                byte[] got = r.recvBytes();
                assertTrue(Arrays.equals(expected, got), "64 MiB message differs");
                assertThrows(EOFException.class, r::recvBytes);
            }
            joinedWithCodeZero(sender);
        }
    }

    @Test
    void roundTripsOfEightBytes() throws Exception {
        Pipe pipe = mp.newPipe(true);
        ChildProcess echo = mp.newProcess(args -> {
            try (Connection c = (Connection) args[0]) {
                byte[] b = new byte[8];
                while (true) {
                    int n = c.recvBytesInto(b);
                    c.sendBytes(b, 0, n);
                }
            } catch (EOFException done) {
                // parent closed
            }
        }, pipe.right());
        echo.start();
        pipe.right().close();
        try (Connection c = pipe.left()) {
            byte[] m = new byte[8];
            for (int round = 0; round < 3; round++) {
                int n = 5000;
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    c.sendBytes(m);
                    c.recvBytesInto(m);
                }
                System.out.printf("pipe 8-byte round trip: %.1f us%n", (System.nanoTime() - t0) / 1e3 / n);
            }
        }
        joinedWithCodeZero(echo);
    }

    private static void assertNoAckSocketLeft() throws IOException {
        Path dir = SharedMemoryFiles.runDirectory();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(0, files.filter(f -> f.getFileName().toString().startsWith("acks-")).count());
            }
        }
    }
}
