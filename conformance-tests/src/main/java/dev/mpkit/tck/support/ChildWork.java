package dev.mpkit.tck.support;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Workload for child targets, and the steps they share: waiting for the test's events and recording how a call
 * ended. This is the only place in the kit that may sleep. A child that must "keep running" or
 * "take a while" sleeps here; the observing side (the test body) never does, it waits with
 * {@link Timeouts#eventually(String)} on something it can observe.
 */
public final class ChildWork {

    private ChildWork() {}

    /** Sleeps in a child, as its workload. */
    public static void sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    /** Burns CPU in a child for about {@code millis} of its own CPU time, as its workload. */
    public static long spinCpu(long millis) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long end = mx.getCurrentThreadCpuTime() + millis * 1_000_000L;
        long x = 0;
        while (mx.getCurrentThreadCpuTime() < end) {
            for (int i = 0; i < 10_000; i++) {
                x += i ^ (x >>> 3);
            }
        }
        return x;
    }

    /** In a child: polls {@code condition} every 5 ms, at most {@code millis}; false if it never held. */
    public static boolean pollUntil(BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            sleep(5);
        }
        return true;
    }

    /** In a child: waits at most {@code millis} until {@code log} has {@code n} events starting with {@code prefix}. */
    public static boolean awaitEvents(EventLog log, String prefix, int n, long millis) throws InterruptedException {
        return pollUntil(() -> log.startingWith(prefix).size() >= n, millis);
    }

    /**
     * In a child: waits at most {@code millis} for the test's event {@code text}; if it never comes, records "gave up
     * waiting for 'TEXT'" and throws, which ends the child with code 1.
     */
    public static void awaitKit(EventLog log, String text, long millis) throws InterruptedException {
        if (!awaitEvents(log, text, 1, millis)) {
            log.record("gave up waiting for '" + text + "'");
            throw new IllegalStateException("kit: the test never recorded '" + text + "' within " + millis + " ms");
        }
    }

    /**
     * In a child: how {@code call} ended, for the event log: "ok", or "threw CLASS: MESSAGE", where an
     * IllegalStateException or IllegalArgumentException of any subclass is named by that standard class, so that the
     * test can compare it with the class the spec names.
     */
    public static String outcome(BoundedCalls.Action call) {
        try {
            call.run();
            return "ok";
        } catch (Exception e) {
            Class<?> named = e instanceof IllegalStateException ? IllegalStateException.class
                    : e instanceof IllegalArgumentException ? IllegalArgumentException.class : e.getClass();
            return "threw " + named.getName() + ": " + e.getMessage();
        }
    }

    /** In a child: waits at most {@code millis} until the parent creates the file {@code path}. */
    public static boolean awaitFile(String path, long millis) throws InterruptedException {
        return pollUntil(() -> Files.exists(Paths.get(path)), millis);
    }
}
