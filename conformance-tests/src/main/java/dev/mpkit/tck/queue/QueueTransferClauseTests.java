package dev.mpkit.tck.queue;

import static dev.mpkit.tck.queue.QueueChecks.did;
import static dev.mpkit.tck.queue.QueueChecks.getItem;
import static dev.mpkit.tck.support.BoundedCalls.timed;
import static dev.mpkit.tck.support.Cleanup.discard;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mpkit.ChildProcess;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.QueueEmptyException;
import dev.mpkit.SharedQueue;
import dev.mpkit.SimpleQueue;
import dev.mpkit.tck.support.BoundedCalls;
import dev.mpkit.tck.support.ChildWork;
import dev.mpkit.tck.support.Children;
import dev.mpkit.tck.support.Clause;
import dev.mpkit.tck.support.ClauseTests;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.Items;
import dev.mpkit.tck.support.Kit;
import dev.mpkit.tck.support.TimeScale;
import dev.mpkit.tck.support.Timed;
import dev.mpkit.tck.support.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Items on their way between processes: per-producer order (QUEUE-08), a producer that exits (QUEUE-16), large
 * items (QUEUE-24) and the tutorial's download-and-analyse pair (QUEUE-25).
 */
@ClauseTests
class QueueTransferClauseTests {

    /** QUEUE-16: how long the parent waits for an item in one call while the producer still runs. */
    static final Duration SLICE = TimeScale.millis(200);
    /** QUEUE-25: the download's pause after each put (the tutorial sleeps 1 s). */
    static final Duration PAUSE = TimeScale.millis(100);
    /** QUEUE-25: the analysis's get timeout, clearly longer than the pause (the tutorial waits 2 s). */
    static final Duration ANALYSIS_TIMEOUT = TimeScale.seconds(2);

    private static long waitMillis() {
        return Timeouts.MUST_HAPPEN.toMillis();
    }

    /**
     * Three producer children put 400 items each, (id, seq) for seq = 0…399, all at once: the parent gets all 1200,
     * and each producer's items in the order it put them.
     * <p>If this fails, check that one process's puts enter the shared channel in the order of the calls (a feeder
     * that reorders, or two writers that interleave pieces of messages, break it).
     */
    @Clause("QUEUE-08")
    @Test
    void queue08_eachProducersItemsArriveInItsOrder(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        SharedQueue<Object> q = mp.newQueue();
        int producers = 3;
        int each = 400;
        List<ChildProcess> children = new ArrayList<>();
        try {
            QueueTargets.startProducers(mp, log, q, producers, each, waitMillis(), children, "QUEUE-08");
            Timed<Object> r = timed(Timeouts.MUST_HAPPEN, "[QUEUE-08] get() of " + producers * each + " items", () -> {
                List<Object> got = new ArrayList<>();
                long deadline = System.nanoTime() + Timeouts.MUST_HAPPEN.toNanos();
                while (got.size() < producers * each) {
                    boolean exited = children.stream().noneMatch(ChildProcess::isAlive);
                    try {
                        got.add(q.get(exited ? Timeouts.PROMPT : SLICE));
                    } catch (QueueEmptyException e) {
                        if (exited || System.nanoTime() - deadline > 0) {
                            break;
                        }
                    }
                }
                return got;
            });
            @SuppressWarnings("unchecked")
            List<Object> got = (List<Object>) r.value;
            assertPerProducerOrder("QUEUE-08", got, producers, each, "the parent");
            for (int id = 0; id < producers; id++) {
                kit.awaitEvent(log, "put done " + id + " count=" + each);
            }
            for (ChildProcess p : children) {
                assertTrue(p.join(Timeouts.MUST_HAPPEN), "[QUEUE-08] a producer did not exit");
                assertEquals(0, p.exitCode().orElse(-1), "[QUEUE-08] exit code of a producer; events: "
                        + log.startingWith("gave up"));
            }
        } finally {
            Children.stop(children.toArray(new ChildProcess[0]));
            discard(q);
        }
    }

    /**
     * The parent and two producer children put 300 items each, (id, seq), all at once, and a consumer child gets
     * them all, recording each in the kit's log: it got every item once, and each producer's in the order put.
     * <p>If this fails, check per-producer order where neither end is the process that made the queue.
     */
    @Clause("QUEUE-08")
    @Test
    void queue08_orderHoldsForAConsumerInAnotherProcess(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        SharedQueue<Object> q = mp.newQueue();
        int each = 300;
        int producers = 3;
        List<ChildProcess> children = new ArrayList<>();
        try {
            ChildProcess consumer = mp.newProcess(QueueTransferClauseTests::recordsEachItem, log, q,
                    producers * each, SLICE.toMillis(), waitMillis());
            children.add(consumer);
            consumer.start();
            for (int id = 1; id < producers; id++) {
                ChildProcess p = mp.newProcess(QueueTargets::producer, log, q, id, each, 0, false, waitMillis());
                children.add(p);
                p.start();
            }
            Timeouts.eventually("QUEUE-08 both producer children ready")
                    .until(() -> log.startingWith("ready ").size() == producers - 1);
            log.record("kit: go");
            for (int seq = 0; seq < each; seq++) {
                q.put("0:" + seq + ":");
            }
            for (ChildProcess p : children.subList(1, children.size())) {
                assertTrue(p.join(Timeouts.MUST_HAPPEN), "[QUEUE-08] a producer did not exit");
            }
            log.record("kit: producers joined");
            assertTrue(consumer.join(Timeouts.MUST_HAPPEN), "[QUEUE-08] the consumer did not get "
                    + producers * each + " items within " + Timeouts.MUST_HAPPEN + "; it got "
                    + log.startingWith("got ").size());
            List<Object> got = log.startingWith("got ").stream().filter(e -> !e.text.equals("got none"))
                    .map(e -> (Object) e.text.substring(4)).collect(Collectors.toList());
            assertPerProducerOrder("QUEUE-08", got, producers, each, "a consumer child");
        } finally {
            Children.stop(children.toArray(new ChildProcess[0]));
            discard(q);
        }
    }

    /**
     * QUEUE-08: gets {@code args[2]} items with a timeout of {@code args[3]} ms, recording "got ITEM" for each; stops
     * early, recording "got none", when a get finds the queue empty after the test recorded "kit: producers joined",
     * or after {@code args[4]} ms in all.
     */
    static void recordsEachItem(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        SharedQueue<Object> q = QueueTargets.cast(args[1]);
        int n = (Integer) args[2];
        Duration slice = Duration.ofMillis((Long) args[3]);
        long deadline = System.nanoTime() + (Long) args[4] * 1_000_000L;
        for (int i = 0; i < n; i++) {
            Object item = getUntilDrained(q, log, slice, deadline);
            if (item == NONE) {
                log.record("got none");
                return;
            }
            log.record("got " + item);
        }
    }

    /** What {@link #getUntilDrained} returns when the producers are done and the queue is empty. */
    static final Object NONE = new Object();

    /**
     * In a child: gets an item with a timeout of {@code slice}, again and again; returns {@link #NONE} once a get
     * that began after the test recorded "kit: producers joined" finds the queue empty, or once the deadline passed.
     */
    static Object getUntilDrained(SharedQueue<Object> q, EventLog log, Duration slice, long deadline)
            throws InterruptedException {
        boolean joined = false;
        while (true) {
            try {
                return q.get(slice);
            } catch (QueueEmptyException e) {
                if (joined || System.nanoTime() - deadline > 0) {
                    return NONE;
                }
                joined = log.has("kit: producers joined");
            }
        }
    }

    /**
     * Asserts that {@code got}, items "ID:SEQ:…" in the order a consumer got them, holds exactly the items
     * 0…{@code each}-1 of producers 0…{@code producers}-1, each producer's in order.
     */
    static void assertPerProducerOrder(String clause, List<Object> got, int producers, int each, String who) {
        Map<Integer, List<Integer>> seqs = new HashMap<>();
        for (Object o : got) {
            String[] p = String.valueOf(o).split(":");
            int id;
            int seq;
            try {
                id = Integer.parseInt(p[0]);
                seq = Integer.parseInt(p[1]);
            } catch (RuntimeException e) {
                fail("[" + clause + "] " + who + " got an item that no producer put: " + o);
                return;
            }
            seqs.computeIfAbsent(id, k -> new ArrayList<>()).add(seq);
        }
        List<Integer> expected = IntStream.range(0, each).boxed().collect(Collectors.toList());
        for (int id = 0; id < producers; id++) {
            List<Integer> s = seqs.getOrDefault(id, List.of());
            if (!s.equals(expected)) {
                List<Integer> sorted = new ArrayList<>(s);
                sorted.sort(null);
                String why = sorted.equals(expected) ? "all " + each + " items, out of order" : s.size() + " items"
                        + (s.size() == each ? ", not each once" : "");
                int k = 0;
                while (k < s.size() && k < each && s.get(k) == k) {
                    k++;
                }
                fail("[" + clause + "] " + who + " got " + why + " of the " + each + " items producer " + id + " put"
                        + " in order 0…" + (each - 1) + "; the first deviation is at position " + k + ": "
                        + s.subList(k, Math.min(s.size(), k + 10)));
            }
        }
        assertEquals(producers * each, got.size(), "[" + clause + "] items " + who + " got");
    }

    /**
     * A child that put 1000 small items and returned has, once joined, exited with code 0, and the parent then gets
     * all 1000, in order, each within 2 s.
     * <p>If this fails, check that a child's exit waits until its feeder (or whatever holds the items it put) has
     * handed everything to the shared channel.
     */
    @Clause("QUEUE-16")
    @Test
    void queue16_aChildThatPutAndExitedLosesNothing(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        SharedQueue<Object> q = mp.newQueue();
        Object[] items = IntStream.range(0, 1000).mapToObj(i -> i % 2 == 0 ? (Object) i : "item " + i).toArray();
        ChildProcess p = mp.newProcess(QueueTargets::putsAll, log, q, items);
        try {
            p.start();
            assertTrue(p.join(Timeouts.MUST_HAPPEN), "[QUEUE-16] the child that put 1000 small items did not exit"
                    + " within " + Timeouts.MUST_HAPPEN + "; events: " + log.startingWith("done"));
            assertEquals(0, p.exitCode().orElse(-1), "[QUEUE-16] exit code of the child");
            assertTrue(log.has("done"), "[QUEUE-16] the child exited without recording that it put all its items;"
                    + " events: " + log.events());
            for (int i = 0; i < items.length; i++) {
                Timed<Object> r = timed(Timeouts.PROMPT.plus(Timeouts.PROMPT), "[QUEUE-16] get()",
                        () -> q.get(Timeouts.PROMPT));
                assertEquals(items[i], r.value, "[QUEUE-16] item " + i + " of " + items.length + " that a child put"
                        + " before it exited: get() " + did(r));
            }
        } finally {
            Children.stop(p);
            discard(q);
        }
    }

    /**
     * A child that put 128 items of 64 KiB (8 MiB, more than a shared channel may hold at once) into an unbounded
     * queue, with nobody getting until its last put returned, and then returned, loses none: the parent gets them
     * while the child still waits to exit and, after it exited with code 0, the rest, each within 2 s, all intact and
     * in order.
     * <p>If this fails, check that a process does not exit before its feeder has handed over everything, however
     * much that is, and that its exit does not discard what the feeder still holds.
     */
    @Clause("QUEUE-16")
    @Test
    void queue16_aChildThatPutMoreThanTheChannelHoldsLosesNothing(MultiprocessingContext mp, Kit kit)
            throws Exception {
        SharedQueue<Object> q = mp.newQueue();
        int n = 128;
        int size = 64 * 1024;
        EventLog log = kit.newEventLog();
        ChildProcess p = mp.newProcess(args -> {
            SharedQueue<Object> c = QueueTargets.cast(args[1]);
            for (int i = 0; i < (Integer) args[2]; i++) {
                c.put(QueueTargets.bytes((Integer) args[3], i));
            }
            ((EventLog) args[0]).record("put all");
        }, log, q, n, size);
        try {
            p.start();
            kit.awaitEvent(log, "put all");
            Timed<Object> r = timed(Timeouts.MUST_HAPPEN.plus(Timeouts.PROMPT), "[QUEUE-16] get() of " + n + " items",
                    () -> {
                        long deadline = System.nanoTime() + Timeouts.MUST_HAPPEN.toNanos();
                        int got = 0;
                        while (got < n) {
                            boolean exited = !p.isAlive();
                            Object item;
                            try {
                                item = q.get(exited ? Timeouts.PROMPT : SLICE);
                            } catch (QueueEmptyException e) {
                                if (exited) {
                                    return "after the child exited, item " + got + " of " + n + " never came";
                                }
                                if (System.nanoTime() - deadline > 0) {
                                    return "item " + got + " of " + n + " did not come within " + Timeouts.MUST_HAPPEN;
                                }
                                continue;
                            }
                            if (!Arrays.equals(QueueTargets.bytes(size, got), (byte[]) item)) {
                                return "item " + got + " arrived corrupted: " + Items.describe(item);
                            }
                            got++;
                        }
                        return "all";
                    });
            assertEquals("all", r.value, "[QUEUE-16] the " + n + " items of " + size / 1024 + " KiB a child put before"
                    + " it exited");
            assertTrue(p.join(Timeouts.MUST_HAPPEN), "[QUEUE-16] the child did not exit once its items were got");
            assertEquals(0, p.exitCode().orElse(-1), "[QUEUE-16] exit code of the child");
            assertTrue(log.has("put all"), "[QUEUE-16] the child exited without recording that it put all its items");
        } finally {
            Children.stop(p);
            discard(q);
        }
    }

    /** QUEUE-24: sizes from 0 bytes to 64 MiB, around the usual buffer and ring sizes. */
    static final int[] SIZES = {0, 1, 4095, 4096, 65535, 65536, 65537, (1 << 20) + 7, 64 << 20};
    /** QUEUE-24: sizes through a SimpleQueue, which has no feeder to hold a large item. */
    static final int[] SIMPLE_SIZES = {0, 65537, (2 << 20) + 3, 64 << 20};

    /**
     * byte[] items from 0 bytes to 64 MiB that a child puts into a Queue and into a SimpleQueue arrive in the parent
     * intact, with the digest the child recorded, and a byte[] of 16 MiB + 1 that the parent puts arrives in a child
     * with the parent's digest.
     * <p>If this fails, check how a message larger than the shared ring is streamed through it (every piece, in
     * order, with one writer at a time), and the length field's width.
     */
    @Clause("QUEUE-24")
    @Test
    void queue24_itemsUpTo64MiBArriveIntact(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        SharedQueue<Object> up = mp.newQueue();
        SharedQueue<Object> down = mp.newQueue();
        SimpleQueue<Object> simple = mp.newSimpleQueue();
        int big = (16 << 20) + 1;
        ChildProcess p = mp.newProcess(QueueTransferClauseTests::largeItems, log, up, down, SIZES, waitMillis(),
                simple, SIMPLE_SIZES);
        try {
            p.start();
            byte[][] sent = {QueueTargets.bytes(big, 42)};
            String sentDigest = QueueTargets.digest(sent[0]);
            Timed<Object> put = timed(Timeouts.MUST_HAPPEN, "[QUEUE-24] put() of " + big + " bytes", () -> {
                down.put(sent[0]);
                return "returned";
            });
            assertEquals("returned", put.value, "[QUEUE-24] put() of a byte[" + big + "] " + did(put));
            sent[0] = null;
            for (int size : SIZES) {
                Timed<Object> r = timed(Timeouts.MUST_HAPPEN.plus(Timeouts.PROMPT), "[QUEUE-24] get() of " + size
                        + " bytes", () -> up.get(Timeouts.MUST_HAPPEN));
                assertTrue(r.value instanceof byte[], "[QUEUE-24] get() of the byte[" + size + "] a child put "
                        + did(r));
                byte[] got = (byte[]) r.value;
                assertEquals(size, got.length, "[QUEUE-24] length of the byte[" + size + "] a child put");
                String digest = kit.awaitValue(log, "put " + size + " digest=");
                assertEquals(digest, QueueTargets.digest(got), "[QUEUE-24] SHA-256 of the byte[" + size + "] a child"
                        + " put, as the child recorded it and as the parent got it");
            }
            assertEquals("size=" + big + " digest=" + sentDigest, kit.awaitValue(log, "got "), "[QUEUE-24] the"
                    + " byte[" + big + "] the parent put, as a child got it");
            for (int size : SIMPLE_SIZES) {
                Object item = getItem(simple, "[QUEUE-24] get() of " + size + " bytes from a SimpleQueue");
                assertTrue(item instanceof byte[], "[QUEUE-24] get() of the byte[" + size + "] a child put into a"
                        + " SimpleQueue returned " + Items.describe(item));
                byte[] got = (byte[]) item;
                assertEquals(size, got.length, "[QUEUE-24] length of the byte[" + size + "] a child put into a"
                        + " SimpleQueue");
                String digest = kit.awaitValue(log, "simple put " + size + " digest=");
                assertEquals(digest, QueueTargets.digest(got), "[QUEUE-24] SHA-256 of the byte[" + size + "] a child"
                        + " put into a SimpleQueue, as the child recorded it and as the parent got it");
            }
            assertTrue(p.join(Timeouts.MUST_HAPPEN), "[QUEUE-24] the child did not exit");
            assertEquals(0, p.exitCode().orElse(-1), "[QUEUE-24] exit code of the child; events: " + log.events());
        } finally {
            Children.stop(p);
            discard(up, down);
            discard(simple);
        }
    }

    /**
     * QUEUE-24 in a child: gets one byte[] from {@code args[2]} and records "got size=N digest=D"; then for each size
     * in {@code args[3]} makes that many deterministic bytes, records "put SIZE digest=D" and puts them into
     * {@code args[1]}; then the same with the sizes {@code args[6]}, recorded as "simple put …", into the SimpleQueue
     * {@code args[5]}.
     */
    static void largeItems(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        SharedQueue<Object> up = QueueTargets.cast(args[1]);
        SharedQueue<Object> down = QueueTargets.cast(args[2]);
        int[] sizes = (int[]) args[3];
        long wait = (Long) args[4];
        Object got = down.get(Duration.ofMillis(wait));
        if (got instanceof byte[]) {
            log.record("got size=" + ((byte[]) got).length + " digest=" + QueueTargets.digest((byte[]) got));
        } else {
            log.record("got " + Items.describe(got));
        }
        got = null;
        for (int size : sizes) {
            byte[] b = QueueTargets.bytes(size, size);
            log.record("put " + size + " digest=" + QueueTargets.digest(b));
            up.put(b);
        }
        SimpleQueue<Object> simple = QueueLifecycleClauseTests.cast(args[5]);
        for (int size : (int[]) args[6]) {
            byte[] b = QueueTargets.bytes(size, size + 1);
            log.record("simple put " + size + " digest=" + QueueTargets.digest(b));
            simple.put(b);
        }
    }

    /**
     * The tutorial's download-and-analyse pair (seed 003): "download" puts 0…9 with a 100 ms pause after each put,
     * "analysis" gets with a 2 s timeout until QueueEmptyException, recording its list after each item; both start
     * at one "go" from the test. Both exit with code 0; the analysis got [0, …, 9] in order, then stopped on
     * QueueEmptyException, no earlier than its timeout after its last get began.
     * <p>If this fails, check QUEUE-03 (get(timeout) must wait out its timeout, and wake when another process puts)
     * and QUEUE-08 (one producer's order).
     */
    @Clause("QUEUE-25")
    @Test
    void queue25_tutorialDownloadAndAnalysisPassAllTenInOrder(MultiprocessingContext mp, Kit kit)
            throws Exception {
        EventLog log = kit.newEventLog();
        SharedQueue<Object> q = mp.newQueue();
        ChildProcess download = mp.newProcess(QueueTransferClauseTests::download, log, q, PAUSE.toMillis(),
                waitMillis());
        ChildProcess analysis = mp.newProcess(QueueTransferClauseTests::analysis, log, q,
                ANALYSIS_TIMEOUT.toMillis(), waitMillis());
        try {
            download.start();
            analysis.start();
            kit.awaitEvent(log, "download ready");
            kit.awaitEvent(log, "analysis ready");
            log.record("kit: go");
            assertTrue(download.join(Timeouts.MUST_HAPPEN), "[QUEUE-25] download did not exit; events: "
                    + log.events());
            assertTrue(analysis.join(Timeouts.MUST_HAPPEN), "[QUEUE-25] analysis did not exit; events: "
                    + log.events());
            assertEquals(0, download.exitCode().orElse(-1), "[QUEUE-25] exit code of download; events: "
                    + log.events());
            assertEquals(0, analysis.exitCode().orElse(-1), "[QUEUE-25] exit code of analysis; events: "
                    + log.events());
            String stopped = kit.awaitValue(log, "analysis stopped ");
            Map<String, String> f = EventLog.fields(stopped);
            assertEquals("QueueEmptyException", f.get("on"), "[QUEUE-25] how analysis stopped: " + stopped);
            assertEquals(IntStream.range(0, 10).boxed().collect(Collectors.toList()).toString().replace(" ", ""),
                    f.get("list"), "[QUEUE-25] the list analysis got; events: " + log.events());
            BoundedCalls.assertNoEarlier("QUEUE-25", ANALYSIS_TIMEOUT, Long.parseLong(f.get("nanos")),
                    "analysis's last get(" + ANALYSIS_TIMEOUT + ") threw QueueEmptyException");
        } finally {
            Children.stop(download, analysis);
            discard(q);
        }
    }

    /**
     * QUEUE-25, the tutorial's {@code download(q)}: records "download ready", waits for "kit: go", then puts 0…9,
     * recording "download put I" and pausing {@code args[2]} ms after each.
     */
    static void download(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        SharedQueue<Object> q = QueueTargets.cast(args[1]);
        log.record("download ready");
        ChildWork.awaitKit(log, "kit: go", (Long) args[3]);
        for (int i = 0; i < 10; i++) {
            q.put(i);
            log.record("download put " + i);
            ChildWork.sleep((Long) args[2]);
        }
    }

    /**
     * QUEUE-25, the tutorial's {@code analysis(q)}: after "kit: go", gets with a timeout of {@code args[2]} ms until
     * QueueEmptyException, recording its list after each item ("analysis [0, 1]", the tutorial's print), and at the
     * end "analysis stopped on=… list=… nanos=…" with the duration of its last get.
     */
    static void analysis(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        SharedQueue<Object> q = QueueTargets.cast(args[1]);
        Duration timeout = Duration.ofMillis((Long) args[2]);
        log.record("analysis ready");
        ChildWork.awaitKit(log, "kit: go", (Long) args[3]);
        List<Object> data = new ArrayList<>();
        while (true) {
            long t0 = System.nanoTime();
            Object item;
            try {
                item = q.get(timeout);
            } catch (QueueEmptyException e) {
                log.record("analysis stopped on=QueueEmptyException list=" + data.toString().replace(" ", "")
                        + " nanos=" + (System.nanoTime() - t0));
                return;
            }
            data.add(item);
            log.record("analysis " + data);
            if (data.size() > 100) {
                log.record("analysis stopped on=too-many list=" + data.toString().replace(" ", "") + " nanos=0");
                return;
            }
        }
    }
}
