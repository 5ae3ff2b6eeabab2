package dev.mpkit.tck.queue;

import static dev.mpkit.tck.queue.QueueChecks.TIMEOUT;
import static dev.mpkit.tck.queue.QueueChecks.assertRefused;
import static dev.mpkit.tck.queue.QueueChecks.did;
import static dev.mpkit.tck.queue.QueueChecks.getItem;
import static dev.mpkit.tck.queue.QueueChecks.thrownBy;
import static dev.mpkit.tck.support.BoundedCalls.assertNoEarlier;
import static dev.mpkit.tck.support.BoundedCalls.timed;
import static dev.mpkit.tck.support.Cleanup.discard;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.ChildProcess;
import dev.mpkit.JoinableQueue;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.QueueEmptyException;
import dev.mpkit.QueueFullException;
import dev.mpkit.tck.support.BoundedCalls;
import dev.mpkit.tck.support.ChildWork;
import dev.mpkit.tck.support.Children;
import dev.mpkit.tck.support.Clause;
import dev.mpkit.tck.support.ClauseTests;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.Kit;
import dev.mpkit.tck.support.Timed;
import dev.mpkit.tck.support.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Python's {@code multiprocessing.JoinableQueue} as {@link JoinableQueue}: join() and taskDone() across processes
 * (QUEUE-18), taskDone() called too often (QUEUE-19) and the bound (QUEUE-20).
 */
@ClauseTests
class JoinableQueueClauseTests {

    private static long waitMillis() {
        return Timeouts.MUST_HAPPEN.toMillis();
    }

    /**
     * join() of a new JoinableQueue returns at once; with 3 items put, a worker child that got them and called
     * taskDone() once, and the parent once, join(300 ms) returns false no earlier than 300 ms; join() in the parent
     * and in another child return only after the worker's last taskDone() began, and join() then returns at once.
     * <p>If this fails, check that the count of unfinished items lives in the shared state, rises with put and
     * falls with taskDone in any process, and that join wakes (in every process) when it reaches zero.
     */
    @Clause("QUEUE-18")
    @Test
    void queue18_joinReturnsOnlyWhenEveryItemIsDone(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        JoinableQueue<Object> jq = mp.newJoinableQueue(0);
        ChildProcess worker = mp.newProcess(JoinableQueueClauseTests::worker, log, jq, waitMillis());
        ChildProcess joiner = mp.newProcess(args -> {
            EventLog l = (EventLog) args[0];
            JoinableQueue<Object> q = QueueLifecycleClauseTests.cast(args[1]);
            l.record("joiner joining");
            boolean done = q.join(Duration.ofMillis((Long) args[2]));
            l.record("joiner returned=" + done);
        }, log, jq, waitMillis());
        try {
            Timed<Object> r = timed(Timeouts.PROMPT, "[QUEUE-18] join() of a new JoinableQueue", () -> {
                jq.join();
                return "returned";
            });
            assertEquals("returned", r.value, "[QUEUE-18] join() of a new JoinableQueue " + did(r));
            r = timed(Timeouts.PROMPT, "[QUEUE-18] join(ZERO)", () -> jq.join(Duration.ZERO));
            assertEquals(true, r.value, "[QUEUE-18] join(ZERO) of a new JoinableQueue");
            for (String item : new String[] {"a", "b", "c"}) {
                jq.put(item);
            }
            worker.start();
            joiner.start();
            assertEquals("a,b,c", kit.awaitValue(log, "worker got "), "[QUEUE-18] the items the worker got");
            kit.awaitEvent(log, "worker taskDone 1");
            kit.awaitEvent(log, "joiner joining");
            assertNotDone(jq, "3 items put, one taskDone() in a child");
            jq.taskDone();
            assertNotDone(jq, "3 items put, one taskDone() in a child and one in the parent");
            r = timed(Timeouts.MUST_HAPPEN, "[QUEUE-18] join() of a JoinableQueue with one unfinished item", () -> {
                log.record("kit: parent done");
                jq.join();
                return "returned";
            });
            assertEquals("returned", r.value, "[QUEUE-18] join() " + did(r));
            EventLog.Event last = kit.awaitEvent(log, "worker last taskDone");
            assertTrue(r.end >= last.nanos, "[QUEUE-18] join() in the parent returned "
                    + Duration.ofNanos(last.nanos - r.end) + " before the last taskDone() began in a child");
            EventLog.Event joined = kit.awaitEvent(log, "joiner returned=true");
            assertTrue(joined.nanos >= last.nanos, "[QUEUE-18] join() in another child returned "
                    + Duration.ofNanos(last.nanos - joined.nanos) + " before the last taskDone() began");
            r = timed(Timeouts.PROMPT, "[QUEUE-18] join() once every item is done", () -> {
                jq.join();
                return "returned";
            });
            assertEquals("returned", r.value, "[QUEUE-18] join() once every item is done " + did(r));
            assertTrue(worker.join(Timeouts.MUST_HAPPEN) && joiner.join(Timeouts.MUST_HAPPEN), "[QUEUE-18] the"
                    + " children did not exit; events: " + log.events());
        } finally {
            Children.stop(worker, joiner);
            discard(jq);
        }
    }

    /** Asserts that join(300 ms) of {@code jq} returns false no earlier than 300 ms. */
    static void assertNotDone(JoinableQueue<Object> jq, String state) throws Exception {
        Timed<Object> r = timed(TIMEOUT.plus(Timeouts.PROMPT), "[QUEUE-18] join(" + TIMEOUT + ")",
                () -> jq.join(TIMEOUT));
        assertEquals(false, r.value, "[QUEUE-18] join(" + TIMEOUT + ") with " + state);
        assertNoEarlier("QUEUE-18", TIMEOUT, r.nanos, "join(" + TIMEOUT + ") with " + state + " returned false");
    }

    /**
     * QUEUE-18's worker: gets 3 items, records "worker got A,B,C", calls taskDone() and records "worker taskDone 1",
     * waits for "kit: parent done", records "worker last taskDone" and calls taskDone().
     */
    static void worker(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        JoinableQueue<Object> jq = QueueLifecycleClauseTests.cast(args[1]);
        long wait = (Long) args[2];
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            got.add(String.valueOf(jq.get(Duration.ofMillis(wait))));
        }
        log.record("worker got " + String.join(",", got));
        jq.taskDone();
        log.record("worker taskDone 1");
        ChildWork.awaitKit(log, "kit: parent done", wait);
        log.record("worker last taskDone");
        jq.taskDone();
    }

    /**
     * taskDone() with no unfinished item throws IllegalStateException "[QUEUE-19] taskDone() called too many
     * times", on a new JoinableQueue, after every item was done, and in a child; the count is unchanged: join()
     * still returns at once, and after one more put, join(300 ms) is false until its taskDone().
     * <p>If this fails, check that taskDone() checks and decrements the count in one atomic step and never lets it
     * go below zero.
     */
    @Clause("QUEUE-19")
    @Test
    void queue19_taskDoneTooOftenFailsAndChangesNothing(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        JoinableQueue<Object> jq = mp.newJoinableQueue(0);
        ChildProcess p = mp.newProcess(args -> ((EventLog) args[0]).record("child taskDone "
                + ChildWork.outcome(((JoinableQueue<?>) args[1])::taskDone)), log, jq);
        String tooMany = "[QUEUE-19] taskDone() called too many times";
        try {
            assertRefused("QUEUE-19", IllegalStateException.class, tooMany, thrownBy("[QUEUE-19] taskDone()",
                    jq::taskDone), "taskDone() of a new JoinableQueue");
            jq.put("a");
            jq.put("b");
            getItem(jq, "[QUEUE-19] get()");
            getItem(jq, "[QUEUE-19] get()");
            jq.taskDone();
            jq.taskDone();
            assertRefused("QUEUE-19", IllegalStateException.class, tooMany, thrownBy("[QUEUE-19] taskDone()",
                    jq::taskDone), "a third taskDone() after 2 items put");
            p.start();
            String outcome = kit.awaitValue(log, "child taskDone ");
            assertTrue(outcome.startsWith("threw " + IllegalStateException.class.getName() + ": " + tooMany),
                    "[QUEUE-19] taskDone() in a child with no unfinished item: " + outcome + "; expected"
                            + " IllegalStateException starting with " + tooMany);
            assertTrue(p.join(Timeouts.MUST_HAPPEN), "[QUEUE-19] the child did not exit");
            Timed<Object> r = timed(Timeouts.PROMPT, "[QUEUE-19] join(ZERO)", () -> jq.join(Duration.ZERO));
            assertEquals(true, r.value, "[QUEUE-19] join(ZERO) after refused taskDone() calls");
            jq.put("c");
            r = timed(TIMEOUT.plus(Timeouts.PROMPT), "[QUEUE-19] join(timeout)", () -> jq.join(TIMEOUT));
            assertEquals(false, r.value, "[QUEUE-19] join(" + TIMEOUT + ") with one unfinished item, after refused"
                    + " taskDone() calls: they changed the count");
            getItem(jq, "[QUEUE-19] get()");
            jq.taskDone();
            r = timed(Timeouts.PROMPT, "[QUEUE-19] join(ZERO)", () -> jq.join(Duration.ZERO));
            assertEquals(true, r.value, "[QUEUE-19] join(ZERO) once the last item was done");
        } finally {
            Children.stop(p);
            discard(jq);
        }
    }

    /**
     * A JoinableQueue of maxSize 2 holding 2 items refuses putNowait with QueueFullException at once and
     * put(item, 300 ms) no earlier than 300 ms; the refused items are neither put nor unfinished: once the 2 items
     * are got and done, the queue is empty and join() returns at once.
     * <p>If this fails, check that the JoinableQueue enforces its bound as a Queue does, before it raises the count
     * of unfinished items.
     */
    @Clause("QUEUE-20")
    @Test
    void queue20_aBoundedJoinableQueueRefusesPutsWhenFull(MultiprocessingContext mp) throws Exception {
        JoinableQueue<Object> jq = mp.newJoinableQueue(2);
        try {
            jq.put("a");
            jq.put("b");
            Timed<Object> r = timed(Timeouts.PROMPT.plus(Timeouts.PROMPT), "[QUEUE-20] putNowait()", () -> {
                jq.putNowait("refused");
                return null;
            });
            QueueChecks.assertRefusedAtOnce("QUEUE-20", QueueFullException.class, "[QUEUE-", r, "putNowait() on a"
                    + " full JoinableQueue of maxSize 2");
            r = timed(TIMEOUT.plus(Timeouts.PROMPT), "[QUEUE-20] put(item, timeout)", () -> {
                jq.put("refused", TIMEOUT);
                return null;
            });
            QueueChecks.assertRefusedAfter("QUEUE-20", QueueFullException.class, "[QUEUE-", TIMEOUT, r, "put(item, "
                    + TIMEOUT + ") on a full JoinableQueue of maxSize 2");
            assertEquals(2, jq.qsize(), "[QUEUE-20] qsize() of a full JoinableQueue after refused puts");
            assertEquals("a", getItem(jq, "[QUEUE-20] get()"), "[QUEUE-20] first item");
            assertEquals("b", getItem(jq, "[QUEUE-20] get()"), "[QUEUE-20] second item");
            jq.taskDone();
            jq.taskDone();
            r = timed(TIMEOUT.plus(Timeouts.PROMPT), "[QUEUE-20] get(timeout)", () -> jq.get(TIMEOUT));
            assertTrue(BoundedCalls.thrown(r) instanceof QueueEmptyException, "[QUEUE-20] a refused put put its item"
                    + " after all: get() " + did(r));
            r = timed(Timeouts.PROMPT, "[QUEUE-20] join(ZERO)", () -> jq.join(Duration.ZERO));
            assertEquals(true, r.value, "[QUEUE-20] join(ZERO) once both items were done: the refused puts counted"
                    + " as unfinished items");
        } finally {
            discard(jq);
        }
    }
}
