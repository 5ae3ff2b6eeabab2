package dev.mpkit.tck.queue;

import static dev.mpkit.tck.support.ChildWork.awaitKit;

import dev.mpkit.ChildProcess;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.QueueEmptyException;
import dev.mpkit.SharedQueue;
import dev.mpkit.SimpleQueue;
import dev.mpkit.tck.support.ChildWork;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.Items;
import dev.mpkit.tck.support.Timeouts;
import java.io.Serializable;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The child side of the QUEUE tests: static targets and the steps they share. Each step records into the kit's
 * {@link EventLog}, which is how the test sees what a child put and got, and waits for the test's
 * {@code "kit: …"} events by polling that log, never through the queue under test. Every duration arrives as an
 * argument in milliseconds, already scaled by the parent's time scale.
 */
final class QueueTargets {

    private QueueTargets() {}

    /** A user class, for items of a class that is neither a JDK type nor an array. */
    static final class Point implements Serializable {
        private static final long serialVersionUID = 1L;

        final int x;
        final String label;
        final List<Integer> path;

        Point(int x, String label, List<Integer> path) {
            this.x = x;
            this.label = label;
            this.path = path;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Point && ((Point) o).x == x && Objects.equals(((Point) o).label, label)
                    && Objects.equals(((Point) o).path, path);
        }

        @Override
        public int hashCode() {
            return Objects.hash(x, label, path);
        }

        @Override
        public String toString() {
            return "Point[x=" + x + ", label=" + label + ", path=" + path + "]";
        }
    }

    /** A class that is not serializable. */
    static final class Unserializable {
        @Override
        public String toString() {
            return "Unserializable@" + Integer.toHexString(hashCode());
        }
    }

    /** A serializable class with a field that is not, for an item that fails deep inside. */
    static final class HoldsUnserializable implements Serializable {
        private static final long serialVersionUID = 1L;

        @SuppressWarnings("serial")
        final Object inner = new Unserializable();
    }

    /**
     * QUEUE-01: items of many kinds, {@code null} first: strings, boxed numbers, arrays, lists, a map, a user class and
     * a nesting of them.
     */
    static Object[] items() {
        ArrayList<Object> list = new ArrayList<>(Arrays.asList(1, "two", null, 3.0));
        HashMap<String, Object> map = new HashMap<>();
        map.put("k", List.of(1, 2));
        map.put("n", null);
        map.put("s", "v");
        return new Object[] {null, "text", "", "ünïcødé ☃ \u0000 end", 42, -7L, 3.5, 2.5f, true, 'c', (byte) 5,
            (short) 300, Integer.MIN_VALUE, Long.MAX_VALUE, Double.NaN, new byte[] {1, 2, 3, -128}, new byte[0],
            new int[] {1, -2, 3}, new long[] {Long.MIN_VALUE, 0}, new double[] {1.5, -0.0}, new String[] {"a", null},
            list, List.of(1, 2, 3), map, new Point(7, "p", List.of(1, 2)),
            new BigInteger("123456789012345678901234567890"),
            new Object[] {list, map, new int[][] {{1}, {2, 3}}, new Point(-1, null, List.of())}};
    }

    /** Deterministic pseudo-random bytes: the same {@code size} and {@code seed} give the same bytes in every JVM. */
    static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < size; i += 8) {
            long v = r.nextLong();
            for (int k = 0; k < 8 && i + k < size; k++) {
                b[i + k] = (byte) (v >>> (8 * k));
            }
        }
        return b;
    }

    /** The SHA-256 of {@code b}, in hex. */
    static String digest(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** put() on a SharedQueue or a SimpleQueue. */
    @SuppressWarnings("unchecked")
    static void put(Object q, Object item) throws InterruptedException {
        if (q instanceof SimpleQueue) {
            ((SimpleQueue<Object>) q).put(item);
        } else {
            ((SharedQueue<Object>) q).put(item);
        }
    }

    /** get(millis) on a SharedQueue, get() on a SimpleQueue. */
    static Object get(Object q, long millis) throws InterruptedException, QueueEmptyException {
        if (q instanceof SimpleQueue) {
            return ((SimpleQueue<?>) q).get();
        }
        return ((SharedQueue<?>) q).get(Duration.ofMillis(millis));
    }

    /**
     * QUEUE-01, QUEUE-21: args are the log, a queue, the items expected and the wait bound in ms. Gets as many items
     * as expected and records "got I equal=… value=…" for each, comparing with the I-th expected item, then "done".
     */
    static void getsAndCompares(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        Object[] expected = (Object[]) args[2];
        long wait = (Long) args[3];
        for (int i = 0; i < expected.length; i++) {
            Object got;
            try {
                got = get(args[1], wait);
            } catch (QueueEmptyException e) {
                log.record("got " + i + " equal=false value=none: " + e);
                return;
            }
            log.record("got " + i + " equal=" + Objects.deepEquals(expected[i], got) + " value=" + Items.describe(got));
        }
        log.record("done");
    }

    /**
     * QUEUE-01, QUEUE-21: args are the log, a queue and the items; puts them in order, recording "put I" after each,
     * then "done".
     */
    static void putsAll(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        Object[] items = (Object[]) args[2];
        for (int i = 0; i < items.length; i++) {
            put(args[1], items[i]);
            log.record("put " + i);
        }
        log.record("done");
    }

    /**
     * QUEUE-02, QUEUE-03, QUEUE-21: args are the log, a queue, an item, the delay and the wait bound in ms. Waits for
     * "kit: getting", sleeps the delay (its workload, so that the test's get is blocked by then), records
     * "putting", puts the item, and records "put".
     */
    static void putsAfterDelay(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        awaitKit(log, "kit: getting", (Long) args[4]);
        ChildWork.sleep((Long) args[3]);
        log.record("putting");
        put(args[1], args[2]);
        log.record("put");
    }

    /**
     * Args are the log, a queue, a name N and the wait bound: records "N waiting", gets one item (waiting at most the
     * bound) and records "N got VALUE", or "N got none" on QueueEmptyException.
     */
    static void getsOne(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        String name = (String) args[2];
        log.record(name + " waiting");
        try {
            log.record(name + " got " + Items.describe(get(args[1], (Long) args[3])));
        } catch (QueueEmptyException e) {
            log.record(name + " got none");
        }
    }

    /**
     * Starts {@code producers} children running {@link #producer} on {@code q}, {@code each} items apiece without
     * padding, adding each to {@code into} as it starts (so that the caller's {@code finally} stops them), waits
     * until all are ready and records "kit: go".
     */
    static void startProducers(MultiprocessingContext mp, EventLog log, Object q, int producers, int each,
            long waitMillis, List<ChildProcess> into, String clause) {
        for (int id = 0; id < producers; id++) {
            ChildProcess p = mp.newProcess(QueueTargets::producer, log, q, id, each, 0, false, waitMillis);
            into.add(p);
            p.start();
        }
        Timeouts.eventually(clause + " all " + producers + " producers ready")
                .until(() -> log.startingWith("ready ").size() == producers);
        log.record("kit: go");
    }

    /**
     * QUEUE-08, QUEUE-09, QUEUE-21: a producer. Args are the log, the queue (a SharedQueue or a SimpleQueue), its
     * id, the number of items, the padding of each item in characters, whether to record each put, and the wait
     * bound. Records "ready ID", waits for "kit: go", puts "ID:SEQ:" plus the padding for SEQ = 0, 1, …, recording
     * "put ID:SEQ" after each put if asked, and then "put done ID count=N".
     */
    static void producer(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        Object q = args[1];
        int id = (Integer) args[2];
        int count = (Integer) args[3];
        int pad = (Integer) args[4];
        boolean each = (Boolean) args[5];
        long wait = (Long) args[6];
        log.record("ready " + id);
        awaitKit(log, "kit: go", wait);
        String padding = "x".repeat(pad);
        for (int seq = 0; seq < count; seq++) {
            put(q, id + ":" + seq + ":" + padding);
            if (each) {
                log.record("put " + id + ":" + seq);
            }
        }
        log.record("put done " + id + " count=" + count);
    }

    /** The unchecked cast of a queue argument. */
    @SuppressWarnings("unchecked")
    static <E> SharedQueue<E> cast(Object q) {
        return (SharedQueue<E>) q;
    }
}
