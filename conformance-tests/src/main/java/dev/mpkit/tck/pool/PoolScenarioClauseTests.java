package dev.mpkit.tck.pool;

import static dev.mpkit.tck.pool.PoolChecks.WAIT_MILLIS;
import static dev.mpkit.tck.pool.PoolChecks.WORK;
import static dev.mpkit.tck.pool.PoolChecks.applyAsyncEach;
import static dev.mpkit.tck.pool.PoolChecks.did;
import static dev.mpkit.tck.pool.PoolChecks.dispose;
import static dev.mpkit.tck.pool.PoolChecks.joined;
import static dev.mpkit.tck.pool.PoolChecks.newPool;
import static dev.mpkit.tck.pool.PoolChecks.returns;
import static dev.mpkit.tck.pool.PoolChecks.runs;
import static dev.mpkit.tck.pool.PoolChecks.timed;
import static dev.mpkit.tck.pool.PoolChecks.value;
import static dev.mpkit.tck.support.BoundedCalls.thrown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.AsyncResult;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.PoolOptions;
import dev.mpkit.WorkerPool;
import dev.mpkit.tck.support.BoundedCalls.Call;
import dev.mpkit.tck.support.Clause;
import dev.mpkit.tck.support.ClauseTests;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.Kit;
import dev.mpkit.tck.support.TimeScale;
import dev.mpkit.tck.support.Timed;
import dev.mpkit.tck.support.Timeouts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The seed programs' pool scenarios, as the kit observes them through its event log: seed 002's Pool(3) with 4 ×
 * apply, 4 × apply_async and apply_async(...).get() in a loop; seed 004's Pool(3) with 5 × apply_async of tasks of
 * growing length, then close() and join() (Python's close() is {@code shutdown()} here).
 */
@ClauseTests
class PoolScenarioClauseTests {

    /** Seed 004: the unit of its task lengths (3 to 7 units; the seed sleeps 3 to 7 s). */
    static final long UNIT = TimeScale.millis(60).toMillis();

    /**
     * Seed 002, blocking: Pool(3) and 4 × apply of a task that records its start and end around a 300 ms
     * workload: the four run one after another, never overlapping, each apply returning after its task ended, with
     * the values in order.
     * <p>If this fails, check that apply() waits for its result before it returns.
     */
    @Clause("POOL-06")
    @Test
    void pool06_seed002FourApplyCallsRunOneAfterAnother(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        WorkerPool pool = newPool("POOL-06", mp, PoolOptions.defaults().processes(3));
        try {
            List<Timed<Object>> calls = fourCalls("apply()",
                    tag -> () -> pool.apply(PoolTargets.sleeping(log, tag, WORK.toMillis())));
            assertSequential("POOL-06", log, calls, "4 × apply() on Pool(3)");
        } finally {
            dispose(pool);
        }
    }

    /**
     * Seed 002, apply_async(...).get() in a loop: Pool(3), 4 rounds of applyAsync of a 300 ms task followed by its
     * get(): the tasks run one after another, never overlapping, with the values in order.
     * <p>If this fails, check that get() waits until the result is ready.
     */
    @Clause("POOL-06")
    @Test
    void pool06_seed002ApplyAsyncThenGetInALoopIsSequential(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        WorkerPool pool = newPool("POOL-06", mp, PoolOptions.defaults().processes(3));
        try {
            List<Timed<Object>> calls = fourCalls("applyAsync().get()",
                    tag -> () -> pool.applyAsync(PoolTargets.sleeping(log, tag, WORK.toMillis())).get());
            assertSequential("POOL-06", log, calls, "4 × applyAsync().get() on Pool(3)");
        } finally {
            dispose(pool);
        }
    }

    /**
     * POOL-06: makes {@code call} of the tasks "0" to "3", one after another, each bounded by
     * {@link Timeouts#MUST_HAPPEN}, and asserts that each returned its task's tag; returns the four calls.
     */
    private static List<Timed<Object>> fourCalls(String what, Function<String, Call> call) throws Exception {
        List<Timed<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String tag = String.valueOf(i);
            Timed<Object> t = timed(Timeouts.MUST_HAPPEN, "[POOL-06] " + what + " " + i, call.apply(tag));
            assertEquals(tag, t.value, "[POOL-06] " + what + " " + i + " " + did(t));
            calls.add(t);
        }
        return calls;
    }

    /** Asserts that tasks 0..3 ran one after another, each call returning after its task's end. */
    private static void assertSequential(String clause, EventLog log, List<Timed<Object>> calls, String what) {
        List<PoolChecks.Run> runs = runs(log);
        assertEquals(List.of("0", "1", "2", "3"), runs.stream().map(r -> r.tag).collect(Collectors.toList()),
                "[" + clause + "] " + what + ": the order in which the tasks started");
        for (int i = 0; i < 4; i++) {
            PoolChecks.Run r = runs.get(i);
            assertTrue(r.ended() && r.end <= calls.get(i).end, "[" + clause + "] " + what + ": call " + i
                    + " returned before its task recorded its end");
            if (i > 0) {
                assertTrue(r.start >= runs.get(i - 1).end, "[" + clause + "] " + what + ": task " + i + " started "
                        + (runs.get(i - 1).end - r.start) / 1_000_000 + " ms before task " + (i - 1) + " ended;"
                        + " expected them one after another");
            }
        }
    }

    /**
     * Seed 002, non-blocking: Pool(3) and 4 × applyAsync of a task that records its start and waits to be
     * released: three start, the fourth does not (its get(500 ms) times out); once one is released and ends, the
     * fourth starts; released, all finish, and shutdown() and join() see every result ready and successful.
     * <p>If this fails, check that applyAsync returns at once and that the pool runs no more tasks at once than
     * it has workers.
     */
    @Clause("POOL-07")
    @Test
    void pool07_seed002FourApplyAsyncStartThreeAtOnce(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        WorkerPool pool = newPool("POOL-07", mp, PoolOptions.defaults().processes(3));
        try {
            List<AsyncResult<String>> results = applyAsyncEach(pool, 0, 4,
                    i -> PoolTargets.held(log, String.valueOf(i), WAIT_MILLIS));
            Timeouts.eventually("POOL-07 three of four tasks started on Pool(3)").until(() -> runs(log).size() >= 3);
            List<String> first = runs(log).stream().map(r -> r.tag).collect(Collectors.toList());
            String fourth = List.of("0", "1", "2", "3").stream().filter(t -> !first.contains(t)).findFirst()
                    .orElse("none");
            assertEquals(3, first.size(), "[POOL-07] tasks started on Pool(3) with 4 submitted, all held: " + first);
            AsyncResult<String> waiting = results.get(Integer.parseInt(fourth));
            Timed<Object> t = timed(Timeouts.BLOCK_WINDOW.plus(Timeouts.MUST_HAPPEN), "[POOL-07] get(timeout)",
                    () -> waiting.get(Timeouts.BLOCK_WINDOW));
            assertTrue(thrown(t) instanceof TimeoutException, "[POOL-07] get(" + Timeouts.BLOCK_WINDOW.toMillis()
                    + " ms) of the fourth task while three are held " + did(t) + "; expected TimeoutException");
            assertEquals(3, runs(log).size(), "[POOL-07] tasks started on Pool(3) while three were held: "
                    + runs(log));
            String released = first.get(0);
            log.record("release " + released);
            Timeouts.eventually("POOL-07 the fourth task started after one ended").until(() -> runs(log).size() == 4);
            PoolChecks.Run done = PoolChecks.run("POOL-07", log, released);
            PoolChecks.Run started = PoolChecks.run("POOL-07", log, fourth);
            assertTrue(done.ended() && started.start >= done.end, "[POOL-07] the fourth task started before the"
                    + " released one ended");
            log.record("release all");
            pool.shutdown();
            Timed<Object> join = joined(pool, "[POOL-07] join()");
            assertEquals("joined", join.value, "[POOL-07] join() after shutdown() " + did(join));
            for (int i = 0; i < 4; i++) {
                assertTrue(results.get(i).isReady() && results.get(i).isSuccessful(), "[POOL-07] result " + i
                        + " not ready and successful after shutdown() and join()");
                assertEquals(String.valueOf(i), value(results.get(i), "[POOL-07] get()"), "[POOL-07] result " + i);
            }
        } finally {
            dispose(pool);
        }
    }

    /**
     * Seed 004: Pool(3) and 5 × applyAsync of tasks of 3 to 7 units (one unit is 60 ms), then shutdown() and
     * join(): three tasks start before any ends, never more than three run at once, the fourth starts only after
     * one has ended and the fifth after two, and join() returns no earlier than the last end, with every result
     * ready and successful.
     * <p>If this fails, check that a worker takes the next queued task only when it is free, and that join()
     * waits for the queued work.
     */
    @Clause("POOL-07")
    @Test
    void pool07_seed004FiveTasksOnThreeWorkersThenJoin(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        WorkerPool pool = newPool("POOL-07", mp, PoolOptions.defaults().processes(3));
        try {
            List<AsyncResult<String>> results = applyAsyncEach(pool, 3, 8,
                    i -> PoolTargets.startedTogether(log, String.valueOf(i), 3, i * UNIT, WAIT_MILLIS));
            pool.shutdown();
            Timed<Object> join = joined(pool, "[POOL-07] join()");
            assertEquals("joined", join.value, "[POOL-07] join() after shutdown() " + did(join));
            List<PoolChecks.Run> runs = runs(log);
            assertEquals(5, runs.size(), "[POOL-07] tasks that ran before join() returned: " + runs);
            long firstEnd = runs.stream().mapToLong(r -> r.end).min().orElseThrow();
            assertTrue(runs.get(2).start < firstEnd, "[POOL-07] the third task started after one had ended: " + runs
                    + "; events " + log.events());
            List<PoolChecks.Run> at = new ArrayList<>();
            int peak = PoolChecks.peakRuns(runs, at);
            assertTrue(peak <= 3, "[POOL-07] " + peak + " tasks ran at once on Pool(3): " + at);
            List<Long> ends = runs.stream().map(r -> r.end).sorted().collect(Collectors.toList());
            assertTrue(runs.get(3).start >= ends.get(0), "[POOL-07] the fourth task started before any had ended");
            assertTrue(runs.get(4).start >= ends.get(1), "[POOL-07] the fifth task started before two had ended");
            for (PoolChecks.Run r : runs) {
                assertTrue(r.ended() && r.end <= join.end, "[POOL-07] join() returned before task " + r.tag
                        + " ended");
            }
            for (int i = 0; i < results.size(); i++) {
                AsyncResult<String> r = results.get(i);
                assertTrue(r.isReady() && r.isSuccessful(), "[POOL-07] result " + (i + 3) + " not ready and"
                        + " successful when join() returned");
                assertEquals(String.valueOf(i + 3), returns("[POOL-07] get()", r::get), "[POOL-07] result " + (i
                        + 3));
            }
        } finally {
            dispose(pool);
        }
    }
}
