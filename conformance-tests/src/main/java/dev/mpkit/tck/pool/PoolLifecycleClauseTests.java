package dev.mpkit.tck.pool;

import static dev.mpkit.tck.pool.PoolChecks.WAIT_MILLIS;
import static dev.mpkit.tck.pool.PoolChecks.WORK;
import static dev.mpkit.tck.pool.PoolChecks.applyAsyncEach;
import static dev.mpkit.tck.pool.PoolChecks.assertPrompt;
import static dev.mpkit.tck.pool.PoolChecks.assertRefused;
import static dev.mpkit.tck.pool.PoolChecks.did;
import static dev.mpkit.tck.pool.PoolChecks.dispose;
import static dev.mpkit.tck.pool.PoolChecks.is;
import static dev.mpkit.tck.pool.PoolChecks.joined;
import static dev.mpkit.tck.pool.PoolChecks.newPool;
import static dev.mpkit.tck.pool.PoolChecks.prompt;
import static dev.mpkit.tck.pool.PoolChecks.returns;
import static dev.mpkit.tck.pool.PoolChecks.runs;
import static dev.mpkit.tck.pool.PoolChecks.thrownBy;
import static dev.mpkit.tck.pool.PoolChecks.timed;
import static dev.mpkit.tck.support.BoundedCalls.thrown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.AsyncResult;
import dev.mpkit.ChildProcess;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.PoolOptions;
import dev.mpkit.ResultIterator;
import dev.mpkit.WorkerPool;
import dev.mpkit.tck.support.BoundedCalls;
import dev.mpkit.tck.support.Children;
import dev.mpkit.tck.support.Clause;
import dev.mpkit.tck.support.ClauseTests;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.Kit;
import dev.mpkit.tck.support.ProcessTree;
import dev.mpkit.tck.support.TimeScale;
import dev.mpkit.tck.support.Timed;
import dev.mpkit.tck.support.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Stopping a pool: shutdown and join (POOL-23, POOL-24), refusing work (POOL-25), terminate (POOL-26), close
 * (POOL-27), and interrupts of the threads that wait (POOL-35).
 */
@ClauseTests
class PoolLifecycleClauseTests {

    /** POOL-35: how long a child's waiters block before they are interrupted (their workload). */
    static final Duration SETTLE = TimeScale.millis(200);
    /** POOL-35: how soon an interrupted waiter must throw. */
    static final Duration INTERRUPT_BOUND = TimeScale.seconds(1);
    /** POOL-25 message. */
    static final String NOT_RUNNING = "[POOL-25] pool is not running";
    /** POOL-26 message. */
    static final String TERMINATED = "[POOL-26] the pool was terminated";

    // ------------------------------------------------------------------------------------------ POOL-23

    /**
     * shutdown() returns at once while 4 tasks of 300 ms run on a pool of 2, and a second shutdown() does nothing;
     * join() returns no earlier than the last task recorded its end, with every result ready and successful.
     * <p>If this fails, check that shutdown() only stops intake, and that the workers exit, and join() returns,
     * once the queued work is done and its results delivered.
     */
    @Clause("POOL-23")
    @Test
    void pool23_shutdownThenJoinWaitsForAllWork(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        WorkerPool pool = newPool("POOL-23", mp, PoolOptions.defaults().processes(2));
        try {
            List<AsyncResult<String>> results = applyAsyncEach(pool, 0, 4,
                    i -> PoolTargets.sleeping(log, "t" + i, WORK.toMillis()));
            Timed<Object> shutdown = timed(Timeouts.MUST_HAPPEN, "[POOL-23] shutdown()", () -> {
                pool.shutdown();
                return null;
            });
            assertNull(thrown(shutdown), "[POOL-23] shutdown() " + did(shutdown));
            assertPrompt("POOL-23", shutdown, "shutdown() with 4 tasks of " + WORK.toMillis() + " ms outstanding");
            assertNull(thrownBy("[POOL-23] a second shutdown()", pool::shutdown), "[POOL-23] a second shutdown()"
                    + " threw");
            Timed<Object> join = joined(pool, "[POOL-23] join() after shutdown()");
            assertEquals("joined", join.value, "[POOL-23] join() after shutdown() " + did(join));
            List<PoolChecks.Run> runs = runs(log);
            assertEquals(4, runs.size(), "[POOL-23] tasks that ran before join() returned: " + runs);
            for (PoolChecks.Run r : runs) {
                assertTrue(r.ended() && r.end <= join.end, "[POOL-23] join() returned before task " + r.tag
                        + " recorded its end" + (r.ended() ? " (" + (r.end - join.end) / 1_000_000 + " ms later)"
                        : ""));
            }
            assertTrue(shutdown.end < runs.stream().mapToLong(r -> r.end).max().orElseThrow(), "[POOL-23] shutdown()"
                    + " returned only after every task had ended; expected at once");
            for (int i = 0; i < results.size(); i++) {
                AsyncResult<String> r = results.get(i);
                assertTrue(r.isReady(), "[POOL-23] result of task t" + i + " is not ready when join() returned");
                assertTrue(r.isSuccessful(), "[POOL-23] result of task t" + i + " is not successful");
                assertEquals("t" + i, prompt("[POOL-23] get()", r::get), "[POOL-23] result of task t" + i);
            }
        } finally {
            dispose(pool);
        }
    }

    // ------------------------------------------------------------------------------------------ POOL-24

    /**
     * join() and join(timeout) before shutdown() or terminate() throw IllegalStateException "[POOL-24] join()
     * before shutdown() or terminate()" at once, even with a long timeout; the pool still runs tasks afterwards.
     * <p>If this fails, check that join() checks the pool's state before it waits.
     */
    @Clause("POOL-24")
    @Test
    void pool24_joinBeforeShutdownIsRefused(MultiprocessingContext mp) throws Exception {
        WorkerPool pool = newPool("POOL-24", mp, PoolOptions.defaults().processes(1));
        try {
            String refusal = "[POOL-24] join() before shutdown() or terminate()";
            for (int i = 0; i < 2; i++) {
                Exception e = thrownBy("[POOL-24] join() of a running pool", pool::join);
                assertRefused("POOL-24", IllegalStateException.class, refusal, e, "join() of a running pool");
                Exception t = thrownBy("[POOL-24] join(timeout) of a running pool",
                        () -> pool.join(Timeouts.LONG_SLEEP));
                assertRefused("POOL-24", IllegalStateException.class, refusal, t, "join(" + Timeouts.LONG_SLEEP
                        + ") of a running pool");
                String usable = "usable " + i;
                assertEquals(usable, returns("[POOL-24] apply() after a refused join()",
                        () -> pool.apply(PoolTargets.returning(usable))), "[POOL-24] apply() after a refused join()");
            }
        } finally {
            dispose(pool);
        }
    }

    // ------------------------------------------------------------------------------------------ POOL-25

    /**
     * After shutdown(), terminate() or close(), every submitting method throws IllegalStateException "[POOL-25]
     * pool is not running", and nothing runs.
     * <p>If this fails, check that every submitting method, the blocking forms and imap included, checks the
     * pool's state first.
     */
    @Clause("POOL-25")
    @Test
    void pool25_aStoppedPoolRefusesWork(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        WorkerPool shut = newPool("POOL-25", mp, PoolOptions.defaults().processes(1));
        WorkerPool terminated = newPool("POOL-25", mp, PoolOptions.defaults().processes(1));
        WorkerPool closed = newPool("POOL-25", mp, PoolOptions.defaults().processes(1));
        try {
            shut.shutdown();
            terminated.terminate();
            prompt("[POOL-25] close()", () -> {
                closed.close();
                return null;
            });
            Map<String, WorkerPool> pools = new LinkedHashMap<>();
            pools.put("shutdown()", shut);
            pools.put("terminate()", terminated);
            pools.put("close()", closed);
            for (Map.Entry<String, WorkerPool> e : pools.entrySet()) {
                WorkerPool p = e.getValue();
                List<Integer> items = List.of(1, 2);
                List<List<?>> lists = List.of(List.of(1), List.of(2));
                Map<String, BoundedCalls.Action> calls = new LinkedHashMap<>();
                calls.put("apply(task)", () -> p.apply(PoolTargets.pid(log, "apply")));
                calls.put("apply(fn, arg)", () -> p.apply(PoolTargets.recording(log), 1));
                calls.put("applyAsync(task)", () -> p.applyAsync(PoolTargets.pid(log, "applyAsync")));
                calls.put("applyAsync(fn, arg)", () -> p.applyAsync(PoolTargets.recording(log), 1));
                calls.put("map", () -> p.map(PoolTargets.recording(log), items));
                calls.put("map(chunksize)", () -> p.map(PoolTargets.recording(log), items, 1));
                calls.put("mapAsync", () -> p.mapAsync(PoolTargets.recording(log), items));
                calls.put("mapAsync(chunksize)", () -> p.mapAsync(PoolTargets.recording(log), items, 1));
                calls.put("imap", () -> p.imap(PoolTargets.recording(log), items));
                calls.put("imap(chunksize)", () -> p.imap(PoolTargets.recording(log), items, 1));
                calls.put("imapUnordered", () -> p.imapUnordered(PoolTargets.recording(log), items));
                calls.put("imapUnordered(chunksize)", () -> p.imapUnordered(PoolTargets.recording(log), items, 1));
                calls.put("starmap", () -> p.starmap(PoolTargets.sums(log), lists));
                calls.put("starmap(chunksize)", () -> p.starmap(PoolTargets.sums(log), lists, 1));
                calls.put("starmapAsync", () -> p.starmapAsync(PoolTargets.sums(log), lists));
                calls.put("starmapAsync(chunksize)", () -> p.starmapAsync(PoolTargets.sums(log), lists, 1));
                for (Map.Entry<String, BoundedCalls.Action> c : calls.entrySet()) {
                    String what = c.getKey() + " after " + e.getKey();
                    Exception t = thrownBy("[POOL-25] " + what, c.getValue());
                    assertRefused("POOL-25", IllegalStateException.class, NOT_RUNNING, t, what);
                }
            }
            returns("[POOL-25] join() after shutdown()", () -> {
                shut.join();
                return null;
            });
            returns("[POOL-25] join() after terminate()", () -> {
                terminated.join();
                return null;
            });
            assertEquals(List.of(), log.events(), "[POOL-25] what ran although the pool refused it");
        } finally {
            dispose(shut, terminated, closed);
        }
    }

    // ------------------------------------------------------------------------------------------ POOL-26

    /**
     * terminate() with two tasks running and more work queued (a task, a mapAsync, an imap) returns at once, and
     * join() then too; the workers are gone (OS); the running tasks never record their delayed side effect; every
     * result is ready and throws CancellationException "[POOL-26] the pool was terminated", and so does the imap's
     * next(). CPython leaves such results not ready for ever (PL-15): a recorded deviation.
     * <p>If this fails, check that terminate() stops the workers without waiting for their tasks, and fails every
     * result not yet ready.
     */
    @Clause("POOL-26")
    @Test
    void pool26_terminateDiscardsOutstandingWork(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        WorkerPool pool = newPool("POOL-26", mp, PoolOptions.defaults().processes(2));
        try {
            long delay = Timeouts.PROMPT.multipliedBy(2).toMillis();
            AsyncResult<String> a = pool.applyAsync(PoolTargets.sideEffect(log, "a", delay));
            AsyncResult<String> b = pool.applyAsync(PoolTargets.sideEffect(log, "b", delay));
            AsyncResult<String> queued = pool.applyAsync(PoolTargets.sideEffect(log, "queued", delay));
            AsyncResult<List<Integer>> mapped = pool.mapAsync(PoolTargets.recording(log), List.of(1, 2, 3), 1);
            ResultIterator<Integer> it = pool.imap(PoolTargets.recording(log), List.of(4, 5));
            Timeouts.eventually("POOL-26 two tasks running").until(() -> runs(log).size() >= 2);
            Set<Long> pids = runs(log).stream().map(r -> r.pid).collect(Collectors.toCollection(TreeSet::new));
            Timed<Object> terminate = timed(Timeouts.MUST_HAPPEN, "[POOL-26] terminate()", () -> {
                pool.terminate();
                return null;
            });
            assertNull(thrown(terminate), "[POOL-26] terminate() " + did(terminate));
            assertPrompt("POOL-26", terminate, "terminate() with work running and queued");
            Timed<Object> join = joined(pool, "[POOL-26] join() after terminate()");
            assertEquals("joined", join.value, "[POOL-26] join() after terminate() " + did(join));
            assertPrompt("POOL-26", join, "join() after terminate()");
            for (long pid : pids) {
                assertFalse(ProcessTree.isAlive(pid), "[POOL-26] worker " + pid + " is alive (OS) after terminate()"
                        + " and join()");
            }
            Map<String, AsyncResult<?>> results = new LinkedHashMap<>();
            results.put("a running task", a);
            results.put("another running task", b);
            results.put("a queued task", queued);
            results.put("a queued mapAsync", mapped);
            for (Map.Entry<String, AsyncResult<?>> e : results.entrySet()) {
                AsyncResult<?> r = e.getValue();
                assertTrue(is("[POOL-26] isReady()", r::isReady), "[POOL-26] isReady() of " + e.getKey()
                        + " after terminate() and join()");
                Exception t = thrownBy("[POOL-26] get() of " + e.getKey(), r::get);
                assertRefused("POOL-26", CancellationException.class, TERMINATED, t, "get() of " + e.getKey()
                        + " after terminate()");
            }
            Exception n = thrownBy("[POOL-26] next() of an imap", () -> it.next(Timeouts.MUST_HAPPEN));
            assertRefused("POOL-26", CancellationException.class, TERMINATED, n, "next() of an imap whose work"
                    + " terminate() discarded");
            assertEquals(List.of(), log.startingWith("side effect"), "[POOL-26] running tasks completed although"
                    + " the pool was terminated");
        } finally {
            dispose(pool);
        }
    }

    // ------------------------------------------------------------------------------------------ POOL-27

    /**
     * Leaving try-with-resources (close()) terminates and joins, as CPython's with block does: it returns promptly
     * although a task is running and another queued, the worker is gone (OS) when it returns, the running task
     * never records its side effect, and both results throw CancellationException; a second close() does nothing.
     * This surprises people who expect close() to wait for the work.
     * <p>If this fails, check that close() is terminate() then join(), not shutdown() then join().
     */
    @Clause("POOL-27")
    @Test
    void pool27_closeTerminatesAndJoins(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        long delay = Timeouts.PROMPT.multipliedBy(2).toMillis();
        WorkerPool pool = newPool("POOL-27", mp, PoolOptions.defaults().processes(1));
        List<AsyncResult<String>> results = new ArrayList<>();
        try {
            Timed<Object> block = timed(Timeouts.MUST_HAPPEN.plus(Timeouts.MUST_HAPPEN), "[POOL-27] a"
                    + " try-with-resources block", () -> {
                        long[] closing = new long[1];
                        try (WorkerPool p = pool) {
                            results.add(p.applyAsync(PoolTargets.sideEffect(log, "running", delay)));
                            results.add(p.applyAsync(PoolTargets.sideEffect(log, "queued", delay)));
                            Timeouts.eventually("POOL-27 the task is running").until(() -> log.has("start running"));
                            closing[0] = System.nanoTime();
                        }
                        return System.nanoTime() - closing[0];
                    });
            assertNull(thrown(block), "[POOL-27] the try-with-resources block " + did(block));
            Duration close = Duration.ofNanos((Long) block.value);
            assertTrue(close.compareTo(Timeouts.PROMPT) <= 0, "[POOL-27] close() at the end of a try-with-resources"
                    + " block took " + close.toMillis() + " ms with a task of " + delay + " ms running; expected it"
                    + " to terminate at once (within " + Timeouts.PROMPT.toMillis() + " ms), as CPython's with does");
            long pid = PoolChecks.run("POOL-27", log, "running").pid;
            assertFalse(ProcessTree.isAlive(pid), "[POOL-27] worker " + pid + " is alive (OS) after close() returned");
            for (int i = 0; i < results.size(); i++) {
                String which = i == 0 ? "the running task" : "the queued task";
                Exception t = thrownBy("[POOL-27] get() of " + which, results.get(i)::get);
                assertRefused("POOL-27", CancellationException.class, TERMINATED, t, "get() of " + which + " after"
                        + " close()");
            }
            assertNull(thrownBy("[POOL-27] a second close()", pool::close), "[POOL-27] a second close() threw");
            assertEquals(List.of(), log.startingWith("side effect"), "[POOL-27] a task completed although close()"
                    + " discarded it");
        } finally {
            dispose(pool);
        }
    }

    // ------------------------------------------------------------------------------------------ POOL-35

    /**
     * In a child that created a pool of 1, threads blocked in get() and await() of a held task's result, next() of
     * an imap queued behind it, and join() after shutdown() are interrupted together: each throws
     * InterruptedException within 1 s, with its interrupt status cleared; once the work is released, get() and
     * next() return the values and join() returns.
     * <p>If this fails, check that every wait of a result, an iterator and the pool is interruptible and clears
     * the status when it throws.
     */
    @Clause("POOL-35")
    @Test
    void pool35_aBlockedWaitIsInterruptible(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess p = mp.newProcess(PoolTargets::interruptedPoolWaiters, log, SETTLE.toMillis(), WAIT_MILLIS);
        try {
            p.start();
            String[] calls = {"get() of a result not ready", "await() of a result not ready",
                "next() of an imap not ready", "join() of a pool shut down with work outstanding"};
            for (int i = 0; i < calls.length; i++) {
                String got = kit.awaitValue(log, "W" + i + " got ");
                assertTrue(got.startsWith("interrupted "), "[POOL-35] a child's thread blocked in " + calls[i]
                        + " was interrupted and then " + got + "; expected InterruptedException");
                Map<String, String> f = EventLog.fields(got);
                assertEquals("false", f.get("status"), "[POOL-35] interrupt status of a thread whose " + calls[i]
                        + " threw InterruptedException");
                Duration after = Duration.ofNanos(Long.parseLong(f.get("after")));
                assertTrue(after.compareTo(INTERRUPT_BOUND) <= 0, "[POOL-35] " + calls[i] + " threw"
                        + " InterruptedException " + after.toMillis() + " ms after the interrupt; expected within "
                        + INTERRUPT_BOUND.toMillis() + " ms");
            }
            log.record("kit: done");
            assertEquals("get=r next=5 join=ok", kit.awaitValue(log, "after "), "[POOL-35] get(), next() and join()"
                    + " in the child once the work was released, after the interrupts");
            assertTrue(p.join(Timeouts.MUST_HAPPEN), "[POOL-35] the child did not exit");
            assertEquals(0, p.exitCode().orElse(-1), "[POOL-35] exit code of the child; events: " + log.events());
        } finally {
            Children.stop(p);
        }
    }
}
