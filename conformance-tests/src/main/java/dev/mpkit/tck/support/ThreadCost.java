package dev.mpkit.tck.support;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * What waiting costs the thread that waits, read by that thread itself in a child: its CPU time
 * ({@link ThreadMXBean#getCurrentThreadCpuTime()}) and how often the kernel woke it up, its voluntary context
 * switches ({@code voluntary_ctxt_switches} in {@code /proc/thread-self/status}). A waiter that sleeps in the kernel
 * costs little of both; one that spins burns CPU, and one that polls with short sleeps wakes up thousands of times.
 *
 * <pre>{@code
 * ThreadCost before = ThreadCost.ofCurrentThread();
 * lock.acquire();
 * ThreadCost spent = ThreadCost.ofCurrentThread().minus(before);
 * log.record("cpu=" + spent.cpuNanos + " wakeups=" + spent.wakeups);
 * }</pre>
 */
public final class ThreadCost {

    /** The file a thread reads its own scheduler counters from. */
    public static final Path STATUS = Paths.get("/proc/thread-self/status");

    /** CPU time of the thread, in nanoseconds. */
    public final long cpuNanos;
    /** Voluntary context switches of the thread; -1 when {@link #STATUS} cannot be read. */
    public final long wakeups;

    private ThreadCost(long cpuNanos, long wakeups) {
        this.cpuNanos = cpuNanos;
        this.wakeups = wakeups;
    }

    /** The current thread's CPU time and voluntary context switches so far. */
    public static ThreadCost ofCurrentThread() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long wakeups = voluntarySwitches();
        long cpu = mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() : -1;
        return new ThreadCost(cpu, wakeups);
    }

    /** What the thread spent since {@code before}; a counter that could not be read stays -1. */
    public ThreadCost minus(ThreadCost before) {
        return new ThreadCost(cpuNanos < 0 || before.cpuNanos < 0 ? -1 : cpuNanos - before.cpuNanos,
                wakeups < 0 || before.wakeups < 0 ? -1 : wakeups - before.wakeups);
    }

    /** Whether this machine lets a thread read its own context switches. */
    public static boolean wakeupsMeasurable() {
        return voluntarySwitches() >= 0;
    }

    private static long voluntarySwitches() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("voluntary_ctxt_switches:")) {
                    return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public String toString() {
        return "cpu=" + cpuNanos + " wakeups=" + wakeups;
    }
}
