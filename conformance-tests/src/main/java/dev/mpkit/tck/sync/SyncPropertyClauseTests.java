package dev.mpkit.tck.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mpkit.Acquirable;
import dev.mpkit.ChildProcess;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.tck.support.Children;
import dev.mpkit.tck.support.Clause;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.Kit;
import dev.mpkit.tck.support.KitPropertyHook;
import dev.mpkit.tck.support.ShrinkRecheckHook;
import dev.mpkit.tck.support.TimeScale;
import dev.mpkit.tck.support.Timeouts;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Mutual exclusion and the semaphore bound under generated workloads: LOCK-01 and SEM-08. A workload is 2 to 6
 * processes, each acquiring 1 to 5 times and holding for 0 to 25 ms (times the time scale) each time; all of them
 * start their loops at one "go" from the test, so that they contend. What happened is read from the kit's event
 * log: each process records "enter" right after it acquired and "exit" right before it releases, with
 * {@link System#nanoTime()}, the system-wide monotonic clock on Linux.
 *
 * <p>Each try starts real processes, so tries are few. A failing property prints its seed, and the grading report
 * repeats it; {@link ShrinkRecheckHook} runs each shrinking candidate up to three times, so that a race seen once
 * is not shrunk away.
 */
@AddLifecycleHook(KitPropertyHook.class)
@AddLifecycleHook(ShrinkRecheckHook.class)
class SyncPropertyClauseTests {

    /** Tries per property: each starts up to 6 JVMs. */
    static final int TRIES = 8;
    /** The longest hold time generated, in ms before scaling. */
    static final int MAX_HOLD_MILLIS = 25;

    /**
     * Processes that each increment a counter in a kit-owned file under one Lock (or RLock) never overlap in
     * their critical sections, and the counter ends at exactly the number of increments: no update is lost.
     * <p>If this fails, check that the lock excludes threads of other JVMs, not only of its own: its state must be
     * shared (a mapped file or a kernel object) and acquire() must change it atomically. The seed in the report
     * replays the same workload.
     */
    @Clause("LOCK-01")
    @Property(tries = TRIES)
    void lock01_criticalSectionsNeverOverlapAndNoIncrementIsLost(@ForAll("holdTimes") List<List<Integer>> holds,
            @ForAll boolean recursive, MultiprocessingContext mp, Kit kit) throws Exception {
        Acquirable lock = recursive ? mp.newRLock() : mp.newLock();
        String kind = recursive ? "RLock" : "Lock";
        String counter = Counter.create(Files.createTempFile(kit.dir(), "counter-", ".bin"));
        EventLog log = runWorkload("LOCK-01", mp, kit, lock, holds, counter);
        List<long[]> sections = sections("LOCK-01", log, holds);
        sections.sort(Comparator.comparingLong(s -> s[0]));
        for (int k = 1; k < sections.size(); k++) {
            long[] before = sections.get(k - 1);
            long[] after = sections.get(k);
            if (after[0] < before[1]) {
                fail("[LOCK-01] two critical sections under one " + kind + " overlap by " + (before[1] - after[0])
                        + " ns: process " + before[2] + " section " + before[3] + " and process " + after[2]
                        + " section " + after[3] + "; workload " + holds + "; events: " + log.events());
            }
        }
        long increments = holds.stream().mapToLong(List::size).sum();
        assertEquals(increments, Counter.read(counter), "[LOCK-01] a counter that " + holds.size() + " processes"
                + " incremented " + increments + " times in all under one " + kind + ": updates were lost;"
                + " workload " + holds);
    }

    /**
     * Processes that each hold a permit of one Semaphore(value) or BoundedSemaphore(value), value from 1 to 3 and
     * below the number of processes, are never more than value inside at once.
     * <p>If this fails, check that acquire() takes a permit atomically in the shared state, across JVMs. The seed
     * in the report replays the same workload.
     */
    @Clause("SEM-08")
    @Property(tries = TRIES)
    void sem08_neverMoreHoldersThanPermits(@ForAll("semaphoreWorkloads") SemaphoreWorkload w,
            @ForAll boolean bounded, MultiprocessingContext mp, Kit kit) throws Exception {
        Acquirable s = bounded ? mp.newBoundedSemaphore(w.value) : mp.newSemaphore(w.value);
        String kind = (bounded ? "BoundedSemaphore(" : "Semaphore(") + w.value + ")";
        EventLog log = runWorkload("SEM-08", mp, kit, s, w.holds, null);
        List<long[]> sections = sections("SEM-08", log, w.holds);
        List<long[]> edges = new ArrayList<>();
        for (long[] section : sections) {
            edges.add(new long[] {section[0], +1});
            edges.add(new long[] {section[1], -1});
        }
        // At equal times the exit counts first: two events at one instant prove no overlap.
        edges.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
        int inside = 0;
        for (long[] e : edges) {
            inside += (int) e[1];
            if (inside > w.value) {
                fail("[SEM-08] " + inside + " processes held a permit of one " + kind + " at once; workload " + w
                        + "; events: " + log.events());
            }
        }
    }

    /** Hold times in ms, one list per process: 2 to 6 processes, 1 to 5 acquisitions each, 0 to 25 ms each. */
    @Provide
    Arbitrary<List<List<Integer>>> holdTimes() {
        return Arbitraries.integers().between(0, MAX_HOLD_MILLIS).list().ofMinSize(1).ofMaxSize(5)
                .list().ofMinSize(2).ofMaxSize(6);
    }

    /** A semaphore value from 1 to 3 that is below the number of processes, and their hold times. */
    @Provide
    Arbitrary<SemaphoreWorkload> semaphoreWorkloads() {
        return holdTimes().flatMap(holds -> Arbitraries.integers().between(1, Math.min(3, holds.size() - 1))
                .map(value -> new SemaphoreWorkload(value, holds)));
    }

    /** SEM-08's generated input. */
    static final class SemaphoreWorkload {
        final int value;
        final List<List<Integer>> holds;

        SemaphoreWorkload(int value, List<List<Integer>> holds) {
            this.value = value;
            this.holds = holds;
        }

        @Override
        public String toString() {
            return "value=" + value + " holds=" + holds;
        }
    }

    /**
     * Starts one child per list of hold times running {@link SyncTargets#criticalSections} on {@code a}, waits until
     * all are ready, records "kit: go", and waits until all have ended normally; returns the log.
     */
    static EventLog runWorkload(String clause, MultiprocessingContext mp, Kit kit, Acquirable a,
            List<List<Integer>> holds, String counter) throws Exception {
        EventLog log = kit.newEventLog();
        List<ChildProcess> children = new ArrayList<>();
        try {
            for (int i = 0; i < holds.size(); i++) {
                int[] millis = holds.get(i).stream().mapToInt(h -> (int) TimeScale.millis(h).toMillis()).toArray();
                ChildProcess p = mp.newProcess(SyncTargets::criticalSections, log, a, i, millis, counter,
                        Timeouts.MUST_HAPPEN.toMillis());
                children.add(p);
                p.start();
            }
            Timeouts.eventually(clause + " all " + holds.size() + " children ready")
                    .until(() -> log.startingWith("ready ").size() == holds.size());
            log.record("kit: go");
            for (ChildProcess p : children) {
                assertTrue(p.join(Timeouts.MUST_HAPPEN), "[" + clause + "] a child did not finish its critical"
                        + " sections within " + Timeouts.MUST_HAPPEN + "; workload " + holds + "; events: "
                        + log.events());
                assertEquals(0, p.exitCode().orElse(-1), "[" + clause + "] exit code of a child; workload " + holds
                        + "; events: " + log.events());
            }
            return log;
        } finally {
            Children.stop(children.toArray(new ChildProcess[0]));
        }
    }

    /**
     * The critical sections in {@code log}, each {enter nanos, exit nanos, process, section}; asserts that every
     * one of the workload was recorded.
     */
    static List<long[]> sections(String clause, EventLog log, List<List<Integer>> holds) {
        Map<String, long[]> byKey = new HashMap<>();
        for (EventLog.Event e : log.events()) {
            boolean enter = e.text.startsWith("enter ");
            if (enter || e.text.startsWith("exit ")) {
                String key = e.text.substring(e.text.indexOf(' ') + 1);
                String[] ij = key.split(" ");
                long[] s = byKey.computeIfAbsent(key, k -> new long[] {-1, -1, Long.parseLong(ij[0]),
                        Long.parseLong(ij[1])});
                s[enter ? 0 : 1] = e.nanos;
            }
        }
        long expected = holds.stream().mapToLong(List::size).sum();
        List<long[]> r = new ArrayList<>();
        for (long[] s : byKey.values()) {
            assertTrue(s[0] >= 0 && s[1] >= 0, "[" + clause + "] process " + s[2] + " section " + s[3] + " lacks its"
                    + " enter or exit event; events: " + log.events());
            r.add(s);
        }
        assertEquals(expected, r.size(), "[" + clause + "] critical sections recorded; workload " + holds);
        return r;
    }
}
