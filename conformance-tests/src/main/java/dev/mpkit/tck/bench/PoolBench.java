package dev.mpkit.tck.bench;

import dev.mpkit.ChildProcess;
import dev.mpkit.Multiprocessing;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.PoolOptions;
import dev.mpkit.ProcessOptions;
import dev.mpkit.WorkerPool;
import dev.mpkit.tck.grading.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One measurement JVM of {@code ./mpkit bench} for pools: the provider found through the spec API, the same rows
 * as {@code bench/cpython_pool_bench.py}, printed as one JSON object.
 *
 * <pre>
 *   PoolBench REPS [quick]
 *     pool_create_apply_close_ms   a pool of 2 created, one apply, shutdown() (Python's close()), join(); ms
 *     pool_floor_2_start_join_ms   no pool: 2 processes that do nothing started at once and joined; ms: the floor
 *                                  under the row above, what its 2 newly started processes cost alone
 *     pool_apply_async_rtt_us      applyAsync(sqr, i).get() on a warm pool of 2, us per round trip
 *     pool_map_100k_chunk1         map(sqr, 0..99999, 1) on a warm pool of 2, tasks/s
 *     pool_map_100k_default        map(sqr, 0..99999) with the default chunk size on a warm pool of 2, tasks/s
 *     pool_map_100k_*_cold         the same map as the first work of a fresh pool of 2, timed from the map call
 *   PoolBench REPS warm-create PAUSE_MS
 *     pool_create_apply_close_warm_ms   the first row, run with pre-started spare JVMs and PAUSE_MS between rounds
 *   PoolBench REPS cold-create ROUNDS
 *     the first two rows only, ROUNDS samples each (./mpkit bench interleaves them with CPython's)
 *   PoolBench REPS rest
 *     every row but the first two
 * </pre>
 *
 * <p>Every row checks its result (every apply's value, and the map results at a stride and at the end), so that
 * the bench fails rather than report the speed of a pool that loses or changes results. Warm rows keep one pool
 * for all their repetitions, of which the first is not measured; cold rows start a fresh pool per repetition.
 */
public final class PoolBench {

    static final int MAP_ITEMS = 100_000;
    static final int RTT_ROUNDS = 2_000;
    static final int CREATE_ROUNDS = 10;

    private PoolBench() {}

    public static void main(String[] args) throws Exception {
        int reps = Integer.parseInt(args[0]);
        int scale = args.length > 1 && args[1].equals("quick") ? 20 : 1;
        MultiprocessingContext mp = Multiprocessing.context();
        if (args.length > 2 && args[1].equals("warm-create")) {
            long pauseMs = Long.parseLong(args[2]);
            Map<String, Object> warm = new LinkedHashMap<>();
            warm.put("pool_create_apply_close_warm_ms", createApplyClose(mp, CREATE_ROUNDS, pauseMs));
            System.out.print(Json.write(warm));
            System.out.flush();
            return;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jdk", System.getProperty("java.version"));
        out.put("provider", Multiprocessing.provider().id());
        String part = args.length > 1 ? args[1] : "";
        if (!part.equals("rest")) {
            int rounds = part.equals("cold-create") ? Integer.parseInt(args[2]) : Math.max(2, CREATE_ROUNDS / scale);
            out.put("pool_create_apply_close_ms", createApplyClose(mp, rounds, 0));
            out.put("pool_floor_2_start_join_ms", twoStartJoin(mp, rounds));
        }
        if (part.equals("cold-create")) {
            System.out.print(Json.write(out));
            System.out.flush();
            return;
        }
        out.put("pool_apply_async_rtt_us", applyAsyncRtt(mp, reps, RTT_ROUNDS / scale));
        int n = MAP_ITEMS / scale;
        out.put("pool_map_100k_chunk1", mapWarm(mp, reps, n, 1));
        out.put("pool_map_100k_chunk1_cold", mapCold(mp, reps, n, 1));
        out.put("pool_map_100k_default", mapWarm(mp, reps, n, 0));
        out.put("pool_map_100k_default_cold", mapCold(mp, reps, n, 0));
        System.out.print(Json.write(out));
        System.out.flush();
    }

    static Integer sqr(Integer x) {
        return x * x;
    }

    private static WorkerPool pool2(MultiprocessingContext mp) {
        return mp.newPool(PoolOptions.defaults().processes(2));
    }

    /** {@code pauseMs} before each round, not timed: the time a provider's pre-started JVMs need to be replaced. */
    private static Map<String, Object> createApplyClose(MultiprocessingContext mp, int rounds, long pauseMs)
            throws Exception {
        List<Double> ms = new ArrayList<>();
        for (int r = 0; r < 1 + rounds; r++) {
            ProcessBench.pause(Duration.ofMillis(pauseMs));
            long t0 = System.nanoTime();
            WorkerPool pool = pool2(mp);
            Integer v = pool.apply(PoolBench::sqr, 7);
            if (v == null || v != 49) {
                throw new IllegalStateException("apply(sqr, 7) returned " + v + ", not 49");
            }
            pool.shutdown();
            pool.join();
            if (r >= 1) {
                ms.add((System.nanoTime() - t0) / 1e6);
            }
        }
        return Stats.summary(ms);
    }

    /** Two processes that do nothing, started at once and joined, in each of {@code rounds} timed rounds. */
    private static Map<String, Object> twoStartJoin(MultiprocessingContext mp, int rounds) throws Exception {
        List<Double> ms = new ArrayList<>();
        for (int r = 0; r < 1 + rounds; r++) {
            long t0 = System.nanoTime();
            ChildProcess a = mp.newProcess(ProcessOptions.defaults(), args -> { });
            ChildProcess b = mp.newProcess(ProcessOptions.defaults(), args -> { });
            a.start();
            b.start();
            a.join();
            b.join();
            if (a.exitCode().orElse(-1) != 0 || b.exitCode().orElse(-1) != 0) {
                throw new IllegalStateException("a process that does nothing exited with " + a.exitCode() + ", "
                        + b.exitCode());
            }
            if (r >= 1) {
                ms.add((System.nanoTime() - t0) / 1e6);
            }
        }
        return Stats.summary(ms);
    }

    private static Map<String, Object> applyAsyncRtt(MultiprocessingContext mp, int reps, int rounds)
            throws Exception {
        List<Double> us = new ArrayList<>();
        try (WorkerPool pool = pool2(mp)) {
            for (int r = 0; r < 1 + reps; r++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < rounds; i++) {
                    Integer v = pool.<Integer, Integer>applyAsync(PoolBench::sqr, i).get();
                    if (v == null || v != i * i) {
                        throw new IllegalStateException("applyAsync(sqr, " + i + ") returned " + v);
                    }
                }
                if (r >= 1) {
                    us.add((System.nanoTime() - t0) / 1e3 / rounds);
                }
            }
            pool.shutdown();
            pool.join();
        }
        return Stats.summary(us);
    }

    private static List<Integer> items(int n) {
        List<Integer> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            items.add(i);
        }
        return items;
    }

    /** Times one map; {@code chunksize} 0 means the default. Returns tasks/s. */
    private static double timedMap(WorkerPool pool, List<Integer> items, int chunksize) throws Exception {
        long t0 = System.nanoTime();
        List<Integer> result = chunksize > 0 ? pool.map(PoolBench::sqr, items, chunksize)
                : pool.map(PoolBench::sqr, items);
        double seconds = (System.nanoTime() - t0) / 1e9;
        int n = items.size();
        if (result.size() != n) {
            throw new IllegalStateException("map returned " + result.size() + " results for " + n + " items");
        }
        for (int i = 0; i < n; i += 997) {
            check(result, i);
        }
        check(result, n - 1);
        return n / seconds;
    }

    private static void check(List<Integer> result, int i) {
        Integer v = result.get(i);
        if (v == null || v != i * i) {
            throw new IllegalStateException("map's result " + i + " is " + v + ", not " + i * i);
        }
    }

    private static Map<String, Object> mapWarm(MultiprocessingContext mp, int reps, int n, int chunksize)
            throws Exception {
        List<Integer> items = items(n);
        List<Double> rates = new ArrayList<>();
        try (WorkerPool pool = pool2(mp)) {
            for (int r = 0; r < 1 + reps; r++) {
                double rate = timedMap(pool, items, chunksize);
                if (r >= 1) {
                    rates.add(rate);
                }
            }
            pool.shutdown();
            pool.join();
        }
        return Stats.summary(rates);
    }

    private static Map<String, Object> mapCold(MultiprocessingContext mp, int reps, int n, int chunksize)
            throws Exception {
        List<Integer> items = items(n);
        List<Double> rates = new ArrayList<>();
        for (int r = 0; r < reps; r++) {
            try (WorkerPool pool = pool2(mp)) {
                rates.add(timedMap(pool, items, chunksize));
                pool.shutdown();
                pool.join();
            }
        }
        return Stats.summary(rates);
    }
}
