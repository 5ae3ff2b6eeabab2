package dev.mpkit.tck.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.Function;

/**
 * Calls to the provider under test made on a thread of their own and bounded in time, whose result is what they
 * returned or, as a {@link Thrown}, what they threw: a call that blocks for ever fails the test instead of hanging
 * it, and a refusal is checked like a value. With them, the check that a call which must wait out its timeout did
 * not return earlier.
 *
 * <pre>{@code
 * Timed<Object> r = timed(TIMEOUT.plus(Timeouts.MUST_HAPPEN), "[QUEUE-03] get(timeout)", () -> q.get(TIMEOUT));
 * assertTrue(thrown(r) instanceof QueueEmptyException, "[QUEUE-03] get(timeout) of an empty queue " + r.value);
 * assertNoEarlier("QUEUE-03", TIMEOUT, r.nanos, "get(" + TIMEOUT + ") of an empty queue threw");
 * }</pre>
 */
public final class BoundedCalls {

    private BoundedCalls() {}

    /** A call to the provider under test that may throw. */
    @FunctionalInterface
    public interface Call {
        /** Makes the call; what it returns is the result of the {@link #timed} call. */
        Object call() throws Exception;
    }

    /** A call without a result. */
    @FunctionalInterface
    public interface Action {
        /** Makes the call. */
        void run() throws Exception;
    }

    /** An exception that a {@link #timed} call threw, as its result. */
    public static final class Thrown {
        /** What the call threw. */
        public final Exception e;
        private final Function<? super Exception, String> describe;

        Thrown(Exception e, Function<? super Exception, String> describe) {
            this.e = e;
            this.describe = describe;
        }

        /** "threw " and the exception as the caller describes it, for failure messages. */
        @Override
        public String toString() {
            return "threw " + describe.apply(e);
        }
    }

    /**
     * Runs {@code call} on a thread of its own, bounded by {@code bound}; returns what it returned or threw (a
     * {@link Thrown}, shown as "threw " and the exception's {@code toString()}), with how long it took and when it
     * ended. Fails with {@code what} if the call does not return within {@code bound}.
     */
    public static Timed<Object> timed(Duration bound, String what, Call call) throws Exception {
        return timed(bound, what, call, String::valueOf);
    }

    /**
     * {@link #timed(Duration, String, Call)} whose {@link Thrown} shows the exception as {@code describe} says, for
     * a kit area whose messages describe exceptions in a way of their own.
     */
    public static Timed<Object> timed(Duration bound, String what, Call call,
            Function<? super Exception, String> describe) throws Exception {
        return Timed.within(bound, what, () -> {
            try {
                return call.call();
            } catch (Exception e) {
                return new Thrown(e, describe);
            }
        });
    }

    /** The exception of a {@link #timed} result, or {@code null} if the call returned. */
    public static Exception thrown(Timed<Object> r) {
        return r.value instanceof Thrown ? ((Thrown) r.value).e : null;
    }

    /**
     * What {@code call} threw, or {@code null} if it returned; fails with {@code what} if it does not return within
     * {@code bound}.
     */
    public static Exception thrownWithin(Duration bound, String what, Action call) throws Exception {
        return thrown(timed(bound, what, () -> {
            call.run();
            return null;
        }));
    }

    /**
     * Asserts that something that took {@code nanos} took at least {@code timeout}, less
     * {@link Timeouts#CLOCK_SLACK}: a timed call that must run out did not give up early. {@code what} says what
     * was called and how it ended, for the failure message: "get(PT0.3S) threw QueueEmptyException".
     */
    public static void assertNoEarlier(String clause, Duration timeout, long nanos, String what) {
        assertTrue(nanos >= timeout.minus(Timeouts.CLOCK_SLACK).toNanos(), "[" + clause + "] " + what + " after "
                + Duration.ofNanos(nanos) + ", before its timeout " + timeout);
    }
}
