package dev.mpkit.tck.queue;

import static dev.mpkit.tck.queue.QueueChecks.DELAY;
import static dev.mpkit.tck.queue.QueueChecks.assertRefused;
import static dev.mpkit.tck.queue.QueueChecks.did;
import static dev.mpkit.tck.queue.QueueChecks.getItem;
import static dev.mpkit.tck.queue.QueueChecks.thrownBy;
import static dev.mpkit.tck.support.BoundedCalls.timed;
import static dev.mpkit.tck.support.Cleanup.discard;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.ChildProcess;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.SimpleQueue;
import dev.mpkit.tck.support.BoundedCalls;
import dev.mpkit.tck.support.Children;
import dev.mpkit.tck.support.Clause;
import dev.mpkit.tck.support.ClauseTests;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.Items;
import dev.mpkit.tck.support.Kit;
import dev.mpkit.tck.support.Timed;
import dev.mpkit.tck.support.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Python's {@code multiprocessing.SimpleQueue} as {@link SimpleQueue}: QUEUE-21 and QUEUE-22. */
@ClauseTests
class SimpleQueueClauseTests {

    private static long waitMillis() {
        return Timeouts.MUST_HAPPEN.toMillis();
    }

    /**
     * Items of many kinds, null included, pass through a SimpleQueue as equal copies from the parent to a child and
     * from a child to the parent; 500 items a child puts arrive in the parent in order, and 500 the parent puts
     * arrive in a child in order.
     * <p>If this fails, check the SimpleQueue's framing and encoding across processes, and that one process's
     * puts enter the channel in order.
     */
    @Clause("QUEUE-21")
    @Test
    void queue21_simpleQueueCarriesItemsBetweenProcessesInOrder(MultiprocessingContext mp, Kit kit)
            throws Exception {
        EventLog toChild = kit.newEventLog();
        EventLog fromChild = kit.newEventLog();
        SimpleQueue<Object> down = mp.newSimpleQueue();
        SimpleQueue<Object> up = mp.newSimpleQueue();
        Object[] kinds = QueueTargets.items();
        Object[] numbers = IntStream.range(0, 500).boxed().toArray();
        Object[] items = new Object[kinds.length + numbers.length];
        System.arraycopy(kinds, 0, items, 0, kinds.length);
        System.arraycopy(numbers, 0, items, kinds.length, numbers.length);
        ChildProcess getter = mp.newProcess(QueueTargets::getsAndCompares, toChild, down, items, waitMillis());
        ChildProcess putter = mp.newProcess(QueueTargets::putsAll, fromChild, up, items);
        try {
            for (Object item : items) {
                down.put(item);
            }
            getter.start();
            putter.start();
            for (int i = 0; i < items.length; i++) {
                Object got = getItem(up, "[QUEUE-21] get() of item " + i + " that a child put");
                assertTrue(Objects.deepEquals(items[i], got), "[QUEUE-21] item " + i + " that a child put into a"
                        + " SimpleQueue, " + Items.describe(items[i]) + ", arrived in the parent as "
                        + Items.describe(got));
            }
            kit.awaitEvent(toChild, "done");
            List<EventLog.Event> got = toChild.startingWith("got ");
            assertEquals(items.length, got.size(), "[QUEUE-21] items a child got from a SimpleQueue");
            for (int i = 0; i < items.length; i++) {
                assertTrue(got.get(i).text.startsWith("got " + i + " equal=true "), "[QUEUE-21] item " + i + " that"
                        + " the parent put into a SimpleQueue, " + Items.describe(items[i]) + ", arrived in a"
                        + " child as: " + got.get(i).text);
            }
            assertTrue(getter.join(Timeouts.MUST_HAPPEN) && putter.join(Timeouts.MUST_HAPPEN), "[QUEUE-21] the"
                    + " children did not exit");
            assertEquals(0, getter.exitCode().orElse(-1), "[QUEUE-21] exit code of the getting child");
            assertEquals(0, putter.exitCode().orElse(-1), "[QUEUE-21] exit code of the putting child");
        } finally {
            Children.stop(getter, putter);
            discard(down, up);
        }
    }

    /**
     * Three producer children put 300 items each, (id, seq), into one SimpleQueue, all at once: the parent gets all
     * 900, each producer's in the order it put them.
     * <p>If this fails, check that writers of a SimpleQueue exclude each other across processes, so that messages
     * are never interleaved, and that one process's puts enter the channel in order.
     */
    @Clause("QUEUE-21")
    @Test
    void queue21_eachProducersItemsArriveInItsOrder(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        SimpleQueue<Object> q = mp.newSimpleQueue();
        int producers = 3;
        int each = 300;
        List<ChildProcess> children = new ArrayList<>();
        try {
            QueueTargets.startProducers(mp, log, q, producers, each, waitMillis(), children, "QUEUE-21");
            List<Object> got = new ArrayList<>();
            for (int i = 0; i < producers * each; i++) {
                got.add(getItem(q, "[QUEUE-21] get() of item " + i + " of " + producers * each + " (got so far: "
                        + got.size() + ")"));
            }
            QueueTransferClauseTests.assertPerProducerOrder("QUEUE-21", got, producers, each, "the parent");
            for (ChildProcess p : children) {
                assertTrue(p.join(Timeouts.MUST_HAPPEN), "[QUEUE-21] a producer did not exit");
                assertEquals(0, p.exitCode().orElse(-1), "[QUEUE-21] exit code of a producer");
            }
        } finally {
            Children.stop(children.toArray(new ChildProcess[0]));
            discard(q);
        }
    }

    /**
     * get() of an empty SimpleQueue waits until a child puts, 500 ms after the parent started to wait: it returns
     * that item, within 2 s of the put.
     * <p>If this fails, check that get() blocks on an empty SimpleQueue and that a put in another process wakes it.
     */
    @Clause("QUEUE-21")
    @Test
    void queue21_simpleQueueGetWaitsForAnotherProcessesPut(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        SimpleQueue<Object> q = mp.newSimpleQueue();
        ChildProcess p = mp.newProcess(QueueTargets::putsAfterDelay, log, q, "woken", DELAY.toMillis(),
                waitMillis());
        try {
            p.start();
            Timed<Object> r = timed(Timeouts.MUST_HAPPEN, "[QUEUE-21] get() of an empty SimpleQueue", () -> {
                log.record("kit: getting");
                return q.get();
            });
            assertEquals("woken", r.value, "[QUEUE-21] get() of an empty SimpleQueue while a child put 'woken' "
                    + did(r));
            EventLog.Event putting = kit.awaitEvent(log, "putting");
            // The item is put at least DELAY after the call began: returning it is the lower bound.
            assertTrue(r.end - putting.nanos <= Timeouts.PROMPT.toNanos(), "[QUEUE-21] get() of a SimpleQueue"
                    + " returned " + Duration.ofNanos(r.end - putting.nanos) + " after a child began to put;"
                    + " expected within " + Timeouts.PROMPT);
            assertTrue(p.join(Timeouts.MUST_HAPPEN), "[QUEUE-21] the child did not exit");
        } finally {
            Children.stop(p);
            discard(q);
        }
    }

    /**
     * isEmpty() of a SimpleQueue is false right after put() returns, 300 times, with items up to 1 KiB, and true
     * once the item is got.
     * <p>If this fails, check that put() writes into the shared channel before it returns (SimpleQueue has no
     * feeder).
     */
    @Clause("QUEUE-21")
    @Test
    void queue21_simpleQueueIsNotEmptyRightAfterPut(MultiprocessingContext mp) throws Exception {
        SimpleQueue<Object> q = mp.newSimpleQueue();
        try {
            Timed<Object> r = timed(Timeouts.MUST_HAPPEN, "[QUEUE-21] 300 rounds of put, isEmpty, get", () -> {
                if (!q.isEmpty()) {
                    return "isEmpty() of a new SimpleQueue was false";
                }
                for (int i = 0; i < 300; i++) {
                    Object item = i % 2 == 0 ? new byte[i * 1024 / 300] : (Object) i;
                    q.put(item);
                    if (q.isEmpty()) {
                        return "round " + i + ": isEmpty() was true right after put() of "
                                + Items.describe(item);
                    }
                    Object got = q.get();
                    if (!Objects.deepEquals(item, got)) {
                        return "round " + i + ": get() returned " + Items.describe(got);
                    }
                    if (!q.isEmpty()) {
                        return "round " + i + ": isEmpty() was false once the only item was got";
                    }
                }
                return "ok";
            });
            assertEquals("ok", r.value, "[QUEUE-21] a SimpleQueue that only this process uses");
        } finally {
            discard(q);
        }
    }

    /**
     * put() of an unserializable item into a SimpleQueue throws IllegalArgumentException "[QUEUE-22] cannot put"
     * and enqueues nothing; the queue then carries the next item. After close(), put, get and isEmpty throw
     * IllegalStateException "[QUEUE-22] SimpleQueue is closed", and a second close() does nothing.
     * <p>If this fails, check that put encodes the item before it writes anything, and that every operation but
     * close() checks the closed flag first.
     */
    @Clause("QUEUE-22")
    @Test
    void queue22_simpleQueueRefusesUnserializableItemsAndAClosedHandle(MultiprocessingContext mp)
            throws Exception {
        SimpleQueue<Object> q = mp.newSimpleQueue();
        try {
            for (Object item : List.of(new QueueTargets.Unserializable(), new QueueTargets.HoldsUnserializable(),
                    new ArrayList<>(Arrays.asList(1, new QueueTargets.Unserializable())))) {
                String what = "put() of " + item.getClass().getSimpleName() + " into a SimpleQueue";
                assertRefused("QUEUE-22", IllegalArgumentException.class, "[QUEUE-22] cannot put",
                        thrownBy("[QUEUE-22] " + what, () -> q.put(item)), what);
            }
            assertTrue(q.isEmpty(), "[QUEUE-22] isEmpty() of a SimpleQueue after refused puts");
            q.put("next");
            assertEquals("next", getItem(q, "[QUEUE-22] get()"), "[QUEUE-22] the first item after refused puts");
            assertTrue(q.isEmpty(), "[QUEUE-22] isEmpty() after the only good item was got: a refused put left"
                    + " something behind");
            q.put("left in the queue");
            q.close();
            Map<String, BoundedCalls.Action> calls = new LinkedHashMap<>();
            calls.put("put()", () -> q.put("x"));
            calls.put("get()", q::get);
            calls.put("isEmpty()", q::isEmpty);
            for (Map.Entry<String, BoundedCalls.Action> c : calls.entrySet()) {
                assertRefused("QUEUE-22", IllegalStateException.class, "[QUEUE-22] SimpleQueue is closed",
                        thrownBy("[QUEUE-22] " + c.getKey() + " of a closed SimpleQueue", c.getValue()), c.getKey()
                                + " of a closed SimpleQueue");
            }
            Throwable t = thrownBy("[QUEUE-22] a second close()", q::close);
            assertTrue(t == null, "[QUEUE-22] a second close() of a SimpleQueue threw " + t);
        } finally {
            discard(q);
        }
    }
}
