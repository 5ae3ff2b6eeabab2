package dev.mpkit.ref.queue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.ChildProcess;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.QueueEmptyException;
import dev.mpkit.SharedQueue;
import dev.mpkit.SimpleQueue;
import dev.mpkit.ref.process.ReferenceContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Queues between real JVMs: what one process puts, another gets; and how fast. */
@Timeout(180)
class QueuesAcrossJvmsTests {

    private static final MultiprocessingContext MP = new ReferenceContext("reference");

    /** CPU time of the current thread so far, from the kernel's schedstat (no java.management in this module). */
    static long threadCpuNanos() throws java.io.IOException {
        String s = new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get("/proc/thread-self/schedstat")),
                java.nio.charset.StandardCharsets.US_ASCII);
        return Long.parseLong(s.substring(0, s.indexOf(' ')));
    }

    @Test
    void aChildsItemsArriveInOrderAndItsExitWaitsForItsFeeder() throws Exception {
        System.setProperty(QueueRing.RING_PROPERTY, "4096");
        SharedQueue<Object> q;
        try {
            q = MP.newQueue();
        } finally {
            System.clearProperty(QueueRing.RING_PROPERTY);
        }
        SharedQueue<Object> back = MP.newQueue();
        ChildProcess child = MP.newProcess(args -> {
            @SuppressWarnings("unchecked")
            SharedQueue<Object> in = (SharedQueue<Object>) args[0];
            @SuppressWarnings("unchecked")
            SharedQueue<Object> out = (SharedQueue<Object>) args[1];
            out.put(in.get()); // parent -> child -> parent
            for (int i = 0; i < 20_000; i++) {
                in.put(i); // a 4 KiB ring: most wait in the feeder when run() returns
            }
            in.put(new byte[100_000]); // streamed
            out.put("done");
        }, q, back);
        q.put(List.of("hello", 1));
        child.start();
        assertEquals(List.of("hello", 1), back.get(Duration.ofSeconds(30)));
        assertEquals("done", back.get(Duration.ofSeconds(30)));
        Thread.sleep(500); // the child has returned from run() and waits for its feeder; had it halted, items were lost
        for (int i = 0; i < 20_000; i++) {
            assertEquals(i, q.get(Duration.ofSeconds(10)));
        }
        assertArrayEquals(new byte[100_000], (byte[]) q.get(Duration.ofSeconds(10)));
        child.join(); // QUEUE-16
        assertEquals(0, child.exitCode().getAsInt());
        assertThrows(QueueEmptyException.class, q::getNowait);
    }

    @Test
    void aConsumerKilledWhileItWaitsLeavesTheQueueUsable() throws Exception {
        SharedQueue<Object> q = MP.newQueue();
        SharedQueue<Object> ready = MP.newQueue();
        ChildProcess child = MP.newProcess(args -> {
            @SuppressWarnings("unchecked")
            SharedQueue<Object> in = (SharedQueue<Object>) args[0];
            @SuppressWarnings("unchecked")
            SharedQueue<Object> out = (SharedQueue<Object>) args[1];
            out.put("waiting");
            in.get(); // killed here: it sleeps holding no lock
        }, q, ready);
        child.start();
        assertEquals("waiting", ready.get(Duration.ofSeconds(30)));
        Thread.sleep(300); // asleep in the futex by now
        child.kill();
        child.join();
        q.put("after");
        assertEquals("after", q.get(Duration.ofSeconds(5)));
    }

    @Test
    void aProducerKilledWhileItsFeederWaitsForRoomLeavesTheQueueUsable() throws Exception {
        System.setProperty(QueueRing.RING_PROPERTY, "4096");
        SharedQueue<Object> q;
        SimpleQueue<Object> s;
        try {
            q = MP.newQueue();
            s = MP.newSimpleQueue();
        } finally {
            System.clearProperty(QueueRing.RING_PROPERTY);
        }
        SharedQueue<Object> ready = MP.newQueue();
        ChildProcess child = MP.newProcess(args -> {
            @SuppressWarnings("unchecked")
            SharedQueue<Object> out = (SharedQueue<Object>) args[0];
            @SuppressWarnings("unchecked")
            SimpleQueue<Object> simple = (SimpleQueue<Object>) args[1];
            for (int i = 0; i < 1000; i++) {
                out.put(new byte[100]); // the ring holds about 35: the feeder waits for room
            }
            ((SharedQueue<Object>) args[2]).put("full");
            for (int i = 0; i < 1000; i++) {
                simple.put(new byte[100]); // blocks in put, waiting for room
            }
        }, q, s, ready);
        child.start();
        assertEquals("full", ready.get(Duration.ofSeconds(30)));
        Thread.sleep(300);
        child.kill();
        child.join();
        int got = 0;
        try {
            for (;;) {
                q.getNowait();
                got++;
            }
        } catch (QueueEmptyException drained) {
            assertTrue(got > 0 && got < 1000, "got " + got);
        }
        q.put("after");
        assertEquals("after", q.get(Duration.ofSeconds(5)));
        while (!s.isEmpty()) {
            s.get();
        }
        s.put("after");
        assertEquals("after", s.get());
    }

    @Test
    void systemExitIsANormalExitThatWaitsForTheFeeder() throws Exception {
        System.setProperty(QueueRing.RING_PROPERTY, "4096");
        SharedQueue<Object> q;
        try {
            q = MP.newQueue();
        } finally {
            System.clearProperty(QueueRing.RING_PROPERTY);
        }
        ChildProcess child = MP.newProcess(args -> {
            @SuppressWarnings("unchecked")
            SharedQueue<Object> out = (SharedQueue<Object>) args[0];
            for (int i = 0; i < 5000; i++) {
                out.put(i);
            }
            out.put("last");
            System.exit(3);
        }, q);
        child.start();
        assertEquals(0, q.get(Duration.ofSeconds(30)));
        Thread.sleep(500); // the child is in System.exit by now, its feeder still holding most items
        for (int i = 1; i < 5000; i++) {
            assertEquals(i, q.get(Duration.ofSeconds(10)));
        }
        assertEquals("last", q.get(Duration.ofSeconds(10)));
        child.join();
        assertEquals(3, child.exitCode().getAsInt());
    }

    /** Prints, not asserts, the figure; opt-in, as it starts five JVMs: {@code -Dmpkit.queue.bench=true}. */
    @Test
    @EnabledIfSystemProperty(named = "mpkit.queue.bench", matches = "true")
    void throughputOfSmallIntegersBetweenJvms() throws Exception {
        int n = 200_000;
        int rounds = 2; // the first with cold producer JVMs, the second with producers already running
        for (int producers : new int[] {1, 4}) {
            SharedQueue<Integer> q = MP.newQueue();
            SharedQueue<Long> times = MP.newQueue();
            List<SharedQueue<Long>> gos = new ArrayList<>();
            List<ChildProcess> children = new ArrayList<>();
            int per = n / producers;
            for (int p = 0; p < producers; p++) {
                int base = p * per;
                SharedQueue<Long> go = MP.newQueue(); // one each: no reader-lock contention at the start
                gos.add(go);
                ChildProcess c = MP.newProcess(args -> {
                    @SuppressWarnings("unchecked")
                    SharedQueue<Integer> out = (SharedQueue<Integer>) args[0];
                    @SuppressWarnings("unchecked")
                    SharedQueue<Long> start = (SharedQueue<Long>) args[1];
                    @SuppressWarnings("unchecked")
                    SharedQueue<Long> report = (SharedQueue<Long>) args[2];
                    for (int r = 0; r < rounds; r++) {
                        start.get();
                        long t = System.nanoTime();
                        long cpu = threadCpuNanos();
                        for (int i = 0; i < per; i++) {
                            out.put(base + i);
                        }
                        report.put(System.nanoTime() - t);
                        report.put(threadCpuNanos() - cpu);
                    }
                }, q, go, times);
                c.start();
                children.add(c);
            }
            for (int r = 0; r < rounds; r++) {
                for (SharedQueue<Long> go : gos) {
                    go.put(0L);
                }
                long sum = q.get(); // the clock starts at the first item
                long t0 = System.nanoTime();
                long cpu0 = threadCpuNanos();
                for (int i = 1; i < n; i++) {
                    sum += q.get();
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                double consumerCpu = (threadCpuNanos() - cpu0) / 1e6;
                StringBuilder putTimes = new StringBuilder();
                for (int p = 0; p < producers; p++) {
                    putTimes.append(String.format(" %.1f (CPU %.1f)", times.get() / 1e6, times.get() / 1e6));
                }
                assertEquals((long) n * (n - 1) / 2, sum);
                System.out.printf("QUEUE throughput %d -> 1 JVMs, round %d (%s), %d Integers: %.0f msgs/s (%.1f ms,"
                        + " consumer CPU %.1f ms; put loops took%s ms)%n", producers, r + 1, r == 0 ? "cold" : "warm",
                        n, n / secs, secs * 1e3, consumerCpu, putTimes);
            }
            for (ChildProcess c : children) {
                c.join();
            }
        }
    }
}
