package dev.mpkit.tck.pool;

import static dev.mpkit.tck.pool.PoolChecks.applyAsyncEach;
import static dev.mpkit.tck.pool.PoolChecks.dispose;
import static dev.mpkit.tck.pool.PoolChecks.drain;
import static dev.mpkit.tck.pool.PoolChecks.newPool;
import static dev.mpkit.tck.pool.PoolChecks.returns;
import static dev.mpkit.tck.pool.PoolChecks.value;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mpkit.AsyncResult;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.PoolFunction;
import dev.mpkit.PoolOptions;
import dev.mpkit.WorkerPool;
import dev.mpkit.tck.support.Clause;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.Kit;
import dev.mpkit.tck.support.KitPropertyHook;
import dev.mpkit.tck.support.ShrinkRecheckHook;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * The map family and the workers' count under generated inputs: POOL-13 (map, mapAsync, starmap), POOL-15 (imap,
 * imapUnordered), POOL-04 (never more workers than processes) and POOL-28 (maxTasksPerChild). Pools cost JVM
 * start-ups, so tries are few, and the map properties keep one pool per size across their tries (closed after the
 * property); a failing property prints its seed, and {@link ShrinkRecheckHook} reruns shrinking candidates.
 */
@AddLifecycleHook(KitPropertyHook.class)
@AddLifecycleHook(ShrinkRecheckHook.class)
class PoolPropertyClauseTests {

    /** The pools of the current property, by size, shared by its tries. */
    private final Map<Integer, WorkerPool> pools = new HashMap<>();

    private WorkerPool pool(String clause, MultiprocessingContext mp, int processes) throws Exception {
        WorkerPool p = pools.get(processes);
        if (p == null) {
            p = newPool(clause, mp, PoolOptions.defaults().processes(processes));
            pools.put(processes, p);
        }
        return p;
    }

    @AfterProperty
    void closePools() {
        dispose(pools.values().toArray(new WorkerPool[0]));
        pools.clear();
    }

    /** " of N items on a pool of P with chunksize C", or with the default chunk size for 0, for messages. */
    private static String of(List<Integer> items, int processes, int chunk) {
        return " of " + items.size() + " items on a pool of " + processes + " with " + PoolMapClauseTests.chunk(chunk);
    }

    /** Chunk sizes; 0 stands for the method without one. */
    @Provide
    Arbitrary<Integer> chunks() {
        return Arbitraries.integers().between(0, 12);
    }

    @Provide
    Arbitrary<List<Integer>> inputs() {
        return Arbitraries.integers().between(-1000, 1000).list().ofMaxSize(60);
    }

    /**
     * For random inputs (0 to 60 ints), pool sizes 1 to 4 and chunk sizes (or none), map and mapAsync equal the
     * sequential result, and so does starmap of the pairs (x, 1) with the sequential sums; some items take a few
     * ms, so that the completion order varies.
     * <p>If this fails, check how chunks are cut and how results are put back by index; the seed replays the
     * input.
     */
    @Clause("POOL-13")
    @Property(tries = 10)
    void pool13_mapEqualsTheSequentialResult(@ForAll("inputs") List<Integer> items,
            @ForAll @IntRange(min = 1, max = 4) int processes, @ForAll("chunks") int chunk,
            MultiprocessingContext mp) throws Exception {
        WorkerPool pool = pool("POOL-13", mp, processes);
        PoolFunction<Integer, Integer> fn = PoolTargets.jittered(Set.of());
        List<Integer> expected = PoolMapClauseTests.expected(items);
        String what = of(items, processes, chunk);
        List<Integer> mapped = returns("[POOL-13] map()" + what, () -> chunk == 0 ? pool.map(fn, items)
                : pool.map(fn, items, chunk));
        assertEquals(expected, mapped, "[POOL-13] map()" + what);
        AsyncResult<List<Integer>> r = chunk == 0 ? pool.mapAsync(fn, items) : pool.mapAsync(fn, items, chunk);
        assertEquals(expected, value(r, "[POOL-13] mapAsync()" + what), "[POOL-13] mapAsync()" + what);
        List<List<?>> pairs = items.stream().map(x -> List.of(x, 1)).collect(Collectors.toList());
        List<Integer> sums = returns("[POOL-13] starmap()" + what, () -> chunk == 0
                ? pool.starmap(PoolTargets.sums(null), pairs) : pool.starmap(PoolTargets.sums(null), pairs, chunk));
        assertEquals(items.stream().map(x -> x + 1).collect(Collectors.toList()), sums, "[POOL-13] starmap() of the"
                + " pairs (x, 1)" + what);
    }

    /**
     * For random inputs, pool sizes 1 to 4 and chunk sizes (or none), imap equals the sequential result and
     * imapUnordered hands out the same multiset.
     * <p>If this fails, check how imap waits for the next index and how imapUnordered counts what it handed out;
     * the seed replays the input.
     */
    @Clause("POOL-15")
    @Property(tries = 10)
    void pool15_imapEqualsTheSequentialResult(@ForAll("inputs") List<Integer> items,
            @ForAll @IntRange(min = 1, max = 4) int processes, @ForAll("chunks") int chunk,
            MultiprocessingContext mp) throws Exception {
        WorkerPool pool = pool("POOL-15", mp, processes);
        PoolFunction<Integer, Integer> fn = PoolTargets.jittered(Set.of());
        List<Integer> expected = PoolMapClauseTests.expected(items);
        String what = of(items, processes, chunk);
        assertEquals(expected, drain(chunk == 0 ? pool.imap(fn, items) : pool.imap(fn, items, chunk),
                "[POOL-15] imap()" + what), "[POOL-15] imap()" + what);
        List<Integer> unordered = drain(chunk == 0 ? pool.imapUnordered(fn, items)
                : pool.imapUnordered(fn, items, chunk), "[POOL-15] imapUnordered()" + what);
        List<Integer> sorted = new ArrayList<>(unordered);
        sorted.sort(null);
        List<Integer> want = new ArrayList<>(expected);
        want.sort(null);
        assertEquals(want, sorted, "[POOL-15] imapUnordered()" + what + ", sorted");
    }

    /**
     * For pool sizes 1 to 4, no limit or maxTasksPerChild 1 to 3, and 1 to 10 tasks of 0 to 60 ms each, never more
     * workers are alive at once than the pool's size: by the OS (a kit thread's census of the pids tasks
     * reported) and by the event log.
     * <p>If this fails, check that the pool starts no spare worker and starts a replacement only after the worker
     * it replaces has exited; the seed replays the workload.
     */
    @Clause("POOL-04")
    @Property(tries = 5)
    void pool04_neverMoreWorkersThanProcesses(@ForAll @IntRange(min = 1, max = 4) int processes,
            @ForAll @IntRange(min = 0, max = 3) int maxTasksPerChild,
            @ForAll("durations") List<Integer> durations, MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        PoolOptions options = PoolOptions.defaults().processes(processes);
        if (maxTasksPerChild > 0) {
            options = options.maxTasksPerChild(maxTasksPerChild);
        }
        WorkerPool pool = null;
        try (WorkerCensus census = WorkerCensus.start()) {
            pool = newPool("POOL-04", mp, options);
            List<AsyncResult<String>> results = applyAsyncEach(pool, 0, durations.size(),
                    i -> PoolTargets.sleeping(log, "t" + i, durations.get(i)));
            for (int i = 0; i < results.size(); i++) {
                assertEquals("t" + i, value(results.get(i), "[POOL-04] get()"), "[POOL-04] result of task t" + i);
            }
            census.close();
            PoolChecks.assertAtMostLive("POOL-04", processes, census, log, options + " running tasks of "
                    + durations + " ms");
        } finally {
            dispose(pool);
        }
    }

    @Provide
    Arbitrary<List<Integer>> durations() {
        return Arbitraries.integers().between(0, 60).list().ofMinSize(1).ofMaxSize(10);
    }

    /**
     * On a pool of 1 with maxTasksPerChild k (1 to 3), n apply() calls (1 to 6) run in runs of exactly k tasks per
     * worker pid (the last run shorter), each worker new.
     * <p>If this fails, check the worker's count of completed tasks and its exit after the k-th; the seed replays
     * k and n.
     */
    @Clause("POOL-28")
    @Property(tries = 4)
    void pool28_eachWorkerRunsExactlyMaxTasksPerChild(@ForAll @IntRange(min = 1, max = 3) int k,
            @ForAll @IntRange(min = 1, max = 6) int n, MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        WorkerPool pool = null;
        try {
            WorkerPool p = newPool("POOL-28", mp, PoolOptions.defaults().processes(1).maxTasksPerChild(k));
            pool = p;
            List<Long> pids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String tag = "a" + i;
                pids.add(returns("[POOL-28] apply()", () -> p.apply(PoolTargets.pid(log, tag))));
            }
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < n; i++) {
                expected.append((char) ('A' + i / k));
            }
            assertEquals(expected.toString(), PoolWorkerClauseTests.letters(pids), "[POOL-28] the worker pids of "
                    + n + " apply() calls on a pool of 1 with maxTasksPerChild(" + k + "), as letters (pids " + pids
                    + ")");
        } finally {
            dispose(pool);
        }
    }
}
