package dev.mpkit.tck.bench;

import dev.mpkit.tck.grading.Json;
import dev.mpkit.ChildProcess;
import dev.mpkit.Multiprocessing;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.ProcessOptions;
import dev.mpkit.ProcessTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.locks.LockSupport;

/**
 * One measurement JVM of {@code ./mpkit bench}: times process start-up of the provider found through the spec
 * API, with whatever provider tuning its system properties carry, and prints the figures as one JSON object.
 *
 * <pre>
 *   ProcessBench prime                      start and join one process (lets the provider prepare, then exits)
 *   ProcessBench start_join N WARMUPS PAUSE start+join of a no-op process, N samples after WARMUPS, PAUSE ms apart
 *   ProcessBench burst20 N PAUSE            20 no-op processes started back to back then joined, N bursts after 1
 * </pre>
 *
 * <p>The pause before each start leaves the provider time to get ready in the background (for the reference:
 * to replace the spare JVM the previous start used). It is not part of the figure.
 */
public final class ProcessBench {

    /** The no-op target: what CPython's bench runs as {@code def noop(): pass}. */
    private static final ProcessTarget NOOP = args -> { };

    private ProcessBench() {}

    public static void main(String[] args) throws Exception {
        MultiprocessingContext mp = Multiprocessing.context();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jdk", System.getProperty("java.version"));
        out.put("provider", Multiprocessing.provider().id());
        switch (args[0]) {
            case "prime":
                startJoinMillis(mp);
                break;
            case "start_join":
                out.put("start_join_ms", startJoin(mp, Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                        Duration.ofMillis(Long.parseLong(args[3]))));
                break;
            case "burst20":
                out.put("burst20_per_s", burst(mp, 20, Integer.parseInt(args[1]),
                        Duration.ofMillis(Long.parseLong(args[2]))));
                break;
            default:
                throw new IllegalArgumentException("unknown measurement '" + args[0] + "'");
        }
        System.out.print(Json.write(out));
        System.out.flush();
    }

    private static Map<String, Object> startJoin(MultiprocessingContext mp, int samples, int warmups,
            Duration pause) throws InterruptedException {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < warmups + samples; i++) {
            pause(pause);
            double t = startJoinMillis(mp);
            if (i >= warmups) {
                ms.add(t);
            }
        }
        return Stats.summary(ms);
    }

    private static double startJoinMillis(MultiprocessingContext mp) throws InterruptedException {
        ChildProcess p = new ChildProcess(mp, ProcessOptions.defaults(), NOOP);
        long t0 = System.nanoTime();
        p.start();
        p.join();
        long t1 = System.nanoTime();
        check(p);
        return (t1 - t0) / 1e6;
    }

    private static Map<String, Object> burst(MultiprocessingContext mp, int size, int bursts, Duration pause)
            throws InterruptedException {
        List<Double> rates = new ArrayList<>();
        for (int i = 0; i < 1 + bursts; i++) {
            pause(pause);
            List<ChildProcess> ps = new ArrayList<>();
            for (int j = 0; j < size; j++) {
                ps.add(new ChildProcess(mp, ProcessOptions.defaults(), NOOP));
            }
            long t0 = System.nanoTime();
            for (ChildProcess p : ps) {
                p.start();
            }
            for (ChildProcess p : ps) {
                p.join();
            }
            long t1 = System.nanoTime();
            for (ChildProcess p : ps) {
                check(p);
            }
            if (i >= 1) {
                rates.add(size / ((t1 - t0) / 1e9));
            }
        }
        return Stats.summary(rates);
    }

    private static void check(ChildProcess p) {
        OptionalInt code = p.exitCode();
        if (code.isEmpty() || code.getAsInt() != 0) {
            throw new IllegalStateException("a no-op process ended with exit code " + code + ": " + p);
        }
        p.close();
    }

    /** Lets {@code d} pass; the provider's background work, not a condition, is what it waits for. */
    static void pause(Duration d) {
        long deadline = System.nanoTime() + d.toNanos();
        for (long left = d.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
