package dev.mpkit.tck.queue;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mpkit.SharedQueue;
import dev.mpkit.SimpleQueue;
import dev.mpkit.tck.support.TimeScale;
import dev.mpkit.tck.support.Timed;
import dev.mpkit.tck.support.Timeouts;
import java.time.Duration;
import java.util.List;

/**
 * The parent side of the QUEUE tests: calls to the queue under test that are bounded in time, so that a call that
 * blocks for ever fails the test instead of hanging it, the checks of refusals and lower bounds, and the cleanup of
 * queue handles.
 */
final class QueueChecks {

    /** QUEUE-03, QUEUE-05, QUEUE-18, QUEUE-20: the timeout of a call that must run out. */
    static final Duration TIMEOUT = TimeScale.millis(300);
    /** QUEUE-02, QUEUE-03, QUEUE-06, QUEUE-21: how long a child waits, as its workload, before it acts. */
    static final Duration DELAY = TimeScale.millis(500);
    /** Zero and negative timeouts, down to one whose nanoseconds overflow a long: each must not wait. */
    static final List<Duration> NOT_WAITING = List.of(Duration.ZERO, Duration.ofNanos(-1), Duration.ofSeconds(-1),
            Duration.ofDays(-200_000));

    private QueueChecks() {}

    /** A call to the queue under test that may throw. */
    @FunctionalInterface
    interface Call {
        Object call() throws Exception;
    }

    /** A call without a result, for {@link #thrownBy}. */
    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    /** What {@code call} threw, or {@code null} if it returned; bounded by {@link Timeouts#PROMPT}. */
    static Throwable thrownBy(String what, Action call) throws Exception {
        return Timed.within(Timeouts.PROMPT, what, () -> {
            try {
                call.run();
                return null;
            } catch (Exception e) {
                return e;
            }
        }).value;
    }

    /**
     * Runs {@code call} on a thread of its own, bounded by {@code bound}; returns what it returned or threw (a
     * {@link Thrown}), with how long it took and when it ended.
     */
    static Timed<Object> timed(Duration bound, String what, Call call) throws Exception {
        return Timed.within(bound, what, () -> {
            try {
                return call.call();
            } catch (Exception e) {
                return new Thrown(e);
            }
        });
    }

    /** An exception that a {@link #timed} call threw, as its result. */
    static final class Thrown {
        final Exception e;

        Thrown(Exception e) {
            this.e = e;
        }

        @Override
        public String toString() {
            return "threw " + e;
        }
    }

    /** The exception of a {@link #timed} result, or {@code null} if the call returned. */
    static Throwable thrown(Timed<Object> r) {
        return r.value instanceof Thrown ? ((Thrown) r.value).e : null;
    }

    /** What a {@link #timed} call did, for failure messages. */
    static String did(Timed<Object> r) {
        return r.value instanceof Thrown ? r.value.toString() : "returned " + QueueTargets.describe(r.value);
    }

    /** get(MUST_HAPPEN) in the parent, bounded; returns the item or fails with {@code what}. */
    static Object getItem(SharedQueue<?> q, String what) throws Exception {
        Timed<Object> r = timed(Timeouts.MUST_HAPPEN.plus(Timeouts.PROMPT), what,
                () -> q.get(Timeouts.MUST_HAPPEN));
        if (thrown(r) != null) {
            return fail(what + " " + did(r));
        }
        return r.value;
    }

    /** get() of a SimpleQueue in the parent, bounded by {@link Timeouts#MUST_HAPPEN}. */
    static Object getItem(SimpleQueue<?> q, String what) throws Exception {
        Timed<Object> r = timed(Timeouts.MUST_HAPPEN, what, q::get);
        if (thrown(r) != null) {
            return fail(what + " " + did(r));
        }
        return r.value;
    }

    /** Asserts that {@code t} is a {@code type} whose message starts with {@code prefix}. */
    static void assertRefused(String clause, Class<? extends Throwable> type, String prefix, Throwable t,
            String what) {
        assertTrue(t != null, "[" + clause + "] " + what + " returned normally; expected " + type.getSimpleName());
        assertTrue(type.isInstance(t), "[" + clause + "] " + what + " threw " + t + "; expected "
                + type.getSimpleName());
        assertTrue(t.getMessage() != null && t.getMessage().startsWith(prefix), "[" + clause + "] " + what
                + " threw " + type.getSimpleName() + " whose message does not start with '" + prefix + "': "
                + t.getMessage());
    }

    /** Asserts that a call threw {@code type} with {@code prefix}, at once (within {@link Timeouts#PROMPT}). */
    static void assertRefusedAtOnce(String clause, Class<? extends Throwable> type, String prefix, Timed<Object> r,
            String what) {
        assertRefused(clause, type, prefix, thrown(r), what);
        assertTrue(r.nanos <= Timeouts.PROMPT.toNanos(), "[" + clause + "] " + what + " threw after "
                + Duration.ofNanos(r.nanos) + "; expected at once (within " + Timeouts.PROMPT + ")");
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

    /** Asserts that something that took {@code nanos} took at least {@code timeout} less the clock slack. */
    static void assertNoEarlier(String clause, Duration timeout, long nanos, String what) {
        assertTrue(nanos >= timeout.minus(Timeouts.CLOCK_SLACK).toNanos(), "[" + clause + "] " + what + " after "
                + Duration.ofNanos(nanos) + ", before its timeout " + timeout);
    }

    /** For finally blocks: lets this process exit without flushing and closes each handle; never throws. */
    static void discard(SharedQueue<?>... queues) {
        for (SharedQueue<?> q : queues) {
            if (q == null) {
                continue;
            }
            try {
                q.cancelJoinThread();
            } catch (RuntimeException e) {
                // the test's own failure shows
            }
            try {
                q.close();
            } catch (RuntimeException e) {
                // the test's own failure shows
            }
        }
    }

    /** For finally blocks: closes each handle; never throws. */
    static void discard(SimpleQueue<?>... queues) {
        for (SimpleQueue<?> q : queues) {
            try {
                if (q != null) {
                    q.close();
                }
            } catch (RuntimeException e) {
                // the test's own failure shows
            }
        }
    }
}
