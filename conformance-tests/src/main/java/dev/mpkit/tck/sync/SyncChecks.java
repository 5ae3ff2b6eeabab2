package dev.mpkit.tck.sync;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mpkit.Acquirable;
import dev.mpkit.tck.support.Timed;
import dev.mpkit.tck.support.Timeouts;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The parent side of the LOCK and SEM tests: bounded calls, refusals and the values children record. */
final class SyncChecks {

    private static final Pattern FIELD = Pattern.compile("(?:^|\\s)([a-z]+)=(\\S+)");

    private SyncChecks() {}

    /** What {@code call} threw, or {@code null} if it returned; bounded by {@link Timeouts#PROMPT}. */
    static Throwable thrownBy(String what, SyncTargets.ThrowingRunnable call) throws Exception {
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
     * Asserts that {@code t} is a {@code type} whose message starts with {@code [clause]}; {@code what} says what
     * was called, for the failure message.
     */
    static void assertRefused(String clause, Class<? extends Throwable> type, Throwable t, String what) {
        assertTrue(t != null, "[" + clause + "] " + what + " returned normally; expected " + type.getSimpleName());
        assertTrue(type.isInstance(t), "[" + clause + "] " + what + " threw " + t + "; expected "
                + type.getSimpleName());
        assertTrue(t.getMessage() != null && t.getMessage().startsWith("[" + clause + "]"), "[" + clause + "] "
                + what + " threw " + type.getSimpleName() + " whose message does not start with [" + clause + "]: "
                + t.getMessage());
    }

    /** tryAcquire() on a thread of its own (not the caller's), bounded by {@link Timeouts#PROMPT}. */
    static boolean tryOnAnotherThread(Acquirable a, String what) throws Exception {
        return Timed.within(Timeouts.PROMPT, what, a::tryAcquire).value;
    }

    /** tryAcquire(timeout) on a thread of its own, bounded by the timeout plus {@link Timeouts#PROMPT}. */
    static Timed<Boolean> timedTry(Acquirable a, Duration timeout, String what) throws Exception {
        Duration bound = timeout.isNegative() ? Timeouts.PROMPT : timeout.plus(Timeouts.PROMPT);
        return Timed.within(bound, what, () -> a.tryAcquire(timeout));
    }

    /** Asserts that a timed try returned false no earlier than its timeout, less {@link Timeouts#CLOCK_SLACK}. */
    static void assertTimedOut(String clause, Duration timeout, boolean result, long nanos, String what) {
        assertTrue(!result, "[" + clause + "] " + what + " returned true; expected false after " + timeout);
        assertTrue(nanos >= timeout.minus(Timeouts.CLOCK_SLACK).toNanos(), "[" + clause + "] " + what
                + " returned false after " + Duration.ofNanos(nanos) + ", before its timeout " + timeout);
    }

    /** The value of {@code key=value} in an event's text, for example {@code nanos} in "B result=false nanos=5". */
    static String field(String text, String key) {
        Matcher m = FIELD.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(key)) {
                return m.group(2);
            }
        }
        return fail("kit: no " + key + "= in the child's event '" + text + "'");
    }

    /** {@link #field} as a number. */
    static long number(String text, String key) {
        return Long.parseLong(field(text, key));
    }

    /**
     * One thread of the test's process that calls a recursive lock as its owner: every call runs on the same thread
     * and is bounded, so that ownership stays with one thread and a call that hangs fails the test.
     */
    static final class Owner implements AutoCloseable {

        private final ExecutorService thread;

        Owner(String name) {
            thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "mpkit-kit-" + name);
                t.setDaemon(true);
                return t;
            });
        }

        /** Runs {@code call} on the owner thread within {@link Timeouts#PROMPT}; {@code what} starts with the clause. */
        <T> T call(String what, Callable<T> call) throws Exception {
            Future<T> f = thread.submit(call);
            try {
                return f.get(Timeouts.PROMPT.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                return fail(what + " did not return within " + Timeouts.PROMPT);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof Exception) {
                    throw (Exception) c;
                }
                throw (Error) c;
            }
        }

        /** acquire() on the owner thread. */
        void acquire(Acquirable a, String what) throws Exception {
            call(what, () -> {
                a.acquire();
                return null;
            });
        }

        /** tryAcquire() on the owner thread. */
        boolean tryAcquire(Acquirable a, String what) throws Exception {
            return call(what, a::tryAcquire);
        }

        /** release() on the owner thread; what it throws is thrown here. */
        void release(Acquirable a, String what) throws Exception {
            call(what, () -> {
                a.release();
                return null;
            });
        }

        /** Runs {@code call} on the owner thread and returns what it threw, or {@code null}. */
        Throwable thrownBy(String what, SyncTargets.ThrowingRunnable call) throws Exception {
            return call(what, () -> {
                try {
                    call.run();
                    return null;
                } catch (Exception e) {
                    return e;
                }
            });
        }

        @Override
        public void close() {
            thread.shutdownNow();
        }
    }
}
