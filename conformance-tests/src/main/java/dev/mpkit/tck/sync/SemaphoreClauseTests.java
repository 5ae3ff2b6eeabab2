package dev.mpkit.tck.sync;

import static dev.mpkit.tck.sync.SyncChecks.assertRefused;
import static dev.mpkit.tck.sync.SyncChecks.assertTimedOut;
import static dev.mpkit.tck.sync.SyncChecks.thrownBy;
import static dev.mpkit.tck.sync.SyncChecks.timedTry;
import static dev.mpkit.tck.sync.SyncChecks.tryOnAnotherThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mpkit.Acquirable;
import dev.mpkit.ChildProcess;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.SharedSemaphore;
import dev.mpkit.tck.support.ChildWork;
import dev.mpkit.tck.support.Children;
import dev.mpkit.tck.support.Clause;
import dev.mpkit.tck.support.ClauseTests;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.Kit;
import dev.mpkit.tck.support.Timed;
import dev.mpkit.tck.support.Timeouts;
import dev.mpkit.tck.support.TimeScale;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.IntSupplier;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Semaphores shared between processes, Python's {@code multiprocessing.Semaphore} and {@code BoundedSemaphore}:
 * SEM-01 to SEM-12 and SEM-15 to SEM-18. SEM-08 is a property ({@link SyncPropertyClauseTests}); the tutorial's
 * producer and consumer, SEM-13 and SEM-14, are in {@link ProducerConsumerClauseTests}.
 *
 * <p>Permits are counted with tryAcquire(), which every provider has; value() is a SHOULD (SEM-11), so other tests
 * look at it only where the provider has it.
 */
@ClauseTests
class SemaphoreClauseTests {

    private static long waitMillis() {
        return Timeouts.MUST_HAPPEN.toMillis();
    }

    /**
     * How many permits {@code s} gives to tryAcquire() before it refuses, at most {@code limit + 1}; the permits
     * taken are kept.
     */
    static int drain(Acquirable s, int limit, String clause) throws Exception {
        return Timed.within(Timeouts.PROMPT, "[" + clause + "] tryAcquire() until it returns false", () -> {
            int n = 0;
            while (n <= limit && s.tryAcquire()) {
                n++;
            }
            return n;
        }).value;
    }

    /** Takes {@code n} permits with tryAcquire() and returns how many it got. */
    static int take(Acquirable s, int n, String clause) throws Exception {
        return Timed.within(Timeouts.PROMPT, "[" + clause + "] tryAcquire() " + n + " times", () -> {
            int got = 0;
            for (int i = 0; i < n; i++) {
                got += s.tryAcquire() ? 1 : 0;
            }
            return got;
        }).value;
    }

    /** Whether {@code text} has {@code n} as a number of its own, not as part of a longer one. */
    static boolean showsNumber(String text, int n) {
        return java.util.regex.Pattern.compile("(?<![0-9])" + n + "(?![0-9])").matcher(text).find();
    }

    /** Releases {@code s} {@code n} times, each release bounded. */
    static void releaseTimes(Acquirable s, int n, String clause) throws Exception {
        Timed.within(Timeouts.PROMPT, "[" + clause + "] " + n + " release() calls", () -> {
            for (int i = 0; i < n; i++) {
                s.release();
            }
            return null;
        });
    }

    /**
     * A new Semaphore(3) gives exactly 3 permits, a Semaphore(0) none, a BoundedSemaphore(2) exactly 2 and a
     * BoundedSemaphore(0) none; both kinds accept Integer.MAX_VALUE; bound() is empty for a plain semaphore and the
     * initial value for a bounded one.
     * <p>If this fails, check that the initial value is stored in the shared state when the semaphore is made.
     */
    @Clause("SEM-01")
    @Test
    void sem01_aNewSemaphoreHoldsItsInitialValue(MultiprocessingContext mp) throws Exception {
        assertEquals(3, drain(mp.newSemaphore(3), 3, "SEM-01"), "[SEM-01] permits of a new Semaphore(3)");
        assertEquals(0, drain(mp.newSemaphore(0), 0, "SEM-01"), "[SEM-01] permits of a new Semaphore(0)");
        SharedSemaphore bounded = mp.newBoundedSemaphore(2);
        assertEquals(2, drain(bounded, 2, "SEM-01"), "[SEM-01] permits of a new BoundedSemaphore(2)");
        assertEquals(0, drain(mp.newBoundedSemaphore(0), 0, "SEM-01"), "[SEM-01] permits of a new"
                + " BoundedSemaphore(0)");
        assertEquals(OptionalInt.empty(), mp.newSemaphore(3).bound(), "[SEM-01] bound() of a Semaphore(3)");
        assertEquals(OptionalInt.of(2), bounded.bound(), "[SEM-01] bound() of a BoundedSemaphore(2)");
        for (boolean b : new boolean[] {false, true}) {
            String kind = b ? "BoundedSemaphore" : "Semaphore";
            SharedSemaphore max = b ? mp.newBoundedSemaphore(Integer.MAX_VALUE) : mp.newSemaphore(Integer.MAX_VALUE);
            assertEquals(3, take(max, 3, "SEM-01"), "[SEM-01] permits taken from a new " + kind
                    + "(Integer.MAX_VALUE) by three tryAcquire()");
            optionalValue(max::value).ifPresent(v -> assertEquals(Integer.MAX_VALUE - 3, v, "[SEM-01] value() of a "
                    + kind + "(Integer.MAX_VALUE) after three permits were taken"));
            assertEquals(b ? OptionalInt.of(Integer.MAX_VALUE) : OptionalInt.empty(), max.bound(), "[SEM-01] bound()"
                    + " of a " + kind + "(Integer.MAX_VALUE)");
        }
    }

    /**
     * A negative initial value is rejected at construction with IllegalArgumentException starting with [SEM-02],
     * for Semaphore and BoundedSemaphore, -1 and Integer.MIN_VALUE.
     * <p>If this fails, check the value before making anything; CPython fails with OSError EINVAL from sem_open.
     */
    @Clause("SEM-02")
    @Test
    void sem02_negativeInitialValueIsRejected(MultiprocessingContext mp) throws Exception {
        for (int value : new int[] {-1, Integer.MIN_VALUE}) {
            assertRefused("SEM-02", IllegalArgumentException.class, thrownBy("[SEM-02] newSemaphore(" + value + ")",
                    () -> mp.newSemaphore(value)), "newSemaphore(" + value + ")");
            assertRefused("SEM-02", IllegalArgumentException.class, thrownBy("[SEM-02] newBoundedSemaphore("
                    + value + ")", () -> mp.newBoundedSemaphore(value)), "newBoundedSemaphore(" + value + ")");
        }
    }

    /**
     * acquire(), tryAcquire() and tryAcquire(timeout) each take exactly one permit of a Semaphore(3), within 500 ms;
     * at zero, tryAcquire() and tryAcquire(ZERO) return false within 500 ms; a release() gives one permit back.
     * <p>If this fails, check the fast path of every acquire form and that tryAcquire() never waits.
     */
    @Clause("SEM-03")
    @Test
    void sem03_acquireTakesOnePermitAndTryAcquireFailsAtZero(MultiprocessingContext mp) throws Exception {
        SharedSemaphore s = mp.newSemaphore(3);
        Timed<Boolean> acquire = Timed.within(Timeouts.PROMPT, "[SEM-03] acquire() on a Semaphore(3)", () -> {
            s.acquire();
            return true;
        });
        LockClauseTests.assertAtOnce("SEM-03", acquire, "acquire() on a Semaphore(3)");
        Timed<Boolean> plain = Timed.within(Timeouts.PROMPT, "[SEM-03] tryAcquire()", s::tryAcquire);
        assertTrue(plain.value, "[SEM-03] tryAcquire() on a semaphore with 2 permits returned false");
        LockClauseTests.assertAtOnce("SEM-03", plain, "tryAcquire() on a semaphore with 2 permits");
        Timed<Boolean> timed = timedTry(s, Timeouts.MUST_HAPPEN, "[SEM-03] tryAcquire(" + Timeouts.MUST_HAPPEN + ")");
        assertTrue(timed.value, "[SEM-03] tryAcquire(" + Timeouts.MUST_HAPPEN + ") on a semaphore with 1 permit"
                + " returned false");
        LockClauseTests.assertAtOnce("SEM-03", timed, "tryAcquire(" + Timeouts.MUST_HAPPEN + ") on a semaphore with"
                + " 1 permit");
        Timed<Boolean> none = Timed.within(Timeouts.PROMPT, "[SEM-03] tryAcquire()", s::tryAcquire);
        assertFalse(none.value, "[SEM-03] tryAcquire() on a Semaphore(3) after three acquires returned true: an"
                + " acquire took no permit");
        LockClauseTests.assertAtOnce("SEM-03", none, "tryAcquire() on a semaphore at zero");
        Timed<Boolean> zero = timedTry(s, Duration.ZERO, "[SEM-03] tryAcquire(ZERO)");
        assertFalse(zero.value, "[SEM-03] tryAcquire(ZERO) on a semaphore at zero returned true");
        LockClauseTests.assertAtOnce("SEM-03", zero, "tryAcquire(ZERO) on a semaphore at zero");
        releaseTimes(s, 1, "SEM-03");
        assertEquals(1, drain(s, 1, "SEM-03"), "[SEM-03] permits after one release() of a semaphore at zero");
    }

    /**
     * A plain Semaphore is unbounded: four release() calls on a Semaphore(0) give four permits, and two on a
     * Semaphore(2) make four.
     * <p>If this fails, check that a plain semaphore's maximum is Integer.MAX_VALUE, not its initial value.
     */
    @Clause("SEM-04")
    @Test
    void sem04_plainSemaphoreIsUnbounded(MultiprocessingContext mp) throws Exception {
        SharedSemaphore zero = mp.newSemaphore(0);
        Throwable t = thrownBy("[SEM-04] release() ×4", () -> releaseTimes(zero, 4, "SEM-04"));
        assertTrue(t == null, "[SEM-04] release() beyond the initial value of a plain Semaphore(0) threw " + t);
        assertEquals(4, drain(zero, 4, "SEM-04"), "[SEM-04] permits of a Semaphore(0) after four release() calls");
        SharedSemaphore two = mp.newSemaphore(2);
        Throwable u = thrownBy("[SEM-04] release() ×2", () -> releaseTimes(two, 2, "SEM-04"));
        assertTrue(u == null, "[SEM-04] release() beyond the initial value of a plain Semaphore(2) threw " + u);
        assertEquals(4, drain(two, 4, "SEM-04"), "[SEM-04] permits of a Semaphore(2) after two release() calls");
    }

    /**
     * Permits are shared, whichever way the semaphore reached the process: the permits that children release on a
     * Semaphore(0) they got as an argument, as a ChildProcess field, captured by the target and from a child of
     * their own are the parent's to acquire; the two permits of a Semaphore(2) that a child takes are gone for the
     * parent; and a permit the parent releases is the child's to take.
     * <p>If this fails, check that the value lives in the shared state, not in each JVM's copy of the handle.
     */
    @Clause("SEM-05")
    @Test
    void sem05_permitsAreSharedBetweenProcesses(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        SharedSemaphore given = mp.newSemaphore(0);
        SharedSemaphore taken = mp.newSemaphore(2);
        SharedSemaphore back = mp.newSemaphore(0);
        releaseTimes(back, 1, "SEM-05");
        List<ChildProcess> children = new ArrayList<>();
        children.add(mp.newProcess(args -> {
            EventLog l = (EventLog) args[0];
            SharedSemaphore g = (SharedSemaphore) args[1];
            SharedSemaphore t = (SharedSemaphore) args[2];
            g.release();
            int n = 0;
            while (n < 3 && t.tryAcquire()) {
                n++;
            }
            l.record("argument released 1, took " + n + ", took back=" + ((SharedSemaphore) args[3]).tryAcquire());
        }, log, given, taken, back));
        children.add(new ReleasesField(mp, log, given));
        children.add(mp.newProcess(args -> {
            given.release();
            ((EventLog) args[0]).record("captured released 1");
        }, log));
        children.add(mp.newProcess(SemaphoreClauseTests::releasesThroughGrandchild, log, given));
        try {
            for (ChildProcess p : children) {
                p.start();
            }
            for (ChildProcess p : children) {
                p.join();
                assertEquals(0, p.exitCode().orElse(-1), "[SEM-05] exit code of a child; events: " + log.events());
            }
            assertEquals("released 1, took 2, took back=true", kit.awaitValue(log, "argument "), "[SEM-05] what a"
                    + " child did with a Semaphore(0) it released once, a Semaphore(2) it took from, and a semaphore"
                    + " with the one permit the parent released");
            for (String route : new String[] {"field", "captured", "grandchild"}) {
                kit.awaitEvent(log, route + " released 1");
            }
            assertEquals(4, drain(given, 4, "SEM-05"), "[SEM-05] permits the parent could take of a Semaphore(0)"
                    + " after four children (argument, field, captured, grandchild) released one each");
            assertEquals(0, drain(taken, 2, "SEM-05"), "[SEM-05] permits left to the parent of a Semaphore(2) after"
                    + " a child took 2");
            assertEquals(0, drain(back, 1, "SEM-05"), "[SEM-05] permits left to the parent of a semaphore whose one"
                    + " permit a child took");
        } finally {
            Children.stop(children.toArray(new ChildProcess[0]));
        }
    }

    /**
     * tryAcquire(300 ms) on a semaphore at zero returns false no earlier than 300 ms and less than 2 s later, in the
     * parent and in a child; a negative timeout counts as zero: false within 500 ms at zero, true on a semaphore with
     * a permit, which it takes.
     * <p>If this fails, check the timed wait and that a negative timeout is clamped to zero, not taken as
     * "forever", rejected, or overflowing.
     */
    @Clause("SEM-06")
    @Test
    void sem06_timedTryAtZeroReturnsFalseAfterTheTimeout(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        Duration timeout = LockClauseTests.TIMEOUT;
        SharedSemaphore s = mp.newSemaphore(0);
        ChildProcess p = mp.newProcess(LockClauseTests::timedTryInChild, log, s, timeout.toMillis());
        try {
            p.start();
            Timed<Boolean> here = timedTry(s, timeout, "[SEM-06] tryAcquire(" + timeout + ")");
            assertTimedOut("SEM-06", timeout, here.value, here.nanos, "tryAcquire(" + timeout + ") on a semaphore"
                    + " at zero");
            String there = kit.awaitValue(log, "timed try ");
            assertTimedOut("SEM-06", timeout, !"false".equals(SyncChecks.field(there, "result")),
                    SyncChecks.number(there, "nanos"), "tryAcquire(" + timeout + ") in a child on a semaphore at"
                            + " zero");
            for (Duration negative : LockClauseTests.negatives()) {
                Timed<Boolean> atZero = timedTry(s, negative, "[SEM-06] tryAcquire(" + negative + ")");
                assertFalse(atZero.value, "[SEM-06] tryAcquire(" + negative + ") on a semaphore at zero returned"
                        + " true");
                LockClauseTests.assertAtOnce("SEM-06", atZero, "tryAcquire(" + negative + ") on a semaphore at"
                        + " zero");
                releaseTimes(s, 1, "SEM-06");
                Timed<Boolean> one = timedTry(s, negative, "[SEM-06] tryAcquire(" + negative + ")");
                assertTrue(one.value, "[SEM-06] tryAcquire(" + negative + ") on a semaphore with a permit returned"
                        + " false; a negative timeout counts as zero, which takes a free permit");
                LockClauseTests.assertAtOnce("SEM-06", one, "tryAcquire(" + negative + ") on a semaphore with a"
                        + " permit");
            }
            assertEquals(0, drain(s, 1, "SEM-06"), "[SEM-06] permits left after the tryAcquire calls: a call that"
                    + " returned true took no permit");
            p.join();
        } finally {
            Children.stop(p);
        }
    }

    /**
     * Three threads in two children wait on one Semaphore(0), in acquire() and tryAcquire(timeout). Each release()
     * in the parent lets exactly one of them through: a waiter acquires after the release and within 1 s of it,
     * and for 500 ms after that no other waiter returns; after three releases all three have acquired.
     * <p>If this fails, check that release() wakes waiters in other processes, not only in its own JVM, and that it
     * wakes one waiter per permit, not all of them or none.
     */
    @Clause("SEM-07")
    @Test
    void sem07_eachReleaseLetsExactlyOneWaiterThrough(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        SharedSemaphore s = mp.newSemaphore(0);
        long settle = LockClauseTests.SETTLE.toMillis();
        ChildProcess x = mp.newProcess(SyncTargets::blockedWaiters, log, "x", settle, waitMillis(), "at", s, s);
        ChildProcess y = mp.newProcess(SyncTargets::blockedWaiters, log, "y", settle, waitMillis(), "a", s);
        Duration quiet = TimeScale.millis(500);
        try {
            x.start();
            y.start();
            kit.awaitEvent(log, "x settled");
            kit.awaitEvent(log, "y settled");
            for (int released = 1; released <= 3; released++) {
                int before = returned(log);
                assertEquals(released - 1, before, "[SEM-07] waiters that returned before release " + released
                        + " of a Semaphore(0); events: " + log.events());
                long at = System.nanoTime();
                releaseTimes(s, 1, "SEM-07");
                int n = released;
                Timeouts.eventually("SEM-07 a waiter acquires after release " + released).until(() -> returned(log)
                        >= n);
                EventLog.Event first = log.events().stream().filter(e -> e.text.endsWith(" acquired")
                        || e.text.endsWith(" returned false") || e.text.contains(" threw ")).skip(n - 1).findFirst()
                        .orElseThrow();
                assertTrue(first.text.endsWith(" acquired"), "[SEM-07] a waiter returned without a permit after"
                        + " release " + released + ": " + first.text);
                assertTrue(first.nanos >= at, "[SEM-07] a waiter acquired " + Duration.ofNanos(at - first.nanos)
                        + " before release " + released);
                Duration late = Duration.ofNanos(first.nanos - at);
                assertTrue(late.compareTo(LockClauseTests.WAKE_UP) <= 0, "[SEM-07] a waiter in another process"
                        + " acquired " + late + " after release " + released + "; expected within "
                        + LockClauseTests.WAKE_UP);
                if (released < 3) {
                    try {
                        Timeouts.eventually("SEM-07 no second waiter returns after release " + released)
                                .during(quiet).atMost(quiet.plus(Timeouts.PROMPT)).until(() -> returned(log) == n);
                    } catch (ConditionTimeoutException e) {
                        fail("[SEM-07] one release() of a Semaphore(0) let " + returned(log) + " of 3 waiters"
                                + " through after " + n + " release(s); events: " + log.events());
                    }
                }
            }
            log.record("kit: done");
            x.join();
            y.join();
            assertEquals(3, log.startingWith("x").stream().filter(e -> e.text.endsWith(" acquired")).count()
                    + log.startingWith("y").stream().filter(e -> e.text.endsWith(" acquired")).count(),
                    "[SEM-07] waiters that acquired after three releases; events: " + log.events());
        } finally {
            Children.stop(x, y);
        }
    }

    /** How many of the waiters of SEM-07 have returned, with or without a permit. */
    private static int returned(EventLog log) {
        return (int) log.events().stream().filter(e -> (e.text.startsWith("x") || e.text.startsWith("y"))
                && !e.text.endsWith(" waiting") && !e.text.endsWith(" settled")).count();
    }

    /**
     * release() of a BoundedSemaphore at its initial value throws IllegalStateException starting with [SEM-09], in
     * the parent and in a child, and keeps the value: exactly the initial number of permits can be taken.
     * BoundedSemaphore(0) refuses every release(). Of two release() calls racing on a BoundedSemaphore(1) at zero,
     * 100 times, exactly one succeeds each time.
     * <p>If this fails, check that the bound lives in the shared state and that release() refuses before it
     * changes the value.
     */
    @Clause("SEM-09")
    @Test
    void sem09_boundedSemaphoreRefusesReleaseAboveItsInitialValue(MultiprocessingContext mp, Kit kit)
            throws Exception {
        EventLog log = kit.newEventLog();
        SharedSemaphore s = mp.newBoundedSemaphore(2);
        assertRefused("SEM-09", IllegalStateException.class, thrownBy("[SEM-09] release()", s::release),
                "release() of a new BoundedSemaphore(2)");
        assertEquals(2, drain(s, 2, "SEM-09"), "[SEM-09] permits of a BoundedSemaphore(2) after a refused"
                + " release()");
        releaseTimes(s, 2, "SEM-09");
        assertRefused("SEM-09", IllegalStateException.class, thrownBy("[SEM-09] release()", s::release),
                "a third release() of a BoundedSemaphore(2) after two acquires and two releases");
        optionalValue(s::value).ifPresent(v -> assertEquals(2, v, "[SEM-09] value() of a BoundedSemaphore(2)"
                + " after a refused release()"));
        SharedSemaphore zero = mp.newBoundedSemaphore(0);
        assertRefused("SEM-09", IllegalStateException.class, thrownBy("[SEM-09] release()", zero::release),
                "release() of a BoundedSemaphore(0)");
        assertEquals(0, drain(zero, 0, "SEM-09"), "[SEM-09] permits of a BoundedSemaphore(0) after a refused"
                + " release()");

        ChildProcess p = mp.newProcess(args -> ((EventLog) args[0]).record("child release "
                + ChildWork.outcome(((SharedSemaphore) args[1])::release)), log, s);
        try {
            p.start();
            String outcome = kit.awaitValue(log, "child release ");
            assertTrue(outcome.startsWith("threw " + IllegalStateException.class.getName() + ": [SEM-09]"),
                    "[SEM-09] release() in a child of a BoundedSemaphore(2) at its initial value: " + outcome
                            + "; expected IllegalStateException starting with [SEM-09]");
            p.join();
            assertEquals(2, drain(s, 2, "SEM-09"), "[SEM-09] permits of a BoundedSemaphore(2) after a child's"
                    + " refused release()");
            SyncChecks.assertRacingReleasesAdmitOne("SEM-09", "SEM-09", mp.newBoundedSemaphore(1),
                    LockClauseTests.RACES);
        } finally {
            Children.stop(p);
        }
    }

    /**
     * release() of a Semaphore at Integer.MAX_VALUE throws IllegalStateException starting with [SEM-10] and keeps
     * the value: a permit can still be taken and given back, and the next release() is refused again.
     * <p>If this fails, check that release() refuses at the maximum value instead of overflowing.
     */
    @Clause("SEM-10")
    @Test
    void sem10_releaseAtIntegerMaxValueFails(MultiprocessingContext mp) throws Exception {
        SharedSemaphore s = mp.newSemaphore(Integer.MAX_VALUE);
        assertRefused("SEM-10", IllegalStateException.class, thrownBy("[SEM-10] release()", s::release),
                "release() of a Semaphore(Integer.MAX_VALUE)");
        optionalValue(s::value).ifPresent(v -> assertEquals(Integer.MAX_VALUE, v, "[SEM-10] value() after a"
                + " refused release() at Integer.MAX_VALUE"));
        assertTrue(tryOnAnotherThread(s, "[SEM-10] tryAcquire()"), "[SEM-10] no permit could be taken from a"
                + " Semaphore(Integer.MAX_VALUE) after a refused release(): the value changed");
        Throwable t = thrownBy("[SEM-10] release()", s::release);
        assertTrue(t == null, "[SEM-10] release() of a Semaphore at Integer.MAX_VALUE - 1 threw " + t);
        assertRefused("SEM-10", IllegalStateException.class, thrownBy("[SEM-10] release()", s::release),
                "release() of a Semaphore back at Integer.MAX_VALUE");
    }

    /** value() where the provider has it (SEM-11 allows UnsupportedOperationException); empty where not. */
    static OptionalInt optionalValue(IntSupplier value) {
        try {
            return OptionalInt.of(value.getAsInt());
        } catch (UnsupportedOperationException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * value() reports the current number of permits: 3 for a new Semaphore(3), 1 after two acquires, 3 again
     * after a child released two, 0 for a new Semaphore(0).
     * <p>If this fails, check that value() reads the shared state. A provider that cannot read the value on this
     * platform throws UnsupportedOperationException, and this test is skipped.
     */
    @Clause("SEM-11")
    @Test
    void sem11_valueReportsTheCurrentPermits(MultiprocessingContext mp, Kit kit) throws Exception {
        SharedSemaphore s = mp.newSemaphore(3);
        OptionalInt initial = optionalValue(s::value);
        Assumptions.assumeTrue(initial.isPresent(), "[SEM-11] value() throws UnsupportedOperationException on this"
                + " provider and platform, which SEM-11 allows");
        assertEquals(3, initial.getAsInt(), "[SEM-11] value() of a new Semaphore(3)");
        assertEquals(0, mp.newSemaphore(0).value(), "[SEM-11] value() of a new Semaphore(0)");
        assertEquals(2, take(s, 2, "SEM-11"), "[SEM-11] permits taken from a Semaphore(3) by two tryAcquire()");
        assertEquals(1, s.value(), "[SEM-11] value() of a Semaphore(3) after two permits were taken");
        EventLog log = kit.newEventLog();
        ChildProcess p = mp.newProcess(args -> {
            SharedSemaphore t = (SharedSemaphore) args[1];
            t.release();
            t.release();
            ((EventLog) args[0]).record("released 2");
        }, log, s);
        try {
            p.start();
            p.join();
            assertTrue(log.has("released 2"), "[SEM-11] the child did not release; events: " + log.events());
            assertEquals(3, s.value(), "[SEM-11] value() in the parent after a child released 2 permits of a"
                    + " semaphore at 1");
        } finally {
            Children.stop(p);
        }
    }

    /**
     * A thread blocked for 2 s in acquire() or tryAcquire(timeout) of a Semaphore(0) sleeps: measured by the
     * waiting thread itself in a child, it uses under 100 ms of CPU and wakes up at most 100 times, and it is woken
     * by the parent's release().
     * <p>If this fails, check that a waiter sleeps in the kernel instead of spinning or polling.
     */
    @Clause("SEM-12")
    @Test
    void sem12_blockedAcquirerSleeps(MultiprocessingContext mp, Kit kit) throws Exception {
        SharedSemaphore s = mp.newSemaphore(0);
        LockClauseTests.assertSleepingWaiters("SEM-12", mp, kit, new Acquirable[] {s}, new String[] {"Semaphore(0)"},
                new Runnable[] {s::release});
    }

    /**
     * Permits taken by a child that returns, throws, calls System.exit or Runtime.halt, or is terminated or killed
     * are not given back: once the child is gone, the parent's tryAcquire(200 ms) on the Semaphore(1) returns false
     * no earlier than 200 ms. Any process may make up for them, even one that never acquired: after the parent's
     * release() there is exactly one permit again, for a plain and for a bounded semaphore.
     * <p>If this fails, check that nothing gives permits back when a process dies, and that release() does not
     * check who acquired.
     */
    @Clause("SEM-15")
    @Test
    void sem15_permitsOfADeadProcessAreNotGivenBack(MultiprocessingContext mp, Kit kit) throws Exception {
        HolderDeaths deaths = new HolderDeaths(mp, kit, "SEM-15");
        Duration timeout = LockClauseTests.DEAD_TIMEOUT;
        try {
            for (int i = 0; i < HolderDeaths.ENDINGS.size(); i++) {
                deaths.start(HolderDeaths.ENDINGS.get(i), i % 2 == 0 ? mp.newSemaphore(1) : mp.newBoundedSemaphore(1));
            }
            Map<String, Timed<Boolean>> tries = deaths.awaitAllDeadThenTry(timeout);
            for (String ending : HolderDeaths.ENDINGS) {
                SharedSemaphore s = (SharedSemaphore) deaths.held(ending);
                String who = "a " + (s.isBounded() ? "BoundedSemaphore(1)" : "Semaphore(1)") + " whose permit a child"
                        + " took before it " + HolderDeaths.describe(ending);
                Timed<Boolean> r = tries.get(ending);
                assertTimedOut("SEM-15", timeout, r.value, r.nanos, "tryAcquire(" + timeout + ") of " + who);
                Throwable t = thrownBy("[SEM-15] release()", s::release);
                assertTrue(t == null, "[SEM-15] release() in the parent of " + who + " threw " + t);
                assertEquals(1, drain(s, 1, "SEM-15"), "[SEM-15] permits of " + who + ", after the parent released"
                        + " once");
            }
        } finally {
            deaths.stop();
        }
    }

    // ------------------------------------------------------------------------------------------ child targets

    /** SEM-05: releases, in a grandchild, one permit of the semaphore this child got. */
    static void releasesThroughGrandchild(Object... args) throws Exception {
        ChildProcess grandchild = dev.mpkit.Multiprocessing.context().newProcess(a -> {
            ((SharedSemaphore) a[1]).release();
            ((EventLog) a[0]).record("grandchild released 1");
        }, args);
        grandchild.start();
        grandchild.join();
    }

    /** SEM-05: a child that gets its semaphore as a field of its ChildProcess subclass and releases one permit. */
    static final class ReleasesField extends ChildProcess {
        private static final long serialVersionUID = 1L;

        private final EventLog log;
        private final SharedSemaphore s;

        ReleasesField(MultiprocessingContext mp, EventLog log, SharedSemaphore s) {
            super(mp);
            this.log = log;
            this.s = s;
        }

        @Override
        public void run() {
            s.release();
            log.record("field released 1");
        }
    }

    /**
     * toString() shows the value: a Semaphore(7) with two permits taken shows 5; a BoundedSemaphore(9)
     * with three taken shows 6 and its bound 9.
     * <p>If this fails, check that toString() reads the value from the shared state, as CPython's repr
     * {@code <BoundedSemaphore(value=6, maxvalue=9)>} does.
     */
    @Clause("SEM-16")
    @Test
    void sem16_toStringShowsTheValueAndTheBound(MultiprocessingContext mp) throws Exception {
        SharedSemaphore s = mp.newSemaphore(7);
        assertEquals(2, take(s, 2, "SEM-16"), "[SEM-16] permits taken from a Semaphore(7) by two tryAcquire()");
        String plain = s.toString();
        assertTrue(showsNumber(plain, 5), "[SEM-16] toString() of a Semaphore(7) with two permits taken does not"
                + " show its value 5: " + plain);
        SharedSemaphore b = mp.newBoundedSemaphore(9);
        assertEquals(3, take(b, 3, "SEM-16"), "[SEM-16] permits taken from a BoundedSemaphore(9) by three"
                + " tryAcquire()");
        String bounded = b.toString();
        assertTrue(showsNumber(bounded, 6) && showsNumber(bounded, 9), "[SEM-16] toString() of a BoundedSemaphore(9)"
                + " with three permits taken does not show its value 6 and its bound 9: " + bounded);
    }

    /**
     * Serializing a Semaphore or a BoundedSemaphore with a plain ObjectOutputStream, before and after a child was
     * started with it, throws IllegalArgumentException starting with [SEM-17] and saying that semaphores are shared
     * through inheritance; the child it was passed to can use it.
     * <p>If this fails, check that the semaphore's writeReplace (or writeObject) refuses unless a child is being
     * started.
     */
    @Clause("SEM-17")
    @Test
    void sem17_serializingASemaphoreOtherThanToStartAChildIsRefused(MultiprocessingContext mp, Kit kit)
            throws Exception {
        EventLog log = kit.newEventLog();
        SharedSemaphore s = mp.newSemaphore(1);
        SharedSemaphore b = mp.newBoundedSemaphore(1);
        LockClauseTests.assertSerializationRefused("SEM-17", s, "a Semaphore");
        LockClauseTests.assertSerializationRefused("SEM-17", b, "a BoundedSemaphore");
        ChildProcess p = mp.newProcess(args -> ((EventLog) args[0]).record("child took="
                + ((SharedSemaphore) args[1]).tryAcquire()), log, b);
        try {
            p.start();
            assertEquals("true", kit.awaitValue(log, "child took="), "[SEM-17] tryAcquire() in a child of the"
                    + " BoundedSemaphore(1) it was started with");
            LockClauseTests.assertSerializationRefused("SEM-17", b, "a BoundedSemaphore after a child was started"
                    + " with it");
            p.join();
        } finally {
            Children.stop(p);
        }
    }

    /**
     * A child thread blocked in acquire(), tryAcquire(timeout) or acquired() of a Semaphore(0), or acquire() of a
     * BoundedSemaphore at zero, that is interrupted 200 ms after it started to wait throws InterruptedException
     * within 1 s of the interrupt, with its interrupt status cleared, and takes no permit: once the parent releases
     * one permit of each, the parent can take exactly that permit, although the interrupted threads' process lives
     * on.
     * <p>If this fails, check that the semaphore's wait is interruptible (a kernel wait in bounded slices that
     * checks Thread.interrupted() between them) and that an interrupted waiter withdraws without a permit.
     */
    @Clause("SEM-18")
    @Test
    void sem18_interruptedWaiterThrowsAndTakesNoPermit(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        SharedSemaphore plain = mp.newSemaphore(0);
        SharedSemaphore bounded = mp.newBoundedSemaphore(1);
        assertTrue(bounded.tryAcquire(), "[SEM-18] tryAcquire() of a new BoundedSemaphore(1)");
        ChildProcess p = mp.newProcess(SyncTargets::interruptedWaiters, log, plain, bounded,
                LockClauseTests.SETTLE.toMillis(), Timeouts.MUST_HAPPEN.toMillis());
        try {
            p.start();
            String[] calls = {"acquire() of a Semaphore", "tryAcquire(" + Timeouts.MUST_HAPPEN + ") of a Semaphore",
                    "acquire() of a BoundedSemaphore", "acquired() of a Semaphore"};
            for (int i = 0; i < calls.length; i++) {
                String got = kit.awaitValue(log, "W" + i + " got ");
                assertTrue(got.startsWith("interrupted "), "[SEM-18] a child's thread blocked in " + calls[i]
                        + " was interrupted and then " + got + "; expected InterruptedException");
                assertEquals("false", SyncChecks.field(got, "status"), "[SEM-18] interrupt status of a thread"
                        + " whose " + calls[i] + " threw InterruptedException");
                Duration after = Duration.ofNanos(SyncChecks.number(got, "after"));
                assertTrue(after.compareTo(LockClauseTests.INTERRUPT_BOUND) <= 0, "[SEM-18] " + calls[i] + " threw"
                        + " InterruptedException " + after + " after the interrupt; expected within "
                        + LockClauseTests.INTERRUPT_BOUND);
            }
            plain.release();
            bounded.release();
            for (SharedSemaphore s : new SharedSemaphore[] {plain, bounded}) {
                String kind = s.isBounded() ? "BoundedSemaphore" : "Semaphore";
                assertTrue(s.tryAcquire(), "[SEM-18] tryAcquire() of the " + kind + " after the parent released one"
                        + " permit, while the child whose waiters were interrupted still runs: an interrupted"
                        + " waiter took it");
                assertFalse(s.tryAcquire(), "[SEM-18] a second tryAcquire() of the " + kind + " after the parent"
                        + " released one permit: more than one permit is there");
            }
            log.record("kit: done");
            p.join();
            assertEquals(0, p.exitCode().orElse(-1), "[SEM-18] exit code of the child; events: " + log.events());
        } finally {
            Children.stop(p);
        }
    }

    /**
     * A thread whose interrupt status is set when it calls acquire(), tryAcquire(timeout) or acquired() of a
     * Semaphore or BoundedSemaphore with a free permit gets InterruptedException at once, with the status cleared,
     * and the permit stays there.
     * <p>If this fails, check that the blocking acquire methods test Thread.interrupted() on entry, before the
     * fast path.
     */
    @Clause("SEM-18")
    @Test
    void sem18_interruptStatusSetOnEntryThrowsEvenWithAFreePermit(MultiprocessingContext mp) throws Exception {
        for (SharedSemaphore s : new SharedSemaphore[] {mp.newSemaphore(1), mp.newBoundedSemaphore(1)}) {
            String kind = s.isBounded() ? "BoundedSemaphore(1)" : "Semaphore(1)";
            for (String call : new String[] {"acquire()", "tryAcquire(timeout)", "acquired()"}) {
                String outcome = Timed.within(LockClauseTests.AT_ONCE.plus(Timeouts.PROMPT), "[SEM-18] " + call
                        + " with the interrupt status set", () -> {
                            Thread.currentThread().interrupt();
                            try {
                                if (call.equals("acquire()")) {
                                    s.acquire();
                                } else if (call.equals("acquired()")) {
                                    s.acquired();
                                } else if (!s.tryAcquire(Timeouts.MUST_HAPPEN)) {
                                    return "returned false";
                                }
                                s.release();
                                return "acquired";
                            } catch (InterruptedException e) {
                                return "interrupted status=" + Thread.currentThread().isInterrupted();
                            }
                        }).value;
                assertEquals("interrupted status=false", outcome, "[SEM-18] outcome of " + call + " of a " + kind
                        + " called with the interrupt status set");
                assertTrue(s.tryAcquire(), "[SEM-18] the permit of the " + kind + " after " + call + " with the"
                        + " interrupt status set threw: it was taken");
                s.release();
            }
        }
    }
}
