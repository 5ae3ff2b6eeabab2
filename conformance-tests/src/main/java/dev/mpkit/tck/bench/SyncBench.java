package dev.mpkit.tck.bench;

import dev.mpkit.ChildProcess;
import dev.mpkit.Multiprocessing;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.SharedLock;
import dev.mpkit.SharedSemaphore;
import dev.mpkit.tck.grading.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One measurement JVM of {@code ./mpkit bench} for locks and semaphores: the provider found through the spec API,
 * the same four operations as {@code bench/cpython_sync_bench.py}, printed as one JSON object.
 *
 * <pre>
 *   SyncBench REPS [quick]
 *     lock_uncontended_ns             SharedLock acquire()+release() in one process, ns per pair
 *     semaphore_handoff_rtt_us        two processes passing control through two newSemaphore(0), us per round trip
 *     lock_contended_2proc_ops_per_s  two processes each doing lock, increment a counter in a mapped file, unlock
 *     lock_blocked_waiter_cpu_ms      process CPU time of a child blocked 2 s in acquire(), ms, after one 0.5 s
 *                                     blocked wait that lets the provider load what it needs for waiting
 * </pre>
 *
 * <p>The contended row checks its own result: the counter must end at exactly twice the operations of one
 * process, or the bench fails rather than report the speed of a lock that lost updates.
 */
public final class SyncBench {

    static final int UNCONTENDED_PAIRS = 10_000_000;
    static final int HANDOFF_ROUNDS = 5_000;
    static final int CONTENDED_OPS = 2_000_000;
    static final Duration BLOCKED = Duration.ofSeconds(2);
    /** The blocked waiter's first, unmeasured wait. */
    static final Duration WARM_UP_WAIT = Duration.ofMillis(500);

    private SyncBench() {}

    public static void main(String[] args) throws Exception {
        int reps = Integer.parseInt(args[0]);
        int scale = args.length > 1 && args[1].equals("quick") ? 100 : 1;
        MultiprocessingContext mp = Multiprocessing.context();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jdk", System.getProperty("java.version"));
        out.put("provider", Multiprocessing.provider().id());
        out.put("lock_uncontended_ns", lockUncontended(mp, reps, UNCONTENDED_PAIRS / scale));
        out.put("semaphore_handoff_rtt_us", handoff(mp, reps, HANDOFF_ROUNDS / scale));
        out.put("lock_contended_2proc_ops_per_s", contended(mp, reps, CONTENDED_OPS / scale));
        out.put("lock_blocked_waiter_cpu_ms", blockedCpu(mp, Math.min(reps, 3), BLOCKED.dividedBy(scale)));
        System.out.print(Json.write(out));
        System.out.flush();
    }

    private static Map<String, Object> lockUncontended(MultiprocessingContext mp, int reps, int pairs)
            throws InterruptedException {
        SharedLock lock = mp.newLock();
        List<Double> ns = new ArrayList<>();
        for (int r = 0; r < 3 + reps; r++) { // three runs to let the JIT compile the loop
            long t0 = System.nanoTime();
            for (int i = 0; i < pairs; i++) {
                lock.acquire();
                lock.release();
            }
            double perPair = (System.nanoTime() - t0) / (double) pairs;
            if (r >= 3) {
                ns.add(perPair);
            }
        }
        return Stats.summary(ns);
    }

    private static Map<String, Object> handoff(MultiprocessingContext mp, int reps, int rounds)
            throws InterruptedException {
        SharedSemaphore a = mp.newSemaphore(0);
        SharedSemaphore b = mp.newSemaphore(0);
        ChildProcess ponger = mp.newProcess(SyncBench::pong, a, b, rounds * (1 + reps));
        ponger.start();
        List<Double> us = new ArrayList<>();
        for (int r = 0; r < 1 + reps; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                a.release();
                b.acquire();
            }
            double rtt = (System.nanoTime() - t0) / 1e3 / rounds;
            if (r >= 1) {
                us.add(rtt);
            }
        }
        ponger.join();
        check(ponger, "the handoff child");
        return Stats.summary(us);
    }

    private static void pong(Object[] args) throws InterruptedException {
        SharedSemaphore a = (SharedSemaphore) args[0];
        SharedSemaphore b = (SharedSemaphore) args[1];
        int rounds = (Integer) args[2];
        for (int i = 0; i < rounds; i++) {
            a.acquire();
            b.release();
        }
    }

    private static Map<String, Object> contended(MultiprocessingContext mp, int reps, int ops) throws Exception {
        List<Double> rates = new ArrayList<>();
        for (int r = 0; r < reps; r++) {
            Path file = Files.createTempFile("mpkit-bench-counter-", ".bin");
            try {
                Files.write(file, new byte[64]);
                SharedLock lock = mp.newLock();
                SharedSemaphore ready = mp.newSemaphore(0);
                SharedSemaphore go = mp.newSemaphore(0);
                List<ChildProcess> ps = new ArrayList<>();
                for (int slot = 0; slot < 2; slot++) {
                    ps.add(mp.newProcess(SyncBench::increment, lock, ready, go, file.toString(), slot, ops));
                }
                for (ChildProcess p : ps) {
                    p.start();
                }
                for (int i = 0; i < ps.size(); i++) {
                    ready.acquire();
                }
                for (int i = 0; i < ps.size(); i++) {
                    go.release();
                }
                for (ChildProcess p : ps) {
                    p.join();
                    check(p, "an incrementer");
                }
                MappedByteBuffer m = map(file);
                long counter = m.getLong(0);
                long slowest = Math.max(m.getLong(8), m.getLong(16));
                if (counter != 2L * ops) {
                    throw new IllegalStateException("lost updates under the lock: the counter is " + counter
                            + ", not " + 2L * ops);
                }
                rates.add(2L * ops / (slowest / 1e9));
            } finally {
                Files.deleteIfExists(file);
            }
        }
        return Stats.summary(rates);
    }

    private static void increment(Object[] args) throws InterruptedException {
        SharedLock lock = (SharedLock) args[0];
        SharedSemaphore ready = (SharedSemaphore) args[1];
        SharedSemaphore go = (SharedSemaphore) args[2];
        MappedByteBuffer counter = map(Paths.get((String) args[3]));
        int slot = (Integer) args[4];
        int ops = (Integer) args[5];
        ready.release();
        go.acquire();
        long t0 = System.nanoTime();
        for (int i = 0; i < ops; i++) {
            lock.acquire();
            counter.putLong(0, counter.getLong(0) + 1); // plain access: the lock orders it
            lock.release();
        }
        counter.putLong(8 + 8 * slot, System.nanoTime() - t0);
        counter.force();
    }

    private static Map<String, Object> blockedCpu(MultiprocessingContext mp, int reps, Duration blocked)
            throws Exception {
        List<Double> ms = new ArrayList<>();
        for (int r = 0; r < reps; r++) {
            Path file = Files.createTempFile("mpkit-bench-cpu-", ".bin");
            try {
                Files.write(file, new byte[16]);
                SharedLock lock = mp.newLock();
                SharedSemaphore ready = mp.newSemaphore(0);
                lock.acquire();
                ChildProcess p = mp.newProcess(SyncBench::blockedWaiter, lock, ready, file.toString());
                p.start();
                ready.acquire();
                ProcessBench.pause(blocked); // the figure is the waiter's CPU while this passes
                lock.release();
                p.join();
                check(p, "the blocked waiter");
                ms.add(map(file).getLong(0) / 1e6);
            } finally {
                Files.deleteIfExists(file);
            }
        }
        return Stats.summary(ms);
    }

    private static void blockedWaiter(Object[] args) throws InterruptedException {
        SharedLock lock = (SharedLock) args[0];
        SharedSemaphore ready = (SharedSemaphore) args[1];
        MappedByteBuffer result = map(Paths.get((String) args[2]));
        processCpuNanos(); // loads what the measurement needs before it starts
        // One short blocked wait first, as LOCK-11 prescribes: what a provider loads once for its first wait (the
        // reference: JNA) is a start-up cost, not the cost of waiting. The parent holds the lock, so it fails.
        if (lock.tryAcquire(WARM_UP_WAIT)) {
            throw new IllegalStateException("acquired a lock the parent holds");
        }
        ready.release();
        long c0 = processCpuNanos();
        lock.acquire();
        long c1 = processCpuNanos();
        lock.release();
        result.putLong(0, c1 - c0);
        result.force();
    }

    /**
     * CPU time of this process, in nanoseconds: {@code utime + stime} of {@code /proc/self/stat}, which counts every
     * thread the process has had, in clock ticks (10 ms). Summing {@code /proc/self/task/*}{@code /schedstat} would
     * be exact but loses the time of threads that end within the window, such as a provider's loader thread.
     */
    static long processCpuNanos() {
        try {
            String stat = Files.readString(Paths.get("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of proc(5)
            return ticks * 1_000_000_000L / CLOCK_TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code getconf CLK_TCK}: 100 on every Linux the JDK runs on. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private static MappedByteBuffer map(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_WRITE, 0, ch.size());
            m.order(ByteOrder.nativeOrder());
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void check(ChildProcess p, String what) {
        OptionalInt code = p.exitCode();
        if (code.isEmpty() || code.getAsInt() != 0) {
            throw new IllegalStateException(what + " ended with exit code " + code + ": " + p);
        }
        p.close();
    }
}
