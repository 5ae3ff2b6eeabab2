package dev.mpkit.tck.pool;

import static dev.mpkit.tck.pool.PoolChecks.WAIT_MILLIS;
import static dev.mpkit.tck.pool.PoolChecks.WORK;
import static dev.mpkit.tck.pool.PoolChecks.applyAsyncEach;
import static dev.mpkit.tck.pool.PoolChecks.assertAtMostLive;
import static dev.mpkit.tck.pool.PoolChecks.assertRefused;
import static dev.mpkit.tck.pool.PoolChecks.did;
import static dev.mpkit.tck.pool.PoolChecks.dispose;
import static dev.mpkit.tck.pool.PoolChecks.failure;
import static dev.mpkit.tck.pool.PoolChecks.joined;
import static dev.mpkit.tck.pool.PoolChecks.newPool;
import static dev.mpkit.tck.pool.PoolChecks.returns;
import static dev.mpkit.tck.pool.PoolChecks.thrownBy;
import static dev.mpkit.tck.pool.PoolChecks.timed;
import static dev.mpkit.tck.pool.PoolChecks.value;
import static dev.mpkit.tck.support.BoundedCalls.thrown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.AsyncResult;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.PoolOptions;
import dev.mpkit.SharedLock;
import dev.mpkit.WorkerPool;
import dev.mpkit.tck.support.BoundedCalls;
import dev.mpkit.tck.support.Clause;
import dev.mpkit.tck.support.ClauseTests;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.Kit;
import dev.mpkit.tck.support.ProcessTree;
import dev.mpkit.tck.support.Timed;
import dev.mpkit.tck.support.Timeouts;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What cannot travel (POOL-21, POOL-22, POOL-33), what tasks receive (POOL-34), and failures of workers and of the
 * pool (POOL-30, POOL-31, POOL-32).
 */
@ClauseTests
class PoolFailureClauseTests {

    /** POOL-21 message prefix. */
    static final String CANNOT_SEND = "[POOL-21] cannot send the task to a worker: ";

    // ------------------------------------------------------------------------------------------ POOL-21

    /**
     * A task, function, argument, map item or starmap argument that cannot be serialized makes the submitting call
     * throw IllegalArgumentException "[POOL-21] cannot send the task to a worker: …" naming the class; a context
     * SharedLock as an argument carries the lock's own "[LOCK-17]" message; nothing runs and the pool stays usable.
     * CPython reports these from get() (PL-13): a recorded deviation.
     * <p>If this fails, check that the submitting methods serialize the function and every argument before they
     * return, and wrap what serialization throws.
     */
    @Clause("POOL-21")
    @Test
    void pool21_whatCannotBeSerializedFailsInTheSubmittingCall(MultiprocessingContext mp, Kit kit)
            throws Exception {
        EventLog log = kit.newEventLog();
        WorkerPool pool = newPool("POOL-21", mp, PoolOptions.defaults().processes(1));
        SharedLock lock = mp.newLock();
        try {
            Object u = new PoolTargets.Unserializable();
            String name = "Unserializable";
            Map<String, BoundedCalls.Action> calls = new LinkedHashMap<>();
            calls.put("applyAsync(task capturing an Unserializable)", () -> pool.applyAsync(PoolTargets.capturing(u)));
            calls.put("apply(task capturing an Unserializable)", () -> pool.apply(PoolTargets.capturing(u)));
            calls.put("applyAsync(fn, an Unserializable)", () -> pool.applyAsync(PoolTargets.recordingAny(log), u));
            calls.put("apply(fn, an Unserializable)", () -> pool.apply(PoolTargets.recordingAny(log), u));
            calls.put("applyAsync(fn capturing an Unserializable, 1)",
                    () -> pool.applyAsync(PoolTargets.capturingFn(u), 1));
            calls.put("map(fn, [1, an Unserializable, 3])",
                    () -> pool.map(PoolTargets.recordingAny(log), Arrays.asList(1, u, 3)));
            calls.put("mapAsync(fn, [1, an Unserializable, 3], 1)",
                    () -> pool.mapAsync(PoolTargets.recordingAny(log), Arrays.asList(1, u, 3), 1));
            calls.put("mapAsync(fn capturing an Unserializable, [1])",
                    () -> pool.mapAsync(PoolTargets.capturingFn(u), List.of(1)));
            calls.put("starmap(fn, [[1], [an Unserializable]])",
                    () -> pool.starmap(PoolTargets.unpacks(), List.of(List.of(1), List.of(u))));
            calls.put("starmapAsync(fn, [[1], [an Unserializable]], 1)",
                    () -> pool.starmapAsync(PoolTargets.unpacks(), List.of(List.of(1), List.of(u)), 1));
            calls.put("imap(fn capturing an Unserializable, [1])",
                    () -> pool.imap(PoolTargets.capturingFn(u), List.of(1)));
            calls.put("imapUnordered(fn capturing an Unserializable, [1])",
                    () -> pool.imapUnordered(PoolTargets.capturingFn(u), List.of(1)));
            for (Map.Entry<String, BoundedCalls.Action> c : calls.entrySet()) {
                Exception e = thrownBy("[POOL-21] " + c.getKey(), c.getValue());
                assertRefused("POOL-21", IllegalArgumentException.class, CANNOT_SEND, e, c.getKey());
                assertTrue(e.getMessage().contains(name), "[POOL-21] the message of " + c.getKey() + " does not name"
                        + " the class that cannot be serialized (" + PoolTargets.Unserializable.class.getName()
                        + "): " + e.getMessage());
            }
            Exception e = thrownBy("[POOL-21] applyAsync(fn, a SharedLock)",
                    () -> pool.applyAsync(PoolTargets.recordingAny(log), lock));
            assertRefused("POOL-21", IllegalArgumentException.class, CANNOT_SEND, e, "applyAsync(fn, a SharedLock)");
            assertTrue(e.getMessage().contains("[LOCK-17]"), "[POOL-21] the message of applyAsync(fn, a SharedLock)"
                    + " does not carry the lock's own [LOCK-17] message: " + e.getMessage());
            assertEquals("usable", returns("[POOL-21] apply() after the refusals",
                    () -> pool.apply(PoolTargets.returning("usable"))), "[POOL-21] apply() after the refusals");
            pool.shutdown();
            returns("[POOL-21] join()", () -> {
                pool.join();
                return null;
            });
            assertEquals(List.of(), log.startingWith("ran "), "[POOL-21] items that ran although their submitting"
                    + " call was refused");
        } finally {
            dispose(pool);
        }
    }

    // ------------------------------------------------------------------------------------------ POOL-22

    /**
     * A result that cannot be serialized fails with the cause IllegalArgumentException "[POOL-22] result could not
     * be serialized: CLASS"; an exception that cannot be serialized with the cause RuntimeException "[POOL-22] task
     * failed with CLASS: MESSAGE"; the worker keeps serving (the same pid runs the next task) and the pool stays
     * usable.
     * <p>If this fails, check that the worker catches the failure to serialize its reply and sends a substitute.
     */
    @Clause("POOL-22")
    @Test
    void pool22_aResultThatCannotBeSerialized(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        WorkerPool pool = newPool("POOL-22", mp, PoolOptions.defaults().processes(1));
        try {
            long before = returns("[POOL-22] apply()", () -> pool.apply(PoolTargets.pid(log, "before")));
            AsyncResult<Object> r = pool.applyAsync(PoolTargets.returnsUnserializable());
            Throwable cause = failure("POOL-22", r, "get() of a task whose result cannot be serialized");
            assertRefused("POOL-22", IllegalArgumentException.class, "[POOL-22] result could not be serialized: ",
                    cause, "the cause for a result that cannot be serialized");
            assertTrue(cause.getMessage().contains("Unserializable"), "[POOL-22] the message does not name the"
                    + " result's class " + PoolTargets.Unserializable.class.getName() + ": " + cause.getMessage());
            String message = "kit: an exception that cannot be serialized";
            AsyncResult<Object> f = pool.applyAsync(PoolTargets.throwing("unserializable", message));
            Throwable failed = failure("POOL-22", f, "get() of a task whose exception cannot be serialized");
            assertRefused("POOL-22", RuntimeException.class, "[POOL-22] task failed with ", failed, "the cause for an"
                    + " exception that cannot be serialized");
            assertTrue(failed.getMessage().contains("UnserializableFailure") && failed.getMessage().endsWith(": "
                    + message), "[POOL-22] the message does not name the exception's class "
                    + PoolTargets.UnserializableFailure.class.getName() + " and its message '" + message + "': "
                    + failed.getMessage());
            long after = returns("[POOL-22] apply() after", () -> pool.apply(PoolTargets.pid(log, "after")));
            assertEquals(before, after, "[POOL-22] the pid of the only worker before and after it failed to send"
                    + " two replies; expected the same worker to keep serving");
        } finally {
            dispose(pool);
        }
    }

    // ------------------------------------------------------------------------------------------ POOL-30

    /** "[POOL-30] worker PID exited with code N while running the task". */
    static final Pattern WORKER_DIED = Pattern.compile(
            "\\[POOL-30] worker (\\d+) exited with code (-?\\d+) while running the task.*", Pattern.DOTALL);

    /**
     * A worker that dies while running a task (System.exit(3), Runtime.halt(4), SIGKILL from the kit) fails that
     * task's get() within a bounded time with the cause IllegalStateException "[POOL-30] worker PID exited with
     * code N while running the task"; a task running in the other worker and the tasks queued behind the dying one
     * complete; later tasks run in a replacement; never more than 2 workers alive, by the OS. CPython's result
     * never arrives (PL-20b): a recorded deviation.
     * <p>If this fails, check that the pool watches its workers' exits, knows which task each was running, fails
     * exactly that one, and hands the tasks it had not started to another worker.
     */
    @Clause("POOL-30")
    @Test
    void pool30_aWorkerThatDiesFailsItsTaskAndIsReplaced(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        WorkerPool pool = null;
        try (WorkerCensus census = WorkerCensus.start()) {
            WorkerPool p = newPool("POOL-30", mp, PoolOptions.defaults().processes(2));
            pool = p;
            for (String how : List.of("exit", "halt", "kill")) {
                String tag = "die-" + how;
                AsyncResult<String> other = p.applyAsync(PoolTargets.sleeping(log, "other-" + how,
                        3 * WORK.toMillis()));
                AsyncResult<String> dying = p.applyAsync(PoolTargets.dies(log, tag, how, Timeouts.LONG_SLEEP
                        .toMillis()));
                List<AsyncResult<String>> queued = applyAsyncEach(p, 0, 3,
                        i -> PoolTargets.sleeping(log, "queued-" + how + "-" + i, 10));
                long pid = kit.awaitEvent(log, "start " + tag).pid;
                if (how.equals("kill")) {
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                }
                Throwable cause = failure("POOL-30", dying, "get() of a task whose worker died by " + how);
                assertRefused("POOL-30", IllegalStateException.class, "[POOL-30] worker " + pid + " exited with code ",
                        cause, "the cause for a task whose worker (pid " + pid + ") died by " + how);
                Matcher m = WORKER_DIED.matcher(cause.getMessage());
                assertTrue(m.matches(), "[POOL-30] the cause for a task whose worker died by " + how + " says "
                        + cause.getMessage() + "; expected '[POOL-30] worker " + pid + " exited with code N while"
                        + " running the task'");
                String code = how.equals("exit") ? "3" : how.equals("halt") ? "4" : m.group(2);
                assertEquals(code, m.group(2), "[POOL-30] the exit code in the message, for a worker that died by "
                        + how);
                assertEquals("other-" + how, value(other, "[POOL-30] get() of a task in the other worker"),
                        "[POOL-30] a task running in the other worker while one died by " + how);
                for (int i = 0; i < queued.size(); i++) {
                    assertEquals("queued-" + how + "-" + i, value(queued.get(i), "[POOL-30] get() of a task queued"
                            + " behind the dying one"), "[POOL-30] a task queued behind one whose worker died by "
                            + how);
                }
                assertFalse(ProcessTree.isAlive(pid), "[POOL-30] worker " + pid + " is alive although its death was"
                        + " reported");
            }
            Set<Long> dead = new TreeSet<>();
            for (String how : List.of("exit", "halt", "kill")) {
                dead.add(PoolChecks.run("POOL-30", log, "die-" + how).pid);
            }
            long later = returns("[POOL-30] apply() after three worker deaths",
                    () -> p.apply(PoolTargets.pid(log, "later")));
            assertFalse(dead.contains(later), "[POOL-30] a later task ran in worker " + later + ", which died");
            census.close();
            assertAtMostLive("POOL-30", 2, census, log, "a pool of 2 whose workers died three times");
        } finally {
            dispose(pool);
        }
    }

    /**
     * A worker that dies in a map (item 3 of 0..9 calls System.exit(5), chunks of 1, items of 50 ms on a pool of 2,
     * so that later chunks are queued, or handed to the dying worker) fails the map with the cause
     * IllegalStateException "[POOL-30] worker PID exited with code 5 while running the task", and every other item
     * still runs, those handed to the dead worker in another.
     * <p>If this fails, check that the pool knows which chunk a worker was running when it died, and gives the chunks
     * it had not started to another worker.
     */
    @Clause("POOL-30")
    @Test
    void pool30_aWorkerThatDiesInAMapFailsTheMap(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        WorkerPool pool = newPool("POOL-30", mp, PoolOptions.defaults().processes(2));
        try {
            AsyncResult<List<Integer>> r = pool.mapAsync(PoolTargets.exitsAt(log, 3, 5, 50),
                    PoolMapClauseTests.range(10), 1);
            Throwable cause = failure("POOL-30", r, "get() of a map one of whose items ended its worker");
            long pid = kit.awaitEvent(log, "ran 3").pid;
            String expected = "[POOL-30] worker " + pid + " exited with code 5 while running the task";
            assertRefused("POOL-30", IllegalStateException.class, expected, cause, "the cause for a map whose item 3"
                    + " ended its worker (pid " + pid + ") with System.exit(5)");
            for (int x = 0; x < 10; x++) {
                if (x != 3) {
                    kit.awaitEvent(log, "done " + x);
                }
            }
            assertEquals(List.of(PoolTargets.f(0), PoolTargets.f(1)), returns("[POOL-30] map() after the death",
                    () -> pool.map(PoolTargets.plain(), List.of(0, 1))), "[POOL-30] map() after a worker died in a"
                    + " map");
        } finally {
            dispose(pool);
        }
    }

    // ------------------------------------------------------------------------------------------ POOL-31

    /**
     * An initializer that throws fails the pool fast: a result submitted at once fails with the cause
     * IllegalStateException "[POOL-31] initializer failed in worker PID: …" whose cause is the initializer's
     * exception (class and message kept); later submissions throw IllegalStateException "[POOL-31] initializer
     * failed…"; no worker is started beyond the pool's 2 (each runs the initializer first, so the event log counts
     * them) over twice the time the first failure took; close() works and leaves no worker alive (OS). CPython
     * respawns workers for ever (PL-20a): a recorded deviation.
     * <p>If this fails, check that a worker reports its initializer's failure before it exits, and that the pool
     * then stops starting workers and fails what is pending.
     */
    @Clause("POOL-31")
    @Test
    void pool31_aFailingInitializerFailsThePoolFast(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        WorkerPool pool = null;
        try {
            long t0 = System.nanoTime();
            WorkerPool p = newPool("POOL-31", mp, PoolOptions.defaults().processes(2)
                    .initializer(PoolTargets::failingInit, log));
            pool = p;
            Timed<Object> submitted = timed(Timeouts.PROMPT, "[POOL-31] applyAsync()",
                    () -> p.applyAsync(PoolTargets.returning("never")));
            if (thrown(submitted) == null) {
                @SuppressWarnings("unchecked")
                AsyncResult<String> r = (AsyncResult<String>) submitted.value;
                Throwable cause = failure("POOL-31", r, "get() of a task submitted to a pool whose initializer throws");
                assertRefused("POOL-31", IllegalStateException.class, "[POOL-31] initializer failed in worker ", cause,
                        "the cause for a task of a pool whose initializer throws");
                Matcher m = Pattern.compile("\\[POOL-31] initializer failed in worker (\\d+): .*", Pattern.DOTALL)
                        .matcher(cause.getMessage());
                assertTrue(m.matches(), "[POOL-31] the cause says " + cause.getMessage() + "; expected '[POOL-31]"
                        + " initializer failed in worker PID: …'");
                Set<Long> inits = new TreeSet<>(PoolChecks.pidsOf(log, "init"));
                assertTrue(inits.contains(Long.parseLong(m.group(1))), "[POOL-31] the cause names worker "
                        + m.group(1) + ", which did not run the initializer; those that did: " + inits);
                Throwable init = cause.getCause();
                assertTrue(init instanceof UnsupportedOperationException
                        && PoolTargets.INIT_FAILURE.equals(init.getMessage()), "[POOL-31] the cause of '"
                        + cause.getMessage() + "' is " + PoolChecks.describe(init) + "; expected the initializer's"
                        + " UnsupportedOperationException '" + PoolTargets.INIT_FAILURE + "'");
            } else {
                assertRefused("POOL-31", IllegalStateException.class, "[POOL-31] initializer failed", thrown(submitted),
                        "applyAsync() just after newPool() with a throwing initializer");
            }
            Duration firstFailure = Duration.ofNanos(System.nanoTime() - t0);
            Exception later = thrownBy("[POOL-31] applyAsync() after the failure",
                    () -> p.applyAsync(PoolTargets.returning("never")));
            assertRefused("POOL-31", IllegalStateException.class, "[POOL-31] initializer failed", later,
                    "applyAsync() on a pool known to be broken");
            Exception mapped = thrownBy("[POOL-31] mapAsync() after the failure",
                    () -> p.mapAsync(PoolTargets.plain(), List.of(1, 2)));
            assertRefused("POOL-31", IllegalStateException.class, "[POOL-31] initializer failed", mapped,
                    "mapAsync() on a pool known to be broken");
            Duration window = firstFailure.multipliedBy(2).compareTo(Timeouts.BLOCK_WINDOW) > 0
                    ? firstFailure.multipliedBy(2) : Timeouts.BLOCK_WINDOW;
            Timeouts.eventually("POOL-31 no more than 2 workers ran the initializer, over " + window.toMillis() + " ms")
                    .during(window).atMost(window.plus(Timeouts.PROMPT))
                    .until(() -> log.startingWith("init").size() <= 2);
            Timed<Object> closed = timed(Timeouts.MUST_HAPPEN, "[POOL-31] close()", () -> {
                p.close();
                return "closed";
            });
            assertEquals("closed", closed.value, "[POOL-31] close() of a broken pool " + did(closed));
            Set<Long> workers = new TreeSet<>(PoolChecks.pidsOf(log, "init"));
            assertTrue(workers.size() <= 2, "[POOL-31] " + workers.size() + " workers " + workers + " ran the"
                    + " initializer of a pool of 2; expected no more than 2 started in all");
            for (long pid : workers) {
                assertFalse(ProcessTree.isAlive(pid), "[POOL-31] worker " + pid + " is alive (OS) after close()");
            }
        } finally {
            dispose(pool);
        }
    }

    // ------------------------------------------------------------------------------------------ POOL-32

    /**
     * A failure nobody asks for disturbs nothing: with a failed applyAsync and a failed mapAsync never asked,
     * apply() still works and shutdown() and join() complete without throwing; after join(), get() reports both
     * failures.
     * <p>If this fails, check that the pool stores failures in their results and never rethrows them in its own
     * threads or from lifecycle calls.
     */
    @Clause("POOL-32")
    @Test
    void pool32_aFailureIsHeldUntilAsked(MultiprocessingContext mp) throws Exception {
        WorkerPool pool = newPool("POOL-32", mp, PoolOptions.defaults().processes(2));
        try {
            AsyncResult<Object> f = pool.applyAsync(PoolTargets.throwing("IAE", "kit: nobody asks for this yet"));
            AsyncResult<List<Integer>> m = pool.mapAsync(PoolTargets.jittered(Set.of(1)), List.of(0, 1, 2), 1);
            Timeouts.eventually("POOL-32 both failed results are ready").until(() -> f.isReady() && m.isReady());
            assertEquals("ok", returns("[POOL-32] apply() beside unasked failures",
                    () -> pool.apply(PoolTargets.returning("ok"))), "[POOL-32] apply() beside unasked failures");
            assertNull(thrownBy("[POOL-32] shutdown()", pool::shutdown), "[POOL-32] shutdown() threw");
            Timed<Object> joined = joined(pool, "[POOL-32] join()");
            assertEquals("joined", joined.value, "[POOL-32] join() of a pool holding unasked failures "
                    + did(joined));
            Throwable a = failure("POOL-32", f, "get() after join() of a failed applyAsync");
            assertEquals("kit: nobody asks for this yet", a.getMessage(), "[POOL-32] the held failure of applyAsync: "
                    + PoolChecks.describe(a));
            Throwable b = failure("POOL-32", m, "get() after join() of a failed mapAsync");
            assertEquals("fail 1", b.getMessage(), "[POOL-32] the held failure of mapAsync: "
                    + PoolChecks.describe(b));
        } finally {
            dispose(pool);
        }
    }

    // ------------------------------------------------------------------------------------------ POOL-33

    /**
     * A pool cannot go to another process: ObjectOutputStream.writeObject(pool) throws IllegalArgumentException
     * "[POOL-33] WorkerPool objects cannot be passed between processes…"; as a task argument, or captured by a task,
     * the submitting call throws "[POOL-21] …" carrying that message; the pool stays usable.
     * <p>If this fails, check that the pool's serial form refuses with the POOL-33 message (CPython's
     * NotImplementedError) rather than NotSerializableException.
     */
    @Clause("POOL-33")
    @Test
    void pool33_aPoolCannotBeSerialized(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        WorkerPool pool = newPool("POOL-33", mp, PoolOptions.defaults().processes(1));
        try {
            String refusal = "[POOL-33] WorkerPool objects cannot be passed between processes";
            Exception e = thrownBy("[POOL-33] writeObject(pool)", () -> {
                try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
                    out.writeObject(pool);
                }
            });
            assertRefused("POOL-33", IllegalArgumentException.class, refusal, e,
                    "ObjectOutputStream.writeObject(pool)");
            Map<String, BoundedCalls.Action> calls = new LinkedHashMap<>();
            calls.put("applyAsync(fn, pool)", () -> pool.applyAsync(PoolTargets.recordingAny(log), pool));
            calls.put("applyAsync(task capturing the pool)", () -> pool.applyAsync(PoolTargets.capturing(pool)));
            calls.put("map(fn, [pool])", () -> pool.map(PoolTargets.recordingAny(log), List.of(pool)));
            for (Map.Entry<String, BoundedCalls.Action> c : calls.entrySet()) {
                Exception t = thrownBy("[POOL-33] " + c.getKey(), c.getValue());
                assertRefused("POOL-33", IllegalArgumentException.class, CANNOT_SEND, t, c.getKey());
                assertTrue(t.getMessage().contains(refusal), "[POOL-33] the message of " + c.getKey() + " does not"
                        + " carry '" + refusal + "': " + t.getMessage());
            }
            assertEquals("usable", returns("[POOL-33] apply() after", () -> pool.apply(PoolTargets.returning(
                    "usable"))), "[POOL-33] apply() after the refusals");
            assertEquals(List.of(), log.startingWith("ran "), "[POOL-33] tasks that ran with a pool as argument");
        } finally {
            dispose(pool);
        }
    }

    // ------------------------------------------------------------------------------------------ POOL-34

    /**
     * Tasks work on copies: a list a task mutates is unchanged in the caller; a task sees its argument, its
     * captured variable and its map items as they were when submitted, not as the caller changed them right after
     * the submitting call returned. CPython serializes later, in a thread, so that a quick change may reach the
     * task: a recorded deviation.
     * <p>If this fails, check that the submitting methods serialize arguments and items before they return.
     */
    @Clause("POOL-34")
    @Test
    void pool34_tasksWorkOnCopiesTakenAtSubmission(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        WorkerPool pool = newPool("POOL-34", mp, PoolOptions.defaults().processes(1));
        try {
            ArrayList<String> mine = new ArrayList<>(List.of("caller"));
            assertEquals(List.of("caller", "task"), returns("[POOL-34] apply()",
                    () -> pool.apply(PoolTargets.appends(), mine)), "[POOL-34] what the task made of its argument");
            assertEquals(List.of("caller"), mine, "[POOL-34] the caller's list after a task appended to its argument");
            ArrayList<String> arg = new ArrayList<>(List.of("submitted"));
            AsyncResult<List<String>> a = pool.applyAsync(PoolTargets.heldCopy(log, "arg", WAIT_MILLIS), arg);
            arg.add("changed after applyAsync returned");
            ArrayList<String> captured = new ArrayList<>(List.of("submitted"));
            AsyncResult<List<String>> c = pool.applyAsync(PoolTargets.heldCapture(log, "captured", captured,
                    WAIT_MILLIS));
            captured.add("changed after applyAsync returned");
            List<ArrayList<String>> items = List.of(new ArrayList<>(List.of("item 0")),
                    new ArrayList<>(List.of("item 1")));
            AsyncResult<List<List<String>>> m = pool.mapAsync(PoolTargets.heldCopy(log, "items", WAIT_MILLIS), items,
                    1);
            for (ArrayList<String> item : items) {
                item.add("changed after mapAsync returned");
            }
            log.record("release all");
            assertEquals(List.of("submitted"), value(a, "[POOL-34] get()"), "[POOL-34] the argument as the task saw"
                    + " it, changed by the caller after applyAsync(fn, arg) returned");
            assertEquals(List.of("submitted"), value(c, "[POOL-34] get()"), "[POOL-34] the captured list as the task"
                    + " saw it, changed by the caller after applyAsync(task) returned");
            assertEquals(List.of(List.of("item 0"), List.of("item 1")), value(m, "[POOL-34] get()"), "[POOL-34] the"
                    + " items as the tasks saw them, changed by the caller after mapAsync returned");
        } finally {
            dispose(pool);
        }
    }
}
