package dev.mpkit.tck.queue;

import static dev.mpkit.tck.queue.QueueChecks.TIMEOUT;
import static dev.mpkit.tck.queue.QueueChecks.assertRefused;
import static dev.mpkit.tck.queue.QueueChecks.did;
import static dev.mpkit.tck.queue.QueueChecks.getItem;
import static dev.mpkit.tck.queue.QueueChecks.thrownBy;
import static dev.mpkit.tck.support.BoundedCalls.thrown;
import static dev.mpkit.tck.support.BoundedCalls.timed;
import static dev.mpkit.tck.support.Cleanup.discard;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.ChildProcess;
import dev.mpkit.Connection;
import dev.mpkit.JoinableQueue;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.Pipe;
import dev.mpkit.QueueEmptyException;
import dev.mpkit.SharedQueue;
import dev.mpkit.SimpleQueue;
import dev.mpkit.tck.support.BoundedCalls;
import dev.mpkit.tck.support.ChildWork;
import dev.mpkit.tck.support.Children;
import dev.mpkit.tck.support.Clause;
import dev.mpkit.tck.support.ClauseTests;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.InterruptedWaiters;
import dev.mpkit.tck.support.Items;
import dev.mpkit.tck.support.Kit;
import dev.mpkit.tck.support.TimeScale;
import dev.mpkit.tck.support.Timed;
import dev.mpkit.tck.support.Timeouts;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What a queue handle refuses and what it promises about items and processes: closing (QUEUE-13), unserializable
 * items (QUEUE-14), the snapshot taken by put (QUEUE-15), joinThread (QUEUE-17), passing queues only by inheritance
 * (QUEUE-23) and interrupts (QUEUE-26).
 */
@ClauseTests
class QueueLifecycleClauseTests {

    /** QUEUE-26: how long a child's waiters block before they are interrupted (their workload). */
    static final Duration SETTLE = TimeScale.millis(200);
    /** QUEUE-26: how soon an interrupted waiter must throw. */
    static final Duration INTERRUPT_BOUND = TimeScale.seconds(1);
    /** QUEUE-13 message. */
    static final String CLOSED = "[QUEUE-13] queue is closed";

    private static long waitMillis() {
        return Timeouts.MUST_HAPPEN.toMillis();
    }

    /**
     * After close(), put, put(t), putNowait, get, get(t) and getNowait of a Queue and a JoinableQueue throw
     * IllegalStateException "[QUEUE-13] queue is closed" at once, while qsize() and isEmpty() still answer (1 and
     * false, for the item put before close()), and a second close() does nothing.
     * <p>If this fails, check that every put and get method checks the handle's closed flag first, and that qsize()
     * and isEmpty() do not.
     */
    @Clause("QUEUE-13")
    @Test
    void queue13_aClosedHandleRefusesPutAndGetButStillCounts(MultiprocessingContext mp) throws Exception {
        SharedQueue<Object> q = mp.newQueue(3);
        JoinableQueue<Object> jq = mp.newJoinableQueue(0);
        try {
            for (SharedQueue<Object> h : List.of(q, jq)) {
                String kind = h == jq ? "JoinableQueue" : "Queue";
                h.put("before close");
                h.close();
                Map<String, BoundedCalls.Action> calls = new LinkedHashMap<>();
                calls.put("put(item)", () -> h.put("x"));
                calls.put("put(item, timeout)", () -> h.put("x", TIMEOUT));
                calls.put("putNowait(item)", () -> h.putNowait("x"));
                calls.put("get()", h::get);
                calls.put("get(timeout)", () -> h.get(TIMEOUT));
                calls.put("getNowait()", h::getNowait);
                for (Map.Entry<String, BoundedCalls.Action> c : calls.entrySet()) {
                    Throwable t = thrownBy("[QUEUE-13] " + c.getKey() + " of a closed " + kind, c.getValue());
                    assertRefused("QUEUE-13", IllegalStateException.class, CLOSED, t, c.getKey() + " of a closed "
                            + kind + " handle");
                }
                Timed<Object> size = timed(Timeouts.PROMPT, "[QUEUE-13] qsize() of a closed " + kind, h::qsize);
                assertEquals(1, size.value, "[QUEUE-13] qsize() of a closed " + kind + " handle after one put");
                Timed<Object> empty = timed(Timeouts.PROMPT, "[QUEUE-13] isEmpty() of a closed " + kind, h::isEmpty);
                assertTrue(empty.value instanceof Boolean, "[QUEUE-13] isEmpty() of a closed " + kind + " handle "
                        + did(empty));
                Timeouts.eventually("QUEUE-13 isEmpty() false for a closed " + kind + " handle holding one item")
                        .until(() -> !h.isEmpty());
                Throwable t = thrownBy("[QUEUE-13] a second close() of a " + kind, h::close);
                assertTrue(t == null, "[QUEUE-13] a second close() of a " + kind + " handle threw " + t);
            }
        } finally {
            discard(q, jq);
        }
    }

    /**
     * Closing a handle leaves other processes' handles and the items alone: a child gets the 3 small items and the
     * 24 of 128 KiB (more than a shared channel may hold, so some may wait in a feeder) that the parent put before it
     * closed its handle, and can still put and get; after a child put an item and closed its own handle
     * and exited, the parent gets that item and can still put and get.
     * <p>If this fails, check that close() releases only this process's resources (its mapping, its feeder) and
     * neither marks the shared queue closed nor discards the items in it.
     */
    @Clause("QUEUE-13")
    @Test
    void queue13_closingAHandleLeavesOtherProcessesAndItemsAlone(MultiprocessingContext mp, Kit kit)
            throws Exception {
        EventLog log = kit.newEventLog();
        SharedQueue<Object> closedHere = mp.newQueue();
        SharedQueue<Object> closedThere = mp.newQueue();
        int chunks = 24;
        ChildProcess getter = mp.newProcess(QueueLifecycleClauseTests::getsAfterParentClosed, log, closedHere,
                waitMillis(), chunks);
        ChildProcess closer = mp.newProcess(args -> {
            SharedQueue<Object> q = QueueTargets.cast(args[1]);
            q.put("put before the child closed");
            q.close();
            ((EventLog) args[0]).record("child closed");
        }, log, closedThere);
        try {
            getter.start();
            closer.start();
            Timed<Object> put = timed(Timeouts.MUST_HAPPEN, "[QUEUE-13] puts before close()", () -> {
                for (int i = 1; i <= 3; i++) {
                    closedHere.put("item " + i);
                }
                for (int i = 0; i < chunks; i++) {
                    closedHere.put(QueueTargets.bytes(128 * 1024, i));
                }
                return "returned";
            });
            assertEquals("returned", put.value, "[QUEUE-13] puts into an unbounded queue " + did(put));
            closedHere.close();
            log.record("kit: closed");
            assertEquals("item 1,item 2,item 3 large=" + chunks, kit.awaitValue(log, "child got "), "[QUEUE-13] the"
                    + " items a child got that the parent put (3 small ones, then " + chunks + " of 128 KiB) before"
                    + " closing its handle");
            assertEquals("ok", kit.awaitValue(log, "child round trip "), "[QUEUE-13] put and get in a child after"
                    + " the parent closed its handle");
            kit.awaitEvent(log, "child closed");
            assertTrue(closer.join(Timeouts.MUST_HAPPEN), "[QUEUE-13] the child that closed its handle did not exit");
            assertEquals("put before the child closed", getItem(closedThere, "[QUEUE-13] get() of the item a child"
                    + " put before closing"), "[QUEUE-13] the item a child put before it closed its handle");
            closedThere.put("parent");
            assertEquals("parent", getItem(closedThere, "[QUEUE-13] get()"), "[QUEUE-13] put and get in the"
                    + " parent after a child closed its handle");
            assertTrue(getter.join(Timeouts.MUST_HAPPEN), "[QUEUE-13] the getting child did not exit");
            assertEquals(0, getter.exitCode().orElse(-1), "[QUEUE-13] exit code of the getting child; events: "
                    + log.events());
        } finally {
            Children.stop(getter, closer);
            discard(closedHere, closedThere);
        }
    }

    /**
     * QUEUE-13: waits for "kit: closed", gets 3 items and then {@code args[3]} chunks of 128 KiB, records
     * "child got A,B,C large=N" with N the chunks that arrived intact, then puts and gets one item and records
     * "child round trip ok" (or what happened).
     */
    static void getsAfterParentClosed(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        SharedQueue<Object> q = QueueTargets.cast(args[1]);
        long wait = (Long) args[2];
        ChildWork.awaitKit(log, "kit: closed", wait);
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            try {
                got.add(String.valueOf(q.get(Duration.ofMillis(wait))));
            } catch (QueueEmptyException e) {
                got.add("none");
            }
        }
        int large = 0;
        for (int i = 0; i < (Integer) args[3]; i++) {
            try {
                Object chunk = q.get(Duration.ofMillis(wait));
                if (Arrays.equals(QueueTargets.bytes(128 * 1024, i), (byte[]) chunk)) {
                    large++;
                }
            } catch (QueueEmptyException | ClassCastException e) {
                break;
            }
        }
        log.record("child got " + String.join(",", got) + " large=" + large);
        String trip;
        try {
            q.put("child");
            Object back = q.get(Duration.ofMillis(wait));
            trip = "child".equals(back) ? "ok" : "got " + Items.describe(back);
        } catch (Exception e) {
            trip = ChildWork.outcome(() -> {
                throw e;
            });
        }
        log.record("child round trip " + trip);
    }

    /**
     * An unserializable item (a plain Object, a Serializable holding one, a list holding one) fails in put,
     * putNowait and put(t) of a Queue and a JoinableQueue with IllegalArgumentException "[QUEUE-14] cannot put …
     * not serializable"; nothing is enqueued (qsize() 0, no unfinished task), and the queue then carries the next
     * item, and only that one. In a child, put fails the same way, and the parent gets the child's next item first.
     * <p>If this fails, check that put serializes the item in the caller, before anything is written to the shared
     * channel or counted, and turns NotSerializableException into IllegalArgumentException.
     */
    @Clause("QUEUE-14")
    @Test
    void queue14_anUnserializableItemFailsInPutAndNothingIsEnqueued(MultiprocessingContext mp, Kit kit)
            throws Exception {
        EventLog log = kit.newEventLog();
        SharedQueue<Object> q = mp.newQueue(4);
        JoinableQueue<Object> jq = mp.newJoinableQueue(0);
        SharedQueue<Object> shared = mp.newQueue();
        ChildProcess p = mp.newProcess(args -> {
            SharedQueue<Object> c = QueueTargets.cast(args[1]);
            ((EventLog) args[0]).record("child put " + ChildWork.outcome(
                    () -> c.put(new QueueTargets.Unserializable())));
            c.put("after");
        }, log, shared);
        try {
            List<Object> bad = List.of(new QueueTargets.Unserializable(), new QueueTargets.HoldsUnserializable(),
                    new ArrayList<>(Arrays.asList(1, new QueueTargets.Unserializable())));
            for (SharedQueue<Object> h : List.of(q, jq)) {
                String kind = h == jq ? "JoinableQueue" : "Queue";
                for (Object item : bad) {
                    Map<String, BoundedCalls.Action> calls = new LinkedHashMap<>();
                    calls.put("put", () -> h.put(item));
                    calls.put("putNowait", () -> h.putNowait(item));
                    calls.put("put(item, timeout)", () -> h.put(item, TIMEOUT));
                    for (Map.Entry<String, BoundedCalls.Action> c : calls.entrySet()) {
                        String what = c.getKey() + " of " + item.getClass().getSimpleName() + " into a " + kind;
                        Throwable t = thrownBy("[QUEUE-14] " + what, c.getValue());
                        assertRefused("QUEUE-14", IllegalArgumentException.class, "[QUEUE-14] cannot put ", t, what);
                        assertTrue(t.getMessage().contains("not serializable"), "[QUEUE-14] the refusal of " + what
                                + " does not say that something is not serializable: " + t.getMessage());
                    }
                }
                assertEquals(0, h.qsize(), "[QUEUE-14] qsize() of a " + kind + " after refused puts");
                assertTrue(h.isEmpty(), "[QUEUE-14] isEmpty() of a " + kind + " after refused puts");
                h.put("next");
                assertEquals("next", getItem(h, "[QUEUE-14] get()"), "[QUEUE-14] the first item got from a " + kind
                        + " after refused puts");
                Timed<Object> r = timed(TIMEOUT.plus(Timeouts.PROMPT), "[QUEUE-14] get(timeout)",
                        () -> h.get(TIMEOUT));
                assertTrue(thrown(r) instanceof QueueEmptyException, "[QUEUE-14] after refused puts and one good"
                        + " item, a " + kind + " was not empty: get(timeout) " + did(r));
            }
            jq.taskDone();
            Timed<Object> joined = timed(Timeouts.PROMPT, "[QUEUE-14] join(ZERO)", () -> jq.join(Duration.ZERO));
            assertEquals(true, joined.value, "[QUEUE-14] join(ZERO) of a JoinableQueue whose only good item was"
                    + " done, after refused puts: the refused items counted as unfinished");
            p.start();
            String outcome = kit.awaitValue(log, "child put ");
            assertTrue(outcome.startsWith("threw " + IllegalArgumentException.class.getName() + ": [QUEUE-14]"),
                    "[QUEUE-14] put of an unserializable item in a child: " + outcome + "; expected"
                            + " IllegalArgumentException starting with [QUEUE-14]");
            assertEquals("after", getItem(shared, "[QUEUE-14] get()"), "[QUEUE-14] the first item a child put"
                    + " after its refused put");
            assertTrue(p.join(Timeouts.MUST_HAPPEN), "[QUEUE-14] the child did not exit");
        } finally {
            Children.stop(p);
            discard(q, jq, shared);
        }
    }

    /** QUEUE-15: a mutable user class. */
    static final class Box implements Serializable {
        private static final long serialVersionUID = 1L;

        int value;

        Box(int value) {
            this.value = value;
        }

        @Override
        public String toString() {
            return "Box[" + value + "]";
        }
    }

    /**
     * put takes a snapshot: a list, an int[] and a user object changed right after put returns arrive unchanged, in
     * the parent (as a distinct object) and in a child, also when 8 MiB of items were put before them with no
     * consumer, so that they may wait in a feeder.
     * <p>If this fails, check that put serializes the item before it returns, not later in a feeder thread, as
     * CPython does.
     */
    @Clause("QUEUE-15")
    @Test
    void queue15_changingAnItemAfterPutDoesNotChangeWhatIsGot(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        SharedQueue<Object> here = mp.newQueue();
        SharedQueue<Object> there = mp.newQueue();
        int ballast = 8;
        ChildProcess p = mp.newProcess(args -> {
            SharedQueue<Object> q = QueueTargets.cast(args[1]);
            long wait = (Long) args[2];
            for (int i = 0; i < (Integer) args[3]; i++) {
                q.get(Duration.ofMillis(wait));
            }
            ((EventLog) args[0]).record("child got " + q.get(Duration.ofMillis(wait)) + " "
                    + Arrays.toString((int[]) q.get(Duration.ofMillis(wait))) + " " + q.get(Duration.ofMillis(wait)));
        }, log, there, waitMillis(), ballast);
        try {
            for (SharedQueue<Object> q : List.of(here, there)) {
                if (q == there) {
                    Timed<Object> r = timed(Timeouts.MUST_HAPPEN, "[QUEUE-15] " + ballast + " puts of 1 MiB", () -> {
                        for (int i = 0; i < ballast; i++) {
                            q.put(new byte[1 << 20]);
                        }
                        return "returned";
                    });
                    assertEquals("returned", r.value, "[QUEUE-15] " + ballast + " puts of 1 MiB into an unbounded"
                            + " queue with no consumer " + did(r));
                }
                ArrayList<Integer> list = new ArrayList<>(List.of(1));
                int[] array = {1, 2};
                Box box = new Box(1);
                q.put(list);
                list.add(2);
                q.put(array);
                array[0] = 99;
                q.put(box);
                box.value = 2;
                if (q == here) {
                    Object gotList = getItem(q, "[QUEUE-15] get()");
                    Object gotArray = getItem(q, "[QUEUE-15] get()");
                    Object gotBox = getItem(q, "[QUEUE-15] get()");
                    assertEquals(List.of(1), gotList, "[QUEUE-15] a list changed after put");
                    assertNotSame(list, gotList, "[QUEUE-15] get() returned the very list that was put");
                    assertEquals("[1, 2]", Arrays.toString((int[]) gotArray), "[QUEUE-15] an int[] changed after"
                            + " put");
                    assertEquals("Box[1]", String.valueOf(gotBox), "[QUEUE-15] a user object changed after put");
                }
            }
            p.start();
            assertEquals("[1] [1, 2] Box[1]", kit.awaitValue(log, "child got "), "[QUEUE-15] a list, an int[] and"
                    + " a user object changed right after put, behind " + ballast + " MiB of items, as a child got"
                    + " them");
            assertTrue(p.join(Timeouts.MUST_HAPPEN), "[QUEUE-15] the child did not exit");
        } finally {
            Children.stop(p);
            discard(here, there);
        }
    }

    /**
     * joinThread() and joinThread(t) before close() throw IllegalStateException "[QUEUE-17] joinThread() before
     * close()"; after close() with nothing pending, on a new queue and on one whose items were all got, both
     * return at once (joinThread(ZERO) true).
     * <p>If this fails, check that joinThread checks the closed flag first, and returns when this process has no
     * item left to hand over.
     */
    @Clause("QUEUE-17")
    @Test
    void queue17_joinThreadNeedsCloseAndReturnsAtOnceWithNothingPending(MultiprocessingContext mp)
            throws Exception {
        SharedQueue<Object> fresh = mp.newQueue();
        SharedQueue<Object> used = mp.newQueue();
        try {
            for (SharedQueue<Object> q : List.of(fresh, used)) {
                String kind = q == fresh ? "a new queue" : "a queue whose items were all got";
                if (q == used) {
                    for (int i = 0; i < 3; i++) {
                        q.put(i);
                    }
                    for (int i = 0; i < 3; i++) {
                        getItem(q, "[QUEUE-17] get()");
                    }
                }
                assertRefused("QUEUE-17", IllegalStateException.class, "[QUEUE-17] joinThread() before close()",
                        thrownBy("[QUEUE-17] joinThread()", q::joinThread), "joinThread() before close() of " + kind);
                assertRefused("QUEUE-17", IllegalStateException.class, "[QUEUE-17] joinThread() before close()",
                        thrownBy("[QUEUE-17] joinThread(t)", () -> q.joinThread(TIMEOUT)), "joinThread(" + TIMEOUT
                                + ") before close() of " + kind);
                q.close();
                Timed<Object> r = timed(Timeouts.PROMPT, "[QUEUE-17] joinThread() after close() of " + kind, () -> {
                    q.joinThread();
                    return "returned";
                });
                assertEquals("returned", r.value, "[QUEUE-17] joinThread() after close() of " + kind + ": " + did(r));
                r = timed(Timeouts.PROMPT, "[QUEUE-17] joinThread(ZERO)", () -> q.joinThread(Duration.ZERO));
                assertEquals(true, r.value, "[QUEUE-17] joinThread(ZERO) after close() of " + kind);
            }
        } finally {
            discard(fresh, used);
        }
    }

    /**
     * In a child that put 20 small items, closed its handle and called joinThread(), joinThread returns while the
     * child lives on, and then every item can be got at once (getNowait), in order; in a child that put 6 MiB with
     * nobody getting, joinThread() returns once the parent got everything.
     * <p>If this fails, check that joinThread waits for this process's feeder (or whatever holds items it put)
     * to hand them all over to the shared channel, and that it returns then.
     */
    @Clause("QUEUE-17")
    @Test
    void queue17_joinThreadReturnsOnceThisProcessesItemsCanBeGot(MultiprocessingContext mp, Kit kit)
            throws Exception {
        EventLog small = kit.newEventLog();
        EventLog large = kit.newEventLog();
        SharedQueue<Object> q = mp.newQueue();
        SharedQueue<Object> big = mp.newQueue();
        int items = 20;
        int chunks = 48;
        ChildProcess p = mp.newProcess(QueueLifecycleClauseTests::putsClosesJoinsThread, small, q, items, 16,
                waitMillis());
        ChildProcess b = mp.newProcess(QueueLifecycleClauseTests::putsClosesJoinsThread, large, big, chunks,
                128 * 1024, waitMillis());
        try {
            p.start();
            b.start();
            assertEquals("ok", kit.awaitValue(small, "joinThread "), "[QUEUE-17] joinThread() after close() in a"
                    + " child that put " + items + " small items");
            for (int i = 0; i < items; i++) {
                int n = i;
                Timed<Object> r = timed(Timeouts.PROMPT, "[QUEUE-17] getNowait()", q::getNowait);
                assertTrue(r.value instanceof byte[] && ((byte[]) r.value).length == 16
                        && ((byte[]) r.value)[0] == (byte) n, "[QUEUE-17] after joinThread() returned in a child"
                                + " that put " + items + " items, getNowait() for item " + i + " " + did(r));
            }
            small.record("kit: done");
            for (int i = 0; i < chunks; i++) {
                Object got = getItem(big, "[QUEUE-17] get() of chunk " + i + " of " + chunks);
                assertTrue(got instanceof byte[] && ((byte[]) got).length == 128 * 1024
                        && ((byte[]) got)[0] == (byte) i,
                        "[QUEUE-17] chunk " + i + " of 128 KiB that a child put: " + Items.describe(got));
            }
            assertEquals("ok", kit.awaitValue(large, "joinThread "), "[QUEUE-17] joinThread() after close() in a"
                    + " child that put " + chunks + " items of 128 KiB, once the parent got them all");
            large.record("kit: done");
            assertTrue(p.join(Timeouts.MUST_HAPPEN) && b.join(Timeouts.MUST_HAPPEN), "[QUEUE-17] the children did not"
                    + " exit");
        } finally {
            Children.stop(p, b);
            discard(q, big);
        }
    }

    /**
     * QUEUE-17: puts {@code args[2]} byte arrays of {@code args[3]} bytes (the first byte is the item's number),
     * closes, calls joinThread(), records "joinThread ok" (or what happened), and waits for "kit: done".
     */
    static void putsClosesJoinsThread(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        SharedQueue<Object> q = QueueTargets.cast(args[1]);
        int n = (Integer) args[2];
        int size = (Integer) args[3];
        for (int i = 0; i < n; i++) {
            byte[] item = new byte[size];
            item[0] = (byte) i;
            q.put(item);
        }
        q.close();
        log.record("joinThread " + ChildWork.outcome(q::joinThread));
        ChildWork.awaitKit(log, "kit: done", (Long) args[4]);
    }

    /**
     * A Queue, a JoinableQueue and a SimpleQueue reach a child as process arguments, captured by its target, as
     * fields of its ChildProcess subclass, and a grandchild as the arguments its parent got, and work there both
     * ways: the child gets what the parent put and the parent gets what the child put.
     * <p>If this fails, check that each kind of queue handle serializes, while a child starts, to something that
     * opens the same shared queue in the child.
     */
    @Clause("QUEUE-23")
    @Test
    void queue23_queuesReachAChildAsArgumentsCapturesAndFields(MultiprocessingContext mp, Kit kit)
            throws Exception {
        EventLog log = kit.newEventLog();
        long wait = waitMillis();
        String[] routes = {"argument", "captured", "field", "grandchild"};
        List<Object[]> queues = new ArrayList<>();
        for (int i = 0; i < routes.length; i++) {
            queues.add(new Object[] {mp.newQueue(), mp.newJoinableQueue(0), mp.newSimpleQueue()});
        }
        SharedQueue<Object> cq = QueueTargets.cast(queues.get(1)[0]);
        JoinableQueue<Object> cjq = cast(queues.get(1)[1]);
        SimpleQueue<Object> csq = cast(queues.get(1)[2]);
        List<ChildProcess> children = List.of(
                mp.newProcess(QueueLifecycleClauseTests::routeTarget, log, "argument", queues.get(0)[0],
                        queues.get(0)[1], queues.get(0)[2], wait),
                mp.newProcess(args -> exchange(log, "captured", cq, cjq, csq, wait)),
                new QueueFields(mp, log, QueueTargets.cast(queues.get(2)[0]), cast(queues.get(2)[1]),
                        cast(queues.get(2)[2]), wait),
                mp.newProcess(QueueLifecycleClauseTests::passesOn, log, "grandchild", queues.get(3)[0],
                        queues.get(3)[1], queues.get(3)[2], wait));
        try {
            for (int i = 0; i < routes.length; i++) {
                for (int k = 0; k < 3; k++) {
                    QueueTargets.put(queues.get(i)[k], "to " + routes[i] + " " + KINDS[k]);
                }
            }
            for (ChildProcess p : children) {
                p.start();
            }
            for (int i = 0; i < routes.length; i++) {
                for (int k = 0; k < 3; k++) {
                    String key = routes[i] + " " + KINDS[k];
                    assertEquals("to " + key, kit.awaitValue(log, key + " got "), "[QUEUE-23] what a child that"
                            + " got a " + KINDS[k] + " as " + routes[i] + " got from it; events: " + log.events());
                    kit.awaitEvent(log, key + " put");
                    Object[] qs = queues.get(i);
                    Object got = k == 2 ? getItem((SimpleQueue<?>) qs[k], "[QUEUE-23] get()")
                            : getItem((SharedQueue<?>) qs[k], "[QUEUE-23] get()");
                    assertEquals("from " + key, got, "[QUEUE-23] what the parent got from a " + KINDS[k] + " that a"
                            + " child got as " + routes[i] + " and put into");
                }
            }
            for (ChildProcess p : children) {
                assertTrue(p.join(Timeouts.MUST_HAPPEN), "[QUEUE-23] a child did not exit; events: " + log.events());
                assertEquals(0, p.exitCode().orElse(-1), "[QUEUE-23] exit code of a child; events: " + log.events());
            }
            assertEquals("0", kit.awaitValue(log, "grandchild exit code "), "[QUEUE-23] exit code of the grandchild");
        } finally {
            Children.stop(children.toArray(new ChildProcess[0]));
            for (Object[] qs : queues) {
                discard((SharedQueue<?>) qs[0], (SharedQueue<?>) qs[1]);
                discard((SimpleQueue<?>) qs[2]);
            }
        }
    }

    /**
     * QUEUE-23: starts a grandchild that runs {@link #routeTarget} with this child's arguments (the queues it got),
     * joins it and records "grandchild exit code N".
     */
    static void passesOn(Object... args) throws Exception {
        ChildProcess grandchild = dev.mpkit.Multiprocessing.context().newProcess(QueueLifecycleClauseTests::routeTarget,
                args);
        grandchild.start();
        grandchild.join();
        ((EventLog) args[0]).record("grandchild exit code " + grandchild.exitCode().orElse(-1));
    }

    /** The kinds of queue, in the order of QUEUE-23's arrays. */
    static final String[] KINDS = {"Queue", "JoinableQueue", "SimpleQueue"};

    @SuppressWarnings("unchecked")
    static <T> T cast(Object o) {
        return (T) o;
    }

    /** QUEUE-23: {@link #exchange} as a target: args are the log, the route, the three queues and the wait bound. */
    static void routeTarget(Object... args) throws Exception {
        exchange((EventLog) args[0], (String) args[1], QueueTargets.cast(args[2]), cast(args[3]), cast(args[4]),
                (Long) args[5]);
    }

    /**
     * QUEUE-23 in a child: for each queue gets one item and records "ROUTE KIND got VALUE", then puts
     * "from ROUTE KIND" and records "ROUTE KIND put".
     */
    static void exchange(EventLog log, String route, SharedQueue<Object> q, JoinableQueue<Object> jq,
            SimpleQueue<Object> sq, long wait) throws Exception {
        Object[] queues = {q, jq, sq};
        for (int k = 0; k < 3; k++) {
            String key = route + " " + KINDS[k];
            Object got;
            try {
                got = QueueTargets.get(queues[k], wait);
            } catch (QueueEmptyException e) {
                got = "none: " + e;
            }
            log.record(key + " got " + got);
            QueueTargets.put(queues[k], "from " + key);
            log.record(key + " put");
        }
    }

    /** QUEUE-23: a child that gets its queues as fields of its ChildProcess subclass. */
    static final class QueueFields extends ChildProcess {
        private static final long serialVersionUID = 1L;

        private final EventLog log;
        private final SharedQueue<Object> q;
        private final JoinableQueue<Object> jq;
        private final SimpleQueue<Object> sq;
        private final long wait;

        QueueFields(MultiprocessingContext mp, EventLog log, SharedQueue<Object> q, JoinableQueue<Object> jq,
                SimpleQueue<Object> sq, long wait) {
            super(mp);
            this.log = log;
            this.q = q;
            this.jq = jq;
            this.sq = sq;
            this.wait = wait;
        }

        @Override
        public void run() throws Exception {
            exchange(log, "field", q, jq, sq, wait);
        }
    }

    /** The QUEUE-23 message prefix for a queue of {@code kind}. */
    static String inheritancePrefix(String kind) {
        return "[QUEUE-23] " + kind + " objects should only be shared between processes through inheritance";
    }

    /**
     * A Queue, a JoinableQueue, a SimpleQueue, and a list holding a Queue, put into a Queue (by put, putNowait and
     * put(t)), a JoinableQueue or a SimpleQueue, are refused with IllegalArgumentException "[QUEUE-23] Queue
     * objects should only be shared between processes through inheritance" (JoinableQueue, SimpleQueue objects…
     * for those); nothing is put, and both queues stay usable.
     * <p>If this fails, check that a queue handle refuses to be serialized except while a child starts (as the
     * locks do), and that put turns that refusal into the IllegalArgumentException before enqueuing anything.
     */
    @Clause("QUEUE-23")
    @Test
    void queue23_aQueuePutIntoAQueueIsRefused(MultiprocessingContext mp) throws Exception {
        SharedQueue<Object> carrier = mp.newQueue();
        JoinableQueue<Object> jcarrier = mp.newJoinableQueue(0);
        SimpleQueue<Object> scarrier = mp.newSimpleQueue();
        SharedQueue<Object> q = mp.newQueue();
        JoinableQueue<Object> jq = mp.newJoinableQueue(0);
        SimpleQueue<Object> sq = mp.newSimpleQueue();
        try {
            Object[] refused = {q, jq, sq, new ArrayList<>(List.of("x", q))};
            String[] kinds = {"Queue", "JoinableQueue", "SimpleQueue", "Queue"};
            String[] whats = {"a Queue", "a JoinableQueue", "a SimpleQueue", "a list holding a Queue"};
            for (int i = 0; i < refused.length; i++) {
                Object item = refused[i];
                Map<String, BoundedCalls.Action> calls = new LinkedHashMap<>();
                calls.put("put into a Queue", () -> carrier.put(item));
                calls.put("putNowait into a Queue", () -> carrier.putNowait(item));
                calls.put("put(item, timeout) into a Queue", () -> carrier.put(item, TIMEOUT));
                calls.put("put into a JoinableQueue", () -> jcarrier.put(item));
                calls.put("put into a SimpleQueue", () -> scarrier.put(item));
                for (Map.Entry<String, BoundedCalls.Action> c : calls.entrySet()) {
                    String what = c.getKey() + " of " + whats[i];
                    assertRefused("QUEUE-23", IllegalArgumentException.class, inheritancePrefix(kinds[i]),
                            thrownBy("[QUEUE-23] " + what, c.getValue()), what);
                }
            }
            assertEquals(0, carrier.qsize(), "[QUEUE-23] qsize() of a Queue after refused puts of queues");
            assertEquals(0, jcarrier.qsize(), "[QUEUE-23] qsize() of a JoinableQueue after refused puts of queues");
            Timed<Object> joined = timed(Timeouts.PROMPT, "[QUEUE-23] join(ZERO)", () -> jcarrier.join(Duration.ZERO));
            assertEquals(true, joined.value, "[QUEUE-23] join(ZERO) of a JoinableQueue after refused puts of queues:"
                    + " they counted as unfinished");
            assertTrue(scarrier.isEmpty(), "[QUEUE-23] isEmpty() of a SimpleQueue after refused puts of queues");
            Object[] all = {carrier, jcarrier, scarrier, q, jq, sq};
            for (Object h : all) {
                QueueTargets.put(h, "still usable");
                Object got = h instanceof SimpleQueue ? getItem((SimpleQueue<?>) h, "[QUEUE-23] get()")
                        : getItem((SharedQueue<?>) h, "[QUEUE-23] get()");
                assertEquals("still usable", got, "[QUEUE-23] put and get of " + h + " after the refusals");
            }
        } finally {
            discard(carrier, jcarrier, q, jq);
            discard(scarrier, sq);
        }
    }

    /**
     * A Queue, a JoinableQueue or a SimpleQueue sent through a pipe is refused with IllegalArgumentException
     * "[QUEUE-23] … objects should only be shared between processes through inheritance"; nothing is sent, and the
     * pipe and the queue stay usable. Skipped only where the provider has no pipes (newPipe throws
     * UnsupportedOperationException).
     * <p>If this fails, check that Connection.send serializes with the same refusal of queue handles as put does.
     */
    @Clause("QUEUE-23")
    @Test
    void queue23_aQueueSentThroughAPipeIsRefused(MultiprocessingContext mp) throws Exception {
        Pipe pipe;
        try {
            pipe = mp.newPipe(true);
        } catch (UnsupportedOperationException e) {
            Assumptions.assumeTrue(false, "the provider has no pipes yet: " + e.getMessage());
            return;
        }
        SharedQueue<Object> q = mp.newQueue();
        JoinableQueue<Object> jq = mp.newJoinableQueue(0);
        SimpleQueue<Object> sq = mp.newSimpleQueue();
        Connection left = pipe.left();
        Connection right = pipe.right();
        try {
            Object[] refused = {q, jq, sq};
            for (int k = 0; k < 3; k++) {
                Object item = refused[k];
                assertRefused("QUEUE-23", IllegalArgumentException.class, inheritancePrefix(KINDS[k]),
                        thrownBy("[QUEUE-23] send()", () -> left.send(item)), "send() of a " + KINDS[k]
                                + " through a pipe");
                Timed<Object> polled = timed(Timeouts.PROMPT, "[QUEUE-23] poll()", right::poll);
                assertEquals(false, polled.value, "[QUEUE-23] poll() of the other end after a refused send() of a "
                        + KINDS[k] + ": something was sent");
                QueueTargets.put(item, "still usable");
                Object got = k == 2 ? getItem(sq, "[QUEUE-23] get()") : getItem((SharedQueue<?>) item,
                        "[QUEUE-23] get()");
                assertEquals("still usable", got, "[QUEUE-23] a " + KINDS[k] + " after a refused send() of it");
            }
            left.send("ok");
            Timed<Object> r = timed(Timeouts.MUST_HAPPEN, "[QUEUE-23] recv()", right::recv);
            assertEquals("ok", r.value, "[QUEUE-23] the pipe after refused sends of queues: recv() " + did(r));
        } finally {
            left.close();
            right.close();
            discard(q, jq);
            discard(sq);
        }
    }

    /**
     * Threads of a child blocked in get() and get(30 s) of an empty Queue, put() of a full one and get() of an empty
     * SimpleQueue, interrupted 200 ms after they began to wait, throw InterruptedException within 1 s, with the
     * interrupt status cleared; nothing is got or put: while the child lives on, the parent gets the items it puts
     * into the empty queues, and the full queue holds only its first item.
     * <p>If this fails, check that the waits are interruptible (a futex wait in bounded slices that checks
     * Thread.interrupted()) and that an interrupted waiter withdraws without taking or leaving an item.
     */
    @Clause("QUEUE-26")
    @Test
    void queue26_aBlockedGetOrPutIsInterruptible(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        SharedQueue<Object> empty = mp.newQueue();
        SharedQueue<Object> full = mp.newQueue(1);
        SimpleQueue<Object> simple = mp.newSimpleQueue();
        ChildProcess p = mp.newProcess(QueueLifecycleClauseTests::interruptedWaiters, log, empty, full, simple,
                SETTLE.toMillis(), waitMillis());
        try {
            full.put("first");
            p.start();
            String[] calls = {"get() of an empty Queue", "get(" + Timeouts.MUST_HAPPEN + ") of an empty Queue",
                "put() of a full Queue", "get() of an empty SimpleQueue"};
            for (int i = 0; i < calls.length; i++) {
                String got = kit.awaitValue(log, "W" + i + " got ");
                assertTrue(got.startsWith("interrupted "), "[QUEUE-26] a child's thread blocked in " + calls[i]
                        + " was interrupted and then " + got + "; expected InterruptedException");
                assertEquals("false", EventLog.fields(got).get("status"), "[QUEUE-26] interrupt status of a"
                        + " thread whose " + calls[i] + " threw InterruptedException");
                Duration after = Duration.ofNanos(Long.parseLong(EventLog.fields(got).get("after")));
                assertTrue(after.compareTo(INTERRUPT_BOUND) <= 0, "[QUEUE-26] " + calls[i] + " threw"
                        + " InterruptedException " + after + " after the interrupt; expected within "
                        + INTERRUPT_BOUND);
            }
            empty.put("for the parent");
            assertEquals("for the parent", getItem(empty, "[QUEUE-26] get()"), "[QUEUE-26] the item the parent put"
                    + " into a queue whose getters in a child were interrupted");
            simple.put("for the parent");
            assertEquals("for the parent", getItem(simple, "[QUEUE-26] get()"), "[QUEUE-26] the item the parent"
                    + " put into a SimpleQueue whose getter in a child was interrupted");
            assertEquals("first", getItem(full, "[QUEUE-26] get()"), "[QUEUE-26] the item of the full queue");
            Timed<Object> r = timed(TIMEOUT.plus(Timeouts.PROMPT), "[QUEUE-26] get(timeout)", () -> full.get(TIMEOUT));
            assertTrue(thrown(r) instanceof QueueEmptyException, "[QUEUE-26] the interrupted put() of a child put its"
                    + " item after all: get(timeout) " + did(r));
            log.record("kit: done");
            assertTrue(p.join(Timeouts.MUST_HAPPEN), "[QUEUE-26] the child did not exit");
        } finally {
            Children.stop(p);
            discard(empty, full);
            discard(simple);
        }
    }

    /**
     * QUEUE-26 in a child: args are the log, an empty Queue, a full Queue, an empty SimpleQueue, the settle time and
     * the wait bound. Four threads block: get(), get(wait) of the empty queue, put() of the full one and get() of the
     * SimpleQueue; once they are about to block and the settle time has passed (the workload) all are interrupted,
     * and each records "W<i> got interrupted status=<status> after=<nanos since the interrupt>", or what it got
     * instead. Then the child waits for "kit: done", so that an abandoned waiter would still be there.
     */
    static void interruptedWaiters(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        SharedQueue<Object> empty = QueueTargets.cast(args[1]);
        SharedQueue<Object> full = QueueTargets.cast(args[2]);
        SimpleQueue<Object> simple = cast(args[3]);
        long settle = (Long) args[4];
        long wait = (Long) args[5];
        InterruptedWaiters.run(log, List.of(() -> "returned " + Items.describe(empty.get()),
                () -> "returned " + Items.describe(empty.get(Duration.ofMillis(wait))), () -> {
                    full.put("second");
                    return "returned put";
                }, () -> "returned " + Items.describe(simple.get())), settle, wait);
    }

    /**
     * A thread whose interrupt status is set when it calls get() or get(t) of an empty queue or put() of a full
     * one gets InterruptedException at once, with the status cleared, and nothing is got or put.
     * <p>If this fails, check that the blocking methods test Thread.interrupted() before they wait.
     */
    @Clause("QUEUE-26")
    @Test
    void queue26_interruptStatusSetBeforeABlockingCallThrows(MultiprocessingContext mp) throws Exception {
        SharedQueue<Object> empty = mp.newQueue();
        SharedQueue<Object> full = mp.newQueue(1);
        try {
            full.put("first");
            Map<String, BoundedCalls.Call> calls = new LinkedHashMap<>();
            calls.put("get() of an empty queue", empty::get);
            calls.put("get(timeout) of an empty queue", () -> empty.get(Timeouts.MUST_HAPPEN));
            calls.put("put() of a full queue", () -> {
                full.put("second");
                return "put";
            });
            for (Map.Entry<String, BoundedCalls.Call> c : calls.entrySet()) {
                Timed<Object> r = timed(Timeouts.PROMPT.plus(Timeouts.PROMPT), "[QUEUE-26] " + c.getKey()
                        + " with the interrupt status set", () -> {
                            Thread.currentThread().interrupt();
                            try {
                                return "returned " + Items.describe(c.getValue().call());
                            } catch (InterruptedException e) {
                                return "interrupted status=" + Thread.currentThread().isInterrupted();
                            }
                        });
                assertEquals("interrupted status=false", r.value, "[QUEUE-26] " + c.getKey() + " called with the"
                        + " interrupt status set");
                assertTrue(r.nanos <= Timeouts.PROMPT.toNanos(), "[QUEUE-26] " + c.getKey() + " with the interrupt"
                        + " status set threw after " + Duration.ofNanos(r.nanos) + "; expected at once");
            }
            assertEquals(1, full.qsize(), "[QUEUE-26] qsize() of a full queue of maxSize 1 after an interrupted"
                    + " put()");
            assertEquals("first", getItem(full, "[QUEUE-26] get()"), "[QUEUE-26] the item of the full queue");
            assertFalse(full.isFull(), "[QUEUE-26] isFull() after the only item was got");
        } finally {
            discard(empty, full);
        }
    }
}
