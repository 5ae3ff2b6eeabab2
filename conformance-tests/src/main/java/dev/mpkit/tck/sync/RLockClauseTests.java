package dev.mpkit.tck.sync;

import static dev.mpkit.tck.sync.SyncChecks.assertRefused;
import static dev.mpkit.tck.sync.SyncChecks.assertTimedOut;
import static dev.mpkit.tck.sync.SyncChecks.timedTry;
import static dev.mpkit.tck.sync.SyncChecks.tryOnAnotherThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.Acquirable;
import dev.mpkit.ChildProcess;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.SharedRLock;
import dev.mpkit.tck.support.ChildWork;
import dev.mpkit.tck.support.Children;
import dev.mpkit.tck.support.Clause;
import dev.mpkit.tck.support.ClauseTests;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.Kit;
import dev.mpkit.tck.support.Timed;
import dev.mpkit.tck.support.Timeouts;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A recursive lock shared between processes, Python's {@code multiprocessing.RLock}: LOCK-12 to LOCK-15. The
 * clauses it shares with the Lock (timeouts, waking, interrupts, passing to a child) are in
 * {@link LockClauseTests}. Every call that must come from the owner runs on one {@link SyncChecks.Owner} thread.
 */
@ClauseTests
class RLockClauseTests {

    private static long waitMillis() {
        return Timeouts.MUST_HAPPEN.toMillis();
    }

    /**
     * An RLock is recursive per (process, thread): its owner acquires it three times at once (acquire(),
     * tryAcquire(), tryAcquire(timeout)), and it stays held against another thread and a child until the third
     * release(); then both can acquire it.
     * <p>If this fails, check that the owner is the pair (pid, thread) kept in the lock's shared state, and that
     * release() frees the lock only when the hold count reaches zero.
     */
    @Clause("LOCK-12")
    @Test
    void lock12_rlockIsRecursivePerThreadAndNeedsOneReleasePerAcquire(MultiprocessingContext mp, Kit kit)
            throws Exception {
        EventLog log = kit.newEventLog();
        SharedRLock lock = mp.newRLock();
        ChildProcess p = mp.newProcess(RLockClauseTests::probesOnRequest, log, lock, 4, waitMillis());
        try (SyncChecks.Owner owner = new SyncChecks.Owner("LOCK-12-owner");
                SyncChecks.Owner other = new SyncChecks.Owner("LOCK-12-other")) {
            p.start();
            owner.acquire(lock, "[LOCK-12] acquire() of a free RLock");
            assertTrue(owner.tryAcquire(lock, "[LOCK-12] tryAcquire() by the owner"), "[LOCK-12] the owner's"
                    + " tryAcquire() of an RLock it holds once returned false");
            assertTrue(owner.call("[LOCK-12] tryAcquire(timeout) by the owner", () -> lock.tryAcquire(
                    LockClauseTests.TIMEOUT)), "[LOCK-12] the owner's tryAcquire(timeout) of an RLock it holds twice"
                            + " returned false");
            for (int held = 3; held >= 1; held--) {
                int probe = 4 - held;
                assertFalse(other.tryAcquire(lock, "[LOCK-12] tryAcquire() in another thread"), "[LOCK-12]"
                        + " another thread of the owner's process acquired the RLock that the owner holds " + held
                        + " time(s)");
                log.record("kit: probe " + probe);
                assertEquals("false", kit.awaitValue(log, "probe " + probe + "="), "[LOCK-12] a child acquired the"
                        + " RLock that the parent's thread holds " + held + " time(s)");
                owner.release(lock, "[LOCK-12] release() by the owner");
            }
            assertTrue(other.tryAcquire(lock, "[LOCK-12] tryAcquire() in another thread"), "[LOCK-12] the RLock"
                    + " was still held after as many release() calls as acquires");
            other.release(lock, "[LOCK-12] release()");
            log.record("kit: probe 4");
            assertEquals("true", kit.awaitValue(log, "probe 4="), "[LOCK-12] a child could not acquire the RLock"
                    + " after its owner released it as often as it acquired it");
            p.join();
            assertEquals(0, p.exitCode().orElse(-1), "[LOCK-12] exit code of the child; events: " + log.events());
        } finally {
            Children.stop(p);
        }
    }

    /**
     * The main threads of two child processes are different owners: while one child's main thread owns an RLock,
     * the other child's main thread can neither acquire it nor release it (IllegalStateException, [LOCK-13]), and
     * it acquires it once the owner released it.
     * <p>If this fails, check that the owner is the pair (pid, thread), not the thread id alone, which is the same
     * in every JVM for its main thread.
     */
    @Clause("LOCK-12")
    @Test
    void lock12_mainThreadsOfTwoProcessesAreDifferentOwners(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        SharedRLock lock = mp.newRLock();
        long wait = waitMillis();
        ChildProcess owner = mp.newProcess(RLockClauseTests::ownsUntilReleased, log, lock, wait);
        ChildProcess other = mp.newProcess(RLockClauseTests::triesWhileOwned, log, lock, wait);
        try {
            owner.start();
            kit.awaitValue(log, "owner owns");
            other.start();
            assertEquals("false", kit.awaitValue(log, "other try="), "[LOCK-12] tryAcquire() in a child's main"
                    + " thread while another child's main thread owns the RLock");
            String release = kit.awaitValue(log, "other release ");
            assertTrue(release.startsWith("threw " + IllegalStateException.class.getName() + ": [LOCK-13]"),
                    "[LOCK-12] release() in a child's main thread of an RLock that another child's main thread owns: "
                            + release + "; expected IllegalStateException starting with [LOCK-13]");
            log.record("kit: owner may release");
            assertEquals("true", kit.awaitValue(log, "other acquired="), "[LOCK-12] a child's main thread could not"
                    + " acquire the RLock after another child's main thread released it");
            owner.join();
            other.join();
            assertEquals(0, owner.exitCode().orElse(-1), "[LOCK-12] exit code of the owner; events: " + log.events());
            assertEquals(0, other.exitCode().orElse(-1), "[LOCK-12] exit code of the other child; events: "
                    + log.events());
        } finally {
            Children.stop(owner, other);
        }
    }

    /**
     * release() of an RLock that nobody owns, from a thread that does not own it, and from a child while the
     * parent owns it, throws IllegalStateException starting with [LOCK-13] and changes nothing: a free lock stays
     * free, and an owner that acquired twice still needs exactly two release() calls.
     * <p>If this fails, check that release() compares the caller's (pid, thread) with the owner kept in the shared
     * state before it changes anything.
     */
    @Clause("LOCK-13")
    @Test
    void lock13_releaseByANonOwnerFailsAndChangesNothing(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        SharedRLock lock = mp.newRLock();
        ChildProcess p = mp.newProcess(RLockClauseTests::releasesNotOwned, log, lock, waitMillis());
        try (SyncChecks.Owner owner = new SyncChecks.Owner("LOCK-13-owner");
                SyncChecks.Owner other = new SyncChecks.Owner("LOCK-13-other")) {
            assertRefused("LOCK-13", IllegalStateException.class, other.thrownBy("[LOCK-13] release()",
                    lock::release), "release() of an RLock that nobody owns");
            assertTrue(owner.tryAcquire(lock, "[LOCK-13] tryAcquire()"), "[LOCK-13] an RLock could not be acquired"
                    + " after a refused release() while nobody owned it");
            assertTrue(owner.tryAcquire(lock, "[LOCK-13] tryAcquire()"), "[LOCK-13] the owner could not acquire its"
                    + " RLock a second time");
            assertRefused("LOCK-13", IllegalStateException.class, other.thrownBy("[LOCK-13] release()",
                    lock::release), "release() of an RLock by a thread that does not own it");
            assertFalse(other.tryAcquire(lock, "[LOCK-13] tryAcquire()"), "[LOCK-13] another thread acquired an"
                    + " RLock after a refused release() by a non-owner");
            p.start();
            log.record("kit: parent owns");
            String outcome = kit.awaitValue(log, "child release ");
            assertTrue(outcome.startsWith("threw " + IllegalStateException.class.getName() + ": [LOCK-13]"),
                    "[LOCK-13] release() in a child of an RLock the parent owns: " + outcome + "; expected"
                            + " IllegalStateException starting with [LOCK-13]");
            assertEquals("false", kit.awaitValue(log, "child try after release="), "[LOCK-13] a child acquired the"
                    + " RLock that the parent owns after its own release() was refused");
            owner.release(lock, "[LOCK-13] release() by the owner");
            assertFalse(other.tryAcquire(lock, "[LOCK-13] tryAcquire()"), "[LOCK-13] the RLock was free after one"
                    + " of the two release() calls its owner needs: a refused release() changed its count");
            owner.release(lock, "[LOCK-13] release() by the owner");
            assertTrue(other.tryAcquire(lock, "[LOCK-13] tryAcquire()"), "[LOCK-13] the RLock was still held after"
                    + " its owner released it twice, as often as it acquired it: a refused release() changed its"
                    + " count");
            other.release(lock, "[LOCK-13] release()");
            assertRefused("LOCK-13", IllegalStateException.class, owner.thrownBy("[LOCK-13] release()",
                    lock::release), "a release() more than the owner acquired");
            p.join();
            assertEquals(0, p.exitCode().orElse(-1), "[LOCK-13] exit code of the child; events: " + log.events());
        } finally {
            Children.stop(p);
        }
    }

    /**
     * isHeldByCurrentThread() and holdCount() tell the current thread of the current process whether and how often
     * it holds the lock: true and 1, 2 for its owner; false and 0 for another thread, for a child while the parent
     * owns it, and for the parent while a child owns it; the child owner sees true and 1.
     * <p>If this fails, check that both read the owner (pid, thread) and the count from the shared state and
     * compare the owner with the caller.
     */
    @Clause("LOCK-14")
    @Test
    void lock14_ownershipIsVisible(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        SharedRLock lock = mp.newRLock();
        ChildProcess p = mp.newProcess(RLockClauseTests::reportsOwnership, log, lock, waitMillis());
        try (SyncChecks.Owner owner = new SyncChecks.Owner("LOCK-14-owner");
                SyncChecks.Owner other = new SyncChecks.Owner("LOCK-14-other")) {
            assertEquals("false 0", ownership(owner, lock), "[LOCK-14] isHeldByCurrentThread() and holdCount() of"
                    + " a new RLock");
            owner.acquire(lock, "[LOCK-14] acquire()");
            assertEquals("true 1", ownership(owner, lock), "[LOCK-14] isHeldByCurrentThread() and holdCount() of"
                    + " the owner after one acquire()");
            owner.acquire(lock, "[LOCK-14] acquire()");
            assertEquals("true 2", ownership(owner, lock), "[LOCK-14] isHeldByCurrentThread() and holdCount() of"
                    + " the owner after two acquire() calls");
            assertEquals("false 0", ownership(other, lock), "[LOCK-14] isHeldByCurrentThread() and holdCount() of"
                    + " another thread while the owner holds it twice");
            p.start();
            assertEquals("false 0", kit.awaitValue(log, "while parent owns="), "[LOCK-14] isHeldByCurrentThread()"
                    + " and holdCount() in a child while the parent owns the RLock");
            owner.release(lock, "[LOCK-14] release()");
            assertEquals("true 1", ownership(owner, lock), "[LOCK-14] isHeldByCurrentThread() and holdCount() of"
                    + " the owner after two acquire() calls and one release()");
            owner.release(lock, "[LOCK-14] release()");
            assertEquals("false 0", ownership(owner, lock), "[LOCK-14] isHeldByCurrentThread() and holdCount() of"
                    + " the former owner after it released the RLock as often as it acquired it");
            log.record("kit: parent released");
            assertEquals("true 1", kit.awaitValue(log, "while child owns="), "[LOCK-14] isHeldByCurrentThread() and"
                    + " holdCount() in a child that acquired the RLock once");
            assertEquals("false 0", ownership(owner, lock), "[LOCK-14] isHeldByCurrentThread() and holdCount() in"
                    + " the parent while a child owns the RLock");
            log.record("kit: parent checked");
            p.join();
            assertEquals(0, p.exitCode().orElse(-1), "[LOCK-14] exit code of the child; events: " + log.events());
        } finally {
            Children.stop(p);
        }
    }

    private static String ownership(SyncChecks.Owner thread, SharedRLock lock) throws Exception {
        return thread.call("[LOCK-14] isHeldByCurrentThread() and holdCount()", () -> lock.isHeldByCurrentThread()
                + " " + lock.holdCount());
    }

    /**
     * An RLock owned by a child that returns, throws, calls System.exit or Runtime.halt, or is terminated or killed
     * stays held for ever: once the child is gone, the parent's tryAcquire(200 ms) returns false no earlier than
     * 200 ms, and the parent's release() is refused with [LOCK-13] and changes nothing. The same holds for an RLock
     * whose owning thread ended while its process lives on.
     * <p>If this fails, check that nothing releases an RLock when its owner dies and that release() keeps
     * checking the owner even when the owner is dead (CPython's RLock is wedged too).
     */
    @Clause("LOCK-15")
    @Test
    void lock15_rlockOfADeadOwnerStaysHeldAndNobodyMayRelease(MultiprocessingContext mp, Kit kit)
            throws Exception {
        HolderDeaths deaths = new HolderDeaths(mp, kit, "LOCK-15");
        Duration timeout = LockClauseTests.DEAD_TIMEOUT;
        try {
            for (String ending : HolderDeaths.ENDINGS) {
                deaths.start(ending, mp.newRLock());
            }
            Map<String, Timed<Boolean>> tries = deaths.awaitAllDeadThenTry(timeout);
            for (String ending : HolderDeaths.ENDINGS) {
                assertWedged(deaths.held(ending), tries.get(ending), "an RLock owned by a child that "
                        + HolderDeaths.describe(ending));
            }
            SharedRLock orphan = mp.newRLock();
            Thread ended = new Thread(() -> orphan.tryAcquire(), "mpkit-kit-LOCK-15-owner-that-ends");
            ended.start();
            ended.join(Timeouts.PROMPT.toMillis());
            assertFalse(ended.isAlive(), "[LOCK-15] tryAcquire() of a free RLock did not return");
            assertWedged(orphan, timedTry(orphan, timeout, "[LOCK-15] tryAcquire(" + timeout + ")"), "an RLock whose"
                    + " owning thread ended in this process");
        } finally {
            deaths.stop();
        }
    }

    /** Asserts that {@code lock} timed out in {@code r}, refuses the parent's release(), and stays held. */
    private static void assertWedged(Acquirable lock, Timed<Boolean> r, String who) throws Exception {
        Duration timeout = LockClauseTests.DEAD_TIMEOUT;
        assertTimedOut("LOCK-15", timeout, r.value, r.nanos, "tryAcquire(" + timeout + ") of " + who);
        Throwable t = SyncChecks.thrownBy("[LOCK-15] release()", lock::release);
        assertRefused("LOCK-15", "LOCK-13", IllegalStateException.class, t, "release() in the parent of " + who);
        assertFalse(tryOnAnotherThread(lock, "[LOCK-15] tryAcquire()"), "[LOCK-15] the parent acquired " + who
                + " after its refused release()");
    }

    // ------------------------------------------------------------------------------------------ child targets

    /** LOCK-12: on each "kit: probe K", K from 1 to {@code args[2]}, records "probe K=" and tryAcquire()'s result. */
    static void probesOnRequest(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        Acquirable lock = (Acquirable) args[1];
        int probes = (Integer) args[2];
        for (int k = 1; k <= probes; k++) {
            ChildWork.awaitKit(log, "kit: probe " + k, (Long) args[3]);
            boolean r = lock.tryAcquire();
            if (r) {
                lock.release();
            }
            log.record("probe " + k + "=" + r);
        }
    }

    /** LOCK-12: owns the RLock in the child's main thread until the test says "kit: owner may release". */
    static void ownsUntilReleased(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        SharedRLock lock = (SharedRLock) args[1];
        if (!lock.tryAcquire()) {
            log.record("owner could not acquire");
            return;
        }
        log.record("owner owns, thread id " + Thread.currentThread().getId());
        ChildWork.awaitKit(log, "kit: owner may release", (Long) args[2]);
        lock.release();
    }

    /** LOCK-12: in the child's main thread, tries and releases the RLock another child owns, then acquires it. */
    static void triesWhileOwned(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        SharedRLock lock = (SharedRLock) args[1];
        boolean r = lock.tryAcquire();
        log.record("other thread id " + Thread.currentThread().getId());
        log.record("other try=" + r);
        if (r) {
            lock.release();
        }
        log.record("other release " + ChildWork.outcome(lock::release));
        boolean got = lock.tryAcquire(java.time.Duration.ofMillis((Long) args[2]));
        log.record("other acquired=" + got);
        if (got) {
            lock.release();
        }
    }

    /** LOCK-13: releases the RLock the parent owns, records the outcome, then tries to acquire it. */
    static void releasesNotOwned(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        SharedRLock lock = (SharedRLock) args[1];
        ChildWork.awaitKit(log, "kit: parent owns", (Long) args[2]);
        log.record("child release " + ChildWork.outcome(lock::release));
        boolean r = lock.tryAcquire();
        log.record("child try after release=" + r);
        if (r) {
            lock.release();
        }
    }

    /** LOCK-14: records its view of the RLock while the parent owns it, then while it owns it itself. */
    static void reportsOwnership(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        SharedRLock lock = (SharedRLock) args[1];
        long wait = (Long) args[2];
        log.record("while parent owns=" + lock.isHeldByCurrentThread() + " " + lock.holdCount());
        ChildWork.awaitKit(log, "kit: parent released", wait);
        if (!lock.tryAcquire(java.time.Duration.ofMillis(wait))) {
            log.record("while child owns=could not acquire");
            return;
        }
        log.record("while child owns=" + lock.isHeldByCurrentThread() + " " + lock.holdCount());
        ChildWork.awaitKit(log, "kit: parent checked", wait);
        lock.release();
    }
}
