package dev.mpkit.tck.queue;

import static dev.mpkit.tck.queue.QueueChecks.DELAY;
import static dev.mpkit.tck.queue.QueueChecks.NOT_WAITING;
import static dev.mpkit.tck.queue.QueueChecks.TIMEOUT;
import static dev.mpkit.tck.queue.QueueChecks.assertRefusedAfter;
import static dev.mpkit.tck.queue.QueueChecks.assertRefusedAtOnce;
import static dev.mpkit.tck.queue.QueueChecks.did;
import static dev.mpkit.tck.queue.QueueChecks.getItem;
import static dev.mpkit.tck.support.BoundedCalls.thrown;
import static dev.mpkit.tck.support.BoundedCalls.timed;
import static dev.mpkit.tck.support.Cleanup.discard;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.ChildProcess;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.QueueEmptyException;
import dev.mpkit.QueueFullException;
import dev.mpkit.SharedQueue;
import dev.mpkit.tck.support.BoundedCalls;
import dev.mpkit.tck.support.ChildWork;
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
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Python's {@code multiprocessing.Queue} as {@link SharedQueue}: putting and getting across processes, waiting,
 * timeouts, bounds and the size queries, QUEUE-01 to QUEUE-07 and QUEUE-10 to QUEUE-12. Ordering, large items and the
 * tutorial are in {@link QueueTransferClauseTests}, closing and refusals in {@link QueueLifecycleClauseTests}, and
 * QUEUE-09 is a property ({@link QueuePropertyClauseTests}).
 */
@ClauseTests
class QueueClauseTests {

    private static long waitMillis() {
        return Timeouts.MUST_HAPPEN.toMillis();
    }

    /**
     * Items of many kinds, null included, arrive as equal copies both ways: a child gets what the parent put and
     * records that each equals what it expected, and the parent gets what a child put.
     * <p>If this fails, check the encoding of the kind of item named in the message: it must round-trip to an equal
     * object in another JVM, and null must arrive as null, not as a missing item.
     */
    @Clause("QUEUE-01")
    @Test
    void queue01_whatOneProcessPutsAnotherGetsAsAnEqualCopy(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog toChild = kit.newEventLog();
        EventLog fromChild = kit.newEventLog();
        SharedQueue<Object> down = mp.newQueue();
        SharedQueue<Object> up = mp.newQueue();
        Object[] items = QueueTargets.items();
        ChildProcess getter = mp.newProcess(QueueTargets::getsAndCompares, toChild, down, items, waitMillis());
        ChildProcess putter = mp.newProcess(QueueTargets::putsAll, fromChild, up, items);
        try {
            for (Object item : items) {
                down.put(item);
            }
            getter.start();
            putter.start();
            for (int i = 0; i < items.length; i++) {
                Object got = getItem(up, "[QUEUE-01] get() of item " + i + " that a child put");
                assertTrue(Objects.deepEquals(items[i], got), "[QUEUE-01] item " + i + " that a child put, "
                        + Items.describe(items[i]) + ", arrived in the parent as " + Items.describe(got));
            }
            kit.awaitEvent(fromChild, "done");
            kit.awaitEvent(toChild, "done");
            for (int i = 0; i < items.length; i++) {
                String got = kit.awaitValue(toChild, "got " + i + " ");
                assertTrue(got.startsWith("equal=true "), "[QUEUE-01] item " + i + " that the parent put, "
                        + Items.describe(items[i]) + ", arrived in a child as " + got);
            }
            assertTrue(getter.join(Timeouts.MUST_HAPPEN) && putter.join(Timeouts.MUST_HAPPEN), "[QUEUE-01] the"
                    + " children did not exit; events: " + toChild.events() + " " + fromChild.events());
            assertEquals(0, getter.exitCode().orElse(-1), "[QUEUE-01] exit code of the getting child");
            assertEquals(0, putter.exitCode().orElse(-1), "[QUEUE-01] exit code of the putting child");
        } finally {
            Children.stop(getter, putter);
            discard(down, up);
        }
    }

    /**
     * get() on an empty queue waits until a child puts, 500 ms after the parent started to wait: it returns that
     * item (neither null nor an exception before it), within 2 s of the put.
     * <p>If this fails, check that get() blocks on an empty queue instead of returning null or throwing, and that
     * a put in another process wakes it (a futex or semaphore shared between processes), not only a put in its own.
     */
    @Clause("QUEUE-02")
    @Test
    void queue02_getWaitsUntilAnotherProcessPuts(MultiprocessingContext mp, Kit kit) throws Exception {
        assertWokenByAChildsPut("QUEUE-02", mp, kit, "get()", q -> q.get());
    }

    /**
     * get(300 ms) on an empty queue, bounded and unbounded, throws QueueEmptyException starting with [QUEUE-03] no
     * earlier than 300 ms, as the caller measures it.
     * <p>If this fails, check that the timed wait neither returns early (a wait in slices that forgets the time
     * already waited) nor returns something else than QueueEmptyException.
     */
    @Clause("QUEUE-03")
    @Test
    void queue03_getTimeoutOnEmptyMustWaitThenThrow(MultiprocessingContext mp) throws Exception {
        SharedQueue<Object> unbounded = mp.newQueue();
        SharedQueue<Object> bounded = mp.newQueue(3);
        try {
            for (SharedQueue<Object> q : List.of(unbounded, bounded)) {
                String what = "get(" + TIMEOUT + ") on an empty " + (q == bounded ? "bounded" : "unbounded") + " queue";
                Timed<Object> r = timed(TIMEOUT.plus(Timeouts.PROMPT), "[QUEUE-03] " + what, () -> q.get(TIMEOUT));
                assertRefusedAfter("QUEUE-03", QueueEmptyException.class, "[QUEUE-03]", TIMEOUT, r, what);
            }
            unbounded.put("item");
            assertEquals("item", getItem(unbounded, "[QUEUE-03] get(timeout) after a put"), "[QUEUE-03] the item"
                    + " got after a get(timeout) had thrown QueueEmptyException");
            Timed<Object> again = timed(TIMEOUT.plus(Timeouts.PROMPT), "[QUEUE-03] get(timeout)",
                    () -> unbounded.get(TIMEOUT));
            assertRefusedAfter("QUEUE-03", QueueEmptyException.class, "[QUEUE-03]", TIMEOUT, again, "get(" + TIMEOUT
                    + ") on a queue emptied again");
        } finally {
            discard(unbounded, bounded);
        }
    }

    /**
     * get(timeout) with a zero or negative timeout (0, -1 ns, -1 s, -200000 days) on an empty queue throws
     * QueueEmptyException starting with [QUEUE-03] at once, and on a queue with an item returns it.
     * <p>If this fails, check that a timeout of zero or less is clamped to zero, not taken as "forever" or
     * overflowing when converted to nanoseconds.
     */
    @Clause("QUEUE-03")
    @Test
    void queue03_getWithZeroOrNegativeTimeoutDoesNotWait(MultiprocessingContext mp) throws Exception {
        SharedQueue<Object> q = mp.newQueue();
        try {
            for (Duration t : NOT_WAITING) {
                Timed<Object> r = timed(Timeouts.PROMPT.plus(Timeouts.PROMPT), "[QUEUE-03] get(" + t + ")",
                        () -> q.get(t));
                assertRefusedAtOnce("QUEUE-03", QueueEmptyException.class, "[QUEUE-03]", r, "get(" + t
                        + ") on an empty queue");
            }
            for (Duration t : NOT_WAITING) {
                q.put("item " + t);
                Object got = Timeouts.eventually("QUEUE-03 the item put is ready").until(() -> {
                    Timed<Object> r = timed(Timeouts.PROMPT, "[QUEUE-03] get(" + t + ")", () -> q.get(t));
                    return r.value;
                }, v -> !(v instanceof BoundedCalls.Thrown));
                assertEquals("item " + t, got, "[QUEUE-03] get(" + t + ") on a queue with one item");
            }
        } finally {
            discard(q);
        }
    }

    /**
     * get(30 s), and get(1000 years), a timeout whose nanoseconds overflow a long, on an empty queue return the
     * item that a child puts 500 ms after the parent started to wait, within 2 s of the put.
     * <p>If this fails, check that a put in another process wakes a timed get, that the timed get does not sleep
     * out its whole timeout, and that a very long timeout means waiting for ever, not an overflow.
     */
    @Clause("QUEUE-03")
    @Test
    void queue03_getTimeoutReturnsAnItemPutMeanwhileByAnotherProcess(MultiprocessingContext mp, Kit kit)
            throws Exception {
        assertWokenByAChildsPut("QUEUE-03", mp, kit, "get(" + Timeouts.MUST_HAPPEN + ")",
                q -> q.get(Timeouts.MUST_HAPPEN));
        Duration forever = Duration.ofDays(365_000);
        assertWokenByAChildsPut("QUEUE-03", mp, kit, "get(" + forever + ")", q -> q.get(forever));
    }

    /** A get call for {@link #assertWokenByAChildsPut}. */
    @FunctionalInterface
    interface Getter {
        Object get(SharedQueue<Object> q) throws Exception;
    }

    /**
     * The parent records "kit: getting" and calls {@code call} on an empty queue; a child waits for that event,
     * sleeps {@link QueueChecks#DELAY}, records "putting" and puts. The call must return the item (so it waited at
     * least the delay), within {@link Timeouts#PROMPT} of "putting".
     */
    static void assertWokenByAChildsPut(String clause, MultiprocessingContext mp, Kit kit, String what, Getter call)
            throws Exception {
        EventLog log = kit.newEventLog();
        SharedQueue<Object> q = mp.newQueue();
        ChildProcess p = mp.newProcess(QueueTargets::putsAfterDelay, log, q, "woken", DELAY.toMillis(),
                waitMillis());
        try {
            p.start();
            Timed<Object> r = timed(Timeouts.MUST_HAPPEN, "[" + clause + "] " + what + " on an empty queue", () -> {
                log.record("kit: getting");
                return call.get(q);
            });
            assertEquals("woken", r.value, "[" + clause + "] " + what + " on an empty queue, while a child put"
                    + " 'woken' into it, " + did(r) + "; events: " + log.events());
            EventLog.Event putting = kit.awaitEvent(log, "putting");
            // The item is put at least DELAY after the call began: returning it is the lower bound.
            assertTrue(r.end - putting.nanos <= Timeouts.PROMPT.toNanos(), "[" + clause + "] " + what + " returned "
                    + Duration.ofNanos(r.end - putting.nanos) + " after a child began to put; expected within "
                    + Timeouts.PROMPT);
            assertTrue(p.join(Timeouts.MUST_HAPPEN), "[" + clause + "] the child did not exit; events: "
                    + log.events());
            assertEquals(0, p.exitCode().orElse(-1), "[" + clause + "] exit code of the child; events: "
                    + log.events());
        } finally {
            Children.stop(p);
            discard(q);
        }
    }

    /**
     * getNowait() on an empty queue, new or emptied, bounded or not, throws QueueEmptyException starting with
     * [QUEUE-04] getNowait() found the queue empty, at once.
     * <p>If this fails, check that getNowait() never waits and signals an empty queue by the exception, not by null.
     */
    @Clause("QUEUE-04")
    @Test
    void queue04_getNowaitOnEmptyThrowsAtOnce(MultiprocessingContext mp) throws Exception {
        SharedQueue<Object> unbounded = mp.newQueue();
        SharedQueue<Object> bounded = mp.newQueue(2);
        try {
            for (SharedQueue<Object> q : List.of(unbounded, bounded)) {
                String kind = q == bounded ? "bounded" : "unbounded";
                Timed<Object> r = timed(Timeouts.PROMPT.plus(Timeouts.PROMPT), "[QUEUE-04] getNowait()",
                        q::getNowait);
                assertRefusedAtOnce("QUEUE-04", QueueEmptyException.class, "[QUEUE-04] getNowait() found the queue"
                        + " empty", r, "getNowait() on a new, empty " + kind + " queue");
                q.put(null);
                assertEquals(null, getItem(q, "[QUEUE-04] get() of a null item"), "[QUEUE-04] a null item");
                r = timed(Timeouts.PROMPT.plus(Timeouts.PROMPT), "[QUEUE-04] getNowait()", q::getNowait);
                assertRefusedAtOnce("QUEUE-04", QueueEmptyException.class, "[QUEUE-04] getNowait() found the queue"
                        + " empty", r, "getNowait() on an emptied " + kind + " queue (its last item was null)");
            }
        } finally {
            discard(unbounded, bounded);
        }
    }

    /**
     * On a queue of maxSize 2 holding 2 items: putNowait throws QueueFullException [QUEUE-05] at once,
     * put(item, 300 ms) no earlier than 300 ms, put(item, t) with t zero or negative at once; none of them puts its
     * item: qsize() stays 2 and the queue then yields exactly the two items.
     * <p>If this fails, check that the bound is enforced in put (a counting semaphore in the shared state) and that
     * a refused put leaves no trace.
     */
    @Clause("QUEUE-05")
    @Test
    void queue05_aFullQueueRefusesPutsAndKeepsItsItems(MultiprocessingContext mp) throws Exception {
        SharedQueue<Object> q = mp.newQueue(2);
        try {
            q.putNowait("first");
            q.put("second", Timeouts.PROMPT);
            assertFullRefusesEveryPut("QUEUE-05", q, "a queue of maxSize 2 holding 2 items");
            assertEquals("first", getItem(q, "[QUEUE-05] get()"), "[QUEUE-05] first item of a full queue after"
                    + " refused puts");
            assertEquals("second", getItem(q, "[QUEUE-05] get()"), "[QUEUE-05] second item of a full queue after"
                    + " refused puts");
            Timed<Object> r = timed(TIMEOUT.plus(Timeouts.PROMPT), "[QUEUE-05] get(timeout)", () -> q.get(TIMEOUT));
            assertTrue(thrown(r) instanceof QueueEmptyException, "[QUEUE-05] a refused put put its item after all:"
                    + " after getting the two items of the full queue, get() " + did(r));
        } finally {
            discard(q);
        }
    }

    /**
     * A queue of maxSize 2 that a child filled, and exited, is full in the parent: putNowait throws
     * QueueFullException at once and put(item, 300 ms) no earlier than 300 ms.
     * <p>If this fails, check that the bound and the count of items live in the shared state, not in the JVM that
     * created the queue.
     */
    @Clause("QUEUE-05")
    @Test
    void queue05_aQueueAChildFilledIsFullInTheParent(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        SharedQueue<Object> q = mp.newQueue(2);
        ChildProcess p = mp.newProcess(QueueTargets::putsAll, log, q, new Object[] {"a", "b"});
        try {
            p.start();
            kit.awaitEvent(log, "done");
            assertTrue(p.join(Timeouts.MUST_HAPPEN), "[QUEUE-05] the child that filled the queue did not exit");
            assertFullRefusesEveryPut("QUEUE-05", q, "a queue of maxSize 2 that a child filled");
            assertEquals("a", getItem(q, "[QUEUE-05] get()"), "[QUEUE-05] first item of the child");
            assertEquals("b", getItem(q, "[QUEUE-05] get()"), "[QUEUE-05] second item of the child");
        } finally {
            Children.stop(p);
            discard(q);
        }
    }

    /**
     * A queue of maxSize 8 is full at 8 items, however large: putNowait of 8 items of 512 KiB (4 MiB, more than a
     * shared channel may hold at once) with no consumer all succeed, and the ninth is refused with
     * QueueFullException; the 8 items then come out intact.
     * <p>If this fails, check that the bound counts items, not bytes: a put that finds no room in the shared channel
     * on a queue that is not full must not be refused (a feeder may hold the item).
     */
    @Clause("QUEUE-05")
    @Test
    void queue05_aBoundedQueueIsFullAtMaxSizeItemsHoweverLarge(MultiprocessingContext mp) throws Exception {
        SharedQueue<Object> q = mp.newQueue(8);
        try {
            for (int i = 0; i < 8; i++) {
                byte[] item = QueueTargets.bytes(512 * 1024, i);
                Timed<Object> r = timed(Timeouts.PROMPT.plus(Timeouts.PROMPT), "[QUEUE-05] putNowait()", () -> {
                    q.putNowait(item);
                    return "put";
                });
                assertEquals("put", r.value, "[QUEUE-05] putNowait() of item " + i + " of 512 KiB into a queue of"
                        + " maxSize 8 holding " + i + " items " + did(r));
            }
            Timed<Object> r = timed(Timeouts.PROMPT.plus(Timeouts.PROMPT), "[QUEUE-05] putNowait()", () -> {
                q.putNowait("ninth");
                return null;
            });
            assertRefusedAtOnce("QUEUE-05", QueueFullException.class, "[QUEUE-05]", r, "putNowait() of a ninth item"
                    + " into a queue of maxSize 8");
            for (int i = 0; i < 8; i++) {
                Object got = getItem(q, "[QUEUE-05] get()");
                assertTrue(got instanceof byte[] && java.util.Arrays.equals(QueueTargets.bytes(512 * 1024, i),
                        (byte[]) got), "[QUEUE-05] item " + i + " of 512 KiB: " + Items.describe(got));
            }
        } finally {
            discard(q);
        }
    }

    /** Asserts that each kind of put on the full queue {@code q} of maxSize 2 is refused as QUEUE-05 says. */
    static void assertFullRefusesEveryPut(String clause, SharedQueue<Object> q, String what) throws Exception {
        String tag = "[" + clause + "] ";
        Timed<Object> r = timed(Timeouts.PROMPT.plus(Timeouts.PROMPT), tag + "putNowait()", () -> {
            q.putNowait("refused");
            return null;
        });
        assertRefusedAtOnce(clause, QueueFullException.class, "[QUEUE-05]", r, "putNowait() on " + what);
        r = timed(TIMEOUT.plus(Timeouts.PROMPT), tag + "put(item, " + TIMEOUT + ")", () -> {
            q.put("refused", TIMEOUT);
            return null;
        });
        assertRefusedAfter(clause, QueueFullException.class, "[QUEUE-05]", TIMEOUT, r, "put(item, " + TIMEOUT
                + ") on " + what);
        for (Duration t : NOT_WAITING) {
            r = timed(Timeouts.PROMPT.plus(Timeouts.PROMPT), tag + "put(item, " + t + ")", () -> {
                q.put("refused", t);
                return null;
            });
            assertRefusedAtOnce(clause, QueueFullException.class, "[QUEUE-05]", r, "put(item, " + t + ") on " + what);
        }
        assertEquals(2, q.qsize(), tag + "qsize() of " + what + " after refused puts");
        assertTrue(q.isFull(), tag + "isFull() of " + what + " after refused puts");
    }

    /**
     * put() on a full queue of maxSize 1 waits until a child, 500 ms later, gets the item that filled it, and then
     * puts: it does not return before the child began to get, and the child's next get() returns the new item.
     * <p>If this fails, check that put() blocks while the queue is full, and that a get in another process wakes it.
     */
    @Clause("QUEUE-06")
    @Test
    void queue06_putOnAFullQueueWaitsUntilAnotherProcessGets(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        SharedQueue<Object> q = mp.newQueue(1);
        ChildProcess p = mp.newProcess(QueueClauseTests::getsTwoAfterDelay, log, q, DELAY.toMillis(), waitMillis());
        try {
            q.put("filled");
            p.start();
            Timed<Object> r = timed(Timeouts.MUST_HAPPEN, "[QUEUE-06] put() on a full queue", () -> {
                log.record("kit: putting");
                q.put("waited");
                return "returned";
            });
            assertEquals("returned", r.value, "[QUEUE-06] put() on a full queue, while a child got from it, "
                    + did(r));
            EventLog.Event getting = kit.awaitEvent(log, "getting");
            assertTrue(r.end >= getting.nanos, "[QUEUE-06] put() on a full queue returned "
                    + Duration.ofNanos(getting.nanos - r.end) + " before a child began to get from it");
            assertEquals("'filled' (java.lang.String)", kit.awaitValue(log, "first got "), "[QUEUE-06] the child's"
                    + " first get()");
            assertEquals("'waited' (java.lang.String)", kit.awaitValue(log, "second got "), "[QUEUE-06] the"
                    + " child's second get(): the item of the put that waited");
            assertTrue(p.join(Timeouts.MUST_HAPPEN), "[QUEUE-06] the child did not exit; events: " + log.events());
        } finally {
            Children.stop(p);
            discard(q);
        }
    }

    /**
     * QUEUE-06: waits for "kit: putting", sleeps {@code args[2]} ms, records "getting", gets two items (waiting at
     * most {@code args[3]} ms each) and records "first got 'V' (CLASS)" and "second got …".
     */
    static void getsTwoAfterDelay(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        SharedQueue<Object> q = QueueTargets.cast(args[1]);
        long wait = (Long) args[3];
        ChildWork.awaitKit(log, "kit: putting", wait);
        dev.mpkit.tck.support.ChildWork.sleep((Long) args[2]);
        log.record("getting");
        for (String which : new String[] {"first", "second"}) {
            try {
                Object got = q.get(Duration.ofMillis(wait));
                log.record(which + " got " + (got instanceof String ? "'" + got + "' (java.lang.String)"
                        : Items.describe(got)));
            } catch (QueueEmptyException e) {
                log.record(which + " got none");
            }
        }
    }

    /**
     * A queue of maxSize 0, -1 or the default is unbounded: 10 000 put(), putNowait() and put(item, ZERO) with no
     * consumer all return, isFull() stays false, and the 30 000 items then come out in order.
     * <p>If this fails, check that a maxSize of zero or less is not taken as a bound of zero (or of the ring's
     * capacity): put must never wait or throw QueueFullException on such a queue.
     */
    @Clause("QUEUE-07")
    @Test
    void queue07_maxSizeZeroOrLessIsUnbounded(MultiprocessingContext mp) throws Exception {
        List<SharedQueue<Object>> queues = List.of(mp.newQueue(), mp.newQueue(0), mp.newQueue(-1));
        String[] kinds = {"newQueue()", "newQueue(0)", "newQueue(-1)"};
        int n = 10_000;
        try {
            for (int k = 0; k < queues.size(); k++) {
                SharedQueue<Object> q = queues.get(k);
                String kind = kinds[k];
                Timed<Object> r = timed(Timeouts.MUST_HAPPEN, "[QUEUE-07] " + 3 * n + " puts into " + kind, () -> {
                    for (int i = 0; i < n; i++) {
                        q.put(3 * i);
                        q.putNowait(3 * i + 1);
                        q.put(3 * i + 2, Duration.ZERO);
                    }
                    return "returned";
                });
                assertEquals("returned", r.value, "[QUEUE-07] " + 3 * n + " puts with no consumer into " + kind
                        + ": " + did(r));
                assertFalse(q.isFull(), "[QUEUE-07] isFull() of " + kind + " holding " + 3 * n + " items");
                Timed<Object> drained = timed(Timeouts.MUST_HAPPEN, "[QUEUE-07] getting " + 3 * n + " items", () -> {
                    for (int i = 0; i < 3 * n; i++) {
                        Object got = q.get(Timeouts.MUST_HAPPEN);
                        if (!Integer.valueOf(i).equals(got)) {
                            return "item " + i + " was " + Items.describe(got);
                        }
                    }
                    return "all";
                });
                assertEquals("all", drained.value, "[QUEUE-07] the items of " + kind + " after " + 3 * n + " puts");
                assertFalse(q.isFull(), "[QUEUE-07] isFull() of an emptied " + kind);
            }
        } finally {
            discard(queues.toArray(new SharedQueue<?>[0]));
        }
    }

    /**
     * qsize() is exact while nothing changes the queue: 0 when new, k after k puts, decreasing with each get, 0 when
     * emptied and after a refused getNowait(), 24 after 24 puts of 128 KiB with no consumer; 5 after a child put 5
     * and exited, 3 after a child got 2 of them; and, sampled again and again while a child puts and gets 3000 times,
     * never negative.
     * <p>If this fails, check that the count lives in the shared state, changes with every put and get, and is not
     * derived from two counters read at different moments.
     */
    @Clause("QUEUE-10")
    @Test
    void queue10_qsizeCountsItemsPutAndNotYetGot(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        SharedQueue<Object> q = mp.newQueue();
        SharedQueue<Object> busy = mp.newQueue(4);
        List<ChildProcess> children = new ArrayList<>();
        try {
            assertEquals(0, q.qsize(), "[QUEUE-10] qsize() of a new queue");
            for (int k = 1; k <= 5; k++) {
                q.put(k);
                assertEquals(k, q.qsize(), "[QUEUE-10] qsize() after " + k + " puts");
            }
            for (int k = 4; k >= 0; k--) {
                getItem(q, "[QUEUE-10] get()");
                assertEquals(k, q.qsize(), "[QUEUE-10] qsize() after " + (5 - k) + " gets of 5 items");
            }
            thrown(timed(Timeouts.PROMPT, "[QUEUE-10] getNowait()", q::getNowait));
            assertEquals(0, q.qsize(), "[QUEUE-10] qsize() after getNowait() on an empty queue");
            Timed<Object> put = timed(Timeouts.MUST_HAPPEN, "[QUEUE-10] 24 puts of 128 KiB", () -> {
                for (int i = 0; i < 24; i++) {
                    q.put(new byte[128 * 1024]);
                }
                return "returned";
            });
            assertEquals("returned", put.value, "[QUEUE-10] 24 puts of 128 KiB into an unbounded queue " + did(put));
            assertEquals(24, q.qsize(), "[QUEUE-10] qsize() after 24 puts of 128 KiB (3 MiB, more than a shared"
                    + " channel may hold at once) with no consumer: items waiting in a feeder count too");
            for (int k = 23; k >= 0; k--) {
                getItem(q, "[QUEUE-10] get()");
                assertEquals(k, q.qsize(), "[QUEUE-10] qsize() after " + (24 - k) + " gets of 24 items of 128 KiB");
            }

            ChildProcess putter = mp.newProcess(QueueTargets::putsAll, log, q, new Object[] {1, 2, 3, 4, 5});
            children.add(putter);
            putter.start();
            assertTrue(putter.join(Timeouts.MUST_HAPPEN), "[QUEUE-10] the child that put 5 items did not exit");
            assertEquals(5, q.qsize(), "[QUEUE-10] qsize() after a child put 5 items and exited");
            ChildProcess getter = mp.newProcess(QueueClauseTests::getsTwo, log, q, waitMillis());
            children.add(getter);
            getter.start();
            assertTrue(getter.join(Timeouts.MUST_HAPPEN), "[QUEUE-10] the child that got 2 items did not exit");
            assertEquals("true", kit.awaitValue(log, "got two="), "[QUEUE-10] the child's two get() calls");
            assertEquals(3, q.qsize(), "[QUEUE-10] qsize() after a child got 2 of 5 items");

            ChildProcess churn = mp.newProcess(QueueClauseTests::putsAndGets, log, busy, 3000, waitMillis());
            children.add(churn);
            churn.start();
            kit.awaitEvent(log, "churning");
            long deadline = System.nanoTime() + Timeouts.MUST_HAPPEN.toNanos();
            do {
                for (int i = 0; i < 500; i++) {
                    int size = busy.qsize();
                    assertTrue(size >= 0, "[QUEUE-10] qsize() was " + size + " while a child put and got");
                }
                assertTrue(System.nanoTime() - deadline < 0, "[QUEUE-10] the child that puts and gets did not"
                        + " finish within " + Timeouts.MUST_HAPPEN + "; events: " + log.events());
            } while (!log.has("churned"));
            kit.awaitEvent(log, "churned");
        } finally {
            Children.stop(children.toArray(new ChildProcess[0]));
            discard(q, busy);
        }
    }

    /** QUEUE-10: gets two items (waiting at most {@code args[2]} ms each) and records "got two=true". */
    static void getsTwo(Object... args) throws Exception {
        SharedQueue<Object> q = QueueTargets.cast(args[1]);
        long wait = (Long) args[2];
        q.get(Duration.ofMillis(wait));
        q.get(Duration.ofMillis(wait));
        ((EventLog) args[0]).record("got two=true");
    }

    /** QUEUE-10: records "churning", then {@code args[2]} times puts an item and gets one, then records "churned". */
    static void putsAndGets(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        SharedQueue<Object> q = QueueTargets.cast(args[1]);
        int n = (Integer) args[2];
        long wait = (Long) args[3];
        log.record("churning");
        for (int i = 0; i < n; i++) {
            q.put(i);
            if (i % 3 == 2) {
                q.put(-i);
                q.get(Duration.ofMillis(wait));
            }
            q.get(Duration.ofMillis(wait));
        }
        log.record("churned");
    }

    /**
     * isEmpty() and isFull() describe a settled queue: a new queue is empty and not full; a queue of maxSize 2 that
     * a child filled and exited is full and not empty, an unbounded queue it put 3 items into is neither; once the
     * parent got every item, both are empty and not full. An unbounded queue is never full.
     * <p>If this fails, check that both read the shared state (the count of items, the bound), not this JVM's view.
     */
    @Clause("QUEUE-11")
    @Test
    void queue11_isEmptyAndIsFullDescribeASettledQueue(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        SharedQueue<Object> bounded = mp.newQueue(2);
        SharedQueue<Object> unbounded = mp.newQueue();
        ChildProcess p = mp.newProcess(args -> {
            QueueTargets.cast(args[1]).put("b1");
            QueueTargets.cast(args[1]).put("b2");
            for (int i = 0; i < 3; i++) {
                QueueTargets.cast(args[2]).put("u" + i);
            }
            ((EventLog) args[0]).record("done");
        }, log, bounded, unbounded);
        try {
            for (SharedQueue<Object> q : List.of(bounded, unbounded)) {
                String kind = q == bounded ? "a new queue of maxSize 2" : "a new unbounded queue";
                assertTrue(q.isEmpty(), "[QUEUE-11] isEmpty() of " + kind);
                assertFalse(q.isFull(), "[QUEUE-11] isFull() of " + kind);
            }
            p.start();
            kit.awaitEvent(log, "done");
            assertTrue(p.join(Timeouts.MUST_HAPPEN), "[QUEUE-11] the child that filled the queues did not exit");
            assertEquals(0, p.exitCode().orElse(-1), "[QUEUE-11] exit code of the child; events: " + log.events());
            assertFalse(bounded.isEmpty(), "[QUEUE-11] isEmpty() of a queue of maxSize 2 that a child filled");
            assertTrue(bounded.isFull(), "[QUEUE-11] isFull() of a queue of maxSize 2 that a child filled");
            assertFalse(unbounded.isEmpty(), "[QUEUE-11] isEmpty() of an unbounded queue a child put 3 items into");
            assertFalse(unbounded.isFull(), "[QUEUE-11] isFull() of an unbounded queue a child put 3 items into");
            getItem(bounded, "[QUEUE-11] get()");
            assertFalse(bounded.isFull(), "[QUEUE-11] isFull() of a queue of maxSize 2 holding 1 item");
            assertFalse(bounded.isEmpty(), "[QUEUE-11] isEmpty() of a queue of maxSize 2 holding 1 item");
            getItem(bounded, "[QUEUE-11] get()");
            for (int i = 0; i < 3; i++) {
                getItem(unbounded, "[QUEUE-11] get()");
            }
            for (SharedQueue<Object> q : List.of(bounded, unbounded)) {
                String kind = q == bounded ? "an emptied queue of maxSize 2" : "an emptied unbounded queue";
                assertTrue(q.isEmpty(), "[QUEUE-11] isEmpty() of " + kind);
                assertFalse(q.isFull(), "[QUEUE-11] isFull() of " + kind);
            }
            for (int i = 0; i < 1000; i++) {
                unbounded.put(i);
            }
            assertFalse(unbounded.isFull(), "[QUEUE-11] isFull() of an unbounded queue holding 1000 items");
            Timeouts.eventually("QUEUE-11 isEmpty() false for a queue holding 1000 items")
                    .until(() -> !unbounded.isEmpty());
        } finally {
            Children.stop(p);
            discard(bounded, unbounded);
        }
    }

    /**
     * Right after put() returns, with no other process using the queue, isEmpty() is false and getNowait() returns
     * the item, 300 times each for an unbounded queue and a queue of maxSize 1, with items up to 1 KiB.
     * <p>If this fails, check that put() writes the item into the shared channel before it returns, instead of
     * handing it to a feeder thread (CPython's behaviour, which this clause asks to improve on).
     */
    @Clause("QUEUE-12")
    @Test
    void queue12_aPutIsVisibleAtOnceToTheProcessThatPut(MultiprocessingContext mp) throws Exception {
        SharedQueue<Object> unbounded = mp.newQueue();
        SharedQueue<Object> bounded = mp.newQueue(1);
        try {
            for (SharedQueue<Object> q : List.of(unbounded, bounded)) {
                String kind = q == bounded ? "a queue of maxSize 1" : "an unbounded queue";
                Timed<Object> r = timed(Timeouts.MUST_HAPPEN, "[QUEUE-12] 300 rounds of put, isEmpty, getNowait",
                        () -> {
                            for (int i = 0; i < 300; i++) {
                                Object item = i % 3 == 0 ? new byte[i * 1024 / 300] : i % 3 == 1 ? (Object) i : "s" + i;
                                q.put(item);
                                if (q.isEmpty()) {
                                    return "round " + i + ": isEmpty() was true right after put() of "
                                            + Items.describe(item);
                                }
                                Object got;
                                try {
                                    got = q.getNowait();
                                } catch (QueueEmptyException e) {
                                    return "round " + i + ": getNowait() right after put() of "
                                            + Items.describe(item) + " threw " + e;
                                }
                                if (!Objects.deepEquals(item, got)) {
                                    return "round " + i + ": getNowait() right after put() of "
                                            + Items.describe(item) + " returned " + Items.describe(got);
                                }
                            }
                            return "visible";
                        });
                assertEquals("visible", r.value, "[QUEUE-12] " + kind + ", with no other process using it");
            }
        } finally {
            discard(unbounded, bounded);
        }
    }
}
