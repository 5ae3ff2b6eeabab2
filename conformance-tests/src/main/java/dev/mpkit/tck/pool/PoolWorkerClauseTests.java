package dev.mpkit.tck.pool;

import static dev.mpkit.tck.pool.PoolChecks.WAIT_MILLIS;
import static dev.mpkit.tck.pool.PoolChecks.WORK;
import static dev.mpkit.tck.pool.PoolChecks.applyAsyncEach;
import static dev.mpkit.tck.pool.PoolChecks.assertAtMostLive;
import static dev.mpkit.tck.pool.PoolChecks.dispose;
import static dev.mpkit.tck.pool.PoolChecks.newPool;
import static dev.mpkit.tck.pool.PoolChecks.returns;
import static dev.mpkit.tck.pool.PoolChecks.runs;
import static dev.mpkit.tck.pool.PoolChecks.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.AsyncResult;
import dev.mpkit.ChildProcess;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.PoolOptions;
import dev.mpkit.WorkerPool;
import dev.mpkit.tck.support.BoundedCalls;
import dev.mpkit.tck.support.Clause;
import dev.mpkit.tck.support.ClauseTests;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.Kit;
import dev.mpkit.tck.support.ProcessTree;
import dev.mpkit.tck.support.Timed;
import dev.mpkit.tck.support.Timeouts;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The workers of a pool: how many (POOL-01 to POOL-04), whose children they are (POOL-05), how long they live
 * (POOL-28) and what runs in them first (POOL-29).
 */
@ClauseTests
class PoolWorkerClauseTests {

    // ------------------------------------------------------------------------------------------ POOL-01

    /**
     * A pool from PoolOptions.defaults() has exactly cpuCount() workers, and one of processes(3) exactly 3: with
     * twice as many held tasks submitted, exactly that many start, in that many distinct worker pids, which are
     * the only new processes the OS shows alive; a task queued behind them does not start.
     * <p>If this fails, check how the pool resolves an empty processes() (cpuCount(), not the number of tasks) and
     * that it starts exactly that many workers, no spare one.
     */
    @Clause("POOL-01")
    @Test
    void pool01_aPoolHasExactlyItsSizeOfWorkers(MultiprocessingContext mp, Kit kit) throws Exception {
        int cpus = mp.cpuCount();
        assertSize(mp, kit, PoolOptions.defaults(), cpus, "a pool from PoolOptions.defaults() (cpuCount()=" + cpus
                + ")");
        assertSize(mp, kit, PoolOptions.defaults().processes(3), 3, "a pool of processes(3) (cpuCount()=" + cpus
                + ")");
    }

    private static void assertSize(MultiprocessingContext mp, Kit kit, PoolOptions options, int n, String what)
            throws Exception {
        EventLog log = kit.newEventLog();
        WorkerPool pool = null;
        try (WorkerCensus census = WorkerCensus.start()) {
            pool = newPool("POOL-01", mp, options);
            List<AsyncResult<String>> results = applyAsyncEach(pool, 0, 2 * n,
                    i -> PoolTargets.held(log, "t" + i, WAIT_MILLIS));
            Timeouts.eventually("POOL-01 " + n + " held tasks started in " + what)
                    .until(() -> runs(log).size() >= n);
            String queued = "t" + (2 * n - 1);
            AsyncResult<String> last = results.get(2 * n - 1);
            if (runs(log).stream().noneMatch(r -> r.tag.equals(queued))) {
                Timed<Object> waited = PoolChecks.timed(Timeouts.BLOCK_WINDOW.plus(Timeouts.PROMPT),
                        "[POOL-01] get(timeout) of a queued task", () -> last.get(Timeouts.BLOCK_WINDOW));
                assertTrue(BoundedCalls.thrown(waited) instanceof java.util.concurrent.TimeoutException, "[POOL-01] "
                        + what + ": get(" + Timeouts.BLOCK_WINDOW.toMillis() + " ms) of a task queued behind " + n
                        + " held ones " + PoolChecks.did(waited) + "; expected TimeoutException");
            }
            List<PoolChecks.Run> started = runs(log);
            Set<Long> pids = started.stream().map(r -> r.pid).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(n, started.size(), "[POOL-01] " + what + ": tasks started while " + n + " held tasks ran: "
                    + started + "; expected exactly " + n + " (one per worker)");
            assertEquals(n, pids.size(), "[POOL-01] " + what + ": distinct worker pids of the " + n + " held tasks "
                    + pids);
            Set<Long> alive = census.aliveNow();
            assertTrue(alive.containsAll(pids), "[POOL-01] " + what + ": the OS does not show every worker pid the"
                    + " tasks reported " + pids + " alive as a new descendant of this JVM: " + census.describe(alive));
            log.record("release all");
            for (int i = 0; i < 2 * n; i++) {
                assertEquals("t" + i, value(results.get(i), "[POOL-01] get() of task t" + i), "[POOL-01] " + what
                        + ": result of task t" + i);
            }
            Set<Long> all = runs(log).stream().map(r -> r.pid).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(n, all.size(), "[POOL-01] " + what + ": distinct worker pids of all " + 2 * n + " tasks "
                    + all);
        } finally {
            dispose(pool);
        }
    }

    // ------------------------------------------------------------------------------------------ POOL-02, POOL-03

    /**
     * processes(0) and processes(-1) are refused with IllegalArgumentException "[POOL-02] processes must be >= 1,
     * was N", and no process is started.
     * <p>If this fails, check PoolOptions.processes(int), which the spec module owns.
     */
    @Clause("POOL-02")
    @Test
    void pool02_fewerThanOneProcessIsRefused(MultiprocessingContext mp) throws Exception {
        assertBelowOneRefused("POOL-02", "processes", v -> PoolOptions.defaults().processes(v), "a refused pool size");
    }

    /**
     * maxTasksPerChild(0) and maxTasksPerChild(-1) are refused with IllegalArgumentException "[POOL-03]
     * maxTasksPerChild must be >= 1, was N", and no process is started.
     * <p>If this fails, check PoolOptions.maxTasksPerChild(int), which the spec module owns.
     */
    @Clause("POOL-03")
    @Test
    void pool03_maxTasksPerChildBelowOneIsRefused(MultiprocessingContext mp) throws Exception {
        assertBelowOneRefused("POOL-03", "maxTasksPerChild", v -> PoolOptions.defaults().processes(2)
                .maxTasksPerChild(v), "a refused maxTasksPerChild");
    }

    /**
     * POOL-02, POOL-03: asserts that {@code option} set to 0 and to -1 by {@code set} is refused with
     * IllegalArgumentException "[CLAUSE] OPTION must be >= 1, was N", and that no process is started meanwhile.
     */
    private static void assertBelowOneRefused(String clause, String option, IntFunction<PoolOptions> set,
            String refused) throws Exception {
        try (WorkerCensus census = WorkerCensus.start()) {
            for (int v : new int[] {0, -1}) {
                Exception t = PoolChecks.thrownBy("[" + clause + "] " + option + "(" + v + ")", () -> set.apply(v));
                String expected = "[" + clause + "] " + option + " must be >= 1, was " + v;
                PoolChecks.assertRefused(clause, IllegalArgumentException.class, expected, t,
                        "PoolOptions." + option + "(" + v + ")");
                assertEquals(expected, t.getMessage(), "[" + clause + "] message of " + option + "(" + v + ")");
            }
            census.close();
            assertEquals(Set.of(), census.seen(), "[" + clause + "] processes started by " + refused);
        }
    }

    // ------------------------------------------------------------------------------------------ POOL-04

    /**
     * A pool of 3 given 12 tasks of 300 ms never has more than 3 workers alive: by the OS, sampled about every
     * millisecond by a kit thread (live, non-zombie descendants whose pids tasks reported), by the tasks running
     * at once, and by the workers' spans in the event log.
     * <p>If this fails, check that the pool starts exactly processes workers and no spare one, and that a worker
     * is replaced only after it has exited.
     */
    @Clause("POOL-04")
    @Test
    void pool04_neverMoreWorkersThanProcesses(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        WorkerPool pool = null;
        try (WorkerCensus census = WorkerCensus.start()) {
            pool = newPool("POOL-04", mp, PoolOptions.defaults().processes(3));
            List<AsyncResult<String>> results = applyAsyncEach(pool, 0, 12,
                    i -> PoolTargets.sleeping(log, "t" + i, WORK.toMillis()));
            for (int i = 0; i < results.size(); i++) {
                assertEquals("t" + i, value(results.get(i), "[POOL-04] get() of task t" + i), "[POOL-04] result");
            }
            census.close();
            assertAtMostLive("POOL-04", 3, census, log, "a pool of 3 running 12 tasks of " + WORK.toMillis() + " ms");
        } finally {
            dispose(pool);
        }
    }

    /**
     * With maxTasksPerChild(1), a pool of 2 given 8 tasks starts 8 workers in all, one after another, and never
     * has more than 2 alive at once, by the OS and by the event log: a replacement starts only after the worker it
     * replaces has exited.
     * <p>If this fails, check that the pool waits for a retiring worker's exit (and reaps it) before it starts the
     * replacement, rather than starting it when the last result arrives.
     */
    @Clause("POOL-04")
    @Test
    void pool04_replacementsNeverOverlapTheWorkersTheyReplace(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        WorkerPool pool = null;
        try (WorkerCensus census = WorkerCensus.start()) {
            pool = newPool("POOL-04", mp, PoolOptions.defaults().processes(2).maxTasksPerChild(1));
            List<AsyncResult<String>> results = applyAsyncEach(pool, 0, 8, i -> PoolTargets.sleeping(log, "t" + i, 50));
            for (int i = 0; i < results.size(); i++) {
                assertEquals("t" + i, value(results.get(i), "[POOL-04] get() of task t" + i), "[POOL-04] result");
            }
            census.close();
            Set<Long> pids = runs(log).stream().map(r -> r.pid).collect(Collectors.toSet());
            assertEquals(8, pids.size(), "[POOL-04] distinct worker pids of 8 tasks with maxTasksPerChild(1): "
                    + pids + " (see POOL-28)");
            assertAtMostLive("POOL-04", 2, census, log, "a pool of 2 with maxTasksPerChild(1) running 8 tasks");
        } finally {
            dispose(pool);
        }
    }

    // ------------------------------------------------------------------------------------------ POOL-05

    /**
     * While a pool of 2 runs, its workers are daemonic children of the test's process: activeChildren() lists a
     * daemonic ChildProcess for each pid the tasks reported, the OS names the test's process as their parent,
     * and no task runs in the caller. After close(), none of those pids is alive (OS) or listed.
     * <p>If this fails, check that workers are started as ordinary daemonic children of the pool's creator, and
     * that close() joins them.
     */
    @Clause("POOL-05")
    @Test
    void pool05_workersAreDaemonicChildrenOfTheCreator(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        long self = ProcessHandle.current().pid();
        WorkerPool pool = newPool("POOL-05", mp, PoolOptions.defaults().processes(2));
        try {
            pool.applyAsync(PoolTargets.held(log, "a", WAIT_MILLIS));
            pool.applyAsync(PoolTargets.held(log, "b", WAIT_MILLIS));
            Timeouts.eventually("POOL-05 both held tasks started").until(() -> runs(log).size() == 2);
            Set<Long> pids = runs(log).stream().map(r -> r.pid).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(2, pids.size(), "[POOL-05] distinct pids of two held tasks in a pool of 2: " + pids);
            assertFalse(pids.contains(self), "[POOL-05] a task ran in the caller's process " + self
                    + "; expected a worker");
            List<ChildProcess> children = PoolChecks.prompt("[POOL-05] activeChildren()", mp::activeChildren);
            Map<Long, ChildProcess> byPid = children.stream().filter(c -> c.pid().isPresent())
                    .collect(Collectors.toMap(c -> c.pid().getAsLong(), c -> c, (a, b) -> a));
            for (long pid : pids) {
                ChildProcess c = byPid.get(pid);
                assertTrue(c != null, "[POOL-05] activeChildren() does not list worker pid " + pid + " that a task"
                        + " reported; listed: " + byPid.keySet());
                assertTrue(c.isDaemon(), "[POOL-05] the worker " + c + " (pid " + pid + ") is not daemonic");
                assertEquals(self, ProcessTree.parentOf(pid), "[POOL-05] the OS parent of worker pid " + pid);
            }
            Timed<Object> closed = PoolChecks.timed(Timeouts.MUST_HAPPEN, "[POOL-05] close()", () -> {
                WorkerPool p = pool;
                p.close();
                return null;
            });
            assertEquals(null, BoundedCalls.thrown(closed), "[POOL-05] close() " + PoolChecks.did(closed));
            for (long pid : pids) {
                assertFalse(ProcessTree.isAlive(pid), "[POOL-05] worker pid " + pid + " is still alive (OS) after"
                        + " close() returned");
            }
            Set<Long> listed = PoolChecks.<List<ChildProcess>>prompt("[POOL-05] activeChildren()", mp::activeChildren)
                    .stream().filter(c -> c.pid().isPresent()).map(c -> c.pid().getAsLong())
                    .filter(pids::contains).collect(Collectors.toSet());
            assertEquals(Set.of(), listed, "[POOL-05] workers still listed by activeChildren() after close()");
        } finally {
            dispose(pool);
        }
    }

    // ------------------------------------------------------------------------------------------ POOL-28

    /**
     * maxTasksPerChild(2) on a pool of 1: six apply() calls run in the pid pattern A A B B C C; a map of 4 items in
     * chunks of 2 then runs both chunks in one new worker D (a chunk counts as one task), and the next apply() in a
     * new worker E; never more than 1 worker alive, by the OS.
     * <p>If this fails, check that the worker counts the tasks it completes, that a map chunk is one task, and
     * that the worker exits after its k-th task and is replaced.
     */
    @Clause("POOL-28")
    @Test
    void pool28_aWorkerRunsAtMostMaxTasksPerChildTasks(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        EventLog mapLog = kit.newEventLog();
        WorkerPool pool = null;
        try (WorkerCensus census = WorkerCensus.start()) {
            WorkerPool p = newPool("POOL-28", mp, PoolOptions.defaults().processes(1).maxTasksPerChild(2));
            pool = p;
            List<Long> pids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int n = i;
                pids.add(returns("[POOL-28] apply() " + i, () -> p.apply(PoolTargets.pid(log, "a" + n))));
            }
            String pattern = letters(pids);
            assertEquals("AABBCC", pattern, "[POOL-28] the worker pids of six apply() calls on a pool of 1 with"
                    + " maxTasksPerChild(2), as letters (pids " + pids + ")");
            List<Integer> mapped = returns("[POOL-28] map() of 4 items in chunks of 2",
                    () -> p.map(PoolTargets.recording(mapLog), List.of(0, 1, 2, 3), 2));
            assertEquals(List.of(PoolTargets.f(0), PoolTargets.f(1), PoolTargets.f(2), PoolTargets.f(3)), mapped,
                    "[POOL-28] map() results");
            Set<Long> mapPids = mapLog.startingWith("ran ").stream().map(e -> e.pid).collect(Collectors.toSet());
            assertEquals(1, mapPids.size(), "[POOL-28] worker pids of a map of 4 items in 2 chunks after the 6th task"
                    + " on a pool of 1 with maxTasksPerChild(2): " + mapPids + "; expected one new worker that runs"
                    + " both chunks, a chunk counting as one task");
            long d = mapPids.iterator().next();
            assertFalse(pids.contains(d), "[POOL-28] the map ran in worker " + d + ", which had already run tasks");
            long e = returns("[POOL-28] apply() after the map", () -> p.apply(PoolTargets.pid(log, "after")));
            assertNotEquals(d, e, "[POOL-28] apply() after two map chunks ran in the same worker " + d
                    + "; expected a new worker, the map's two chunks being its two tasks");
            assertFalse(pids.contains(e), "[POOL-28] apply() after the map ran in an earlier worker " + e);
            census.close();
            assertAtMostLive("POOL-28", 1, census, log, "a pool of 1 with maxTasksPerChild(2)");
            WorkerCensus.Peak os = census.peak(Set.of(pids.get(0), pids.get(2), pids.get(4), d, e));
            assertTrue(os.count <= 1, "[POOL-28] the OS saw " + os + " workers of a pool of 1 alive at once ("
                    + census.quality() + ")");
        } finally {
            dispose(pool);
        }
    }

    /** Pids as letters in order of first appearance: [7, 7, 9] → "AAB". */
    static String letters(List<Long> pids) {
        List<Long> order = pids.stream().distinct().collect(Collectors.toList());
        return pids.stream().map(p -> String.valueOf((char) ('A' + order.indexOf(p)))).collect(Collectors.joining());
    }

    // ------------------------------------------------------------------------------------------ POOL-29

    /**
     * The initializer runs exactly once in every worker, replacements included, before that worker's first task,
     * with its initargs; what it sets in a static field is what that worker's tasks see. A pool of 2 with
     * maxTasksPerChild(2) runs 6 tasks, so at least 3 workers.
     * <p>If this fails, check that every worker, the replacements too, runs the initializer with the deserialized
     * initargs before it takes a task, in the worker's own JVM.
     */
    @Clause("POOL-29")
    @Test
    void pool29_theInitializerRunsOnceInEveryWorkerFirst(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        WorkerPool pool = null;
        try {
            pool = newPool("POOL-29", mp, PoolOptions.defaults().processes(2).maxTasksPerChild(2)
                    .initializer(PoolTargets::init, log, "hello", 42));
            List<AsyncResult<String>> results = applyAsyncEach(pool, 0, 6,
                    i -> PoolTargets.readsInitState(log, "t" + i, 50));
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                seen.add(value(results.get(i), "[POOL-29] get() of task t" + i));
            }
            List<EventLog.Event> events = log.events();
            Set<Long> taskPids = new TreeSet<>();
            for (EventLog.Event e : events) {
                if (e.text.startsWith("task ")) {
                    taskPids.add(e.pid);
                    String tag = e.text.split(" ")[1];
                    String expected = "hello:42:" + e.pid;
                    assertEquals("saw=" + expected, e.text.split(" ")[2], "[POOL-29] what task " + tag + " in worker "
                            + e.pid + " saw in the static field its worker's initializer sets");
                    assertEquals(expected, seen.get(Integer.parseInt(tag.substring(1))), "[POOL-29] result of task "
                            + tag);
                }
            }
            assertTrue(taskPids.size() >= 3, "[POOL-29] 6 tasks on a pool of 2 with maxTasksPerChild(2) ran in "
                    + taskPids.size() + " workers " + taskPids + "; expected at least 3 (see POOL-28)");
            Set<Long> initPids = new HashSet<>();
            for (EventLog.Event e : events) {
                if (e.text.startsWith("init ")) {
                    assertEquals("init hello,42", e.text, "[POOL-29] the initializer's record of its initargs");
                    assertTrue(initPids.add(e.pid), "[POOL-29] the initializer ran more than once in worker " + e.pid
                            + ": " + log.startingWith("init "));
                }
            }
            for (long pid : taskPids) {
                EventLog.Event init = events.stream().filter(e -> e.pid == pid && e.text.startsWith("init "))
                        .findFirst().orElse(null);
                assertTrue(init != null, "[POOL-29] worker " + pid + " ran tasks but never its initializer; inits: "
                        + log.startingWith("init "));
                EventLog.Event first = events.stream().filter(e -> e.pid == pid && e.text.startsWith("task "))
                        .findFirst().orElseThrow();
                assertTrue(init.nanos < first.nanos, "[POOL-29] worker " + pid + " ran '" + first.text + "' before"
                        + " its initializer");
            }
        } finally {
            dispose(pool);
        }
    }
}
