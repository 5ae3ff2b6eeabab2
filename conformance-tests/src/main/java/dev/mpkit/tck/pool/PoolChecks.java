package dev.mpkit.tck.pool;

import static dev.mpkit.tck.support.BoundedCalls.thrown;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mpkit.AsyncResult;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.PoolOptions;
import dev.mpkit.PoolTask;
import dev.mpkit.ResultIterator;
import dev.mpkit.WorkerPool;
import dev.mpkit.tck.support.BoundedCalls;
import dev.mpkit.tck.support.BoundedCalls.Action;
import dev.mpkit.tck.support.BoundedCalls.Call;
import dev.mpkit.tck.support.BoundedCalls.Thrown;
import dev.mpkit.tck.support.Cleanup;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.TimeScale;
import dev.mpkit.tck.support.Timed;
import dev.mpkit.tck.support.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * The parent side of the POOL tests: calls to the pool under test bounded in time, so that a call that blocks for
 * ever fails the test instead of hanging it; the checks of refusals and lower bounds; what the kit's event log says
 * about where and when tasks ran; and the cleanup of pools.
 */
final class PoolChecks {

    /** POOL-08: the timeout of a timed wait that must run out. */
    static final Duration TIMEOUT = TimeScale.millis(300);
    /** How long a task takes when it must take a while: its workload. */
    static final Duration WORK = TimeScale.millis(300);
    /** Zero and negative timeouts, down to one whose nanoseconds overflow a long: each must not wait. */
    static final List<Duration> NOT_WAITING = List.of(Duration.ZERO, Duration.ofNanos(-1), Duration.ofSeconds(-1),
            Duration.ofDays(-200_000));
    /** How long a held task waits for its release at most, and every other wait of a worker. */
    static final long WAIT_MILLIS = Timeouts.MUST_HAPPEN.toMillis();

    private PoolChecks() {}

    /**
     * {@link BoundedCalls#timed(Duration, String, Call)} for the POOL tests: what the call threw shows as
     * {@link #describe} says.
     */
    static Timed<Object> timed(Duration bound, String what, Call call) throws Exception {
        return BoundedCalls.timed(bound, what, call, PoolChecks::describe);
    }

    /** What a {@link #timed} call did, for failure messages. */
    static String did(Timed<Object> r) {
        return r.value instanceof Thrown ? r.value.toString() : "returned " + r.value;
    }

    /** What {@code call} threw, or {@code null} if it returned; bounded by {@link Timeouts#PROMPT}. */
    static Exception thrownBy(String what, Action call) throws Exception {
        return BoundedCalls.thrownWithin(Timeouts.PROMPT, what, call);
    }

    /** Runs {@code call}, which must return within {@link Timeouts#PROMPT} without throwing, and returns its value. */
    @SuppressWarnings("unchecked")
    static <T> T prompt(String what, Call call) throws Exception {
        Timed<Object> r = timed(Timeouts.PROMPT, what, call);
        if (thrown(r) != null) {
            fail(what + " " + did(r) + "; expected it to return", thrown(r));
        }
        return (T) r.value;
    }

    /** A boolean query ({@code isReady()}, {@code isSuccessful()}) that must answer at once. */
    static boolean is(String what, Call call) throws Exception {
        return PoolChecks.<Boolean>prompt(what, call);
    }

    /**
     * Runs {@code call}, which must return within {@link Timeouts#MUST_HAPPEN} without throwing, and returns its
     * value: the way to wait for a result that must come.
     */
    @SuppressWarnings("unchecked")
    static <T> T returns(String what, Call call) throws Exception {
        Timed<Object> r = timed(Timeouts.MUST_HAPPEN.plus(Timeouts.PROMPT), what, call);
        if (thrown(r) != null) {
            fail(what + " " + did(r) + "; expected it to return", thrown(r));
        }
        return (T) r.value;
    }

    /** get() of a result, bounded by {@link Timeouts#MUST_HAPPEN}; fails unless it returns a value. */
    static <R> R value(AsyncResult<R> r, String what) throws Exception {
        return returns(what, () -> r.get(Timeouts.MUST_HAPPEN));
    }

    /**
     * get() of a result that must fail, bounded by {@link Timeouts#MUST_HAPPEN}: asserts an ExecutionException and
     * returns its cause.
     */
    static Throwable failure(String clause, AsyncResult<?> r, String what) throws Exception {
        Timed<Object> t = timed(Timeouts.MUST_HAPPEN.plus(Timeouts.PROMPT), "[" + clause + "] " + what,
                () -> r.get(Timeouts.MUST_HAPPEN));
        return causeOf(clause, t, what);
    }

    /** The cause of the ExecutionException a {@link #timed} call must have thrown. */
    static Throwable causeOf(String clause, Timed<Object> t, String what) {
        Exception e = thrown(t);
        assertTrue(e instanceof ExecutionException, "[" + clause + "] " + what + " " + did(t)
                + "; expected ExecutionException");
        assertTrue(e.getCause() != null, "[" + clause + "] " + what + " threw an ExecutionException without a cause");
        return e.getCause();
    }

    /** next() of an iterator, bounded by {@link Timeouts#MUST_HAPPEN}: what it returned or threw. */
    static Timed<Object> next(ResultIterator<?> it, String what) throws Exception {
        return timed(Timeouts.MUST_HAPPEN.plus(Timeouts.PROMPT), what, () -> it.next(Timeouts.MUST_HAPPEN));
    }

    /** Every result of an iterator until hasNext() is false, each bounded; a failed item fails the test. */
    static <R> List<R> drain(ResultIterator<R> it, String what) throws Exception {
        List<R> r = new ArrayList<>();
        while (Boolean.TRUE.equals(returns(what + " hasNext()", it::hasNext))) {
            r.add(PoolChecks.<R>returns(what + " next()", () -> it.next(Timeouts.MUST_HAPPEN)));
        }
        return r;
    }

    /** Asserts that {@code t} is a {@code type} whose message starts with {@code prefix}. */
    static void assertRefused(String clause, Class<? extends Throwable> type, String prefix, Throwable t,
            String what) {
        assertTrue(t != null, "[" + clause + "] " + what + " returned normally; expected " + type.getSimpleName()
                + " '" + prefix + "…'");
        assertTrue(type.isInstance(t), "[" + clause + "] " + what + " threw " + describe(t) + "; expected "
                + type.getSimpleName() + " '" + prefix + "…'");
        assertTrue(t.getMessage() != null && t.getMessage().startsWith(prefix), "[" + clause + "] " + what
                + " threw " + type.getSimpleName() + " whose message does not start with '" + prefix + "': "
                + t.getMessage());
    }

    /** Asserts that something that took {@code nanos} took at least {@code timeout} less the clock slack. */
    static void assertNoEarlier(String clause, Duration timeout, long nanos, String what) {
        assertTrue(nanos >= timeout.minus(Timeouts.CLOCK_SLACK).toNanos(), "[" + clause + "] " + what + " after "
                + Duration.ofNanos(nanos).toMillis() + " ms, before its timeout " + timeout.toMillis() + " ms");
    }

    /** Asserts that a timed call took at most {@link Timeouts#PROMPT}. */
    static void assertPrompt(String clause, Timed<?> r, String what) {
        assertTrue(r.nanos <= Timeouts.PROMPT.toNanos(), "[" + clause + "] " + what + " took "
                + Duration.ofNanos(r.nanos).toMillis() + " ms; expected at once (within " + Timeouts.PROMPT.toMillis()
                + " ms)");
    }

    /** An exception as "Class: message", for messages. */
    static String describe(Throwable t) {
        return t == null ? "nothing" : t.getClass().getName() + ": " + t.getMessage();
    }

    /** applyAsync() of {@code task.apply(i)} for each i from {@code from} up to {@code to}, in that order. */
    static <R> List<AsyncResult<R>> applyAsyncEach(WorkerPool pool, int from, int to, IntFunction<PoolTask<R>> task) {
        List<AsyncResult<R>> results = new ArrayList<>();
        for (int i = from; i < to; i++) {
            results.add(pool.applyAsync(task.apply(i)));
        }
        return results;
    }

    /**
     * join() of {@code pool} on a thread of its own, bounded by {@link Timeouts#MUST_HAPPEN}: its value is "joined"
     * if join() returned, else a {@link Thrown}.
     */
    static Timed<Object> joined(WorkerPool pool, String what) throws Exception {
        return timed(Timeouts.MUST_HAPPEN, what, () -> {
            pool.join();
            return "joined";
        });
    }

    /** A new pool, created within {@link Timeouts#MUST_HAPPEN}. */
    static WorkerPool newPool(String clause, MultiprocessingContext mp, PoolOptions options) throws Exception {
        return returns("[" + clause + "] newPool(" + options + ")", () -> mp.newPool(options));
    }

    /**
     * For finally blocks: closes each pool (terminate() and join()), waiting at most {@link Timeouts#MUST_HAPPEN};
     * never throws, so that the test's own failure shows; the kit kills what a failed test leaves behind.
     */
    static void dispose(WorkerPool... pools) {
        for (WorkerPool p : pools) {
            Throwable e = p == null ? null : Cleanup.quietly("[POOL] close() of a pool after the test", p::close);
            if (e != null) {
                System.err.println("mpkit: close() of a pool after the test: " + e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ the event log

    /** One task as the event log tells it: "start TAG" and "end TAG", with the worker's pid. */
    static final class Run {
        final String tag;
        final long pid;
        final long start;
        /** Long.MAX_VALUE until "end TAG" is recorded. */
        final long end;

        Run(String tag, long pid, long start, long end) {
            this.tag = tag;
            this.pid = pid;
            this.start = start;
            this.end = end;
        }

        boolean ended() {
            return end != Long.MAX_VALUE;
        }

        @Override
        public String toString() {
            return tag + "@" + pid;
        }
    }

    /** Every task that recorded "start TAG", in the order they started, with its "end TAG" if recorded. */
    static List<Run> runs(EventLog log) {
        Map<String, EventLog.Event> starts = new LinkedHashMap<>();
        Map<String, EventLog.Event> ends = new LinkedHashMap<>();
        for (EventLog.Event e : log.events()) {
            if (e.text.startsWith("start ")) {
                starts.putIfAbsent(e.text.substring(6), e);
            } else if (e.text.startsWith("end ")) {
                ends.putIfAbsent(e.text.substring(4), e);
            }
        }
        return starts.values().stream().sorted(Comparator.comparingLong(e -> e.nanos)).map(s -> {
            String tag = s.text.substring(6);
            EventLog.Event end = ends.get(tag);
            return new Run(tag, s.pid, s.nanos, end == null ? Long.MAX_VALUE : end.nanos);
        }).collect(Collectors.toList());
    }

    /**
     * The runs as far as the event log proves them: a run that never recorded its end (its worker died, or it is
     * still running) lasts until the last event of its pid, which may be its start.
     */
    static List<Run> provenRuns(EventLog log) {
        List<EventLog.Event> events = log.events();
        Map<Long, Long> last = new LinkedHashMap<>();
        for (EventLog.Event e : events) {
            last.merge(e.pid, e.nanos, Math::max);
        }
        return runs(log).stream().map(r -> r.ended() ? r : new Run(r.tag, r.pid, r.start, last.get(r.pid) + 1))
                .collect(Collectors.toList());
    }

    /** The run of {@code tag}; fails if it never started. */
    static Run run(String clause, EventLog log, String tag) {
        return runs(log).stream().filter(r -> r.tag.equals(tag)).findFirst()
                .orElseGet(() -> fail("[" + clause + "] the log has no 'start " + tag + "': " + log.events()));
    }

    /** The most runs that were going on at once, with those runs, as "N: [tags]". */
    static int peakRuns(Collection<Run> runs, List<Run> at) {
        return largest(runs, r -> runs.stream().filter(o -> o.start <= r.start && r.start < o.end)
                .collect(Collectors.toList()), at);
    }

    /**
     * The most workers alive at once by the event log: each pid lives at least from its first to its last event,
     * so spans that overlap mean workers alive at the same time.
     */
    static int peakWorkerSpans(EventLog log, Set<Long> pids, List<Long> at) {
        Map<Long, long[]> spans = new LinkedHashMap<>();
        for (EventLog.Event e : log.events()) {
            if (pids.contains(e.pid)) {
                long[] s = spans.computeIfAbsent(e.pid, p -> new long[] {e.nanos, e.nanos});
                s[0] = Math.min(s[0], e.nanos);
                s[1] = Math.max(s[1], e.nanos);
            }
        }
        return largest(spans.values(), s -> spans.entrySet().stream()
                .filter(o -> o.getValue()[0] <= s[0] && s[0] <= o.getValue()[1]).map(Map.Entry::getKey)
                .collect(Collectors.toList()), at);
    }

    /**
     * The size of the largest group that {@code during} gives for one of {@code items}, the first such group copied
     * into {@code at} unless it is {@code null}: the most things going on at once, and which they were.
     */
    private static <T, G> int largest(Collection<T> items, Function<T, List<G>> during, List<G> at) {
        int best = 0;
        for (T item : items) {
            List<G> group = during.apply(item);
            if (group.size() > best) {
                best = group.size();
                if (at != null) {
                    at.clear();
                    at.addAll(group);
                }
            }
        }
        return best;
    }

    /** The pids of every event whose text starts with {@code prefix}, in order of first appearance. */
    static List<Long> pidsOf(EventLog log, String prefix) {
        return log.startingWith(prefix).stream().map(e -> e.pid).distinct().collect(Collectors.toList());
    }

    /** Every pid in the log but the kit JVM's own: the pids tasks, initializers and children reported. */
    static Set<Long> reportedPids(EventLog log) {
        long self = ProcessHandle.current().pid();
        return log.events().stream().map(e -> e.pid).filter(p -> p != self)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * POOL-04: asserts that at most {@code processes} workers were alive at any instant, by the OS (the census,
     * restricted to the pids tasks reported) and by the event log (task runs, and each worker's span of events).
     */
    static void assertAtMostLive(String clause, int processes, WorkerCensus census, EventLog log, String what) {
        Set<Long> workers = reportedPids(log);
        WorkerCensus.Peak os = census.peak(workers);
        assertTrue(os.count <= processes, "[" + clause + "] " + what + ": the OS saw " + os.count + " workers"
                + " alive at once " + census.describe(os.pids) + " (pids that tasks reported); expected at most"
                + " processes=" + processes + "; every new descendant: " + census.peakAll() + "; census: "
                + census.quality());
        List<Run> at = new ArrayList<>();
        int tasks = peakRuns(provenRuns(log), at);
        assertTrue(tasks <= processes, "[" + clause + "] " + what + ": the event log shows " + tasks + " tasks"
                + " running at once " + at + "; expected at most processes=" + processes);
        List<Long> spans = new ArrayList<>();
        int alive = peakWorkerSpans(log, workers, spans);
        assertTrue(alive <= processes, "[" + clause + "] " + what + ": the event log shows " + alive + " workers"
                + " alive at once " + spans + " (each from its first to its last event); expected at most processes="
                + processes);
    }

    /** The distinct pids in {@code pids}, for messages. */
    static Set<Long> distinct(Collection<Long> pids) {
        return new TreeSet<>(pids);
    }
}
