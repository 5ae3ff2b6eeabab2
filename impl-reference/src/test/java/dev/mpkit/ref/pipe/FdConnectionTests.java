package dev.mpkit.ref.pipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.BufferTooShortException;
import dev.mpkit.Connection;
import dev.mpkit.Pipe;
import dev.mpkit.ref.os.SharedMemoryFiles;
import java.io.EOFException;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A connection's contract within one JVM: directions, framing, errors, end of stream, interrupts. */
@Timeout(60)
class FdConnectionTests {

    private static final ExecutorService RUNNER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "pipe-test-runner");
        t.setDaemon(true);
        return t;
    });

    @AfterAll
    static void removeTheRunDirectory() {
        SharedMemoryFiles.deleteIfOwned();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void twoWayEndsBothSendAndReceive() throws Exception {
        Pipe p = Pipes.newPipe(true);
        try (Connection a = p.left(); Connection b = p.right()) {
            assertTrue(a.isReadable() && a.isWritable() && b.isReadable() && b.isWritable());
            a.send("to b");
            b.send("to a");
            assertEquals("to b", b.recv());
            assertEquals("to a", a.recv());
        }
    }

    @Test
    void aOneWayPipeRefusesTheWrongDirectionAndChangesNothing() throws Exception {
        Pipe p = Pipes.newPipe(false);
        try (Connection r = p.reader(); Connection w = p.writer()) {
            assertTrue(r.isReadable());
            assertFalse(r.isWritable());
            assertFalse(w.isReadable());
            assertTrue(w.isWritable());
            assertEquals("[PIPE-03] connection is read-only",
                    assertThrows(IllegalStateException.class, () -> r.send(1)).getMessage());
            assertThrows(IllegalStateException.class, () -> r.sendBytes(new byte[1]));
            for (Op op : List.<Op>of(w::recv, w::recvBytes, () -> w.recvBytes(3), () -> w.recvBytesInto(new byte[4]),
                    w::poll, () -> w.poll(Duration.ofMillis(10)))) {
                assertEquals("[PIPE-03] connection is write-only",
                        assertThrows(IllegalStateException.class, op::run).getMessage());
            }
            assertFalse(r.poll());
            w.send(7);
            assertEquals(7, r.recv());
        }
    }

    @Test
    void messagesArriveWholeAndInOrder() throws Exception {
        Pipe p = Pipes.newPipe(false);
        try (Connection r = p.reader(); Connection w = p.writer()) {
            w.sendBytes(bytes("a"));
            w.sendBytes(bytes("b"));
            w.sendBytes(bytes("cd"));
            w.sendBytes(new byte[0]);
            assertArrayEquals(bytes("a"), r.recvBytes());
            assertArrayEquals(bytes("b"), r.recvBytes());
            assertArrayEquals(bytes("cd"), r.recvBytes());
            assertTrue(r.poll()); // PIPE-10: an empty message is pending
            assertArrayEquals(new byte[0], r.recvBytes());
            assertFalse(r.poll());
        }
    }

    @Test
    void recvReturnsAnEqualDistinctCopy() throws Exception {
        Pipe p = Pipes.newPipe(true);
        Map<String, Object> map = new HashMap<>();
        map.put("k", new ArrayList<>(Arrays.asList(1, null, "x", new Point(3, 4))));
        List<Object> values = Arrays.asList(null, "s", 42, 42L, 2.5, new int[] {1, 2}, map, new Point(1, 2));
        try (Connection a = p.left(); Connection b = p.right()) {
            for (Object v : values) {
                a.send(v);
                Object got = b.recv();
                if (v instanceof int[]) {
                    assertArrayEquals((int[]) v, (int[]) got);
                } else {
                    assertEquals(v, got);
                }
                if (v != null && !(v instanceof String) && !(v instanceof Number)) {
                    assertNotSame(v, got);
                }
            }
        }
    }

    record Point(int x, int y) implements Serializable {}

    @Test
    void sendBytesSendsExactlyTheSliceAndChecksItFirst() throws Exception {
        Pipe p = Pipes.newPipe(false);
        try (Connection r = p.reader(); Connection w = p.writer()) {
            byte[] ten = bytes("abcdefghij");
            w.sendBytes(ten, 2, 3);
            w.sendBytes(ten, 10, 0);
            assertArrayEquals(bytes("cde"), r.recvBytes());
            assertArrayEquals(new byte[0], r.recvBytes());
            assertEquals("[PIPE-06] offset 11 is beyond the buffer of 10 bytes",
                    assertThrows(IndexOutOfBoundsException.class, () -> w.sendBytes(ten, 11, 0)).getMessage());
            assertEquals("[PIPE-06] offset -1 is negative",
                    assertThrows(IndexOutOfBoundsException.class, () -> w.sendBytes(ten, -1, 1)).getMessage());
            assertEquals("[PIPE-06] size -1 is negative",
                    assertThrows(IndexOutOfBoundsException.class, () -> w.sendBytes(ten, 0, -1)).getMessage());
            assertEquals("[PIPE-06] offset 2 + size 9 is beyond the buffer of 10 bytes",
                    assertThrows(IndexOutOfBoundsException.class, () -> w.sendBytes(ten, 2, 9)).getMessage());
            assertFalse(r.poll()); // nothing sent
        }
    }

    @Test
    void recvBytesIntoWritesAtTheOffsetOrHandsOverTheWholeMessage() throws Exception {
        Pipe p = Pipes.newPipe(false);
        try (Connection r = p.reader(); Connection w = p.writer()) {
            byte[] buf = new byte[6];
            w.sendBytes(bytes("abc"));
            assertEquals(3, r.recvBytesInto(buf, 2));
            assertArrayEquals(new byte[] {0, 0, 'a', 'b', 'c', 0}, buf);
            w.sendBytes(bytes("abcdef"));
            BufferTooShortException e = assertThrows(BufferTooShortException.class, () -> r.recvBytesInto(buf, 1));
            assertEquals("[PIPE-07] message of 6 bytes does not fit into buffer of 6 bytes at offset 1",
                    e.getMessage());
            assertArrayEquals(bytes("abcdef"), e.fullMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> r.recvBytesInto(buf, -1));
            assertEquals("[PIPE-07] offset 7 is beyond the buffer of 6 bytes",
                    assertThrows(IndexOutOfBoundsException.class, () -> r.recvBytesInto(buf, 7)).getMessage());
            w.sendBytes(bytes("xy"));
            assertEquals(2, r.recvBytesInto(buf, 4)); // still usable, nothing consumed by the refusals
            assertEquals('x', buf[4]);
        }
    }

    @Test
    void aTooLongMessageLeavesATwoWayEndSendOnly() throws Exception {
        Pipe p = Pipes.newPipe(true);
        try (Connection a = p.left(); Connection b = p.right()) {
            a.sendBytes(new byte[5]);
            assertEquals("[PIPE-08] maxLength must be >= 0, was -1",
                    assertThrows(IllegalArgumentException.class, () -> b.recvBytes(-1)).getMessage());
            a.sendBytes(new byte[6]);
            assertEquals(5, b.recvBytes(5).length); // exactly maxLength is accepted
            IOException e = assertThrows(IOException.class, () -> b.recvBytes(5));
            assertEquals("[PIPE-08] bad message length: 6 bytes, maxLength 5", e.getMessage());
            assertFalse(b.isReadable());
            assertTrue(b.isWritable());
            assertFalse(b.isClosed());
            assertEquals("[PIPE-03] connection is write-only",
                    assertThrows(IllegalStateException.class, b::recv).getMessage());
            b.send("still sends");
            assertEquals("still sends", a.recv());
        }
    }

    @Test
    void aTooLongMessageClosesAReceiveOnlyEnd() throws Exception {
        Pipe p = Pipes.newPipe(false);
        try (Connection r = p.reader(); Connection w = p.writer()) {
            w.sendBytes(new byte[6]);
            assertThrows(IOException.class, () -> r.recvBytes(5));
            assertTrue(r.isClosed());
        }
    }

    @Test
    void pollWaitsAtMostTheTimeoutAndConsumesNothing() throws Exception {
        Pipe p = Pipes.newPipe(false);
        try (Connection r = p.reader(); Connection w = p.writer()) {
            long t0 = System.nanoTime();
            assertFalse(r.poll(Duration.ofMillis(150)));
            assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(150));
            t0 = System.nanoTime();
            assertFalse(r.poll(Duration.ZERO));
            assertFalse(r.poll(Duration.ofSeconds(-1)));
            assertTrue(System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(100));
            Future<?> later = RUNNER.submit(() -> {
                Thread.sleep(100);
                w.send("late");
                return null;
            });
            assertTrue(r.poll(Duration.ofSeconds(Long.MAX_VALUE)));
            assertTrue(r.poll());
            assertEquals("late", r.recv());
            later.get();
        }
    }

    @Test
    void endOfStreamComesAfterThePendingMessages() throws Exception {
        Pipe p = Pipes.newPipe(true);
        Connection a = p.left();
        try (Connection b = p.right()) {
            a.send(1);
            a.sendBytes(bytes("two"));
            a.close();
            assertTrue(b.poll());
            assertEquals(1, b.recv());
            assertArrayEquals(bytes("two"), b.recvBytes());
            assertTrue(b.poll()); // PIPE-13: end of stream counts as ready
            assertThrows(EOFException.class, b::recv);
            assertThrows(EOFException.class, b::recvBytes);
            assertThrows(EOFException.class, () -> b.recvBytesInto(new byte[1]));
            // PIPE-17: the other end is closed everywhere
            assertEquals("[PIPE-17] the other end of the pipe is closed",
                    assertThrows(IOException.class, () -> b.send("x")).getMessage());
        }
    }

    @Test
    void aClosedConnectionRefusesEverything() throws Exception {
        Pipe p = Pipes.newPipe(true);
        Connection a = p.left();
        a.close();
        a.close();
        assertTrue(a.isClosed());
        assertFalse(a.isReadable());
        assertFalse(a.isWritable());
        for (Op op : List.<Op>of(() -> a.send(1), () -> a.sendBytes(new byte[1]), a::recv, a::recvBytes,
                () -> a.recvBytes(1), () -> a.recvBytesInto(new byte[1]), a::poll,
                () -> a.poll(Duration.ofMillis(1)))) {
            assertEquals("[PIPE-16] connection is closed",
                    assertThrows(IllegalStateException.class, op::run).getMessage());
        }
        p.right().close();
    }

    @Test
    void anUnserializableObjectFailsInTheCallerAndSendsNothing() throws Exception {
        Pipe p = Pipes.newPipe(true);
        try (Connection a = p.left(); Connection b = p.right()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> a.send(List.of(new Object())));
            assertTrue(e.getMessage().startsWith("[PIPE-18] cannot send "), e.getMessage());
            assertTrue(e.getMessage().contains("java.lang.Object is not serializable"), e.getMessage());
            assertFalse(b.poll());
            a.send("ok");
            assertEquals("ok", b.recv());
        }
    }

    @Test
    void bytesThatAreNoObjectFailInRecvAndAreConsumed() throws Exception {
        Pipe p = Pipes.newPipe(true);
        try (Connection a = p.left(); Connection b = p.right()) {
            a.sendBytes(bytes("not an object"));
            a.sendBytes(new byte[0]);
            a.send("next");
            IOException e = assertThrows(IOException.class, b::recv);
            assertTrue(e.getMessage().startsWith("[PIPE-19]"), e.getMessage());
            IOException empty = assertThrows(IOException.class, b::recv);
            assertFalse(empty instanceof EOFException, "an empty message is no end of stream");
            assertEquals("next", b.recv());
            a.send(12345);
            assertTrue(b.recvBytes().length > 0); // PIPE-19: the serialized form
        }
    }

    @Test
    void aConnectionCannotTravelThroughAConnection() throws Exception {
        Pipe p = Pipes.newPipe(true);
        Pipe q = Pipes.newPipe(false);
        try (Connection a = p.left(); Connection b = p.right(); Connection r = q.reader(); Connection w = q.writer()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.send(r));
            assertTrue(e.getMessage().startsWith("[PIPE-23] Connection objects should only be shared between"
                    + " processes through inheritance"), e.getMessage());
            assertFalse(b.poll());
            w.send("both usable");
            assertEquals("both usable", r.recv());
            a.send(1);
            assertEquals(1, b.recv());
        }
    }

    @Test
    void anInterruptedReceiverConsumesNothing() throws Exception {
        Pipe p = Pipes.newPipe(false);
        try (Connection r = p.reader(); Connection w = p.writer()) {
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, r::recv);
            assertFalse(Thread.interrupted());
            Thread main = Thread.currentThread();
            CompletableFuture<?> interrupter = CompletableFuture.runAsync(() -> {
                sleep(100);
                main.interrupt();
            }, RUNNER);
            long t0 = System.nanoTime();
            assertThrows(InterruptedException.class, r::recv);
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1));
            assertFalse(Thread.currentThread().isInterrupted());
            interrupter.get();
            interrupter = CompletableFuture.runAsync(() -> {
                sleep(100);
                main.interrupt();
            }, RUNNER);
            assertThrows(InterruptedException.class, () -> r.poll(Duration.ofSeconds(30)));
            interrupter.get();
            w.send("after");
            assertEquals("after", r.recv());
        }
    }

    @Test
    void anInterruptedSenderSendsAWholeMessageOrClosesItsEnd() throws Exception {
        Pipe p = Pipes.newPipe(false);
        try (Connection r = p.reader(); Connection w = p.writer()) {
            CompletableFuture<Thread> senderThread = new CompletableFuture<>();
            Future<Integer> small = RUNNER.submit(() -> {
                senderThread.complete(Thread.currentThread());
                int sent = 0;
                try {
                    while (true) {
                        w.sendBytes(new byte[1000]);
                        sent++;
                    }
                } catch (InterruptedException e) {
                    assertFalse(Thread.currentThread().isInterrupted());
                    return sent;
                }
            });
            sleep(200); // the pipe is full: the sender waits
            senderThread.get().interrupt();
            int sent = small.get(5, TimeUnit.SECONDS);
            assertTrue(w.isWritable(), "nothing of the interrupted message was sent, so the end stays usable");
            for (int i = 0; i < sent; i++) {
                assertEquals(1000, r.recvBytes().length);
            }
            assertFalse(r.poll());
            w.sendBytes(bytes("after"));
            assertArrayEquals(bytes("after"), r.recvBytes());

            CompletableFuture<Thread> bigThread = new CompletableFuture<>();
            Future<?> big = RUNNER.submit(() -> {
                bigThread.complete(Thread.currentThread());
                w.sendBytes(new byte[4 << 20]);
                return null;
            });
            sleep(200); // part of the message is in the pipe
            bigThread.get().interrupt();
            Exception e = assertThrows(Exception.class, () -> big.get(5, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof InterruptedException, String.valueOf(e.getCause()));
            assertTrue(w.isClosed(), "an end that sent part of a message is closed when interrupted");
        }
    }

    @Test
    void aFullPipeMakesTheSenderWaitAndLosesNothing() throws Exception {
        Pipe p = Pipes.newPipe(false);
        try (Connection r = p.reader(); Connection w = p.writer()) {
            Future<?> sender = RUNNER.submit(() -> {
                for (int i = 0; i < 1000; i++) {
                    byte[] m = new byte[1000];
                    Arrays.fill(m, (byte) i);
                    w.sendBytes(m);
                }
                return null;
            });
            sleep(100);
            assertFalse(sender.isDone()); // 1 MB does not fit into a 64 KiB pipe
            for (int i = 0; i < 1000; i++) {
                byte[] m = r.recvBytes();
                assertEquals(1000, m.length);
                assertEquals((byte) i, m[999]);
            }
            sender.get();
        }
    }

    @Test
    void largeMessagesArriveIntactInBothKindsOfPipe() throws Exception {
        for (boolean duplex : new boolean[] {false, true}) {
            Pipe p = Pipes.newPipe(duplex);
            try (Connection r = p.left(); Connection w = p.right()) {
                Random random = new Random(duplex ? 1 : 2);
                List<byte[]> sent = new ArrayList<>();
                for (int size : new int[] {4092, 4093, 65536, 1 << 20, (1 << 20) + 3, 9 << 20}) {
                    byte[] m = new byte[size];
                    random.nextBytes(m);
                    sent.add(m);
                }
                Future<?> sender = RUNNER.submit(() -> {
                    for (byte[] m : sent) {
                        w.sendBytes(m);
                    }
                    return null;
                });
                for (byte[] m : sent) {
                    assertArrayEquals(m, r.recvBytes());
                }
                sender.get();
            }
        }
    }

    @Test
    void closingAnEndWhileAnotherThreadReceivesEndsTheReceiveAndThenReleasesTheDescriptors() throws Exception {
        Pipes.newPipe(true).left().close();
        Set<String> before = PipeFds.open();
        Pipe p = Pipes.newPipe(false);
        Future<Object> receiver = RUNNER.submit(() -> p.reader().recv());
        sleep(100);
        assertEquals(2, PipeFds.newSince(before).size());
        p.reader().close(); // the receiver is inside recv(): its descriptor stays open until it leaves
        Exception e = assertThrows(Exception.class, () -> receiver.get(5, TimeUnit.SECONDS));
        assertEquals("[PIPE-16] connection is closed", e.getCause().getMessage());
        assertEquals(1, PipeFds.newSince(before).size());
        p.writer().close();
        assertEquals(Set.of(), PipeFds.newSince(before));
    }

    @Test
    void closingEveryPipeClosesEveryDescriptor() throws Exception {
        Pipes.newPipe(true).left().close(); // JNA and the classes loaded
        Set<String> before = PipeFds.open();
        for (int i = 0; i < 200; i++) {
            Pipe p = Pipes.newPipe(i % 2 == 0);
            p.right().sendBytes(new byte[100_000 * (i % 3)], 0, i % 3 == 0 ? 0 : 10);
            p.left().recvBytes();
            p.left().close();
            p.right().close();
        }
        assertEquals(Set.of(), PipeFds.newSince(before));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An operation that may throw. */
    interface Op {
        void run() throws Exception;
    }
}
