package dev.mpkit.tck.pool;

import static dev.mpkit.tck.pool.PoolChecks.WORK;
import static dev.mpkit.tck.pool.PoolChecks.assertPrompt;
import static dev.mpkit.tck.pool.PoolChecks.assertRefused;
import static dev.mpkit.tck.pool.PoolChecks.did;
import static dev.mpkit.tck.pool.PoolChecks.dispose;
import static dev.mpkit.tck.pool.PoolChecks.drain;
import static dev.mpkit.tck.pool.PoolChecks.joined;
import static dev.mpkit.tck.pool.PoolChecks.newPool;
import static dev.mpkit.tck.pool.PoolChecks.prompt;
import static dev.mpkit.tck.pool.PoolChecks.returns;
import static dev.mpkit.tck.pool.PoolChecks.timed;
import static dev.mpkit.tck.pool.PoolChecks.value;
import static dev.mpkit.tck.support.BoundedCalls.thrown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.AsyncResult;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.PoolFunction;
import dev.mpkit.PoolOptions;
import dev.mpkit.ResultIterator;
import dev.mpkit.WorkerPool;
import dev.mpkit.tck.support.BoundedCalls;
import dev.mpkit.tck.support.Clause;
import dev.mpkit.tck.support.ClauseTests;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.Kit;
import dev.mpkit.tck.support.Timed;
import dev.mpkit.tck.support.Timeouts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The map family: order (POOL-13 to POOL-15), failures (POOL-16 to POOL-18), chunk sizes (POOL-19, POOL-20).
 */
@ClauseTests
class PoolMapClauseTests {

    /** Chunk sizes to try; 0 stands for the method without a chunk size. */
    static final int[] CHUNKS = {0, 1, 3, 7, 50};

    static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().collect(Collectors.toList());
    }

    /** What map() of {@link PoolTargets#f} over {@code items} must return: f of each item, in input order. */
    static List<Integer> expected(List<Integer> items) {
        return items.stream().map(PoolTargets::f).collect(Collectors.toList());
    }

    /** A chunk size for messages: "chunksize C", or "the default chunk size" for 0. */
    static String chunk(int c) {
        return c == 0 ? "the default chunk size" : "chunksize " + c;
    }

    // ------------------------------------------------------------------------------------------ POOL-13

    /**
     * map and mapAsync return the results in input order for every chunk size, although later items finish first
     * (item x of 12 takes (11 - x) × 5 ms); an empty input gives an empty list, and mapAsync's result for it is
     * ready at once.
     * <p>If this fails, check that results are stored by their item's index, not appended as they arrive.
     */
    @Clause("POOL-13")
    @Test
    void pool13_mapKeepsTheInputOrder(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        WorkerPool pool = newPool("POOL-13", mp, PoolOptions.defaults().processes(3));
        try {
            List<Integer> items = range(12);
            PoolFunction<Integer, Integer> fn = PoolTargets.slowerFirst(log, 12, 5);
            for (int c : CHUNKS) {
                List<Integer> viaMap = returns("[POOL-13] map() with " + chunk(c),
                        () -> c == 0 ? pool.map(fn, items) : pool.map(fn, items, c));
                assertEquals(expected(items), viaMap, "[POOL-13] map() of 0..11 with " + chunk(c));
                AsyncResult<List<Integer>> r = c == 0 ? pool.mapAsync(fn, items) : pool.mapAsync(fn, items, c);
                assertEquals(expected(items), value(r, "[POOL-13] mapAsync().get() with " + chunk(c)),
                        "[POOL-13] mapAsync() of 0..11 with " + chunk(c));
            }
            assertEquals(List.of(), returns("[POOL-13] map() of nothing", () -> pool.map(fn, List.of())),
                    "[POOL-13] map() of an empty input");
            AsyncResult<List<Integer>> empty = prompt("[POOL-13] mapAsync() of nothing",
                    () -> pool.mapAsync(fn, List.of()));
            assertTrue(empty.isReady(), "[POOL-13] mapAsync() of an empty input returned a result that is not ready");
            assertEquals(List.of(), value(empty, "[POOL-13] get()"), "[POOL-13] mapAsync() of an empty input");
        } finally {
            dispose(pool);
        }
    }

    /**
     * map keeps the input order with large items and results too: 3000 strings of 40 000 characters, chunksize 1, on
     * one worker, each returned as it came. Quick tasks with large items fill a worker's pipes both ways at once.
     * <p>If this fails by timing out, check that whatever reads a worker's results never blocks sending it tasks:
     * the worker, blocked sending results, no longer reads its tasks.
     */
    @Clause("POOL-13")
    @Test
    void pool13_mapOfLargeItemsCompletesInOrder(MultiprocessingContext mp) throws Exception {
        WorkerPool pool = newPool("POOL-13", mp, PoolOptions.defaults().processes(1));
        try {
            String big = "x".repeat(40_000);
            List<String> items = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                items.add(i + big);
            }
            PoolFunction<String, String> same = s -> s;
            List<String> out = returns("[POOL-13] map() of 3000 strings of 40 000 characters with chunksize 1",
                    () -> pool.map(same, items, 1));
            assertEquals(items.size(), out.size(), "[POOL-13] how many results map() of 3000 large strings gave");
            for (int i = 0; i < items.size(); i++) {
                assertEquals(items.get(i), out.get(i), "[POOL-13] result " + i + " of map() of large strings");
            }
        } finally {
            dispose(pool);
        }
    }

    /**
     * mapAsync has taken every item of its iterable when it returns, before any result is asked for.
     * <p>If this fails, check that the map family copies its input into a list before it submits anything.
     */
    @Clause("POOL-13")
    @Test
    void pool13_mapTakesItsWholeInputBeforeReturning(MultiprocessingContext mp) throws Exception {
        WorkerPool pool = newPool("POOL-13", mp, PoolOptions.defaults().processes(1));
        try {
            PoolTargets.CountingIterable<Integer> items = PoolTargets.CountingIterable.of(range(10));
            AsyncResult<List<Integer>> r = prompt("[POOL-13] mapAsync()", () -> pool.mapAsync(PoolTargets.plain(),
                    items, 3));
            assertTrue(items.exhausted && items.taken.get() == 10, "[POOL-13] when mapAsync() returned it had taken "
                    + items.taken.get() + " of 10 items" + (items.exhausted ? "" : " and not seen the end")
                    + "; expected the whole iterable");
            assertEquals(expected(range(10)), value(r, "[POOL-13] get()"), "[POOL-13] mapAsync() of 0..9");
        } finally {
            dispose(pool);
        }
    }

    // ------------------------------------------------------------------------------------------ POOL-14

    /**
     * starmap and starmapAsync apply the function to each argument list unpacked (lengths 2, 1, 0 and 3, with a
     * null), results in input order for several chunk sizes; sums of 20 pairs come back in order; an empty input
     * gives an empty list.
     * <p>If this fails, check that each list is passed as the function's argument array, and that results are
     * stored by index.
     */
    @Clause("POOL-14")
    @Test
    void pool14_starmapUnpacksEachArgumentList(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        WorkerPool pool = newPool("POOL-14", mp, PoolOptions.defaults().processes(2));
        try {
            List<List<?>> args = List.of(List.of(1, 2), List.of(3), List.of(), Arrays.asList("a", null, 2.5));
            List<String> unpacked = List.of("2:[1, 2]", "1:[3]", "0:[]", "3:[a, null, 2.5]");
            for (int c : new int[] {0, 1, 2}) {
                List<String> got = returns("[POOL-14] starmap() with " + chunk(c), () -> c == 0
                        ? pool.starmap(PoolTargets.unpacks(), args) : pool.starmap(PoolTargets.unpacks(), args, c));
                assertEquals(unpacked, got, "[POOL-14] starmap() of argument lists " + args + " with " + chunk(c)
                        + ", each result 'LENGTH:ARGS'");
                AsyncResult<List<String>> r = c == 0 ? pool.starmapAsync(PoolTargets.unpacks(), args)
                        : pool.starmapAsync(PoolTargets.unpacks(), args, c);
                assertEquals(unpacked, value(r, "[POOL-14] starmapAsync().get()"), "[POOL-14] starmapAsync() with "
                        + chunk(c));
            }
            List<List<?>> pairs = new ArrayList<>();
            List<Integer> sums = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                pairs.add(List.of(i, 10 * i));
                sums.add(11 * i);
            }
            assertEquals(sums, returns("[POOL-14] starmap() of 20 pairs",
                    () -> pool.starmap(PoolTargets.sums(log), pairs, 3)), "[POOL-14] starmap() of 20 pairs (i, 10i)"
                    + " with chunksize 3");
            assertEquals(List.of(), returns("[POOL-14] starmap() of nothing",
                    () -> pool.starmap(PoolTargets.unpacks(), List.of())), "[POOL-14] starmap() of an empty input");
            AsyncResult<List<String>> empty = prompt("[POOL-14] starmapAsync() of nothing",
                    () -> pool.starmapAsync(PoolTargets.unpacks(), List.of()));
            assertEquals(List.of(), value(empty, "[POOL-14] get()"), "[POOL-14] starmapAsync() of an empty input");
        } finally {
            dispose(pool);
        }
    }

    // ------------------------------------------------------------------------------------------ POOL-15

    /**
     * imap hands out the results in input order and imapUnordered the same multiset, for the default chunk size
     * and chunksize 3, although later items finish first; after the last result hasNext() is false and next() and
     * next(timeout) throw NoSuchElementException, again and again.
     * <p>If this fails, check that imap hands out results by index, waiting for a missing one, and that the
     * iterator knows how many items there were once the input ended.
     */
    @Clause("POOL-15")
    @Test
    void pool15_imapInOrderImapUnorderedTheSameMultiset(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        WorkerPool pool = newPool("POOL-15", mp, PoolOptions.defaults().processes(3));
        try {
            List<Integer> items = range(12);
            PoolFunction<Integer, Integer> fn = PoolTargets.slowerFirst(log, 12, 5);
            for (int c : new int[] {0, 3}) {
                ResultIterator<Integer> it = prompt("[POOL-15] imap()", () -> c == 0 ? pool.imap(fn, items)
                        : pool.imap(fn, items, c));
                assertEquals(expected(items), drain(it, "[POOL-15] imap() with " + chunk(c)), "[POOL-15] imap() of"
                        + " 0..11 with " + chunk(c));
                assertExhausted("POOL-15", it, "imap() with " + chunk(c));
                ResultIterator<Integer> un = prompt("[POOL-15] imapUnordered()",
                        () -> c == 0 ? pool.imapUnordered(fn, items) : pool.imapUnordered(fn, items, c));
                List<Integer> got = drain(un, "[POOL-15] imapUnordered() with " + chunk(c));
                List<Integer> sorted = new ArrayList<>(got);
                sorted.sort(null);
                assertEquals(expected(items), sorted, "[POOL-15] imapUnordered() of 0..11 with " + chunk(c)
                        + ", sorted; handed out " + got);
                assertExhausted("POOL-15", un, "imapUnordered() with " + chunk(c));
            }
            ResultIterator<Integer> empty = prompt("[POOL-15] imap() of nothing",
                    () -> pool.imap(PoolTargets.plain(), List.of()));
            assertExhausted("POOL-15", empty, "imap() of an empty input");
        } finally {
            dispose(pool);
        }
    }

    /** Asserts hasNext() false and NoSuchElementException from next() and next(timeout), twice. */
    static void assertExhausted(String clause, ResultIterator<?> it, String what) throws Exception {
        String c = "[" + clause + "] ";
        for (int i = 0; i < 2; i++) {
            assertEquals(false, returns(c + "hasNext()", it::hasNext), c + "hasNext() after the last result of "
                    + what);
            Timed<Object> n = timed(Timeouts.MUST_HAPPEN, c + "next()", it::next);
            assertTrue(thrown(n) instanceof NoSuchElementException, c + "next() after the last result of " + what
                    + " " + did(n) + "; expected NoSuchElementException");
            Timed<Object> t = timed(Timeouts.MUST_HAPPEN, c + "next(timeout)", () -> it.next(Timeouts.MUST_HAPPEN));
            assertTrue(thrown(t) instanceof NoSuchElementException, c + "next(timeout) after the last result of "
                    + what + " " + did(t) + "; expected NoSuchElementException");
        }
    }

    /**
     * imap takes its items lazily: over an endless iterable it returns at once, and hands out the first 10 results
     * in order.
     * <p>If this fails, check that imap does not copy its input into a list, as map does, but takes items as
     * workers need them.
     */
    @Clause("POOL-15")
    @Test
    void pool15_imapTakesAnEndlessIterableLazily(MultiprocessingContext mp) throws Exception {
        WorkerPool pool = newPool("POOL-15", mp, PoolOptions.defaults().processes(2));
        try {
            PoolTargets.CountingIterable<Integer> endless = PoolTargets.CountingIterable.endless();
            Timed<Object> t = timed(Timeouts.MUST_HAPPEN, "[POOL-15] imap() of an endless iterable",
                    () -> pool.imap(PoolTargets.plain(), endless));
            assertPrompt("POOL-15", t, "imap() of an endless iterable");
            @SuppressWarnings("unchecked")
            ResultIterator<Integer> it = (ResultIterator<Integer>) t.value;
            List<Integer> first = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                first.add(returns("[POOL-15] next() of an imap over an endless iterable",
                        () -> it.next(Timeouts.MUST_HAPPEN)));
            }
            assertEquals(expected(range(10)), first, "[POOL-15] the first 10 results of an imap over 0, 1, 2, …");
        } finally {
            dispose(pool);
        }
    }

    // ------------------------------------------------------------------------------------------ POOL-16

    /**
     * map with failing items throws ExecutionException only after every chunk has finished: each other item
     * recorded its end before map threw, although items from 4 on take 300 ms; the cause is one of the failures
     * (chunksize 1 with items 3 and 6 failing, chunksize 2 with item 3 failing).
     * <p>If this fails, check that a failed chunk does not complete the map's result early: CPython waits for all.
     */
    @Clause("POOL-16")
    @Test
    void pool16_mapFailsOnlyAfterEveryChunkFinished(MultiprocessingContext mp, Kit kit) throws Exception {
        WorkerPool pool = newPool("POOL-16", mp, PoolOptions.defaults().processes(2));
        try {
            Object[][] cases = {{1, Set.of(3, 6)}, {2, Set.of(3)}};
            for (Object[] c : cases) {
                int chunk = (Integer) c[0];
                @SuppressWarnings("unchecked")
                Set<Integer> failing = (Set<Integer>) c[1];
                EventLog log = kit.newEventLog();
                String what = "map() of 0..7 with chunksize " + chunk + " and items " + new TreeSet<>(failing)
                        + " failing";
                Timed<Object> t = timed(Timeouts.MUST_HAPPEN, "[POOL-16] " + what, () -> pool.map(
                        PoolTargets.failingAt(log, failing, 4, WORK.toMillis()), range(8), chunk));
                Throwable cause = PoolChecks.causeOf("POOL-16", t, what);
                assertTrue(cause instanceof IllegalArgumentException && failing.stream()
                        .anyMatch(f -> ("fail " + f).equals(cause.getMessage())), "[POOL-16] the cause of " + what
                        + " is " + PoolChecks.describe(cause) + "; expected one of the failures");
                for (int x = 0; x < 8; x++) {
                    if (failing.contains(x)) {
                        continue;
                    }
                    EventLog.Event done = log.find("done " + x).orElse(null);
                    assertTrue(done != null && done.nanos <= t.end, "[POOL-16] " + what + " threw before item " + x
                            + " finished (" + (done == null ? "it never did" : "it did "
                            + (done.nanos - t.end) / 1_000_000 + " ms later") + "); expected it to wait for every"
                            + " chunk");
                }
            }
        } finally {
            dispose(pool);
        }
    }

    // ------------------------------------------------------------------------------------------ POOL-17

    /**
     * imap reports a failed item as an ExecutionException at its position and goes on with the next: over 0..5
     * with item 2 failing it hands out f(0), f(1), the failure, f(3), f(4), f(5) and ends; imapUnordered hands out
     * the five values and the one failure in some order.
     * <p>If this fails, check that the iterator stores a failure in its slot like a value, and does not end the
     * iteration on it.
     */
    @Clause("POOL-17")
    @Test
    void pool17_imapReportsAFailedItemAndGoesOn(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        WorkerPool pool = newPool("POOL-17", mp, PoolOptions.defaults().processes(2));
        try {
            PoolFunction<Integer, Integer> fn = PoolTargets.failingAt(log, Set.of(2), 100, 0);
            ResultIterator<Integer> it = prompt("[POOL-17] imap()", () -> pool.imap(fn, range(6)));
            List<String> got = outcomes("POOL-17", it, 6, "imap()");
            assertEquals(List.of(str(0), str(1), "failed: java.lang.IllegalArgumentException: fail 2", str(3), str(4),
                    str(5)), got, "[POOL-17] what imap() over 0..5 with item 2 failing handed out");
            assertExhausted("POOL-17", it, "imap() with a failed item");
            ResultIterator<Integer> un = prompt("[POOL-17] imapUnordered()", () -> pool.imapUnordered(fn, range(6)));
            List<String> unordered = outcomes("POOL-17", un, 6, "imapUnordered()");
            List<String> sorted = new ArrayList<>(unordered);
            sorted.sort(null);
            List<String> want = new ArrayList<>(List.of(str(0), str(1), "failed: java.lang.IllegalArgumentException:"
                    + " fail 2", str(3), str(4), str(5)));
            want.sort(null);
            assertEquals(want, sorted, "[POOL-17] what imapUnordered() over 0..5 with item 2 failing handed out,"
                    + " sorted; in order: " + unordered);
            assertExhausted("POOL-17", un, "imapUnordered() with a failed item");
        } finally {
            dispose(pool);
        }
    }

    private static String str(int x) {
        return String.valueOf(PoolTargets.f(x));
    }

    /** The next {@code n} outcomes of an iterator: the value, or "failed: CAUSE" for an ExecutionException. */
    static List<String> outcomes(String clause, ResultIterator<?> it, int n, String what) throws Exception {
        List<String> r = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Timed<Object> t = PoolChecks.next(it, "[" + clause + "] next() of " + what);
            Exception e = thrown(t);
            if (e == null) {
                r.add(String.valueOf(t.value));
            } else if (e instanceof ExecutionException) {
                r.add("failed: " + PoolChecks.describe(e.getCause()));
            } else {
                r.add("threw " + PoolChecks.describe(e));
            }
        }
        return r;
    }

    // ------------------------------------------------------------------------------------------ POOL-18

    /**
     * An exception thrown by the input iterable (after 3 items): map, mapAsync, starmap and starmapAsync throw
     * that same object from the call and submit nothing; imap hands out the 3 results and then an
     * ExecutionException whose cause is that object, and ends; imapUnordered hands out the same, in some order.
     * <p>If this fails, check that the map family takes its input before it submits anything and lets the
     * iterable's exception through unwrapped, and that imap turns it into a failed slot at its position.
     */
    @Clause("POOL-18")
    @Test
    void pool18_anExceptionOfTheInputIterable(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog mapLog = kit.newEventLog();
        EventLog imapLog = kit.newEventLog();
        WorkerPool pool = newPool("POOL-18", mp, PoolOptions.defaults().processes(1));
        try {
            RuntimeException boom = new IllegalStateException("kit: the input iterable fails on purpose");
            List<List<?>> argLists = List.of(List.of(0), List.of(1), List.of(2));
            Map<String, BoundedCalls.Action> calls = new LinkedHashMap<>();
            calls.put("map()", () -> pool.map(PoolTargets.recording(mapLog),
                    PoolTargets.CountingIterable.failingAfter(range(3), boom)));
            calls.put("map(chunksize 1)", () -> pool.map(PoolTargets.recording(mapLog),
                    PoolTargets.CountingIterable.failingAfter(range(3), boom), 1));
            calls.put("mapAsync()", () -> pool.mapAsync(PoolTargets.recording(mapLog),
                    PoolTargets.CountingIterable.failingAfter(range(3), boom)));
            calls.put("mapAsync(chunksize 1)", () -> pool.mapAsync(PoolTargets.recording(mapLog),
                    PoolTargets.CountingIterable.failingAfter(range(3), boom), 1));
            calls.put("starmap()", () -> pool.starmap(PoolTargets.sums(mapLog),
                    PoolTargets.CountingIterable.failingAfter(argLists, boom)));
            calls.put("starmap(chunksize 1)", () -> pool.starmap(PoolTargets.sums(mapLog),
                    PoolTargets.CountingIterable.failingAfter(argLists, boom), 1));
            calls.put("starmapAsync()", () -> pool.starmapAsync(PoolTargets.sums(mapLog),
                    PoolTargets.CountingIterable.failingAfter(argLists, boom)));
            calls.put("starmapAsync(chunksize 1)", () -> pool.starmapAsync(PoolTargets.sums(mapLog),
                    PoolTargets.CountingIterable.failingAfter(argLists, boom), 1));
            for (Map.Entry<String, BoundedCalls.Action> c : calls.entrySet()) {
                Timed<Object> t = timed(Timeouts.MUST_HAPPEN, "[POOL-18] " + c.getKey(), () -> {
                    c.getValue().run();
                    return "returned";
                });
                assertSame(boom, thrown(t), "[POOL-18] " + c.getKey() + " over an iterable that throws after 3 items "
                        + did(t) + "; expected the iterable's own exception");
            }
            ResultIterator<Integer> it = prompt("[POOL-18] imap()", () -> pool.imap(PoolTargets.recording(imapLog),
                    PoolTargets.CountingIterable.failingAfter(range(3), boom)));
            for (int x = 0; x < 3; x++) {
                int n = x;
                assertEquals(PoolTargets.f(x), (Integer) returns("[POOL-18] next() of imap()",
                        () -> it.next(Timeouts.MUST_HAPPEN)), "[POOL-18] result " + n + " of an imap() whose iterable"
                        + " throws after 3 items");
            }
            Timed<Object> fourth = PoolChecks.next(it, "[POOL-18] next() of imap() at the iterable's exception");
            assertTrue(thrown(fourth) instanceof ExecutionException, "[POOL-18] next() at the position of the"
                    + " iterable's exception " + did(fourth) + "; expected ExecutionException");
            assertSame(boom, thrown(fourth).getCause(), "[POOL-18] the cause of the ExecutionException at the"
                    + " iterable's exception: " + PoolChecks.describe(thrown(fourth).getCause()));
            assertExhausted("POOL-18", it, "imap() after the iterable's exception");
            ResultIterator<Integer> un = prompt("[POOL-18] imapUnordered()", () -> pool.imapUnordered(
                    PoolTargets.recording(imapLog), PoolTargets.CountingIterable.failingAfter(range(3), boom)));
            List<String> got = outcomes("POOL-18", un, 4, "imapUnordered()");
            List<String> sorted = new ArrayList<>(got);
            sorted.sort(null);
            List<String> want = new ArrayList<>(List.of(str(0), str(1), str(2), "failed: "
                    + PoolChecks.describe(boom)));
            want.sort(null);
            assertEquals(want, sorted, "[POOL-18] what imapUnordered() over an iterable that throws after 3 items"
                    + " handed out, sorted; in order: " + got);
            assertExhausted("POOL-18", un, "imapUnordered() after the iterable's exception");
            pool.shutdown();
            Timed<Object> joined = joined(pool, "[POOL-18] join()");
            assertEquals("joined", joined.value, "[POOL-18] join() after shutdown() " + did(joined));
            assertEquals(List.of(), mapLog.startingWith("ran "), "[POOL-18] items that ran although the map family"
                    + " threw the iterable's exception; expected nothing submitted");
        } finally {
            dispose(pool);
        }
    }

    // ------------------------------------------------------------------------------------------ POOL-19

    /**
     * chunksize 0 and -1 are refused by map, mapAsync, imap, imapUnordered, starmap and starmapAsync with
     * IllegalArgumentException "[POOL-19] chunksize must be >= 1, was N"; nothing runs, and the pool stays usable.
     * CPython's map returns a list of Nones for chunksize 0 (PL-12): a recorded deviation.
     * <p>If this fails, check every method that takes a chunk size, the asynchronous forms included.
     */
    @Clause("POOL-19")
    @Test
    void pool19_aChunksizeBelowOneIsRefused(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        WorkerPool pool = newPool("POOL-19", mp, PoolOptions.defaults().processes(1));
        try {
            List<Integer> items = range(3);
            List<List<?>> argLists = List.of(List.of(0), List.of(1));
            for (int c : new int[] {0, -1}) {
                Map<String, BoundedCalls.Action> calls = new LinkedHashMap<>();
                calls.put("map", () -> pool.map(PoolTargets.recording(log), items, c));
                calls.put("mapAsync", () -> pool.mapAsync(PoolTargets.recording(log), items, c));
                calls.put("imap", () -> pool.imap(PoolTargets.recording(log), items, c));
                calls.put("imapUnordered", () -> pool.imapUnordered(PoolTargets.recording(log), items, c));
                calls.put("starmap", () -> pool.starmap(PoolTargets.sums(log), argLists, c));
                calls.put("starmapAsync", () -> pool.starmapAsync(PoolTargets.sums(log), argLists, c));
                for (Map.Entry<String, BoundedCalls.Action> call : calls.entrySet()) {
                    String what = call.getKey() + "(…, chunksize " + c + ")";
                    Exception e = PoolChecks.thrownBy("[POOL-19] " + what, call.getValue());
                    String message = "[POOL-19] chunksize must be >= 1, was " + c;
                    assertRefused("POOL-19", IllegalArgumentException.class, message, e, what);
                    assertEquals(message, e.getMessage(), "[POOL-19] message of " + what);
                }
            }
            assertEquals(List.of(PoolTargets.f(0), PoolTargets.f(1), PoolTargets.f(2)), returns("[POOL-19] map()"
                    + " after the refusals", () -> pool.map(PoolTargets.plain(), items, 1)), "[POOL-19] map() after"
                    + " refused chunk sizes");
            pool.shutdown();
            returns("[POOL-19] join()", () -> {
                pool.join();
                return null;
            });
            assertEquals(List.of(), log.startingWith("ran "), "[POOL-19] items that ran although their call was"
                    + " refused");
        } finally {
            dispose(pool);
        }
    }

    // ------------------------------------------------------------------------------------------ POOL-20

    /**
     * A chunk runs as one task in one worker, and the default chunk sizes are ceil(n / (4 × processes)) for map
     * and starmap and 1 for imap and imapUnordered: on a pool of 2 with maxTasksPerChild(1), where each task gets a
     * fresh worker, map of 10 items runs in 5 workers, 2 consecutive items each; starmap of 9 lists in 5 workers
     * (chunks of 2); starmap of 7 lists with chunksize 3 in 3 workers; imap of 3 items and imapUnordered of 2
     * items in one worker per item.
     * <p>If this fails, check the default chunk size (rounded up, over 4 × processes) and that a chunk is sent
     * to one worker as one task.
     */
    @Clause("POOL-20")
    @Test
    void pool20_aChunkIsOneTaskInOneWorker(MultiprocessingContext mp, Kit kit) throws Exception {
        WorkerPool pool = newPool("POOL-20", mp, PoolOptions.defaults().processes(2).maxTasksPerChild(1));
        try {
            EventLog mapLog = kit.newEventLog();
            returns("[POOL-20] map() of 10 items", () -> pool.map(PoolTargets.recording(mapLog), range(10)));
            assertChunks(mapLog, chunks(10, 2), "map() of 10 items with the default chunk size on a pool of 2"
                    + " (ceil(10 / 8) = 2)");
            EventLog starLog = kit.newEventLog();
            List<List<?>> nine = range(9).stream().map(List::of).collect(Collectors.toList());
            returns("[POOL-20] starmap() of 9 lists", () -> pool.starmap(PoolTargets.sums(starLog), nine));
            assertChunks(starLog, chunks(9, 2), "starmap() of 9 lists with the default chunk size on a pool of 2"
                    + " (ceil(9 / 8) = 2)");
            EventLog explicitLog = kit.newEventLog();
            List<List<?>> seven = range(7).stream().map(List::of).collect(Collectors.toList());
            returns("[POOL-20] starmap() of 7 lists, chunksize 3", () -> pool.starmap(PoolTargets.sums(explicitLog),
                    seven, 3));
            assertChunks(explicitLog, chunks(7, 3), "starmap() of 7 lists with chunksize 3");
            EventLog imapLog = kit.newEventLog();
            drain(prompt("[POOL-20] imap()", () -> pool.imap(PoolTargets.recording(imapLog), range(3))),
                    "[POOL-20] imap() of 3 items");
            assertChunks(imapLog, chunks(3, 1), "imap() of 3 items with the default chunk size (1)");
            EventLog unLog = kit.newEventLog();
            drain(prompt("[POOL-20] imapUnordered()", () -> pool.imapUnordered(PoolTargets.recording(unLog),
                    range(2))), "[POOL-20] imapUnordered() of 2 items");
            assertChunks(unLog, chunks(2, 1), "imapUnordered() of 2 items with the default chunk size (1)");
        } finally {
            dispose(pool);
        }
    }

    /** 0..n-1 in consecutive chunks of {@code size}. */
    static Set<List<Integer>> chunks(int n, int size) {
        Set<List<Integer>> r = new HashSet<>();
        for (int i = 0; i < n; i += size) {
            r.add(range(Math.min(n, i + size)).subList(i, Math.min(n, i + size)));
        }
        return r;
    }

    /** Asserts that the items that ran ("ran X") grouped by worker pid are exactly {@code expected}. */
    static void assertChunks(EventLog log, Set<List<Integer>> expected, String what) {
        Map<Long, List<Integer>> byPid = new TreeMap<>();
        for (EventLog.Event e : log.startingWith("ran ")) {
            byPid.computeIfAbsent(e.pid, p -> new ArrayList<>()).add(Integer.parseInt(e.text.substring(4)));
        }
        Set<List<Integer>> got = byPid.values().stream().map(l -> {
            List<Integer> s = new ArrayList<>(l);
            s.sort(null);
            return s;
        }).collect(Collectors.toSet());
        assertEquals(expected.size(), byPid.size(), "[POOL-20] " + what + " with maxTasksPerChild(1) ran in "
                + byPid.size() + " workers " + byPid + "; expected one worker per chunk, " + expected.size()
                + " chunks " + expected);
        assertEquals(expected, got, "[POOL-20] " + what + ": the items each worker ran (by pid: " + byPid + ")");
    }
}
