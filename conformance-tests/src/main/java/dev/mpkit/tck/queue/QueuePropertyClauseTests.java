package dev.mpkit.tck.queue;

import static dev.mpkit.tck.support.Cleanup.discard;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mpkit.ChildProcess;
import dev.mpkit.JoinableQueue;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.SharedQueue;
import dev.mpkit.SimpleQueue;
import dev.mpkit.tck.support.BoundedCalls;
import dev.mpkit.tck.support.ChildWork;
import dev.mpkit.tck.support.Children;
import dev.mpkit.tck.support.Clause;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.Items;
import dev.mpkit.tck.support.Kit;
import dev.mpkit.tck.support.KitPropertyHook;
import dev.mpkit.tck.support.ShrinkRecheckHook;
import dev.mpkit.tck.support.TimeScale;
import dev.mpkit.tck.support.Timed;
import dev.mpkit.tck.support.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Nothing lost, nothing duplicated, under generated workloads: QUEUE-09. A workload is a Queue, a JoinableQueue
 * (unbounded or of maxSize 1, 3 or 16) or a SimpleQueue, 1 to 4 producer processes each putting 0 to 150 items, and
 * 1 to 4 consumer processes, with items padded to 0, 100 or 3000 characters. What happened is read from the kit's
 * event log: each producer records "put ID:SEQ" after each put, each consumer "got ID:SEQ by C" after each get.
 *
 * <p>Consumers of a Queue or JoinableQueue stop when their get(200 ms) finds the queue empty after the test recorded
 * that every producer was joined; those of a SimpleQueue, which has no timed get, at a stop item the test puts then,
 * and the test gets what a stop item overtook. A lost item shows as missing, not as a consumer waiting for ever.
 * Each try starts up to 8 JVMs, so tries are few; a failing property prints its seed, and {@link ShrinkRecheckHook}
 * reruns shrinking candidates.
 */
@AddLifecycleHook(KitPropertyHook.class)
@AddLifecycleHook(ShrinkRecheckHook.class)
class QueuePropertyClauseTests {

    /** Tries of the property: each starts up to 8 JVMs. */
    static final int TRIES = 10;
    /** How long a consumer's get waits at most in one call. */
    static final Duration SLICE = TimeScale.millis(200);

    /**
     * With several producer and consumer processes, the multiset of items the consumers got equals the multiset the
     * producers put, and each consumer got each producer's items in the order that producer put them; a JoinableQueue
     * whose consumers called taskDone() for each item has no unfinished item left.
     * <p>If this fails, check that writers exclude each other and readers exclude each other across processes
     * (a torn or doubly read message loses or duplicates items), and that the head and tail of the ring are updated
     * atomically. The seed in the report replays the same workload.
     */
    @Clause("QUEUE-09")
    @Property(tries = TRIES)
    void queue09_nothingLostNothingDuplicated(@ForAll("workloads") Workload w, MultiprocessingContext mp, Kit kit)
            throws Exception {
        EventLog log = kit.newEventLog();
        Object q = w.kind.equals("SimpleQueue") ? mp.newSimpleQueue()
                : w.kind.equals("JoinableQueue") ? mp.newJoinableQueue(w.maxSize) : mp.newQueue(w.maxSize);
        List<ChildProcess> producers = new ArrayList<>();
        List<ChildProcess> consumers = new ArrayList<>();
        try {
            for (int c = 0; c < w.consumers; c++) {
                ChildProcess p = mp.newProcess(QueuePropertyClauseTests::consumer, log, q, c, w.pad, SLICE.toMillis(),
                        Timeouts.MUST_HAPPEN.toMillis());
                consumers.add(p);
                p.start();
            }
            for (int id = 0; id < w.counts.size(); id++) {
                ChildProcess p = mp.newProcess(QueueTargets::producer, log, q, id, w.counts.get(id), w.pad, true,
                        Timeouts.MUST_HAPPEN.toMillis());
                producers.add(p);
                p.start();
            }
            Timeouts.eventually("QUEUE-09 all children ready").until(() -> log.startingWith("ready ").size()
                    == w.counts.size() && log.startingWith("consumer ready ").size() == w.consumers);
            log.record("kit: go");
            for (ChildProcess p : producers) {
                assertTrue(p.join(Timeouts.MUST_HAPPEN), "[QUEUE-09] a producer did not finish within "
                        + Timeouts.MUST_HAPPEN + "; workload " + w + "; consumers' exit codes (empty: running) "
                        + consumers.stream().map(c -> c.exitCode().toString()).collect(Collectors.toList())
                        + "; producers' last events: " + log.startingWith("put done"));
                assertEquals(0, p.exitCode().orElse(-1), "[QUEUE-09] exit code of a producer; workload " + w);
            }
            log.record("kit: producers joined");
            if (q instanceof SimpleQueue) {
                for (int c = 0; c < w.consumers; c++) {
                    QueueTargets.put(q, STOP);
                }
            }
            for (ChildProcess p : consumers) {
                assertTrue(p.join(Timeouts.MUST_HAPPEN), "[QUEUE-09] a consumer did not stop within "
                        + Timeouts.MUST_HAPPEN + " after every producer was joined; workload " + w);
                assertEquals(0, p.exitCode().orElse(-1), "[QUEUE-09] exit code of a consumer; workload " + w
                        + "; events: " + log.startingWith("consumer"));
            }
            if (q instanceof SimpleQueue) {
                drainLeftovers(log, (SimpleQueue<?>) q);
            }
            check(log, w);
            if (q instanceof JoinableQueue) {
                Timed<Object> r = BoundedCalls.timed(Timeouts.PROMPT, "[QUEUE-09] join(ZERO)",
                        () -> ((JoinableQueue<?>) q).join(Duration.ZERO));
                assertEquals(true, r.value, "[QUEUE-09] join(ZERO) of a JoinableQueue whose consumers called"
                        + " taskDone() for each item they got: items are still unfinished (see QUEUE-18); workload "
                        + w);
            }
        } finally {
            Children.stop(producers.toArray(new ChildProcess[0]));
            Children.stop(consumers.toArray(new ChildProcess[0]));
            if (q instanceof SimpleQueue) {
                discard((SimpleQueue<?>) q);
            } else {
                discard((SharedQueue<?>) q);
            }
        }
    }

    /** The item that stops a consumer of a SimpleQueue, which has no get(timeout). */
    static final String STOP = "kit: stop";

    /**
     * SimpleQueue: a consumer stops at the first STOP it gets, and only each producer's order is guaranteed, so a
     * STOP may overtake items; once the consumers stopped, the parent gets what is left and records it as
     * "got ID:SEQ by parent".
     */
    static void drainLeftovers(EventLog log, SimpleQueue<?> q) throws Exception {
        while (Boolean.FALSE.equals(BoundedCalls.timed(Timeouts.PROMPT, "[QUEUE-09] isEmpty()", q::isEmpty).value)) {
            Object item = QueueChecks.getItem(q, "[QUEUE-09] get() of an item left in a SimpleQueue");
            if (STOP.equals(item)) {
                continue;
            }
            String s = String.valueOf(item);
            int second = s.indexOf(':', s.indexOf(':') + 1);
            log.record(second < 0 ? "consumer corrupt parent: " + Items.describe(item)
                    : "got " + s.substring(0, second) + " by parent");
        }
    }

    /** Compares what the log says was put with what it says was got. */
    static void check(EventLog log, Workload w) {
        Map<String, Integer> put = new TreeMap<>();
        Map<String, Integer> got = new TreeMap<>();
        Map<String, Integer> lastSeq = new HashMap<>();
        for (EventLog.Event e : log.events()) {
            if (e.text.startsWith("put ") && !e.text.startsWith("put done")) {
                put.merge(e.text.substring(4), 1, Integer::sum);
            } else if (e.text.startsWith("got ")) {
                String[] p = e.text.split(" ");
                String item = p[1];
                got.merge(item, 1, Integer::sum);
                String[] idSeq = item.split(":");
                String key = idSeq[0] + " by " + p[3];
                int seq = Integer.parseInt(idSeq[1]);
                Integer before = lastSeq.put(key, seq);
                if (before != null && before == seq) {
                    fail("[QUEUE-09] consumer " + p[3] + " got item " + seq + " of producer " + idSeq[0] + " twice in"
                            + " a row; workload " + w);
                }
                if (before != null && before > seq) {
                    fail("[QUEUE-09] consumer " + p[3] + " got item " + seq + " of producer " + idSeq[0] + " after"
                            + " its item " + before + ": out of the order it was put; workload " + w);
                }
            } else if (e.text.startsWith("consumer corrupt")) {
                fail("[QUEUE-09] " + e.text + "; workload " + w);
            }
        }
        int total = w.counts.stream().mapToInt(Integer::intValue).sum();
        assertEquals(total, put.size(), "[QUEUE-09] distinct items the producers recorded as put; workload " + w);
        if (!put.equals(got)) {
            List<String> lost = new ArrayList<>();
            List<String> extra = new ArrayList<>();
            for (Map.Entry<String, Integer> e : put.entrySet()) {
                int n = got.getOrDefault(e.getKey(), 0);
                if (n < e.getValue()) {
                    lost.add(e.getKey());
                } else if (n > e.getValue()) {
                    extra.add(e.getKey() + " ×" + n);
                }
            }
            for (String k : got.keySet()) {
                if (!put.containsKey(k)) {
                    extra.add(k + " (never put)");
                }
            }
            fail("[QUEUE-09] the items got are not the items put: " + lost.size() + " lost " + head(lost) + ", "
                    + extra.size() + " duplicated or unknown " + head(extra) + "; workload " + w);
        }
    }

    private static List<String> head(List<String> l) {
        return l.subList(0, Math.min(10, l.size()));
    }

    /**
     * A consumer: args are the log, the queue, its number C, the padding, the slice and the wait bound in ms.
     * Records "consumer ready C", waits for "kit: go", then gets with a timeout of one slice, recording
     * "got ID:SEQ by C" for each item, until a get finds the queue empty after the test recorded "kit: producers
     * joined" (read before that get began; see {@link QueueTransferClauseTests#getUntilDrained}); records
     * "consumer corrupt …" for an item whose padding is wrong.
     */
    static void consumer(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        Object q = args[1];
        int me = (Integer) args[2];
        int pad = (Integer) args[3];
        Duration slice = Duration.ofMillis((Long) args[4]);
        long wait = (Long) args[5];
        log.record("consumer ready " + me);
        ChildWork.awaitKit(log, "kit: go", wait);
        long deadline = System.nanoTime() + 3 * wait * 1_000_000L;
        while (true) {
            Object item = q instanceof SimpleQueue ? ((SimpleQueue<?>) q).get()
                    : QueueTransferClauseTests.getUntilDrained(QueueTargets.cast(q), log, slice, deadline);
            if (item == QueueTransferClauseTests.NONE || STOP.equals(item)) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("kit: the test never recorded that the producers were joined");
                }
                log.record("consumer stopped " + me);
                return;
            }
            String s = String.valueOf(item);
            int second = s.indexOf(':', s.indexOf(':') + 1);
            if (second < 0 || s.length() - second - 1 != pad) {
                log.record("consumer corrupt " + me + ": " + Items.describe(item));
                continue;
            }
            log.record("got " + s.substring(0, second) + " by " + me);
            if (q instanceof JoinableQueue) {
                ((JoinableQueue<?>) q).taskDone();
            }
        }
    }

    /** The generated workloads. */
    @Provide
    Arbitrary<Workload> workloads() {
        Arbitrary<List<Integer>> counts = Arbitraries.integers().between(0, 150).list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<Integer> consumers = Arbitraries.integers().between(1, 4);
        Arbitrary<Integer> maxSize = Arbitraries.of(0, 1, 3, 16);
        Arbitrary<Integer> pad = Arbitraries.of(0, 100, 3000);
        Arbitrary<String> kind = Arbitraries.of("Queue", "Queue", "JoinableQueue", "SimpleQueue");
        return Combinators.combine(counts, consumers, maxSize, pad, kind).as(Workload::new);
    }

    /** QUEUE-09's generated input. */
    static final class Workload {
        final List<Integer> counts;
        final int consumers;
        final int maxSize;
        final int pad;
        final String kind;

        Workload(List<Integer> counts, int consumers, int maxSize, int pad, String kind) {
            this.counts = counts;
            this.consumers = consumers;
            this.maxSize = maxSize;
            this.pad = pad;
            this.kind = kind;
        }

        @Override
        public String toString() {
            return kind + (kind.equals("SimpleQueue") ? "" : "(maxSize=" + maxSize + ")") + ", producers' item"
                    + " counts=" + counts + ", consumers=" + consumers + ", padding=" + pad;
        }
    }
}
