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
import dev.mpkit.tck.support.ChildWork;
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
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A lock shared between processes, Python's {@code multiprocessing.Lock}: LOCK-02 to LOCK-11 and LOCK-16 to
 * LOCK-19. LOCK-01 is a property ({@link SyncPropertyClauseTests}); the recursive lock's own clauses are in
 * {@link RLockClauseTests}.
 */
@ClauseTests
class LockClauseTests {

    /** LOCK-04, SEM-06: the timeout of a tryAcquire(timeout) that must run out. */
    static final Duration TIMEOUT = TimeScale.millis(300);
    /** LOCK-03: the timeout of the holder's own tryAcquire(timeout). */
    static final Duration HOLDER_TIMEOUT = TimeScale.millis(200);
    /** LOCK-09, LOCK-15, SEM-15: the timeout of a tryAcquire(timeout) after the holder died. */
    static final Duration DEAD_TIMEOUT = TimeScale.millis(200);
    /** LOCK-03, LOCK-05, SEM-03, SEM-06: what "without waiting" may take at most. */
    static final Duration AT_ONCE = TimeScale.millis(500);
    /** LOCK-10, LOCK-18, SEM-07: how long a child's waiters block before the test acts on them (their workload). */
    static final Duration SETTLE = TimeScale.millis(200);
    /** LOCK-10, SEM-07: how soon after release() a waiter in another process must have acquired. */
    static final Duration WAKE_UP = TimeScale.seconds(1);
    /** LOCK-11, SEM-12: how long the measured waiter blocks. */
    static final Duration BLOCKED = TimeScale.seconds(2);
    /** LOCK-11, SEM-12: the CPU a waiter may use while blocked for {@link #BLOCKED}. */
    static final Duration WAITER_CPU = TimeScale.millis(100);
    /** LOCK-11, SEM-12: how often a waiter may wake up while blocked for {@link #BLOCKED}. */
    static final long WAITER_WAKEUPS = Math.round(100 * TimeScale.factor());
    /** LOCK-18: how soon an interrupted waiter must throw. */
    static final Duration INTERRUPT_BOUND = TimeScale.seconds(1);
    /** LOCK-07, SEM-09: rounds of two racing release() calls. */
    static final int RACES = 100;

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
     * A held Lock is not recursive: its holder's tryAcquire() and tryAcquire(ZERO) return false within 500 ms, and
     * its tryAcquire(200 ms) returns false no earlier than 200 ms. None of them counts: one release() frees the lock.
     * <p>If this fails, check that the lock is a plain binary semaphore with no owner and no hold count.
     */
    @Clause("LOCK-03")
    @Test
    void lock03_heldLockRefusesItsHolderToo(MultiprocessingContext mp) throws Exception {
        SharedLock lock = mp.newLock();
        try (SyncChecks.Owner holder = new SyncChecks.Owner("LOCK-03-holder")) {
            holder.acquire(lock, "[LOCK-03] acquire() of a free lock");
            for (Duration timeout : new Duration[] {null, Duration.ZERO}) {
                String call = timeout == null ? "tryAcquire()" : "tryAcquire(ZERO)";
                long[] r = holder.call("[LOCK-03] " + call + " by the holder", () -> {
                    long t0 = System.nanoTime();
                    boolean got = timeout == null ? lock.tryAcquire() : lock.tryAcquire(timeout);
                    return new long[] {got ? 1 : 0, System.nanoTime() - t0};
                });
                assertEquals(0, r[0], "[LOCK-03] " + call + " by the thread that holds the lock returned true");
                assertTrue(r[1] <= AT_ONCE.toNanos(), "[LOCK-03] " + call + " by the holder took "
                        + Duration.ofNanos(r[1]) + "; expected at most " + AT_ONCE);
            }
            long[] timed = holder.call("[LOCK-03] tryAcquire(" + HOLDER_TIMEOUT + ") by the holder", () -> {
                long t0 = System.nanoTime();
                boolean got = lock.tryAcquire(HOLDER_TIMEOUT);
                return new long[] {got ? 1 : 0, System.nanoTime() - t0};
            });
            assertTimedOut("LOCK-03", HOLDER_TIMEOUT, timed[0] == 1, timed[1], "tryAcquire(" + HOLDER_TIMEOUT + ") by"
                    + " the thread that holds the lock");
            holder.release(lock, "[LOCK-03] release()");
            assertFreeThenRelease("LOCK-03", lock, "after one release(): a refused acquire by its holder counted");
        }
    }

    /**
     * tryAcquire(300 ms) of a Lock or an RLock that a child holds, in the parent, and of a Lock that the parent
     * holds, in another thread of the parent and in a child, returns false no earlier than 300 ms, as the caller
     * measures it, and less than 2 s later.
     * <p>If this fails, check that the timed wait neither returns early, nor late, nor true without acquiring.
     */
    @Clause("LOCK-04")
    @Test
    void lock04_timedTryOnAHeldLockReturnsFalseAfterTheTimeout(MultiprocessingContext mp, Kit kit)
            throws Exception {
        EventLog holds = kit.newEventLog();
        EventLog tries = kit.newEventLog();
        SharedLock inChild = mp.newLock();
        SharedRLock rlockInChild = mp.newRLock();
        SharedLock inParent = mp.newLock();
        inParent.acquire();
        ChildProcess holder = mp.newProcess(SyncTargets::holdUntilKilled, holds, Timeouts.LONG_SLEEP.toMillis(),
                inChild, rlockInChild);
        ChildProcess trier = mp.newProcess(LockClauseTests::timedTryInChild, tries, inParent, TIMEOUT.toMillis());
        try {
            holder.start();
            trier.start();
            kit.awaitEvent(holds, "acquired");
            List<Timed<Boolean>> r = SyncChecks.timedTries(List.of(inChild, rlockInChild, inParent), TIMEOUT,
                    "[LOCK-04] tryAcquire(" + TIMEOUT + ")");
            String[] what = {"a Lock that a child holds", "an RLock that a child holds", "a Lock that another thread"
                    + " of the process holds"};
            for (int i = 0; i < what.length; i++) {
                assertTimedOut("LOCK-04", TIMEOUT, r.get(i).value, r.get(i).nanos, "tryAcquire(" + TIMEOUT + ") of "
                        + what[i]);
            }
            String there = kit.awaitValue(tries, "timed try ");
            assertTimedOut("LOCK-04", TIMEOUT, !"false".equals(SyncChecks.field(there, "result")),
                    number(there, "nanos"), "tryAcquire(" + TIMEOUT + ") in a child of a Lock that the parent holds");
            trier.join();
            inParent.release();
        } finally {
            Children.stop(holder, trier);
        }
    }

    /**
     * A negative timeout counts as zero: tryAcquire with -1 ns, -1 s or -200000 days returns, within 500 ms, false
     * on a Lock another thread holds and true on a free one, which it then holds; on an RLock, true for its owner
     * (one more hold) and false for another thread.
     * <p>If this fails, check that a negative timeout is clamped to zero, not taken as "forever", rejected, or
     * overflowing when converted to nanoseconds.
     */
    @Clause("LOCK-05")
    @Test
    void lock05_negativeTimeoutCountsAsZero(MultiprocessingContext mp) throws Exception {
        SharedLock lock = mp.newLock();
        SharedRLock rlock = mp.newRLock();
        try (SyncChecks.Owner owner = new SyncChecks.Owner("LOCK-05-owner")) {
            for (Duration negative : negatives()) {
                String call = "tryAcquire(" + negative + ")";
                lock.acquire();
                Timed<Boolean> held = timedTry(lock, negative, "[LOCK-05] " + call + " on a held Lock");
                assertFalse(held.value, "[LOCK-05] " + call + " on a Lock another thread holds returned true");
                assertAtOnce("LOCK-05", held, call + " on a held Lock");
                lock.release();
                Timed<Boolean> free = timedTry(lock, negative, "[LOCK-05] " + call + " on a free Lock");
                assertTrue(free.value, "[LOCK-05] " + call + " on a free Lock returned false; a negative timeout"
                        + " counts as zero, which acquires a free lock");
                assertAtOnce("LOCK-05", free, call + " on a free Lock");
                assertFalse(tryOnAnotherThread(lock, "[LOCK-05] tryAcquire()"), "[LOCK-05] the Lock that " + call
                        + " acquired was not held");
                lock.release();

                owner.acquire(rlock, "[LOCK-05] acquire() of a free RLock");
                assertTrue(owner.call("[LOCK-05] " + call + " by the owner", () -> rlock.tryAcquire(negative)),
                        "[LOCK-05] " + call + " of an RLock by its owner returned false");
                Timed<Boolean> other = timedTry(rlock, negative, "[LOCK-05] " + call + " of an owned RLock");
                assertFalse(other.value, "[LOCK-05] " + call + " of an RLock that another thread owns returned true");
                assertAtOnce("LOCK-05", other, call + " of an RLock that another thread owns");
                owner.release(rlock, "[LOCK-05] release()");
                owner.release(rlock, "[LOCK-05] release()");
                assertFreeThenRelease("LOCK-05", rlock, "after its owner released it as often as it acquired it,"
                        + " counting the hold that " + call + " added");
            }
        }
    }

    /** Asserts that a call took at most {@link #AT_ONCE}. */
    static void assertAtOnce(String clause, Timed<?> call, String what) {
        assertTrue(call.nanos <= AT_ONCE.toNanos(), "[" + clause + "] " + what + " took " + Duration.ofNanos(
                call.nanos) + "; expected no wait (at most " + AT_ONCE + ")");
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
     * child, and changes nothing: afterwards the lock is free and can be acquired exactly once. Of two release()
     * calls racing on a held lock, 100 times, exactly one succeeds each time.
     * <p>If this fails, check that release() refuses when the value is already at its maximum, 1, and that the check
     * and the increment are one atomic step (a CAS loop), not a read followed by a post.
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
                + ChildWork.outcome(((SharedLock) args[1])::release)), log, lock);
        try {
            p.start();
            String outcome = kit.awaitValue(log, "child release ");
            assertTrue(outcome.startsWith("threw " + IllegalStateException.class.getName() + ": [LOCK-07]"),
                    "[LOCK-07] release() of an unlocked lock in a child: " + outcome + "; expected"
                            + " IllegalStateException starting with [LOCK-07]");
            p.join();
            assertExactlyOnce("LOCK-07", lock, "after a refused release() in a child");
            lock.release();
            SyncChecks.assertRacingReleasesAdmitOne("LOCK-07", "LOCK-07", lock, RACES);
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
     * normally or by an exception, in the parent and in a child that throws out of the block; a second close()
     * releases nothing; nested acquired() of a recursive lock releases level by level.
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
        Held twice = lock.acquired();
        twice.close();
        assertTrue(tryOnAnotherThread(lock, "[LOCK-08] tryAcquire()"), "[LOCK-08] the lock was held after close()");
        twice.close();
        assertFalse(tryOnAnotherThread(lock, "[LOCK-08] tryAcquire()"), "[LOCK-08] a second close() of the same"
                + " Held released the lock that another thread had acquired since");
        lock.release();

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
     * A Lock held by a child that returns, throws, calls System.exit or Runtime.halt, or is terminated or killed stays
     * held: once the child is gone, the parent's tryAcquire(200 ms) returns false no earlier than 200 ms. Any process
     * may release it: the parent's release() then succeeds, and the lock is free.
     * <p>If this fails, check that nothing releases a Lock when its holder dies (CPython has no owner-death
     * recovery: no shutdown hook, no cleaner), and that a Lock has no owner check on release().
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
            Map<String, Timed<Boolean>> tries = deaths.awaitAllDeadThenTry(DEAD_TIMEOUT);
            for (String ending : HolderDeaths.ENDINGS) {
                String who = "a Lock held by a child that " + HolderDeaths.describe(ending);
                Timed<Boolean> r = tries.get(ending);
                assertTimedOut("LOCK-09", DEAD_TIMEOUT, r.value, r.nanos, "tryAcquire(" + DEAD_TIMEOUT + ") of " + who);
                Acquirable lock = deaths.held(ending);
                Throwable t = thrownBy("[LOCK-09] release()", lock::release);
                assertTrue(t == null, "[LOCK-09] release() in the parent of " + who + " threw " + t);
                assertFreeThenRelease("LOCK-09", lock, "after the parent released " + who);
            }
        } finally {
            deaths.stop();
        }
    }

    /**
     * release() in the parent wakes a child's thread blocked in acquire() or tryAcquire(timeout) of a Lock or an
     * RLock: each waiter, still blocked after 200 ms, acquires after its release and within 1 s of it.
     * <p>If this fails, check that release() wakes waiters in other processes (a futex or semaphore shared
     * between processes), not only in its own JVM, and not on a timer.
     */
    @Clause("LOCK-10")
    @Test
    void lock10_releaseWakesAWaiterInAnotherProcess(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        Acquirable[] locks = {mp.newLock(), mp.newRLock(), mp.newLock(), mp.newRLock()};
        String[] what = {"Lock (acquire())", "RLock (acquire())", "Lock (tryAcquire(timeout))",
                "RLock (tryAcquire(timeout))"};
        for (Acquirable l : locks) {
            l.acquire();
        }
        ChildProcess p = mp.newProcess(SyncTargets::blockedWaiters, log, "w", SETTLE.toMillis(), waitMillis(),
                "aatt", locks[0], locks[1], locks[2], locks[3]);
        try {
            p.start();
            kit.awaitEvent(log, "w settled");
            for (int i = 0; i < locks.length; i++) {
                assertWakes("LOCK-10", kit, log, "w" + i, locks[i]::release, what[i]);
            }
            log.record("kit: done");
            p.join();
            assertEquals(0, p.exitCode().orElse(-1), "[LOCK-10] exit code of the child; events: " + log.events());
        } finally {
            Children.stop(p);
        }
    }

    /**
     * Releases with {@code release} and asserts that the child's waiter {@code waiter} acquires after it and within
     * {@link #WAKE_UP}.
     */
    static void assertWakes(String clause, Kit kit, EventLog log, String waiter, Runnable release, String what) {
        assertTrue(log.startingWith(waiter + " ").size() == 1, "[" + clause + "] the child's waiter on a " + what
                + " returned before it was released; events: " + log.events());
        long released = System.nanoTime();
        release.run();
        EventLog.Event acquired = kit.awaitEvent(log, waiter + " acquired");
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
                        + " tryAcquire(10 ms) of the " + names[i] + " the parent holds");
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
                            + " ms: the waiter spins instead of sleeping in the kernel");
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
     * same for a recursive lock passed as an argument, and for a lock that a child passes on to a grandchild.
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
        SharedLock byGrandchild = mp.newLock();
        long wait = waitMillis();
        List<ChildProcess> children = new ArrayList<>();
        children.add(mp.newProcess(SyncTargets::exchangeTarget, log, byArgument, "argument", wait));
        children.add(new LockField(mp, log, byField, wait));
        children.add(mp.newProcess(args -> SyncTargets.exchange((EventLog) args[0], captured, "captured",
                (Long) args[1]), log, wait));
        children.add(mp.newProcess(SyncTargets::exchangeTarget, log, recursive, "rlock-argument", wait));
        children.add(mp.newProcess(LockClauseTests::passesOn, log, byGrandchild, "grandchild", wait));
        Acquirable[] locks = {byArgument, byField, captured, recursive, byGrandchild};
        String[] routes = {"argument", "field", "captured", "rlock-argument", "grandchild"};
        String[] hows = {"as a process argument", "as a field of its ChildProcess subclass", "captured by its"
                + " target", "(a recursive lock) as a process argument", "from its parent, a child that got it as a"
                + " process argument"};
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
            l.record("child serializes " + ChildWork.outcome(() -> serialize(args[1])));
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
     * A child thread blocked in acquire(), tryAcquire(timeout) or acquired() of a held Lock, or acquire() of a held
     * RLock, that is interrupted 200 ms after it started to wait throws InterruptedException within 1 s of the
     * interrupt, with its interrupt status cleared, and acquires nothing: once the parent releases, the locks are
     * free although the interrupted threads' process lives on.
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
                    "acquire() of an RLock", "acquired() of a Lock"};
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
     * A thread whose interrupt status is set when it calls acquire(), tryAcquire(timeout) or acquired() of a free
     * Lock or RLock gets InterruptedException at once, with the status cleared, and the lock stays free.
     * <p>If this fails, check that the blocking acquire methods test Thread.interrupted() on entry, before the
     * fast path.
     */
    @Clause("LOCK-18")
    @Test
    void lock18_interruptStatusSetOnEntryThrowsEvenOnAFreeLock(MultiprocessingContext mp) throws Exception {
        for (Acquirable lock : new Acquirable[] {mp.newLock(), mp.newRLock()}) {
            String kind = lock instanceof SharedRLock ? "RLock" : "Lock";
            for (String call : new String[] {"acquire()", "tryAcquire(timeout)", "acquired()"}) {
                String outcome = within(AT_ONCE.plus(Timeouts.PROMPT), "[LOCK-18] " + call + " with the interrupt"
                        + " status set", () -> {
                            Thread.currentThread().interrupt();
                            try {
                                if (call.equals("acquire()")) {
                                    lock.acquire();
                                } else if (call.equals("acquired()")) {
                                    lock.acquired();
                                } else if (!lock.tryAcquire(Timeouts.MUST_HAPPEN)) {
                                    return "returned false";
                                }
                                lock.release();
                                return "acquired";
                            } catch (InterruptedException e) {
                                return "interrupted status=" + Thread.currentThread().isInterrupted();
                            }
                        }).value;
                assertEquals("interrupted status=false", outcome, "[LOCK-18] outcome of " + call + " of a free " + kind
                        + " called with the interrupt status set");
                assertFreeThenRelease("LOCK-18", lock, "after " + call + " with the interrupt status set threw");
            }
        }
    }

    /**
     * toString() of a free Lock or RLock says None; of a Lock held by a child, and of an RLock a child holds twice,
     * it names the child, by pid or process name, and the RLock's shows the count 2, or "nonzero" where the provider
     * does not know it in this process.
     * <p>If this fails, check that the lock records who acquired it in its shared state, as CPython's repr
     * {@code <Lock(owner=Process-1)>} does.
     */
    @Clause("LOCK-19")
    @Test
    void lock19_toStringNamesTheHolder(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        SharedLock lock = mp.newLock();
        SharedRLock rlock = mp.newRLock();
        assertTrue(lock.toString().contains("None"), "[LOCK-19] toString() of a free Lock does not say None: " + lock);
        assertTrue(rlock.toString().contains("None"), "[LOCK-19] toString() of a free RLock does not say None: "
                + rlock);
        ChildProcess p = mp.newProcess(SyncTargets::holdUntilKilled, log, Timeouts.LONG_SLEEP.toMillis(), lock,
                rlock, rlock);
        try {
            p.start();
            kit.awaitEvent(log, "acquired");
            long pid = p.pid().orElseThrow();
            for (Object l : new Object[] {lock, rlock}) {
                String s = l.toString();
                assertTrue(s.contains(Long.toString(pid)) || s.contains(p.name()), "[LOCK-19] toString() of a lock"
                        + " held by the child " + p.name() + " (pid " + pid + ") does not name it: " + s);
            }
            String r = rlock.toString();
            assertTrue(SemaphoreClauseTests.showsNumber(r, 2) || r.contains("nonzero"), "[LOCK-19] toString() of an"
                    + " RLock that a child holds twice shows neither the count 2 nor nonzero: " + r);
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
        ChildWork.awaitKit(log, "kit: parent holds", wait);
        log.record("child release=" + ChildWork.outcome(lock::release));
        ChildWork.awaitKit(log, "kit: parent checked", wait);
        log.record("child acquired=" + lock.tryAcquire(Duration.ofMillis(wait)));
        ChildWork.awaitKit(log, "kit: parent released", wait);
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
            ChildWork.awaitKit(log, "kit: checked", (Long) args[2]);
            throw new IllegalStateException("kit: this child throws out of the block of acquired(), as the test"
                    + " wants");
        }
    }

    /** LOCK-16: starts a grandchild that runs {@link SyncTargets#exchange} on the lock this child got, and joins it. */
    static void passesOn(Object... args) throws Exception {
        ChildProcess grandchild = dev.mpkit.Multiprocessing.context().newProcess(SyncTargets::exchangeTarget, args);
        grandchild.start();
        grandchild.join();
        ((EventLog) args[0]).record("grandchild exit code " + grandchild.exitCode().orElse(-1));
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
