package dev.mpkit.ref.queue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.JoinableQueue;
import dev.mpkit.QueueEmptyException;
import dev.mpkit.QueueFullException;
import dev.mpkit.SharedQueue;
import dev.mpkit.SimpleQueue;
import dev.mpkit.ref.os.SharedMemoryFiles;
import dev.mpkit.ref.sync.SyncPrimitives;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The queues' contracts that one JVM can check, threads standing in for processes. */
@Timeout(120)
class QueuesTests {

    private static final ExecutorService RUNNER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "queues-tests");
        t.setDaemon(true);
        return t;
    });

    @AfterAll
    static void removeTheRunDirectory() {
        SharedMemoryFiles.deleteIfOwned();
    }

    /** Makes a queue whose ring has {@code bytes} bytes. */
    private static <T> T withRing(int bytes, java.util.function.Supplier<T> make) {
        System.setProperty(QueueRing.RING_PROPERTY, Integer.toString(bytes));
        try {
            return make.get();
        } finally {
            System.clearProperty(QueueRing.RING_PROPERTY);
        }
    }

    @Test
    void whatIsPutIsGotAsAnEqualCopyInOrder() throws Exception {
        SharedQueue<Object> q = Queues.newQueue(0);
        List<Object> items = new ArrayList<>(List.of(1, "two", 3L, new int[] {4}));
        items.add(null);
        for (Object o : items) {
            q.put(o);
        }
        assertEquals(5, q.qsize());
        assertEquals(1, q.get());
        assertEquals("two", q.get(Duration.ofSeconds(1)));
        assertEquals(3L, q.getNowait());
        assertArrayEquals(new int[] {4}, (int[]) q.get());
        assertNull(q.get());
        assertEquals(0, q.qsize());
        assertTrue(q.isEmpty());
    }

    @Test
    void aPutIsVisibleAtOnceToTheProcessThatPut() throws Exception {
        SharedQueue<Integer> q = Queues.newQueue(0);
        for (int i = 0; i < 100; i++) {
            q.put(i);
            assertFalse(q.isEmpty()); // QUEUE-12
            assertEquals(i, q.getNowait());
        }
    }

    @Test
    void anEmptyQueueFailsGetsWithTheClauseMessages() throws Exception {
        SharedQueue<Integer> q = Queues.newQueue(0);
        QueueEmptyException e = assertThrows(QueueEmptyException.class, q::getNowait);
        assertEquals("[QUEUE-04] getNowait() found the queue empty", e.getMessage());
        long start = System.nanoTime();
        e = assertThrows(QueueEmptyException.class, () -> q.get(Duration.ofMillis(300)));
        assertTrue(System.nanoTime() - start >= 300_000_000L, "no earlier than the timeout");
        assertEquals("[QUEUE-03] get() found the queue empty after PT0.3S", e.getMessage());
        start = System.nanoTime();
        assertThrows(QueueEmptyException.class, () -> q.get(Duration.ofSeconds(-1)));
        assertTrue(System.nanoTime() - start < 100_000_000L, "at once");
    }

    @Test
    void aBlockedGetWakesWhenAnotherThreadPuts() throws Exception {
        SharedQueue<String> q = Queues.newQueue(0);
        Future<String> got = RUNNER.submit(() -> q.get());
        Thread.sleep(300); // long enough for the getter to sleep in the futex
        assertFalse(got.isDone());
        q.put("late");
        assertEquals("late", got.get(2, TimeUnit.SECONDS));
        Future<String> timed = RUNNER.submit(() -> q.get(Duration.ofSeconds(20)));
        Thread.sleep(300);
        q.put("in time");
        assertEquals("in time", timed.get(2, TimeUnit.SECONDS));
    }

    @Test
    void aFullBoundedQueueRefusesAndWaits() throws Exception {
        SharedQueue<Integer> q = Queues.newQueue(2);
        q.put(1);
        q.putNowait(2);
        assertTrue(q.isFull());
        QueueFullException e = assertThrows(QueueFullException.class, () -> q.putNowait(3));
        assertEquals("[QUEUE-05] putNowait() found the queue full (maxSize 2)", e.getMessage());
        long start = System.nanoTime();
        e = assertThrows(QueueFullException.class, () -> q.put(3, Duration.ofMillis(300)));
        assertTrue(System.nanoTime() - start >= 300_000_000L);
        assertEquals("[QUEUE-05] put() found the queue full (maxSize 2) after PT0.3S", e.getMessage());
        assertThrows(QueueFullException.class, () -> q.put(3, Duration.ZERO));
        assertEquals(2, q.qsize());
        Future<?> blocked = RUNNER.submit(() -> {
            q.put(3);
            return null;
        });
        Thread.sleep(300);
        assertFalse(blocked.isDone());
        assertEquals(1, q.get());
        blocked.get(2, TimeUnit.SECONDS);
        assertEquals(2, q.get());
        assertEquals(3, q.get());
        assertFalse(q.isFull());
    }

    @Test
    void anUnboundedQueueNeverBlocksAPutAndLosesNothingWhenItsRingOverflows() throws Exception {
        SharedQueue<Integer> q = withRing(256, () -> Queues.newQueue(0));
        for (int i = 0; i < 10_000; i++) {
            q.put(i); // QUEUE-07: the feeder takes what the ring cannot
        }
        assertFalse(q.isFull());
        assertEquals(10_000, q.qsize());
        for (int i = 0; i < 10_000; i++) {
            assertEquals(i, q.get(Duration.ofSeconds(10))); // QUEUE-08: in order, buffered ones first
        }
        assertTrue(q.isEmpty());
    }

    @Test
    void itemsBiggerThanTheRingStreamThroughIt() throws Exception {
        SharedQueue<byte[]> q = withRing(4096, () -> Queues.newQueue(0));
        byte[] big = new byte[3 * 1024 * 1024 + 3];
        new java.util.Random(1).nextBytes(big);
        Future<byte[]> got = RUNNER.submit(() -> q.get());
        q.put(big);
        q.put(new byte[] {7});
        assertArrayEquals(big, got.get(30, TimeUnit.SECONDS));
        assertArrayEquals(new byte[] {7}, q.get());
        SimpleQueue<byte[]> s = withRing(4096, Queues::newSimpleQueue);
        Future<?> put = RUNNER.submit(() -> {
            s.put(big);
            return null;
        });
        assertArrayEquals(big, s.get());
        put.get(10, TimeUnit.SECONDS);
    }

    @Test
    void sixtyFourMebibytesArriveIntact() throws Exception {
        SharedQueue<byte[]> q = Queues.newQueue(0);
        byte[] big = new byte[64 << 20];
        for (int i = 0; i < big.length; i += 4093) {
            big[i] = (byte) i;
        }
        q.put(big); // QUEUE-24: through the feeder, no consumer yet
        long start = System.nanoTime();
        byte[] got = q.get();
        System.out.printf("64 MiB through a 1 MiB ring: %.0f ms%n", (System.nanoTime() - start) / 1e6);
        assertArrayEquals(big, got);
    }

    @Test
    void manyProducersAndConsumersLoseAndDuplicateNothing() throws Exception {
        for (int ring : new int[] {256, 1 << 20}) {
            SharedQueue<Integer> q = withRing(ring, () -> Queues.newQueue(ring == 256 ? 0 : 50));
            int producers = 4;
            int per = 5000;
            List<Future<List<Integer>>> consumers = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                consumers.add(RUNNER.submit(() -> {
                    List<Integer> got = new ArrayList<>();
                    try {
                        for (;;) {
                            got.add(q.get(Duration.ofSeconds(2)));
                        }
                    } catch (QueueEmptyException done) {
                        return got;
                    }
                }));
            }
            List<Future<?>> ps = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int base = p * per;
                ps.add(RUNNER.submit(() -> {
                    for (int i = 0; i < per; i++) {
                        q.put(base + i);
                    }
                    return null;
                }));
            }
            for (Future<?> p : ps) {
                p.get(60, TimeUnit.SECONDS);
            }
            boolean[] seen = new boolean[producers * per];
            for (Future<List<Integer>> c : consumers) {
                int[] last = new int[producers];
                java.util.Arrays.fill(last, -1);
                for (int v : c.get(60, TimeUnit.SECONDS)) {
                    assertFalse(seen[v], "duplicate " + v);
                    seen[v] = true;
                    assertTrue(v > last[v / per], "producer order"); // QUEUE-08 within one consumer
                    last[v / per] = v;
                }
            }
            for (int v = 0; v < seen.length; v++) {
                assertTrue(seen[v], "lost " + v); // QUEUE-09
            }
            assertEquals(0, q.qsize());
        }
    }

    @Test
    void anUnserializableItemFailsInPutAndChangesNothing() throws Exception {
        SharedQueue<Object> q = Queues.newQueue(3);
        q.put(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> q.put(new Object()));
        assertEquals("[QUEUE-14] cannot put java.lang.Object: java.lang.Object is not serializable", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> q.putNowait(List.of(new Object())));
        assertEquals(1, q.qsize());
        q.put(2);
        assertEquals(1, q.get());
        assertEquals(2, q.get());
        SimpleQueue<Object> s = Queues.newSimpleQueue();
        e = assertThrows(IllegalArgumentException.class, () -> s.put(new Object()));
        assertTrue(e.getMessage().startsWith("[QUEUE-22] cannot put java.lang.Object"), e.getMessage());
        assertTrue(s.isEmpty());
    }

    @Test
    void putTakesASnapshot() throws Exception {
        SharedQueue<Object> q = withRing(64, () -> Queues.newQueue(0));
        int[] a = {1};
        List<Object> l = new ArrayList<>(List.of("x"));
        q.put(new byte[100]); // fills the ring: what follows waits in the feeder
        q.put(a);
        q.put(l);
        a[0] = 2;
        l.add("y");
        q.get();
        assertArrayEquals(new int[] {1}, (int[]) q.get());
        assertEquals(List.of("x"), q.get());
    }

    @Test
    void aClosedHandleRefusesPutsAndGetsButCounts() throws Exception {
        SharedQueue<Integer> q = Queues.newQueue(0);
        q.put(1);
        assertThrows(IllegalStateException.class, q::joinThread, "[QUEUE-17] joinThread() before close()");
        q.close();
        q.close();
        for (org.junit.jupiter.api.function.Executable call : List.<org.junit.jupiter.api.function.Executable>of(
                () -> q.put(2), () -> q.put(2, Duration.ZERO), () -> q.putNowait(2), q::get,
                () -> q.get(Duration.ZERO), q::getNowait)) {
            assertEquals("[QUEUE-13] queue is closed", assertThrows(IllegalStateException.class, call).getMessage());
        }
        assertEquals(1, q.qsize());
        assertFalse(q.isEmpty());
        q.joinThread();
        assertTrue(q.joinThread(Duration.ZERO));
        SimpleQueue<Integer> s = Queues.newSimpleQueue();
        s.close();
        s.close();
        for (org.junit.jupiter.api.function.Executable call : List.<org.junit.jupiter.api.function.Executable>of(
                () -> s.put(2), s::get, s::isEmpty)) {
            assertEquals("[QUEUE-22] SimpleQueue is closed",
                    assertThrows(IllegalStateException.class, call).getMessage());
        }
    }

    @Test
    void joinThreadWaitsForTheFeeder() throws Exception {
        SharedQueue<Integer> q = withRing(64, () -> Queues.newQueue(0));
        for (int i = 0; i < 100; i++) {
            q.put(i);
        }
        q.close();
        assertFalse(q.joinThread(Duration.ofMillis(50)), "the ring holds only a few; nobody gets");
        SharedQueue<Integer> reader = sameQueueInAnotherHandle(q);
        Future<?> drain = RUNNER.submit(() -> {
            for (int i = 0; i < 100; i++) {
                assertEquals(i, reader.get());
            }
            return null;
        });
        assertTrue(q.joinThread(Duration.ofSeconds(10)));
        drain.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aJoinableQueueCountsUnfinishedItems() throws Exception {
        JoinableQueue<Integer> q = Queues.newJoinableQueue(0);
        assertTrue(q.join(Duration.ZERO));
        q.join();
        q.put(1);
        q.put(2);
        assertFalse(q.join(Duration.ofMillis(50)));
        Future<Boolean> joiner = RUNNER.submit(() -> q.join(Duration.ofSeconds(20)));
        q.get();
        q.taskDone();
        Thread.sleep(200);
        assertFalse(joiner.isDone());
        q.get();
        q.taskDone();
        assertTrue(joiner.get(2, TimeUnit.SECONDS));
        IllegalStateException e = assertThrows(IllegalStateException.class, q::taskDone);
        assertEquals("[QUEUE-19] taskDone() called too many times", e.getMessage());
        q.put(3);
        assertFalse(q.join(Duration.ZERO), "the failed taskDone() changed nothing");
        JoinableQueue<Integer> bounded = Queues.newJoinableQueue(1);
        bounded.put(1);
        assertThrows(QueueFullException.class, () -> bounded.putNowait(2)); // QUEUE-20
    }

    @Test
    void blockedCallsAreInterruptible() throws Exception {
        SharedQueue<Integer> q = Queues.newQueue(1);
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, q::get);
        assertFalse(Thread.currentThread().isInterrupted());
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> q.put(1));
        assertEquals(0, q.qsize());
        assertInterruptible(q::get);
        assertInterruptible(() -> q.get(Duration.ofSeconds(30)));
        q.put(1);
        assertInterruptible(() -> q.put(2));
        assertEquals(1, q.qsize(), "nothing put");
        assertEquals(1, q.get());
        SimpleQueue<Integer> s = Queues.newSimpleQueue();
        assertInterruptible(s::get);
        s.put(5);
        assertEquals(5, s.get());
    }

    private static void assertInterruptible(org.junit.jupiter.api.function.Executable blocking) throws Exception {
        CompletableFuture<Thread> who = new CompletableFuture<>();
        Future<Throwable> outcome = RUNNER.submit(() -> {
            who.complete(Thread.currentThread());
            try {
                blocking.execute();
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Thread t = who.get(5, TimeUnit.SECONDS);
        Thread.sleep(300);
        long start = System.nanoTime();
        t.interrupt();
        Throwable thrown = outcome.get(2, TimeUnit.SECONDS);
        assertTrue(thrown instanceof InterruptedException, String.valueOf(thrown));
        assertTrue(System.nanoTime() - start < 1_000_000_000L);
    }

    @Test
    void queuesAreSerializedOnlyWhileAChildStarts() throws Exception {
        SharedQueue<Object> q = Queues.newQueue(0);
        JoinableQueue<Integer> j = Queues.newJoinableQueue(0);
        SimpleQueue<Integer> s = Queues.newSimpleQueue();
        assertRefused(q, "[QUEUE-23] Queue objects should only be shared between processes through inheritance");
        assertRefused(j, "[QUEUE-23] JoinableQueue objects should only be shared");
        assertRefused(s, "[QUEUE-23] SimpleQueue objects should only be shared");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> q.put(j));
        assertTrue(e.getMessage().startsWith("[QUEUE-23] JoinableQueue objects"), e.getMessage());
        assertEquals(0, q.qsize());
        SharedQueue<Object> copy = sameQueueInAnotherHandle(q);
        assertEquals(q, copy);
        assertNotSame(q, copy);
        q.put(9);
        assertEquals(9, copy.get());
    }

    private static void assertRefused(Object queue, String start) {
        ObjectOutputStream out;
        try {
            out = new ObjectOutputStream(new ByteArrayOutputStream());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> out.writeObject(queue));
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static <T> T sameQueueInAnotherHandle(T queue) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SyncPrimitives.beginChildStart();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(queue);
        } finally {
            SyncPrimitives.endChildStart();
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void throughputOfOneProducerAndOneConsumerThread() throws Exception {
        SharedQueue<Integer> q = Queues.newQueue(0);
        int n = 200_000;
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            Future<Long> consumer = RUNNER.submit(() -> {
                long sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += q.get();
                }
                return sum;
            });
            for (int i = 0; i < n; i++) {
                q.put(i);
            }
            assertEquals((long) n * (n - 1) / 2, consumer.get(60, TimeUnit.SECONDS));
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.printf("1 -> 1 threads, %d Integers: %.0f msgs/s%n", n, n / secs);
        }
    }

}
