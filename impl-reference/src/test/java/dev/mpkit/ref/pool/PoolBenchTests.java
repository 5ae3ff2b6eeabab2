package dev.mpkit.ref.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mpkit.MultiprocessingContext;
import dev.mpkit.PoolFunction;
import dev.mpkit.PoolOptions;
import dev.mpkit.WorkerPool;
import dev.mpkit.ref.process.ReferenceContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The plan's pool targets, measured: apply_async round trip, map of 100 000 ints with chunksize 1 and with the
 * default chunk size, warm and cold. Run with {@code -Dmpkit.pool.bench=true}.
 */
@Timeout(300)
@EnabledIfSystemProperty(named = "mpkit.pool.bench", matches = "true")
class PoolBenchTests {

    private static final MultiprocessingContext MP = new ReferenceContext("reference");

    @Test
    void poolTargets() throws Exception {
        List<Integer> items = new ArrayList<>(100_000);
        for (int i = 0; i < 100_000; i++) {
            items.add(i);
        }
        PoolFunction<Integer, Integer> twice = x -> 2 * x;
        for (int i = 0; i < 4; i++) {
            long s = System.nanoTime();
            WorkerPool pool = MP.newPool(PoolOptions.defaults().processes(2));
            assertEquals(49, (int) pool.<Integer, Integer>apply(x -> x * x, 7));
            pool.shutdown();
            pool.join();
            System.out.printf("pool.create_apply_close: %.1f ms%n", (System.nanoTime() - s) / 1e6);
        }
        long t0 = System.nanoTime();
        try (WorkerPool pool = MP.newPool(PoolOptions.defaults().processes(2))) {
            long t1 = System.nanoTime();
            List<Integer> r = pool.map(twice, items, 1);
            long t2 = System.nanoTime();
            assertEquals(199_998, (int) r.get(99_999));
            System.out.printf("pool.create: %.1f ms%n", (t1 - t0) / 1e6);
            System.out.printf("pool.map_100k_chunk1_cold: %.0f tasks/s%n", 1e5 / ((t2 - t1) / 1e9));
        }
        try (WorkerPool pool = MP.newPool(PoolOptions.defaults().processes(2))) {
            long t1 = System.nanoTime();
            pool.map(twice, items);
            long t2 = System.nanoTime();
            System.out.printf("pool.map_100k_default_cold: %.0f tasks/s%n", 1e5 / ((t2 - t1) / 1e9));
        }
        try (WorkerPool pool = MP.newPool(PoolOptions.defaults().processes(2))) {
            long t1 = System.nanoTime();
            pool.map(x -> x, List.of(1, 2), 1); // both workers have booted
            long t2 = System.nanoTime();
            pool.map(twice, items, 1);
            long t3 = System.nanoTime();
            System.out.printf("pool.boot (first tiny map): %.1f ms; then map_100k_chunk1 on fresh workers: %.0f"
                    + " tasks/s%n", (t2 - t1) / 1e6, 1e5 / ((t3 - t2) / 1e9));
        }
        try (WorkerPool pool = MP.newPool(PoolOptions.defaults().processes(2))) {
            pool.map(x -> x, List.of(1, 2), 1);
            long t2 = System.nanoTime();
            pool.map(twice, items);
            long t3 = System.nanoTime();
            System.out.printf("map_100k_default on fresh booted workers: %.0f tasks/s%n", 1e5 / ((t3 - t2) / 1e9));
        }
        try (WorkerPool pool = MP.newPool(PoolOptions.defaults().processes(2))) {
            PoolFunction<Integer, Integer> inc = x -> x + 1;
            for (int i = 0; i < 3000; i++) {
                pool.applyAsync(inc, i).get();
            }
            long[] rtt = new long[5000];
            for (int i = 0; i < rtt.length; i++) {
                long s = System.nanoTime();
                pool.applyAsync(inc, i).get();
                rtt[i] = System.nanoTime() - s;
            }
            double mean = Arrays.stream(rtt).average().orElse(0) / 1e3;
            Arrays.sort(rtt);
            System.out.printf("pool.apply_async_rtt: mean %.1f us, median %.1f us, p90 %.1f us%n", mean,
                    rtt[rtt.length / 2] / 1e3, rtt[rtt.length * 9 / 10] / 1e3);
            double best1 = 0;
            double bestDefault = 0;
            for (int round = 0; round < 6; round++) {
                long s = System.nanoTime();
                pool.map(twice, items, 1);
                long m = System.nanoTime();
                pool.map(twice, items);
                long e = System.nanoTime();
                best1 = Math.max(best1, 1e5 / ((m - s) / 1e9));
                bestDefault = Math.max(bestDefault, 1e5 / ((e - m) / 1e9));
            }
            System.out.printf("pool.map_100k_chunk1: %.0f tasks/s%n", best1);
            System.out.printf("pool.map_100k_default: %.0f tasks/s%n", bestDefault);
        }
    }
}
