package dev.mpkit.tck.manager;

import static dev.mpkit.tck.support.BoundedCalls.assertNoEarlier;
import static dev.mpkit.tck.support.BoundedCalls.thrown;
import static dev.mpkit.tck.support.BoundedCalls.thrownWithin;
import static dev.mpkit.tck.support.BoundedCalls.timed;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mpkit.ChildProcess;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.PoolOptions;
import dev.mpkit.SyncManager;
import dev.mpkit.WorkerPool;
import dev.mpkit.tck.support.BoundedCalls;
import dev.mpkit.tck.support.BoundedCalls.Action;
import dev.mpkit.tck.support.BoundedCalls.Call;
import dev.mpkit.tck.support.BoundedCalls.Thrown;
import dev.mpkit.tck.support.Cleanup;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.Items;
import dev.mpkit.tck.support.TimeScale;
import dev.mpkit.tck.support.Timed;
import dev.mpkit.tck.support.Timeouts;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/**
 * The parent side of the MGR tests: calls to the manager and its proxies that are bounded in time, so that a call
 * that blocks for ever fails the test instead of hanging it, the checks of refusals and lower bounds, and cleanup.
 */
final class ManagerChecks {

    /** MGR-02, MGR-04, MGR-05, MGR-06: the timeout of a call that must run out. */
    static final Duration TIMEOUT = TimeScale.millis(300);
    /** MGR-10: how long the server of a process that ended may outlive it. */
    static final Duration GONE_WITHIN = TimeScale.seconds(5);

    private ManagerChecks() {}

    /**
     * How long a child waits for the test's events, an item or a lock, in ms: half of
     * {@link Timeouts#MUST_HAPPEN}, so that a child that gives up records it before the test's own wait for that
     * record runs out, and the failure says what the child saw.
     */
    static long waitMillis() {
        return Timeouts.MUST_HAPPEN.toMillis() / 2;
    }

    /** What a {@link BoundedCalls#timed} call did, for failure messages. */
    static String did(Timed<Object> r) {
        return r.value instanceof Thrown ? r.value.toString() : "returned " + Items.describe(r.value);
    }

    /** What {@code call} threw, or {@code null} if it returned; bounded by {@link Timeouts#MUST_HAPPEN}. */
    static Throwable thrownBy(String what, Action call) throws Exception {
        return thrownWithin(Timeouts.MUST_HAPPEN, what, call);
    }

    /** Runs {@code call} bounded by {@link Timeouts#MUST_HAPPEN} and returns its result; it must not throw. */
    static Object bounded(String what, Call call) throws Exception {
        Timed<Object> r = timed(Timeouts.MUST_HAPPEN.plus(Timeouts.PROMPT), what, call);
        if (thrown(r) != null) {
            Throwable t = thrown(r);
            throw new AssertionError(what + " threw " + t, t);
        }
        return r.value;
    }

    /** {@link #bounded} for a call without a result. */
    static void boundedRun(String what, Action call) throws Exception {
        bounded(what, () -> {
            call.run();
            return null;
        });
    }

    /** A new manager, started within {@link Timeouts#MUST_HAPPEN}. */
    static SyncManager startManager(MultiprocessingContext mp, String clause) throws Exception {
        return Timed.within(Timeouts.MUST_HAPPEN, "[" + clause + "] newManager()", mp::newManager).value;
    }

    /**
     * A new pool of {@code processes} workers for a MGR test; where the provider does not implement pools (SPI-06),
     * the test is skipped, since the clause is then about something the provider does not have.
     */
    static WorkerPool newPool(MultiprocessingContext mp, int processes, String clause) {
        try {
            return mp.newPool(PoolOptions.defaults().processes(processes));
        } catch (UnsupportedOperationException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("[POOL]")) {
                Assumptions.abort("[" + clause + "] needs a pool, and the provider has none: " + e.getMessage());
            }
            throw e;
        }
    }

    /** Asserts that {@code t} is a {@code type} whose message starts with {@code prefix}. */
    static void assertRefused(String clause, Class<? extends Throwable> type, String prefix, Throwable t,
            String what) {
        assertTrue(t != null, "[" + clause + "] " + what + " returned normally; expected " + type.getSimpleName()
                + " starting with '" + prefix + "'");
        assertTrue(type.isInstance(t), "[" + clause + "] " + what + " threw " + t + "; expected "
                + type.getSimpleName() + " starting with '" + prefix + "'");
        assertTrue(prefix.isEmpty() || t.getMessage() != null && t.getMessage().startsWith(prefix), "[" + clause + "] " + what
                + " threw " + type.getSimpleName() + " whose message does not start with '" + prefix + "': "
                + t.getMessage());
    }

    /**
     * Asserts that a call threw {@code type} with {@code prefix} no earlier than {@code timeout}, less
     * {@link Timeouts#CLOCK_SLACK}, as the caller measured it.
     */
    static void assertRefusedAfter(String clause, Class<? extends Throwable> type, String prefix, Duration timeout,
            Timed<Object> r, String what) {
        assertRefused(clause, type, prefix, thrown(r), what);
        assertNoEarlier(clause, timeout, r.nanos, what + " threw " + type.getSimpleName());
    }

    /** Asserts that a child exited with code 0 within {@link Timeouts#MUST_HAPPEN}. */
    static void assertExitedNormally(String clause, ChildProcess p, EventLog log) throws InterruptedException {
        if (!p.join(Timeouts.MUST_HAPPEN)) {
            fail("[" + clause + "] child " + p.name() + " did not exit within " + Timeouts.MUST_HAPPEN
                    + "; events: " + log.events());
        }
        assertTrue(p.exitCode().isPresent() && p.exitCode().getAsInt() == 0, "[" + clause + "] child " + p.name()
                + " exited with " + p.exitCode() + "; expected 0; events: " + log.events());
    }

    /** For finally blocks: shuts each manager down; never throws. */
    static void shutdown(SyncManager... managers) {
        for (SyncManager m : managers) {
            if (m != null) {
                Cleanup.quietly("shutdown()", m::shutdown);
            }
        }
    }

    /** For finally blocks: closes the pool (terminate() and join()); never throws. */
    static void close(WorkerPool pool) {
        if (pool != null) {
            Cleanup.quietly("close()", pool::close);
        }
    }
}
