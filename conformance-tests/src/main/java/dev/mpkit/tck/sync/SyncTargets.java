package dev.mpkit.tck.sync;

import static dev.mpkit.tck.support.ChildWork.awaitKit;

import dev.mpkit.Acquirable;
import dev.mpkit.tck.support.ChildWork;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.InterruptedWaiters;
import dev.mpkit.tck.support.ThreadCost;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The child side of the LOCK and SEM tests: static targets and the steps they share. Each step records into the
 * kit's {@link EventLog}, which is how the test sees it, and waits for the test's {@code "kit: …"} events by
 * polling that log, never through the primitive under test. Every duration arrives as an argument, already
 * scaled by the parent's time scale.
 */
final class SyncTargets {

    private SyncTargets() {}

    /**
     * The exchange that shows that a child's handle is the parent's lock (LOCK-02, LOCK-16), for a parent that
     * holds it: the child's tryAcquire() fails; once the parent released, the child acquires; the child releases
     * when the parent has checked that it cannot acquire meanwhile. Events are prefixed with {@code who}.
     */
    static void exchange(EventLog log, Acquirable lock, String who, long waitMillis) throws Exception {
        log.record(who + " try while parent holds=" + lock.tryAcquire());
        awaitKit(log, "kit: " + who + " parent released", waitMillis);
        log.record(who + " acquired=" + lock.tryAcquire(Duration.ofMillis(waitMillis)));
        awaitKit(log, "kit: " + who + " parent checked", waitMillis);
        lock.release();
        log.record(who + " child released");
    }

    /** {@link #exchange} as a target: args are the log, the lock, the name of the route and the wait bound. */
    static void exchangeTarget(Object... args) throws Exception {
        exchange((EventLog) args[0], (Acquirable) args[1], (String) args[2], (Long) args[3]);
    }

    /**
     * Acquires {@code args[1]}, records "acquired", then ends as {@code args[2]} says: "return" returns normally,
     * "throw" throws, "exit" calls System.exit(3), "halt" calls Runtime.halt(4), "terminate" and "kill" sleep
     * {@code args[3]} ms until the test sends SIGTERM or SIGKILL (LOCK-09, LOCK-15, SEM-15).
     */
    static void holdThenEnd(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        Acquirable held = (Acquirable) args[1];
        String ending = (String) args[2];
        long millis = (Long) args[3];
        if (!held.tryAcquire(Duration.ofMillis(millis))) {
            log.record("could not acquire");
            return;
        }
        log.record("acquired");
        if (ending.equals("throw")) {
            throw new IllegalStateException("kit: this child throws while it holds " + held + ", as the test wants");
        }
        if (ending.equals("exit")) {
            System.exit(3);
        }
        if (ending.equals("halt")) {
            Runtime.getRuntime().halt(4);
        }
        if (ending.equals("terminate") || ending.equals("kill")) {
            ChildWork.sleep(millis);
        }
    }

    /**
     * Blocked waiters (LOCK-10, SEM-07): args are the log, a name N, the settle time and the wait bound in ms, a
     * string of modes and one primitive per mode. For each primitive I a thread records "N I waiting" and blocks,
     * in acquire() for mode 'a' or in tryAcquire(wait bound) for mode 't', then records "N I acquired" (or "N I
     * returned false", "N I threw …"). Once all are about to block, and the settle time has passed (the workload),
     * it records "N settled", then waits for "kit: done" and returns, keeping what it acquired.
     */
    static void blockedWaiters(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        String name = (String) args[1];
        long settle = (Long) args[2];
        long wait = (Long) args[3];
        String modes = (String) args[4];
        CountDownLatch waiting = new CountDownLatch(modes.length());
        for (int i = 0; i < modes.length(); i++) {
            String me = name + i;
            boolean timed = modes.charAt(i) == 't';
            Acquirable a = (Acquirable) args[5 + i];
            Thread t = new Thread(() -> {
                log.record(me + " waiting");
                waiting.countDown();
                try {
                    if (timed) {
                        log.record(me + (a.tryAcquire(Duration.ofMillis(wait)) ? " acquired" : " returned false"));
                    } else {
                        a.acquire();
                        log.record(me + " acquired");
                    }
                } catch (Exception e) {
                    log.record(me + " threw " + e);
                }
            }, "kit-waiter-" + me);
            t.setDaemon(true);
            t.start();
        }
        waiting.await();
        ChildWork.sleep(settle);
        log.record(name + " settled");
        awaitKit(log, "kit: done", wait);
    }

    /**
     * Acquires every primitive in {@code args[2..]}, records "acquired", and sleeps {@code args[1]} ms until the test
     * kills it (LOCK-04, LOCK-19).
     */
    static void holdUntilKilled(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        long sleep = (Long) args[1];
        for (int i = 2; i < args.length; i++) {
            if (!((Acquirable) args[i]).tryAcquire(Duration.ofMillis(sleep))) {
                log.record("could not acquire");
                return;
            }
        }
        log.record("acquired");
        ChildWork.sleep(sleep);
    }

    /**
     * LOCK-11 and SEM-12, in a child, while the test holds {@code args[1]} (or it has no permits): waiter A blocks
     * in acquire(); once A is about to block, waiter B blocks in tryAcquire({@code args[2]} ms) and records
     * "B result=… nanos=… cpu=… wakeups=…", measured by B itself around the call; the test then releases, and A
     * records "A result=acquired nanos=… cpu=… wakeups=…" and releases. First a short timed try per thread
     * ("warm-up") takes the implementation's one-time costs out of the measurement.
     */
    static void sleepingWaiters(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        Acquirable a = (Acquirable) args[1];
        long block = (Long) args[2];
        long wait = (Long) args[3];
        CountDownLatch aBlocks = new CountDownLatch(1);
        Thread waiterA = new Thread(() -> {
            try {
                boolean warm = a.tryAcquire(Duration.ofMillis(10));
                log.record("A warm-up=" + warm);
                if (warm) {
                    return;
                }
                ThreadCost before = ThreadCost.ofCurrentThread();
                long t0 = System.nanoTime();
                aBlocks.countDown();
                a.acquire();
                long nanos = System.nanoTime() - t0;
                ThreadCost spent = ThreadCost.ofCurrentThread().minus(before);
                log.record("A result=acquired nanos=" + nanos + " " + spent);
                a.release();
            } catch (Exception e) {
                log.record("A result=threw " + e);
            } finally {
                aBlocks.countDown();
            }
        }, "kit-waiter-A");
        Thread waiterB = new Thread(() -> {
            try {
                boolean warm = a.tryAcquire(Duration.ofMillis(10));
                log.record("B warm-up=" + warm);
                if (warm) {
                    return;
                }
                ThreadCost before = ThreadCost.ofCurrentThread();
                long t0 = System.nanoTime();
                boolean r = a.tryAcquire(Duration.ofMillis(block));
                long nanos = System.nanoTime() - t0;
                ThreadCost spent = ThreadCost.ofCurrentThread().minus(before);
                log.record("B result=" + r + " nanos=" + nanos + " " + spent);
            } catch (Exception e) {
                log.record("B result=threw " + e);
            }
        }, "kit-waiter-B");
        waiterA.setDaemon(true);
        waiterB.setDaemon(true);
        waiterA.start();
        aBlocks.await();
        waiterB.start();
        waiterB.join(block + wait);
        waiterA.join(wait + block);
        if (waiterA.isAlive()) {
            log.record("A still blocked");
        }
    }

    /**
     * LOCK-18, in a child, while the test holds {@code args[1]} and {@code args[2]}: four threads block, in
     * acquire() of the lock, tryAcquire(long) of the lock, acquire() of the recursive lock and acquired() of the
     * lock; once they are about to block and {@code args[3]} ms have passed (the workload) all are interrupted, and
     * each records
     * "W<i> got interrupted status=<interrupt status> after=<nanos since the interrupt>", or what it got instead. Then
     * the child waits for "kit: done", so that an abandoned waiter would still be there when the test releases.
     */
    static void interruptedWaiters(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        Acquirable lock = (Acquirable) args[1];
        Acquirable rlock = (Acquirable) args[2];
        long settle = (Long) args[3];
        long wait = (Long) args[4];
        InterruptedWaiters.run(log, List.of(() -> {
            lock.acquire();
            return "acquired";
        }, () -> "returned " + lock.tryAcquire(Duration.ofMillis(wait)), () -> {
            rlock.acquire();
            return "acquired";
        }, () -> {
            lock.acquired();
            return "acquired";
        }), settle, wait);
    }

    /**
     * The property workload (LOCK-01, SEM-08): records "ready", waits for "kit: go", then for each hold time in
     * {@code args[3]}: acquires {@code args[1]}, records "enter I J", and, if {@code args[4]} names a counter file,
     * reads the counter, sleeps the hold time, writes the counter plus one; otherwise only sleeps; records
     * "exit I J" and releases. Ends with "done I".
     */
    static void criticalSections(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        Acquirable a = (Acquirable) args[1];
        int me = (Integer) args[2];
        int[] holds = (int[]) args[3];
        String counter = (String) args[4];
        long wait = (Long) args[5];
        log.record("ready " + me);
        awaitKit(log, "kit: go", wait);
        for (int j = 0; j < holds.length; j++) {
            if (!a.tryAcquire(Duration.ofMillis(wait))) {
                log.record("timed out " + me + " " + j);
                return;
            }
            try {
                log.record("enter " + me + " " + j);
                if (counter != null) {
                    long v = Counter.read(counter);
                    ChildWork.sleep(holds[j]);
                    Counter.write(counter, v + 1);
                } else {
                    ChildWork.sleep(holds[j]);
                }
                log.record("exit " + me + " " + j);
            } finally {
                a.release();
            }
        }
        log.record("done " + me);
    }
}
