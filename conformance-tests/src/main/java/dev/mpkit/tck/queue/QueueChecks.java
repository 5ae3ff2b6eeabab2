package dev.mpkit.tck.queue;

import static dev.mpkit.tck.support.BoundedCalls.assertNoEarlier;
import static dev.mpkit.tck.support.BoundedCalls.thrown;
import static dev.mpkit.tck.support.BoundedCalls.thrownWithin;
import static dev.mpkit.tck.support.BoundedCalls.timed;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mpkit.SharedQueue;
import dev.mpkit.SimpleQueue;
import dev.mpkit.tck.support.BoundedCalls;
import dev.mpkit.tck.support.BoundedCalls.Action;
import dev.mpkit.tck.support.BoundedCalls.Thrown;
import dev.mpkit.tck.support.Items;
import dev.mpkit.tck.support.TimeScale;
import dev.mpkit.tck.support.Timed;
import dev.mpkit.tck.support.Timeouts;
import java.time.Duration;
import java.util.List;

/**
 * The parent side of the QUEUE tests: calls to the queue under test that are bounded in time, so that a call that
 * blocks for ever fails the test instead of hanging it, and the checks of refusals and lower bounds. The cleanup of
 * queue handles is {@link dev.mpkit.tck.support.Cleanup#discard}.
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

    /** What {@code call} threw, or {@code null} if it returned; bounded by {@link Timeouts#PROMPT}. */
    static Throwable thrownBy(String what, Action call) throws Exception {
        return thrownWithin(Timeouts.PROMPT, what, call);
    }

    /** What a {@link BoundedCalls#timed} call did, for failure messages. */
    static String did(Timed<Object> r) {
        return r.value instanceof Thrown ? r.value.toString() : "returned " + Items.describe(r.value);
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
}
