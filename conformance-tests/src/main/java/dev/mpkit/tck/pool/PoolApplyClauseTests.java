package dev.mpkit.tck.pool;

import static dev.mpkit.tck.pool.PoolChecks.NOT_WAITING;
import static dev.mpkit.tck.pool.PoolChecks.TIMEOUT;
import static dev.mpkit.tck.pool.PoolChecks.WAIT_MILLIS;
import static dev.mpkit.tck.pool.PoolChecks.WORK;
import static dev.mpkit.tck.pool.PoolChecks.assertNoEarlier;
import static dev.mpkit.tck.pool.PoolChecks.assertPrompt;
import static dev.mpkit.tck.pool.PoolChecks.assertRefused;
import static dev.mpkit.tck.pool.PoolChecks.did;
import static dev.mpkit.tck.pool.PoolChecks.dispose;
import static dev.mpkit.tck.pool.PoolChecks.failure;
import static dev.mpkit.tck.pool.PoolChecks.is;
import static dev.mpkit.tck.pool.PoolChecks.joined;
import static dev.mpkit.tck.pool.PoolChecks.newPool;
import static dev.mpkit.tck.pool.PoolChecks.prompt;
import static dev.mpkit.tck.pool.PoolChecks.returns;
import static dev.mpkit.tck.pool.PoolChecks.thrownBy;
import static dev.mpkit.tck.pool.PoolChecks.timed;
import static dev.mpkit.tck.pool.PoolChecks.value;
import static dev.mpkit.tck.support.BoundedCalls.thrown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.AsyncResult;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.PoolFunction;
import dev.mpkit.PoolOptions;
import dev.mpkit.ResultIterator;
import dev.mpkit.WorkerPool;
import dev.mpkit.tck.support.Clause;
import dev.mpkit.tck.support.ClauseTests;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.Kit;
import dev.mpkit.tck.support.Timed;
import dev.mpkit.tck.support.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * One task at a time: apply (POOL-06), applyAsync (POOL-07), timed waits (POOL-08), ready results (POOL-09),
 * a task's exception (POOL-10) and callbacks (POOL-11, POOL-12).
 */
@ClauseTests
class PoolApplyClauseTests {

    // ------------------------------------------------------------------------------------------ POOL-06

    /**
     * apply(() -> 6 * 7) returns 42, apply(fn, 7) returns fn(7), apply of a task returning null returns null; and
     * apply of a task that takes 300 ms returns its value no earlier than the task recorded its end, in a worker.
     * <p>If this fails, check that apply() is applyAsync(...).get(): it waits for the result.
     */
    @Clause("POOL-06")
    @Test
    void pool06_applyWaitsForTheTaskAndReturnsItsValue(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        WorkerPool pool = newPool("POOL-06", mp, PoolOptions.defaults().processes(2));
        try {
            assertEquals(42, (Integer) returns("[POOL-06] apply(() -> 6 * 7)", () -> pool.apply(() -> 6 * 7)),
                    "[POOL-06] apply(() -> 6 * 7)");
            PoolFunction<Integer, Integer> square = x -> x * x;
            assertEquals(49, (Integer) returns("[POOL-06] apply(x -> x * x, 7)", () -> pool.apply(square, 7)),
                    "[POOL-06] apply(x -> x * x, 7)");
            assertNull(returns("[POOL-06] apply(() -> null)", () -> pool.apply(PoolTargets.returning(null))),
                    "[POOL-06] apply() of a task that returns null");
            Timed<Object> slow = timed(Timeouts.MUST_HAPPEN, "[POOL-06] apply() of a task of " + WORK.toMillis()
                    + " ms", () -> pool.apply(PoolTargets.sleeping(log, "slow", WORK.toMillis())));
            assertEquals("slow", slow.value, "[POOL-06] apply() of a task of " + WORK.toMillis() + " ms "
                    + did(slow));
            PoolChecks.Run run = PoolChecks.run("POOL-06", log, "slow");
            assertTrue(run.ended() && run.end <= slow.end, "[POOL-06] apply() returned before the task recorded its"
                    + " end (task " + (run.ended() ? "ended " + (run.end - slow.end) / 1_000_000 + " ms later"
                    : "never ended") + ")");
            assertTrue(run.pid != ProcessHandle.current().pid(), "[POOL-06] apply() ran the task in the caller");
        } finally {
            dispose(pool);
        }
    }

    // ------------------------------------------------------------------------------------------ POOL-07

    /**
     * applyAsync(task) and applyAsync(fn, arg) return at once, while their tasks are held in a worker, with a
     * result that is not ready: isReady() false, isSuccessful() throws IllegalStateException "[POOL-07] result is
     * not ready"; once released, the results arrive.
     * <p>If this fails, check that applyAsync only queues the task, and that isSuccessful() refuses to answer
     * before the result is ready, as CPython's successful() does.
     */
    @Clause("POOL-07")
    @Test
    void pool07_applyAsyncReturnsAtOnceWithAResultNotReady(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        WorkerPool pool = newPool("POOL-07", mp, PoolOptions.defaults().processes(2));
        try {
            Timed<Object> a = timed(Timeouts.MUST_HAPPEN, "[POOL-07] applyAsync(task)",
                    () -> pool.applyAsync(PoolTargets.held(log, "task", WAIT_MILLIS)));
            Timed<Object> b = timed(Timeouts.MUST_HAPPEN, "[POOL-07] applyAsync(fn, arg)",
                    () -> pool.applyAsync(PoolTargets.heldFn(log, WAIT_MILLIS), "fn"));
            assertPrompt("POOL-07", a, "applyAsync(task) of a held task");
            assertPrompt("POOL-07", b, "applyAsync(fn, arg) of a held function");
            for (Timed<Object> t : List.of(a, b)) {
                assertTrue(t.value instanceof AsyncResult, "[POOL-07] applyAsync " + did(t));
                AsyncResult<?> r = (AsyncResult<?>) t.value;
                String which = t == a ? "applyAsync(task)" : "applyAsync(fn, arg)";
                assertFalse(is("[POOL-07] isReady()", r::isReady), "[POOL-07] isReady() of the result of "
                        + which + " while its task is held");
                Exception e = thrownBy("[POOL-07] isSuccessful()", r::isSuccessful);
                assertRefused("POOL-07", IllegalStateException.class, "[POOL-07] result is not ready", e,
                        "isSuccessful() of the result of " + which + " while its task is held");
            }
            log.record("release all");
            assertEquals("task", value(cast(a.value), "[POOL-07] get()"), "[POOL-07] result of applyAsync(task)");
            assertEquals("fn", value(cast(b.value), "[POOL-07] get()"), "[POOL-07] result of applyAsync(fn, arg)");
            assertTrue(PoolChecks.run("POOL-07", log, "task").end > a.end, "[POOL-07] the task ended before applyAsync"
                    + " returned");
        } finally {
            dispose(pool);
        }
    }

    @SuppressWarnings("unchecked")
    private static <R> AsyncResult<R> cast(Object r) {
        return (AsyncResult<R>) r;
    }

    // ------------------------------------------------------------------------------------------ POOL-08

    /**
     * On a result that is not ready, get(300 ms) throws TimeoutException "[POOL-08]…" and await(300 ms) returns
     * false, both no earlier than 300 ms; with zero or negative timeouts both answer at once; next(300 ms) of an
     * imap whose item is queued behind the held task does the same; released, the result and the item arrive.
     * <p>If this fails, check the deadline arithmetic of the timed waits (a negative or huge timeout must not
     * overflow) and that a timeout leaves the result and the iterator as they were.
     */
    @Clause("POOL-08")
    @Test
    void pool08_timedWaitsOnAResultNotReadyRunOut(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        WorkerPool pool = newPool("POOL-08", mp, PoolOptions.defaults().processes(1));
        try {
            AsyncResult<String> r = pool.applyAsync(PoolTargets.held(log, "held", WAIT_MILLIS));
            ResultIterator<String> it = pool.imap(PoolTargets.heldFn(log, WAIT_MILLIS), List.of("item"));
            Timed<Object> get = timed(TIMEOUT.plus(Timeouts.MUST_HAPPEN), "[POOL-08] get(timeout)",
                    () -> r.get(TIMEOUT));
            assertRefused("POOL-08", TimeoutException.class, "[POOL-08]", thrown(get), "get(" + TIMEOUT.toMillis()
                    + " ms) of a result not ready");
            assertNoEarlier("POOL-08", TIMEOUT, get.nanos, "get(timeout) threw TimeoutException");
            Timed<Object> await = timed(TIMEOUT.plus(Timeouts.MUST_HAPPEN), "[POOL-08] await(timeout)",
                    () -> r.await(TIMEOUT));
            assertEquals(false, await.value, "[POOL-08] await(" + TIMEOUT.toMillis() + " ms) of a result not ready "
                    + did(await));
            assertNoEarlier("POOL-08", TIMEOUT, await.nanos, "await(timeout) returned false");
            Timed<Object> next = timed(TIMEOUT.plus(Timeouts.MUST_HAPPEN), "[POOL-08] next(timeout)",
                    () -> it.next(TIMEOUT));
            assertRefused("POOL-08", TimeoutException.class, "[POOL-08]", thrown(next), "next(" + TIMEOUT.toMillis()
                    + " ms) of an imap whose only item is queued behind a held task");
            assertNoEarlier("POOL-08", TIMEOUT, next.nanos, "next(timeout) threw TimeoutException");
            for (Duration d : NOT_WAITING) {
                Timed<Object> g = timed(Timeouts.MUST_HAPPEN, "[POOL-08] get(" + d + ")", () -> r.get(d));
                assertRefused("POOL-08", TimeoutException.class, "[POOL-08]", thrown(g), "get(" + d + ") of a result"
                        + " not ready");
                assertPrompt("POOL-08", g, "get(" + d + ") of a result not ready");
                Timed<Object> w = timed(Timeouts.MUST_HAPPEN, "[POOL-08] await(" + d + ")", () -> r.await(d));
                assertEquals(false, w.value, "[POOL-08] await(" + d + ") of a result not ready " + did(w));
                assertPrompt("POOL-08", w, "await(" + d + ") of a result not ready");
                Timed<Object> n = timed(Timeouts.MUST_HAPPEN, "[POOL-08] next(" + d + ")", () -> it.next(d));
                assertRefused("POOL-08", TimeoutException.class, "[POOL-08]", thrown(n), "next(" + d + ") of an imap"
                        + " whose item is not done");
                assertPrompt("POOL-08", n, "next(" + d + ") of an imap whose item is not done");
            }
            log.record("release all");
            assertEquals("held", value(r, "[POOL-08] get() after the timeouts"), "[POOL-08] the result after its"
                    + " timed waits ran out");
            assertEquals("item", returns("[POOL-08] next() after the timeouts", () -> it.next(Timeouts.MUST_HAPPEN)),
                    "[POOL-08] the imap item after next(timeout) ran out");
        } finally {
            dispose(pool);
        }
    }

    // ------------------------------------------------------------------------------------------ POOL-09

    /**
     * A ready result stays ready: get() returns an equal value three times, get(long timeout), get(ZERO), await()
     * and await(long timeout) return at once, isReady() and isSuccessful() are true.
     * <p>If this fails, check that the result keeps its value once set and that every wait checks readiness before
     * it blocks.
     */
    @Clause("POOL-09")
    @Test
    void pool09_aReadyResultStaysReady(MultiprocessingContext mp) throws Exception {
        WorkerPool pool = newPool("POOL-09", mp, PoolOptions.defaults().processes(1));
        try {
            ArrayList<Integer> expected = new ArrayList<>(List.of(1, 2, 3));
            AsyncResult<ArrayList<Integer>> r = pool.applyAsync(PoolTargets.returning(expected));
            assertEquals(expected, value(r, "[POOL-09] get()"), "[POOL-09] the value");
            for (int i = 0; i < 3; i++) {
                assertEquals(expected, prompt("[POOL-09] get() of a ready result", r::get), "[POOL-09] get() (call "
                        + (i + 2) + ") of a ready result");
            }
            assertEquals(expected, prompt("[POOL-09] get(long timeout)", () -> r.get(Timeouts.LONG_SLEEP)),
                    "[POOL-09] get(" + Timeouts.LONG_SLEEP + ") of a ready result");
            assertEquals(expected, prompt("[POOL-09] get(ZERO)", () -> r.get(Duration.ZERO)),
                    "[POOL-09] get(ZERO) of a ready result");
            prompt("[POOL-09] await()", () -> {
                r.await();
                return null;
            });
            assertEquals(true, prompt("[POOL-09] await(long timeout)", () -> r.await(Timeouts.LONG_SLEEP)),
                    "[POOL-09] await(" + Timeouts.LONG_SLEEP + ") of a ready result");
            assertEquals(true, prompt("[POOL-09] await(ZERO)", () -> r.await(Duration.ZERO)),
                    "[POOL-09] await(ZERO) of a ready result");
            assertTrue(is("[POOL-09] isReady()", r::isReady), "[POOL-09] isReady() of a ready result");
            assertTrue(is("[POOL-09] isSuccessful()", r::isSuccessful), "[POOL-09] isSuccessful() of a result"
                    + " whose task returned");
        } finally {
            dispose(pool);
        }
    }

    // ------------------------------------------------------------------------------------------ POOL-10

    /**
     * A task's exception comes back from get() as the cause of an ExecutionException: same class (a JDK exception,
     * an AssertionError, a checked exception of the kit's own), same message, with the worker's stack trace (it
     * contains the frame that threw); a second get() has the same cause object; isSuccessful() is false; apply()
     * throws it the same way; the pool then still runs tasks.
     * <p>If this fails, check that the worker serializes the exception it caught, Errors included, and that the
     * result keeps the one deserialized copy for every get().
     */
    @Clause("POOL-10")
    @Test
    void pool10_aTasksExceptionIsTheCauseOfExecutionException(MultiprocessingContext mp) throws Exception {
        WorkerPool pool = newPool("POOL-10", mp, PoolOptions.defaults().processes(2));
        try {
            Object[][] cases = {{"IAE", IllegalArgumentException.class, "bad key 1"},
                {"Error", AssertionError.class, "kit: an Error thrown by a task"},
                {"checked", PoolTargets.TaskFailure.class, "kit: a checked exception of the kit's own"}};
            for (Object[] c : cases) {
                String kind = (String) c[0];
                Class<?> type = (Class<?>) c[1];
                String message = (String) c[2];
                AsyncResult<Object> r = pool.applyAsync(PoolTargets.throwing(kind, message));
                Throwable cause = failure("POOL-10", r, "get() of a task that threw " + type.getSimpleName());
                assertEquals(type, cause.getClass(), "[POOL-10] class of the cause of get()'s ExecutionException,"
                        + " for a task that threw " + type.getName() + ": " + PoolChecks.describe(cause));
                assertEquals(message, cause.getMessage(), "[POOL-10] message of the cause, for a task that threw "
                        + type.getSimpleName());
                assertTrue(Arrays.stream(cause.getStackTrace()).anyMatch(f -> f.getMethodName()
                        .equals(PoolTargets.TASK_FRAME) && f.getClassName().endsWith("PoolTargets")),
                        "[POOL-10] the stack trace of the cause has no frame of PoolTargets." + PoolTargets.TASK_FRAME
                        + ", which threw it in the worker: " + Arrays.toString(cause.getStackTrace()));
                Throwable again = failure("POOL-10", r, "a second get() of a task that threw "
                        + type.getSimpleName());
                assertSame(cause, again, "[POOL-10] a second get() threw a different cause object");
                assertFalse(is("[POOL-10] isSuccessful()", r::isSuccessful), "[POOL-10] isSuccessful() of a"
                        + " result whose task threw " + type.getSimpleName());
                Timed<Object> applied = timed(Timeouts.MUST_HAPPEN, "[POOL-10] apply()",
                        () -> pool.apply(PoolTargets.throwing(kind, message)));
                Throwable viaApply = PoolChecks.causeOf("POOL-10", applied, "apply() of a task that threw "
                        + type.getSimpleName());
                assertEquals(type, viaApply.getClass(), "[POOL-10] class of the cause thrown by apply()");
                assertEquals(message, viaApply.getMessage(), "[POOL-10] message of the cause thrown by apply()");
            }
            assertEquals("still usable", returns("[POOL-10] apply() after failed tasks",
                    () -> pool.apply(PoolTargets.returning("still usable"))), "[POOL-10] apply() after failed tasks");
        } finally {
            dispose(pool);
        }
    }

    // ------------------------------------------------------------------------------------------ POOL-11

    /** What a pair of callbacks saw: how often each ran, with what, in which process. */
    static final class Seen {
        final AtomicInteger values = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();
        final AtomicReference<Object> value = new AtomicReference<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicReference<Long> pid = new AtomicReference<>();

        Consumer<Object> callback() {
            return v -> {
                value.set(v);
                pid.set(ProcessHandle.current().pid());
                values.incrementAndGet();
            };
        }

        Consumer<Throwable> errorCallback() {
            return t -> {
                failure.set(t);
                pid.set(ProcessHandle.current().pid());
                failures.incrementAndGet();
            };
        }

        int calls() {
            return values.get() + failures.get();
        }

        @Override
        public String toString() {
            return "callback ran " + values.get() + " time(s) with " + value.get() + ", errorCallback ran "
                    + failures.get() + " time(s) with " + failure.get();
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void register(AsyncResult<?> r, Seen seen) {
        ((AsyncResult) r).whenReady(seen.callback(), seen.errorCallback());
    }

    /**
     * whenReady(callback, errorCallback): exactly one of them runs, exactly once, in the submitting process: the
     * callback with the value of a task that succeeds, the errorCallback with the exception of one that fails,
     * whether registered before or after the result is ready; mapAsync's callback gets the whole list, its
     * errorCallback one of the failures.
     * <p>If this fails, check that the result calls its callbacks when it becomes ready, once, and that whenReady
     * on a ready result calls at once.
     */
    @Clause("POOL-11")
    @Test
    void pool11_exactlyOneCallbackRunsOnce(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        WorkerPool pool = newPool("POOL-11", mp, PoolOptions.defaults().processes(2));
        try {
            AsyncResult<String> ok = pool.applyAsync(PoolTargets.held(log, "ok", WAIT_MILLIS));
            AsyncResult<Object> failing = pool.applyAsync(PoolTargets.heldThenFails(log, "failing", "IAE",
                    "kit: failure for the error callback", WAIT_MILLIS));
            Seen okBefore = new Seen();
            Seen failingBefore = new Seen();
            register(ok, okBefore);
            register(failing, failingBefore);
            log.record("release all");
            assertEquals("ok", value(ok, "[POOL-11] get()"), "[POOL-11] result");
            Throwable cause = failure("POOL-11", failing, "get() of a task that threw");
            Seen okAfter = new Seen();
            Seen failingAfter = new Seen();
            register(ok, okAfter);
            register(failing, failingAfter);
            List<Integer> items = List.of(1, 2, 3);
            AsyncResult<List<Integer>> mapped = pool.mapAsync(PoolTargets.plain(), items);
            Seen mapSeen = new Seen();
            register(mapped, mapSeen);
            AsyncResult<List<Integer>> mapFailing = pool.mapAsync(PoolTargets.jittered(Set.of(1, 2)),
                    List.of(0, 1, 2, 3), 1);
            Seen mapFailingSeen = new Seen();
            register(mapFailing, mapFailingSeen);
            value(mapped, "[POOL-11] get() of mapAsync");
            failure("POOL-11", mapFailing, "get() of a mapAsync with failing items");
            List<Seen> all = List.of(okBefore, failingBefore, okAfter, failingAfter, mapSeen, mapFailingSeen);
            Timeouts.eventually("POOL-11 every callback ran").until(() -> all.stream().allMatch(s -> s.calls() >= 1));
            long self = ProcessHandle.current().pid();
            for (Seen s : List.of(okBefore, okAfter)) {
                String when = s == okBefore ? "registered before the result was ready" : "registered after";
                assertEquals(1, s.values.get(), "[POOL-11] callback of a succeeding task, " + when + ": " + s);
                assertEquals(0, s.failures.get(), "[POOL-11] errorCallback of a succeeding task, " + when + ": " + s);
                assertEquals("ok", s.value.get(), "[POOL-11] value given to the callback, " + when);
                assertEquals(self, s.pid.get(), "[POOL-11] process in which the callback ran, " + when);
            }
            for (Seen s : List.of(failingBefore, failingAfter)) {
                String when = s == failingBefore ? "registered before the result was ready" : "registered after";
                assertEquals(1, s.failures.get(), "[POOL-11] errorCallback of a failing task, " + when + ": " + s);
                assertEquals(0, s.values.get(), "[POOL-11] callback of a failing task, " + when + ": " + s);
                assertEquals(cause.getClass(), s.failure.get().getClass(), "[POOL-11] the exception given to the"
                        + " errorCallback, " + when + ": " + PoolChecks.describe(s.failure.get()));
                assertEquals(cause.getMessage(), s.failure.get().getMessage(), "[POOL-11] message of the exception"
                        + " given to the errorCallback, " + when);
                assertEquals(self, s.pid.get(), "[POOL-11] process in which the errorCallback ran, " + when);
            }
            assertEquals(1, mapSeen.values.get(), "[POOL-11] mapAsync's callback: " + mapSeen);
            assertEquals(0, mapSeen.failures.get(), "[POOL-11] mapAsync's errorCallback on success: " + mapSeen);
            assertEquals(List.of(PoolTargets.f(1), PoolTargets.f(2), PoolTargets.f(3)), mapSeen.value.get(),
                    "[POOL-11] the value given to mapAsync's callback: the whole list");
            assertEquals(1, mapFailingSeen.failures.get(), "[POOL-11] mapAsync's errorCallback: " + mapFailingSeen);
            assertEquals(0, mapFailingSeen.values.get(), "[POOL-11] mapAsync's callback with failing items: "
                    + mapFailingSeen);
            Throwable f = mapFailingSeen.failure.get();
            assertTrue(f instanceof IllegalArgumentException && Set.of("fail 1", "fail 2").contains(f.getMessage()),
                    "[POOL-11] mapAsync's errorCallback got " + PoolChecks.describe(f) + "; expected one of the"
                    + " failures, IllegalArgumentException 'fail 1' or 'fail 2'");
        } finally {
            dispose(pool);
        }
    }

    // ------------------------------------------------------------------------------------------ POOL-12

    /**
     * A callback or errorCallback that throws breaks nothing: its result stays ready with its value (or failure),
     * another callback of the same result still runs, a later result and its callback are delivered, a throwing
     * callback registered on a ready result does not throw from whenReady, and shutdown(), join() and terminate()
     * work. CPython's pool stops delivering results (PL-09): a recorded deviation.
     * <p>If this fails, check that the thread that delivers results catches what a callback throws.
     */
    @Clause("POOL-12")
    @Test
    void pool12_aThrowingCallbackDoesNotBreakThePool(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        WorkerPool pool = newPool("POOL-12", mp, PoolOptions.defaults().processes(1));
        try {
            AsyncResult<String> r1 = pool.applyAsync(PoolTargets.held(log, "r1", WAIT_MILLIS));
            AsyncResult<Object> f1 = pool.applyAsync(PoolTargets.heldThenFails(log, "f1", "IAE",
                    "kit: failure whose errorCallback throws", WAIT_MILLIS));
            Seen r1Other = new Seen();
            Seen f1Other = new Seen();
            r1.whenReady(v -> {
                throw new IllegalStateException("kit: this callback fails on purpose");
            }, t -> { });
            register(r1, r1Other);
            f1.whenReady(v -> { }, t -> {
                throw new IllegalStateException("kit: this errorCallback fails on purpose");
            });
            register(f1, f1Other);
            log.record("release all");
            assertEquals("r1", value(r1, "[POOL-12] get() of a result whose callback threw"), "[POOL-12] the value"
                    + " of a result whose callback threw");
            assertTrue(is("[POOL-12] isReady()", r1::isReady), "[POOL-12] isReady() of a result whose callback"
                    + " threw");
            Throwable cause = failure("POOL-12", f1, "get() of a failed result whose errorCallback threw");
            assertEquals("kit: failure whose errorCallback throws", cause.getMessage(), "[POOL-12] the failure of a"
                    + " result whose errorCallback threw");
            Timeouts.eventually("POOL-12 the other callbacks of both results ran")
                    .until(() -> r1Other.calls() >= 1 && f1Other.calls() >= 1);
            assertEquals(1, r1Other.values.get(), "[POOL-12] another callback of the result whose callback threw: "
                    + r1Other);
            assertEquals(1, f1Other.failures.get(), "[POOL-12] another errorCallback of the result whose"
                    + " errorCallback threw: " + f1Other);
            AsyncResult<String> later = pool.applyAsync(PoolTargets.returning("later"));
            Seen laterSeen = new Seen();
            register(later, laterSeen);
            assertEquals("later", value(later, "[POOL-12] get() of a later result"), "[POOL-12] a later result");
            Timeouts.eventually("POOL-12 the callback of a later result ran").until(() -> laterSeen.calls() >= 1);
            assertEquals("later", laterSeen.value.get(), "[POOL-12] the callback of a later result: " + laterSeen);
            Exception onReady = thrownBy("[POOL-12] whenReady(throwing callback) on a ready result",
                    () -> later.whenReady(v -> {
                        throw new IllegalStateException("kit: this callback fails on purpose, on a ready result");
                    }));
            assertNull(onReady, "[POOL-12] whenReady() of a throwing callback on a ready result threw "
                    + PoolChecks.describe(onReady));
            assertEquals("after", returns("[POOL-12] apply() after throwing callbacks",
                    () -> pool.apply(PoolTargets.returning("after"))), "[POOL-12] apply() after throwing callbacks");
            assertNull(thrownBy("[POOL-12] shutdown()", pool::shutdown), "[POOL-12] shutdown() threw");
            Timed<Object> joined = joined(pool, "[POOL-12] join() after shutdown()");
            assertEquals("joined", joined.value, "[POOL-12] join() after shutdown() " + did(joined));
            assertNull(thrownBy("[POOL-12] terminate()", pool::terminate), "[POOL-12] terminate() after join()"
                    + " threw");
        } finally {
            dispose(pool);
        }
    }
}
