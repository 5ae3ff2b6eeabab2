package dev.mpkit.tck.sync;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mpkit.Acquirable;
import dev.mpkit.tck.support.BoundedCalls;
import dev.mpkit.tck.support.Timed;
import dev.mpkit.tck.support.Timeouts;
import dev.mpkit.tck.support.TimeScale;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
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
    static Throwable thrownBy(String what, BoundedCalls.Action call) throws Exception {
        return BoundedCalls.thrownWithin(Timeouts.PROMPT, what, call);
    }

    /**
     * Asserts that {@code t} is a {@code type} whose message starts with {@code [clause]}; {@code what} says what
     * was called, for the failure message.
     */
    static void assertRefused(String clause, Class<? extends Throwable> type, Throwable t, String what) {
        assertRefused(clause, clause, type, t, what);
    }

    /**
     * Asserts that {@code t} is a {@code type} whose message starts with {@code [tag]}, the clause that defines the
     * error, in a test of {@code clause}.
     */
    static void assertRefused(String clause, String tag, Class<? extends Throwable> type, Throwable t, String what) {
        assertTrue(t != null, "[" + clause + "] " + what + " returned normally; expected " + type.getSimpleName());
        assertTrue(type.isInstance(t), "[" + clause + "] " + what + " threw " + t + "; expected "
                + type.getSimpleName());
        assertTrue(t.getMessage() != null && t.getMessage().startsWith("[" + tag + "]"), "[" + clause + "] "
                + what + " threw " + type.getSimpleName() + " whose message does not start with [" + tag + "]: "
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

    /** How long after its timeout a timed try that fails must have returned (LOCK-04, SEM-06). */
    static final Duration LATE = TimeScale.seconds(2);

    /**
     * Asserts that a timed try returned false no earlier than its timeout (an exact lower bound: the caller measured
     * with System.nanoTime() around the call) and less than {@link #LATE} after it.
     */
    static void assertTimedOut(String clause, Duration timeout, boolean result, long nanos, String what) {
        assertTrue(!result, "[" + clause + "] " + what + " returned true; expected false after " + timeout);
        assertTrue(nanos >= timeout.toNanos(), "[" + clause + "] " + what + " returned false after "
                + Duration.ofNanos(nanos) + ", before its timeout " + timeout);
        assertTrue(nanos < timeout.plus(LATE).toNanos(), "[" + clause + "] " + what + " returned false after "
                + Duration.ofNanos(nanos) + "; expected less than " + LATE + " after its timeout " + timeout);
    }

    /** tryAcquire(timeout) of each of {@code on}, all at once, each on a thread of its own and measured there. */
    static List<Timed<Boolean>> timedTries(List<? extends Acquirable> on, Duration timeout, String what)
            throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(on.size(), r -> {
            Thread t = new Thread(r, "mpkit-kit-timed-try");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Timed<Boolean>>> futures = new ArrayList<>();
            for (Acquirable a : on) {
                futures.add(threads.submit(() -> timedTry(a, timeout, what)));
            }
            List<Timed<Boolean>> r = new ArrayList<>();
            for (Future<Timed<Boolean>> f : futures) {
                try {
                    r.add(f.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Exception) {
                        throw (Exception) e.getCause();
                    }
                    throw (Error) e.getCause();
                }
            }
            return r;
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * Two threads release {@code a}, held once, at the same moment, {@code rounds} times: each time exactly one
     * release must succeed and the other must be refused with {@code tag}, and {@code a} must then hold exactly one
     * permit (LOCK-07, SEM-09: the check and the release are one atomic step).
     */
    static void assertRacingReleasesAdmitOne(String clause, String tag, Acquirable a, int rounds) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "mpkit-kit-" + clause + "-releaser");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int round = 0; round < rounds; round++) {
                assertTrue(tryOnAnotherThread(a, "[" + clause + "] tryAcquire()"), "[" + clause + "] could not"
                        + " acquire before racing releases, round " + round);
                List<Future<Throwable>> r = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    r.add(threads.submit(() -> {
                        start.await();
                        try {
                            a.release();
                            return null;
                        } catch (RuntimeException e) {
                            return e;
                        }
                    }));
                }
                Throwable first = r.get(0).get(Timeouts.PROMPT.toNanos(), TimeUnit.NANOSECONDS);
                Throwable second = r.get(1).get(Timeouts.PROMPT.toNanos(), TimeUnit.NANOSECONDS);
                assertTrue((first == null) != (second == null), "[" + clause + "] two racing release() calls of a"
                        + " lock or semaphore held once: " + (first == null && second == null ? "both succeeded"
                                : "both failed: " + first + ", " + second) + " (round " + round + ")");
                Throwable refused = first == null ? second : first;
                assertRefused(clause, tag, IllegalStateException.class, refused, "the losing one of two racing"
                        + " release() calls");
                Boolean once = Timed.within(Timeouts.PROMPT, "[" + clause + "] tryAcquire() twice", () -> {
                    boolean one = a.tryAcquire();
                    boolean two = a.tryAcquire();
                    if (one) {
                        a.release();
                    }
                    if (two) {
                        a.release();
                    }
                    return one && !two;
                }).value;
                assertTrue(once, "[" + clause + "] after two racing release() calls, one of them refused, the lock or"
                        + " semaphore did not admit exactly one holder (round " + round + ")");
            }
        } finally {
            threads.shutdownNow();
        }
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

        /** Runs {@code call} on the owner thread within {@link Timeouts#PROMPT}; {@code what} starts with the tag. */
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
        Throwable thrownBy(String what, BoundedCalls.Action call) throws Exception {
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
