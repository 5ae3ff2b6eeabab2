package dev.mpkit.tck.sync;

import static dev.mpkit.tck.support.Timed.within;
import static dev.mpkit.tck.sync.SyncChecks.assertRefused;
import static dev.mpkit.tck.sync.SyncChecks.assertTimedOut;
import static dev.mpkit.tck.sync.SyncChecks.number;
import static dev.mpkit.tck.sync.SyncChecks.thrownBy;
import static dev.mpkit.tck.sync.SyncChecks.timedTry;
import static dev.mpkit.tck.sync.SyncChecks.tryOnAnotherThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.Acquirable;
import dev.mpkit.ChildProcess;
import dev.mpkit.Held;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.SharedLock;
import dev.mpkit.SharedRLock;
import dev.mpkit.tck.support.Children;
import dev.mpkit.tck.support.Clause;
import dev.mpkit.tck.support.ClauseTests;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.Kit;
import dev.mpkit.tck.support.ThreadCost;
import dev.mpkit.tck.support.TimeScale;
import dev.mpkit.tck.support.Timed;
import dev.mpkit.tck.support.Timeouts;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A lock shared between processes, Python's {@code multiprocessing.Lock}: LOCK-02 to LOCK-11 and LOCK-16 to
 * LOCK-19. LOCK-01 is a property ({@link SyncPropertyClauseTests}); the recursive lock's own clauses are in
 * {@link RLockClauseTests}.
 */
@ClauseTests
class LockClauseTests {

    /** The timeout of a tryAcquire(timeout) that must run out. */
    static final Duration TIMEOUT = TimeScale.millis(300);
    /** How long a child's waiters are given to block before the test acts on them (their workload). */
    static final Duration SETTLE = TimeScale.millis(300);
    /** LOCK-10, SEM-07: how soon after release() a waiter in another process must have acquired. */
    static final Duration WAKE_UP = TimeScale.seconds(2);
    /** LOCK-11, SEM-12: how long the measured waiter blocks. */
    static final Duration BLOCKED = TimeScale.seconds(2);
    /** LOCK-11, SEM-12: the CPU a waiter may use while blocked for {@link #BLOCKED}. */
    static final Duration WAITER_CPU = Duration.ofMillis(100);
    /** LOCK-11, SEM-12: how often a waiter may wake up while blocked for {@link #BLOCKED}. */
    static final long WAITER_WAKEUPS = 100;
    /** LOCK-18: how soon an interrupted waiter must throw. */
    static final Duration INTERRUPT_BOUND = TimeScale.seconds(2);

    private static long waitMillis() {
        return Timeouts.MUST_HAPPEN.toMillis();
    }

    /**
     * acquire() on a free lock returns at once, and then the lock is held against every other thread and process:
     * tryAcquire() in another thread and in a child fails. When the parent releases it, the child acquires it and
     * holds it against the parent; when the child releases it, the parent acquires it.
     * <p>If this fails, check that the lock's state lives outside the creating JVM and that acquire() changes it.
     */
    @Clause("LOCK-02")
    @Test
    void lock02_acquireOnAFreeLockHoldsItAgainstEveryProcess(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        SharedLock lock = mp.newLock();
        ChildProcess p = mp.newProcess(SyncTargets::exchangeTarget, log, lock, "child", waitMillis());
        try (SyncChecks.Owner parent = new SyncChecks.Owner("LOCK-02-holder")) {
            parent.acquire(lock, "[LOCK-02] acquire() on a free lock");
            assertFalse(tryOnAnotherThread(lock, "[LOCK-02] tryAcquire() in another thread"), "[LOCK-02] another"
                    + " thread of the process acquired a lock that this process holds");
            p.start();
            exchangeAsParent("LOCK-02", kit, log, parent, lock, "child", "as an argument");
            p.join();
            assertEquals(0, p.exitCode().orElse(-1), "[LOCK-02] exit code of the child; events: " + log.events());
        } finally {
            Children.stop(p);
        }
    }

    /**
     * The parent's side of {@link SyncTargets#exchange}, for a {@code lock} that the parent holds through
     * {@code parent}: the child's tryAcquire() fails while the parent holds it, the child acquires it once the
     * parent released it, the parent cannot acquire it while the child holds it, and can once the child released it.
     */
    static void exchangeAsParent(String clause, Kit kit, EventLog log, SyncChecks.Owner parent, Acquirable lock,
            String route, String how) throws Exception {
        String c = "[" + clause + "] ";
        assertEquals("false", kit.awaitValue(log, route + " try while parent holds="), c + "tryAcquire() in a child"
                + " that got the lock " + how + ", while the parent holds it");
        parent.release(lock, c + "release()");
        log.record("kit: " + route + " parent released");
        assertEquals("true", kit.awaitValue(log, route + " acquired="), c + "the child that got the lock " + how
                + " could not acquire it after the parent released it");
        assertFalse(parent.tryAcquire(lock, c + "tryAcquire()"), c + "the parent acquired the lock while the"
                + " child that got it " + how + " held it");
        log.record("kit: " + route + " parent checked");
        kit.awaitEvent(log, route + " child released");
        assertTrue(parent.tryAcquire(lock, c + "tryAcquire()"), c + "the parent could not acquire the lock"
                + " after the child that got it " + how + " released it");
        parent.release(lock, c + "release()");
    }

    /**
     * A held Lock is not recursive: its holder's tryAcquire() and tryAcquire(ZERO) return false at once, and its
     * tryAcquire(timeout) returns false after the timeout. None of them counts: one release() frees the lock.
     * <p>If this fails, check that the lock is a plain binary semaphore with no owner and no hold count.
     */
    @Clause("LOCK-03")
    @Test
    void lock03_heldLockRefusesItsHolderToo(MultiprocessingContext mp) throws Exception {
        SharedLock lock = mp.newLock();
        String results = within(TIMEOUT.plus(Timeouts.PROMPT), "[LOCK-03] acquire() then tryAcquire() by the"
                + " holder", () -> {
                    lock.acquire();
                    boolean plain = lock.tryAcquire();
                    boolean zero = lock.tryAcquire(Duration.ZERO);
                    long t0 = System.nanoTime();
                    boolean timed = lock.tryAcquire(TIMEOUT);
                    return plain + " " + zero + " " + timed + " nanos=" + (System.nanoTime() - t0);
                }).value;
        assertTrue(results.startsWith("false false "), "[LOCK-03] tryAcquire() and tryAcquire(ZERO) by the thread"
                + " that holds the lock: " + results + "; expected false false");
        assertTimedOut("LOCK-03", TIMEOUT, results.contains("false false true"), number(results, "nanos"),
                "tryAcquire(" + TIMEOUT + ") by the thread that holds the lock");
        lock.release();
        assertTrue(tryOnAnotherThread(lock, "[LOCK-03] tryAcquire() after one release()"), "[LOCK-03] the lock was"
                + " still held after one release(): a refused tryAcquire() by its holder counted as an acquire");
        lock.release();
    }

    /**
     * tryAcquire(timeout) on a lock held by another process, or by another thread, returns false no earlier than
     * the timeout, measured by the caller in a child and in the parent.
     * <p>If this fails, check that the timed wait neither returns early nor returns true without acquiring.
     */
    @Clause("LOCK-04")
    @Test
    void lock04_timedTryOnAHeldLockReturnsFalseAfterTheTimeout(MultiprocessingContext mp, Kit kit)
            throws Exception {
        EventLog log = kit.newEventLog();
        SharedLock lock = mp.newLock();
        lock.acquire();
        ChildProcess p = mp.newProcess(LockClauseTests::timedTryInChild, log, lock, TIMEOUT.toMillis());
        try {
            p.start();
            Timed<Boolean> here = timedTry(lock, TIMEOUT, "[LOCK-04] tryAcquire(" + TIMEOUT + ") in another thread");
            assertTimedOut("LOCK-04", TIMEOUT, here.value, here.nanos, "tryAcquire(" + TIMEOUT + ") in another"
                    + " thread of the process that holds the lock");
            String there = kit.awaitValue(log, "timed try ");
            assertTimedOut("LOCK-04", TIMEOUT, !"false".equals(SyncChecks.field(there, "result")),
                    number(there, "nanos"), "tryAcquire(" + TIMEOUT + ") in a child while the parent holds the lock");
            p.join();
            lock.release();
        } finally {
            Children.stop(p);
        }
    }

    /**
     * A negative timeout counts as zero: tryAcquire with -1 ns, -1 s or -200000 days returns false at once on a held
     * lock and true on a free one, which it then holds.
     * <p>If this fails, check that a negative timeout is clamped to zero, not taken as "forever", rejected, or
     * overflowing when converted to nanoseconds.
     */
    @Clause("LOCK-05")
    @Test
    void lock05_negativeTimeoutCountsAsZero(MultiprocessingContext mp) throws Exception {
        SharedLock lock = mp.newLock();
        for (Duration negative : negatives()) {
            lock.acquire();
            Timed<Boolean> held = timedTry(lock, negative, "[LOCK-05] tryAcquire(" + negative + ") on a held lock");
            assertFalse(held.value, "[LOCK-05] tryAcquire(" + negative + ") on a held lock returned true");
            lock.release();
            Timed<Boolean> free = timedTry(lock, negative, "[LOCK-05] tryAcquire(" + negative + ") on a free lock");
            assertTrue(free.value, "[LOCK-05] tryAcquire(" + negative + ") on a free lock returned false; a negative"
                    + " timeout counts as zero, which acquires a free lock");
            assertFalse(tryOnAnotherThread(lock, "[LOCK-05] tryAcquire()"), "[LOCK-05] the lock that"
                    + " tryAcquire(" + negative + ") acquired was not held");
            lock.release();
        }
    }

    /** LOCK-05, SEM-06: negative timeouts, down to one whose nanoseconds overflow a long. */
    static List<Duration> negatives() {
        return List.of(Duration.ofNanos(-1), Duration.ofSeconds(-1), Duration.ofDays(-200_000));
    }

    /**
     * Any process or thread may release a Lock: a child releases the parent's hold, the parent releases the
     * child's, and another thread releases what the test thread acquired; each time the lock is then free.
     * <p>If this fails, check that release() of a Lock does not check who acquired it (a Lock has no owner).
     */
    @Clause("LOCK-06")
    @Test
    void lock06_anyProcessOrThreadMayRelease(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        SharedLock lock = mp.newLock();
        ChildProcess p = mp.newProcess(LockClauseTests::releasesForOthers, log, lock, waitMillis());
        try {
            lock.acquire();
            p.start();
            log.record("kit: parent holds");
            assertEquals("ok", kit.awaitValue(log, "child release="), "[LOCK-06] release() in a child of a lock the"
                    + " parent held");
            assertTrue(tryOnAnotherThread(lock, "[LOCK-06] tryAcquire()"), "[LOCK-06] the lock was still held after"
                    + " a child released it");
            lock.release();
            log.record("kit: parent checked");
            assertEquals("true", kit.awaitValue(log, "child acquired="), "[LOCK-06] the child could not acquire the"
                    + " free lock");
            Throwable t = thrownBy("[LOCK-06] release() in the parent", lock::release);
            assertTrue(t == null, "[LOCK-06] release() in the parent of a lock a child held threw " + t);
            log.record("kit: parent released");
            assertEquals("true", kit.awaitValue(log, "child reacquire="), "[LOCK-06] the lock was still held after"
                    + " the parent released the child's hold");
            p.join();
            assertEquals(0, p.exitCode().orElse(-1), "[LOCK-06] exit code of the child; events: " + log.events());

            lock.acquire();
            Throwable other = thrownBy("[LOCK-06] release() in another thread", lock::release);
            assertTrue(other == null, "[LOCK-06] release() in another thread than the one that acquired threw "
                    + other);
            assertTrue(tryOnAnotherThread(lock, "[LOCK-06] tryAcquire()"), "[LOCK-06] the lock was still held after"
                    + " another thread released it");
            lock.release();
        } finally {
            Children.stop(p);
        }
    }

    /**
     * release() of an unlocked Lock throws IllegalStateException starting with [LOCK-07], in the parent and in a
     * child, and changes nothing: afterwards the lock is free and can be acquired exactly once.
     * <p>If this fails, check that release() refuses when the value is already at its maximum, 1, before it
     * changes anything.
     */
    @Clause("LOCK-07")
    @Test
    void lock07_releasingAnUnlockedLockFailsAndChangesNothing(MultiprocessingContext mp, Kit kit)
            throws Exception {
        EventLog log = kit.newEventLog();
        SharedLock lock = mp.newLock();
        assertRefused("LOCK-07", IllegalStateException.class, thrownBy("[LOCK-07] release()", lock::release),
                "release() of a new lock");
        assertExactlyOnce("LOCK-07", lock, "after a refused release() of a new lock");
        lock.release();
        assertRefused("LOCK-07", IllegalStateException.class, thrownBy("[LOCK-07] release()", lock::release),
                "a second release() after acquire() and release()");
        assertExactlyOnce("LOCK-07", lock, "after a second release()");
        lock.release();

        ChildProcess p = mp.newProcess(args -> ((EventLog) args[0]).record("child release "
                + SyncTargets.outcome(((SharedLock) args[1])::release)), log, lock);
        try {
            p.start();
            String outcome = kit.awaitValue(log, "child release ");
            assertTrue(outcome.startsWith("threw " + IllegalStateException.class.getName() + ": [LOCK-07]"),
                    "[LOCK-07] release() of an unlocked lock in a child: " + outcome + "; expected"
                            + " IllegalStateException starting with [LOCK-07]");
            p.join();
            assertExactlyOnce("LOCK-07", lock, "after a refused release() in a child");
            lock.release();
        } finally {
            Children.stop(p);
        }
    }

    /** Asserts that the free {@code lock} can be acquired once and then not again; leaves it held. */
    static void assertExactlyOnce(String clause, Acquirable lock, String when) throws Exception {
        assertTrue(tryOnAnotherThread(lock, "[" + clause + "] tryAcquire()"), "[" + clause + "] the lock could not"
                + " be acquired " + when);
        assertFalse(tryOnAnotherThread(lock, "[" + clause + "] tryAcquire()"), "[" + clause + "] the lock could be"
                + " acquired twice " + when + ": the refused release() added a permit");
    }

    /**
     * acquired() holds the lock for the block of a try-with-resources and releases it when the block ends,
     * normally or by an exception, in the parent and in a child that throws out of the block; nested acquired()
     * of a recursive lock releases level by level.
     * <p>If this fails, check that acquire() and release() work as for an explicit call; acquired() and
     * {@link Held} are built on them.
     */
    @Clause("LOCK-08")
    @Test
    @SuppressWarnings("try")
    void lock08_acquiredReleasesWhenTheBlockEnds(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        SharedLock lock = mp.newLock();
        try (Held held = lock.acquired()) {
            assertFalse(tryOnAnotherThread(lock, "[LOCK-08] tryAcquire()"), "[LOCK-08] the lock was free inside"
                    + " the try-with-resources block of acquired()");
        }
        assertFreeThenRelease("LOCK-08", lock, "after the block of acquired() ended normally");
        try (Held held = lock.acquired()) {
            throw new IllegalStateException("kit: thrown out of the block");
        } catch (IllegalStateException expected) {
            // the block ended by an exception
        }
        assertFreeThenRelease("LOCK-08", lock, "after the block of acquired() ended by an exception");

        SharedRLock rlock = mp.newRLock();
        try (Held outer = rlock.acquired()) {
            try (Held inner = rlock.acquired()) {
                assertFalse(tryOnAnotherThread(rlock, "[LOCK-08] tryAcquire()"), "[LOCK-08] the recursive lock was"
                        + " free inside two nested blocks of acquired()");
            }
            assertFalse(tryOnAnotherThread(rlock, "[LOCK-08] tryAcquire()"), "[LOCK-08] the recursive lock was free"
                    + " inside the outer block after the inner one ended: it needs one release per acquire");
        }
        assertFreeThenRelease("LOCK-08", rlock, "after two nested blocks of acquired() ended");

        ChildProcess p = mp.newProcess(LockClauseTests::throwsOutOfAcquired, log, lock, waitMillis());
        try {
            p.start();
            kit.awaitEvent(log, "inside");
            assertFalse(tryOnAnotherThread(lock, "[LOCK-08] tryAcquire()"), "[LOCK-08] the lock was free while a"
                    + " child was inside the block of acquired()");
            log.record("kit: checked");
            p.join();
            assertEquals(1, p.exitCode().orElse(-1), "[LOCK-08] exit code of the child that threw out of the block"
                    + " of acquired(); events: " + log.events());
            assertFreeThenRelease("LOCK-08", lock, "after a child threw out of the block of acquired()");
        } finally {
            Children.stop(p);
        }
    }

    /** Asserts that another thread can acquire {@code lock} now, and releases it from there. */
    static void assertFreeThenRelease(String clause, Acquirable lock, String when) throws Exception {
        Boolean free = within(Timeouts.PROMPT, "[" + clause + "] tryAcquire() and release()", () -> {
            boolean r = lock.tryAcquire();
            if (r) {
                lock.release();
            }
            return r;
        }).value;
        assertTrue(free, "[" + clause + "] the lock was held " + when);
    }

    /**
     * A Lock held by a child that returns, throws or is killed stays held: the parent's tryAcquire(timeout) returns
     * false no earlier than the timeout. Any process may release it: the parent's release() then succeeds, and the
     * lock is free.
     * <p>If this fails, check that nothing releases a Lock when its holder dies (CPython has no owner-death
     * recovery), and that a Lock has no owner check on release().
     */
    @Clause("LOCK-09")
    @Test
    void lock09_lockOfADeadHolderStaysHeldAndAnyoneMayRelease(MultiprocessingContext mp, Kit kit)
            throws Exception {
        HolderDeaths deaths = new HolderDeaths(mp, kit, "LOCK-09");
        try {
            for (String ending : HolderDeaths.ENDINGS) {
                deaths.start(ending, mp.newLock());
            }
            for (String ending : HolderDeaths.ENDINGS) {
                Acquirable lock = deaths.awaitDead(ending);
                Timed<Boolean> r = timedTry(lock, TIMEOUT, "[LOCK-09] tryAcquire(" + TIMEOUT + ")");
                assertTimedOut("LOCK-09", TIMEOUT, r.value, r.nanos, "tryAcquire(" + TIMEOUT + ") of a lock held by a"
                        + " child that " + HolderDeaths.describe(ending));
                Throwable t = thrownBy("[LOCK-09] release()", lock::release);
                assertTrue(t == null, "[LOCK-09] release() in the parent of a lock held by a child that "
                        + HolderDeaths.describe(ending) + " threw " + t);
                assertFreeThenRelease("LOCK-09", lock, "after the parent released the lock of a child that "
                        + HolderDeaths.describe(ending));
            }
        } finally {
            deaths.stop();
        }
    }

    /**
     * release() in the parent wakes a child's thread blocked in acquire(), of a Lock and of an RLock: the waiter
     * acquires after the release and within 2 s of it.
     * <p>If this fails, check that release() wakes waiters in other processes (a futex or semaphore shared
     * between processes), not only in its own JVM.
     */
    @Clause("LOCK-10")
    @Test
    void lock10_releaseWakesAWaiterInAnotherProcess(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        SharedLock lock = mp.newLock();
        SharedRLock rlock = mp.newRLock();
        lock.acquire();
        rlock.acquire();
        ChildProcess p = mp.newProcess(SyncTargets::blockedWaiters, log, SETTLE.toMillis(), waitMillis(), lock,
                rlock);
        try {
            p.start();
            kit.awaitEvent(log, "settled");
            assertWakes("LOCK-10", kit, log, 0, lock::release, "Lock");
            assertWakes("LOCK-10", kit, log, 1, rlock::release, "RLock");
            log.record("kit: done");
            p.join();
            assertFalse(log.has("waiter 0 still blocked") || log.has("waiter 1 still blocked"), "[LOCK-10] a waiter"
                    + " was still blocked at the end; events: " + log.events());
        } finally {
            Children.stop(p);
        }
    }

    /**
     * Releases with {@code release} and asserts that the child's waiter {@code n} acquires after it and within
     * {@link #WAKE_UP}.
     */
    static void assertWakes(String clause, Kit kit, EventLog log, int n, Runnable release, String what) {
        assertFalse(log.has("waiter " + n + " acquired"), "[" + clause + "] a child's waiter acquired the " + what
                + " before it was released; events: " + log.events());
        long released = System.nanoTime();
        release.run();
        EventLog.Event acquired = kit.awaitEvent(log, "waiter " + n + " acquired");
        assertTrue(acquired.nanos >= released, "[" + clause + "] the child's waiter acquired the " + what + " "
                + Duration.ofNanos(released - acquired.nanos) + " before the parent released it");
        Duration late = Duration.ofNanos(acquired.nanos - released);
        assertTrue(late.compareTo(WAKE_UP) <= 0, "[" + clause + "] the child's waiter acquired the " + what + " "
                + late + " after the parent released it; expected within " + WAKE_UP);
    }

    /**
     * A thread blocked for 2 s in acquire() or tryAcquire(timeout) of a Lock or an RLock held by the parent sleeps:
     * measured by the waiting thread itself in the child, it uses under 100 ms of CPU and wakes up at most 100
     * times (voluntary context switches), and it is woken by the parent's release().
     * <p>If this fails, check that a waiter sleeps in the kernel (a futex or a semaphore), with at most a short
     * spin, instead of spinning or polling with short sleeps.
     */
    @Clause("LOCK-11")
    @Test
    void lock11_blockedAcquirerSleeps(MultiprocessingContext mp, Kit kit) throws Exception {
        SharedLock lock = mp.newLock();
        SharedRLock rlock = mp.newRLock();
        lock.acquire();
        rlock.acquire();
        assertSleepingWaiters("LOCK-11", mp, kit, new Acquirable[] {lock, rlock}, new String[] {"Lock", "RLock"},
                new Runnable[] {lock::release, rlock::release});
    }

    /**
     * Runs {@link SyncTargets#sleepingWaiters} in one child per primitive, all at once, releases each primitive
     * once its timed waiter has timed out, and checks what the waiters measured.
     */
    static void assertSleepingWaiters(String clause, MultiprocessingContext mp, Kit kit, Acquirable[] on,
            String[] names, Runnable[] release) throws Exception {
        List<ChildProcess> children = new ArrayList<>();
        List<EventLog> logs = new ArrayList<>();
        try {
            for (Acquirable a : on) {
                EventLog log = kit.newEventLog();
                logs.add(log);
                ChildProcess p = mp.newProcess(SyncTargets::sleepingWaiters, log, a, BLOCKED.toMillis(),
                        waitMillis());
                children.add(p);
                p.start();
            }
            boolean wakeupsMeasured = true;
            for (int i = 0; i < on.length; i++) {
                EventLog log = logs.get(i);
                assertEquals("false", kit.awaitValue(log, "A warm-up="), "[" + clause + "] a child's"
                        + " tryAcquire(20 ms) of the " + names[i] + " the parent holds");
                String b = kit.awaitValue(log, "B result=");
                assertTimedOut(clause, BLOCKED, !b.startsWith("false "), b.startsWith("false ") ? number(b, "nanos")
                        : 0, "a child's tryAcquire(" + BLOCKED + ") of the " + names[i] + " the parent holds (" + b
                        + ")");
                release[i].run();
                String a = kit.awaitValue(log, "A result=");
                assertTrue(a.startsWith("acquired "), "[" + clause + "] a child's acquire() of the " + names[i]
                        + " did not acquire after the parent released it: " + a);
                assertTrue(number(a, "nanos") >= BLOCKED.minus(Timeouts.CLOCK_SLACK).toNanos(), "[" + clause + "]"
                        + " a child's acquire() of the " + names[i] + " returned after "
                        + Duration.ofNanos(number(a, "nanos")) + ", before the parent released it");
                for (String waiter : new String[] {"B " + b, "A " + a}) {
                    String what = "a child's thread blocked " + Duration.ofNanos(number(waiter, "nanos")) + " in "
                            + (waiter.startsWith("A") ? "acquire()" : "tryAcquire(" + BLOCKED + ")") + " of a "
                            + names[i];
                    long cpu = number(waiter, "cpu");
                    assertTrue(cpu >= 0, "[" + clause + "] the child could not measure its thread's CPU time");
                    assertTrue(cpu < WAITER_CPU.toNanos(), "[" + clause + "] " + what + " used "
                            + Duration.ofNanos(cpu).toMillis() + " ms of CPU; expected under " + WAITER_CPU.toMillis()
                            + " ms: the waiter spins instead of sleeping");
                    long wakeups = number(waiter, "wakeups");
                    if (wakeups < 0) {
                        wakeupsMeasured = false;
                        continue;
                    }
                    assertTrue(wakeups <= WAITER_WAKEUPS, "[" + clause + "] " + what + " woke up " + wakeups
                            + " times (voluntary context switches); expected at most " + WAITER_WAKEUPS + ": the"
                            + " waiter polls instead of sleeping until it is woken");
                }
            }
            for (ChildProcess p : children) {
                p.join();
            }
            Assumptions.assumeTrue(wakeupsMeasured, "[" + clause + "] " + ThreadCost.STATUS + " is absent on this"
                    + " machine, so the wake-ups of a waiting thread cannot be counted; its CPU time was checked");
        } finally {
            Children.stop(children.toArray(new ChildProcess[0]));
        }
    }

    /**
     * A lock reaches a child as a process argument, as a field of a ChildProcess subclass and captured by the
     * target, and in each case it is the parent's lock there: the child cannot acquire it while the parent holds
     * it, acquires it once the parent released it, holds it against the parent, and frees it for the parent. The
     * same for a recursive lock passed as an argument.
     * <p>If this fails, check that a deserialized lock in a child refers to the same shared state, whatever object
     * graph carried it there.
     */
    @Clause("LOCK-16")
    @Test
    void lock16_aLockPassedToAChildIsTheSameLockThere(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        SharedLock byArgument = mp.newLock();
        SharedLock byField = mp.newLock();
        SharedLock captured = mp.newLock();
        SharedRLock recursive = mp.newRLock();
        long wait = waitMillis();
        List<ChildProcess> children = new ArrayList<>();
        children.add(mp.newProcess(SyncTargets::exchangeTarget, log, byArgument, "argument", wait));
        children.add(new LockField(mp, log, byField, wait));
        children.add(mp.newProcess(args -> SyncTargets.exchange((EventLog) args[0], captured, "captured",
                (Long) args[1]), log, wait));
        children.add(mp.newProcess(SyncTargets::exchangeTarget, log, recursive, "rlock-argument", wait));
        Acquirable[] locks = {byArgument, byField, captured, recursive};
        String[] routes = {"argument", "field", "captured", "rlock-argument"};
        String[] hows = {"as a process argument", "as a field of its ChildProcess subclass", "captured by its"
                + " target", "(a recursive lock) as a process argument"};
        try (SyncChecks.Owner owner = new SyncChecks.Owner("LOCK-16-holder")) {
            for (Acquirable l : locks) {
                owner.acquire(l, "[LOCK-16] acquire()");
            }
            for (ChildProcess p : children) {
                p.start();
            }
            for (int i = 0; i < locks.length; i++) {
                exchangeAsParent("LOCK-16", kit, log, owner, locks[i], routes[i], hows[i]);
            }
            for (ChildProcess p : children) {
                p.join();
                assertEquals(0, p.exitCode().orElse(-1), "[LOCK-16] exit code of a child; events: " + log.events());
            }
        } finally {
            Children.stop(children.toArray(new ChildProcess[0]));
        }
    }

    /**
     * Serializing a Lock or an RLock with a plain ObjectOutputStream, in the parent before and after a child was
     * started with it, and in the child, throws IllegalArgumentException starting with [LOCK-17] and saying that
     * locks are shared through inheritance.
     * <p>If this fails, check that the lock's writeReplace (or writeObject) refuses unless a child is being
     * started, and that starting a child does not leave that permission open.
     */
    @Clause("LOCK-17")
    @Test
    void lock17_serializingALockOtherThanToStartAChildIsRefused(MultiprocessingContext mp, Kit kit)
            throws Exception {
        EventLog log = kit.newEventLog();
        SharedLock lock = mp.newLock();
        SharedRLock rlock = mp.newRLock();
        assertSerializationRefused("LOCK-17", lock, "a Lock");
        assertSerializationRefused("LOCK-17", rlock, "an RLock");
        ChildProcess p = mp.newProcess(args -> {
            EventLog l = (EventLog) args[0];
            l.record("child serializes " + SyncTargets.outcome(() -> serialize(args[1])));
        }, log, lock);
        try {
            p.start();
            String outcome = kit.awaitValue(log, "child serializes ");
            assertTrue(outcome.startsWith("threw " + IllegalArgumentException.class.getName() + ": [LOCK-17]")
                    && outcome.contains("inheritance"), "[LOCK-17] serializing, in a child, the lock it got as an"
                            + " argument: " + outcome + "; expected IllegalArgumentException starting with [LOCK-17]"
                            + " and mentioning inheritance");
            assertSerializationRefused("LOCK-17", lock, "a Lock after a child was started with it");
            p.join();
        } finally {
            Children.stop(p);
        }
    }

    /** Serializes {@code o} with a plain ObjectOutputStream. */
    static void serialize(Object o) throws Exception {
        try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            out.writeObject(o);
        }
    }

    /** Asserts that plain serialization of {@code o} is refused as {@code clause} says. */
    static void assertSerializationRefused(String clause, Object o, String what) throws Exception {
        Throwable t = thrownBy("[" + clause + "] ObjectOutputStream.writeObject", () -> serialize(o));
        assertRefused(clause, IllegalArgumentException.class, t, "ObjectOutputStream.writeObject of " + what);
        assertTrue(t.getMessage().contains("inheritance"), "[" + clause + "] the refusal to serialize " + what
                + " does not say that it is shared through inheritance: " + t.getMessage());
    }

    /**
     * A child thread blocked in acquire() or tryAcquire(timeout) of a held Lock, or acquire() of a held RLock, that
     * is interrupted throws InterruptedException within 2 s, with its interrupt status cleared, and acquires
     * nothing: once the parent releases, the locks are free although the interrupted threads' process lives on.
     * <p>If this fails, check that the wait is interruptible (a futex wait in bounded slices that checks
     * Thread.interrupted() between them) and that an interrupted waiter withdraws from the lock's waiters.
     */
    @Clause("LOCK-18")
    @Test
    void lock18_interruptedWaiterThrowsAndAcquiresNothing(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        SharedLock lock = mp.newLock();
        SharedRLock rlock = mp.newRLock();
        ChildProcess p = mp.newProcess(SyncTargets::interruptedWaiters, log, lock, rlock, SETTLE.toMillis(),
                waitMillis());
        try (SyncChecks.Owner owner = new SyncChecks.Owner("LOCK-18-holder")) {
            lock.acquire();
            owner.acquire(rlock, "[LOCK-18] acquire() of the RLock");
            p.start();
            String[] calls = {"acquire() of a Lock", "tryAcquire(" + Timeouts.MUST_HAPPEN + ") of a Lock",
                    "acquire() of an RLock"};
            for (int i = 0; i < calls.length; i++) {
                String got = kit.awaitValue(log, "W" + i + " got ");
                assertTrue(got.startsWith("interrupted "), "[LOCK-18] a child's thread blocked in " + calls[i]
                        + " was interrupted and then " + got + "; expected InterruptedException");
                assertEquals("false", SyncChecks.field(got, "status"), "[LOCK-18] interrupt status of a thread"
                        + " whose " + calls[i] + " threw InterruptedException");
                Duration after = Duration.ofNanos(number(got, "after"));
                assertTrue(after.compareTo(INTERRUPT_BOUND) <= 0, "[LOCK-18] " + calls[i] + " threw"
                        + " InterruptedException " + after + " after the interrupt; expected within "
                        + INTERRUPT_BOUND);
            }
            lock.release();
            owner.release(rlock, "[LOCK-18] release() of the RLock");
            assertFreeThenRelease("LOCK-18", lock, "after the parent released it, while the child whose waiters"
                    + " were interrupted still runs: an interrupted waiter acquired it");
            assertFreeThenRelease("LOCK-18", rlock, "after the parent released it, while the child whose waiter"
                    + " was interrupted still runs: the interrupted waiter acquired it");
            log.record("kit: done");
            p.join();
            assertEquals(0, p.exitCode().orElse(-1), "[LOCK-18] exit code of the child; events: " + log.events());
        } finally {
            Children.stop(p);
        }
    }

    /**
     * toString() of a Lock held by a child names the holder: its pid or its process name.
     * <p>If this fails, check that the lock records who acquired it in its shared state, as CPython's repr
     * {@code <Lock(owner=Process-1)>} does.
     */
    @Clause("LOCK-19")
    @Test
    void lock19_toStringNamesTheHolder(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        SharedLock lock = mp.newLock();
        ChildProcess p = mp.newProcess(SyncTargets::holdThenEnd, log, lock, "kill", Timeouts.LONG_SLEEP.toMillis());
        try {
            p.start();
            kit.awaitEvent(log, "acquired");
            String s = lock.toString();
            long pid = p.pid().orElseThrow();
            assertTrue(s.contains(Long.toString(pid)) || s.contains(p.name()), "[LOCK-19] toString() of a lock held"
                    + " by the child " + p.name() + " (pid " + pid + ") does not name it: " + s);
        } finally {
            Children.stop(p);
        }
    }

    // ------------------------------------------------------------------------------------------ child targets

    /** LOCK-04: tryAcquire({@code args[2]} ms) of a held lock, measured here: "timed try result=… nanos=…". */
    static void timedTryInChild(Object... args) throws Exception {
        Acquirable a = (Acquirable) args[1];
        long t0 = System.nanoTime();
        boolean r = a.tryAcquire(Duration.ofMillis((Long) args[2]));
        ((EventLog) args[0]).record("timed try result=" + r + " nanos=" + (System.nanoTime() - t0));
    }

    /** LOCK-06: releases the parent's hold, acquires, and has its own hold released by the parent. */
    static void releasesForOthers(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        SharedLock lock = (SharedLock) args[1];
        long wait = (Long) args[2];
        SyncTargets.awaitKit(log, "kit: parent holds", wait);
        log.record("child release=" + SyncTargets.outcome(lock::release));
        SyncTargets.awaitKit(log, "kit: parent checked", wait);
        log.record("child acquired=" + lock.tryAcquire(Duration.ofMillis(wait)));
        SyncTargets.awaitKit(log, "kit: parent released", wait);
        boolean again = lock.tryAcquire();
        log.record("child reacquire=" + again);
        if (again) {
            lock.release();
        }
    }

    /** LOCK-08: records "inside" in the block of acquired(), waits for "kit: checked", and throws out of it. */
    @SuppressWarnings("try")
    static void throwsOutOfAcquired(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        try (Held held = ((SharedLock) args[1]).acquired()) {
            log.record("inside");
            SyncTargets.awaitKit(log, "kit: checked", (Long) args[2]);
            throw new IllegalStateException("kit: this child throws out of the block of acquired(), as the test"
                    + " wants");
        }
    }

    /** LOCK-16: a child that gets its lock as a field of its ChildProcess subclass. */
    static final class LockField extends ChildProcess {
        private static final long serialVersionUID = 1L;

        private final EventLog log;
        private final SharedLock lock;
        private final long wait;

        LockField(MultiprocessingContext mp, EventLog log, SharedLock lock, long wait) {
            super(mp);
            this.log = log;
            this.lock = lock;
            this.wait = wait;
        }

        @Override
        public void run() throws Exception {
            SyncTargets.exchange(log, lock, "field", wait);
        }
    }
}
