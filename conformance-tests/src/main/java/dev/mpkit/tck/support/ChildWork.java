package dev.mpkit.tck.support;

/**
 * Workload for child targets: the only place in the kit that may sleep. A child that must "keep running" or
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
}
