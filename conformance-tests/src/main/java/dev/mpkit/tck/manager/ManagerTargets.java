package dev.mpkit.tck.manager;

import static dev.mpkit.tck.support.ChildWork.awaitKit;
import static dev.mpkit.tck.support.ChildWork.outcome;

import dev.mpkit.Acquirable;
import dev.mpkit.Connection;
import dev.mpkit.JoinableQueue;
import dev.mpkit.Multiprocessing;
import dev.mpkit.QueueEmptyException;
import dev.mpkit.SharedLock;
import dev.mpkit.SharedQueue;
import dev.mpkit.SharedRLock;
import dev.mpkit.SharedSemaphore;
import dev.mpkit.SyncManager;
import dev.mpkit.tck.support.ChildWork;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.Items;
import java.io.Serializable;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The child side of the MGR tests: static targets of children and pool tasks. Each records into the kit's
 * {@link EventLog}, which is how the test sees what a child or a task did, and waits for the test's
 * {@code "kit: …"} events by polling that log, never through the manager under test. Every duration arrives as an
 * argument in milliseconds, already scaled by the parent's time scale.
 */
final class ManagerTargets {

    private ManagerTargets() {}

    /** The unchecked cast of a queue argument. */
    @SuppressWarnings("unchecked")
    static <E> SharedQueue<E> cast(Object q) {
        return (SharedQueue<E>) q;
    }

    /** Gets {@code n} items from {@code q}, waiting at most {@code millis} for each; "none" for a missing one. */
    static List<String> getAll(SharedQueue<?> q, int n, long millis) throws InterruptedException {
        List<String> got = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try {
                got.add(String.valueOf(q.get(Duration.ofMillis(millis))));
            } catch (QueueEmptyException e) {
                got.add("none");
                break;
            }
        }
        return got;
    }

    // ------------------------------------------------------------------------------------------ MGR-02

    /**
     * MGR-02: args are the log, a manager queue, a count N and the wait bound. Gets N items and records
     * "child got A,B,…", then puts "c0" … "c(N-1)" and records "child put done".
     */
    static void getsThenPuts(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        SharedQueue<Object> q = cast(args[1]);
        int n = (Integer) args[2];
        long wait = (Long) args[3];
        log.record("child got " + String.join(",", getAll(q, n, wait)));
        for (int i = 0; i < n; i++) {
            q.put("c" + i);
        }
        log.record("child put done");
    }

    /** MGR-02: items of many kinds, all of JDK classes, {@code null} first. */
    static Object[] items() {
        ArrayList<Object> list = new ArrayList<>(Arrays.asList(1, "two", null, 3.0));
        HashMap<String, Object> map = new HashMap<>();
        map.put("k", List.of(1, 2));
        map.put("n", null);
        return new Object[] {null, "text", "", "ünïcødé ☃ \u0000 end", 42, -7L, 3.5, true, 'c', (byte) 5,
            Integer.MIN_VALUE, Long.MAX_VALUE, new byte[] {1, 2, 3, -128}, new byte[0], new int[] {1, -2, 3},
            new String[] {"a", null}, list, List.of(1, 2, 3), map, new BigInteger("123456789012345678901234567890"),
            new Object[] {list, map, new int[][] {{1}, {2, 3}}}};
    }

    /**
     * MGR-02: args are the log, a manager queue, the items expected and the wait bound. Gets as many items as
     * expected, recording "got I equal=B value=…" for each, then puts every item it got back in the same order and
     * records "put back".
     */
    static void getsComparesAndPutsBack(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        SharedQueue<Object> q = cast(args[1]);
        Object[] expected = (Object[]) args[2];
        long wait = (Long) args[3];
        List<Object> got = new ArrayList<>();
        for (int i = 0; i < expected.length; i++) {
            Object item;
            try {
                item = q.get(Duration.ofMillis(wait));
            } catch (QueueEmptyException e) {
                log.record("got " + i + " equal=false value=none: " + e);
                return;
            }
            got.add(item);
            log.record("got " + i + " equal=" + Objects.deepEquals(expected[i], item) + " value="
                    + Items.describe(item));
        }
        for (Object item : got) {
            q.put(item);
        }
        log.record("put back");
    }

    /** MGR-02: {@link #getsComparesAndPutsBack}, which records "child done" however it ends. */
    static void getsComparesPutsBackAndSaysDone(Object... args) throws Exception {
        try {
            getsComparesAndPutsBack(args);
        } finally {
            ((EventLog) args[0]).record("child done");
        }
    }

    // ------------------------------------------------------------------------------------------ MGR-03

    /** MGR-03: what a pool task gets: the kit's log, a manager queue and a number. */
    static final class Job implements Serializable {
        private static final long serialVersionUID = 1L;

        final EventLog log;
        final SharedQueue<Object> queue;
        final int i;

        Job(EventLog log, SharedQueue<Object> queue, int i) {
            this.log = log;
            this.queue = queue;
            this.i = i;
        }
    }

    /** MGR-03 (seed 003's spider): puts the job's number into its queue, records "task I put", returns its pid. */
    static Long putsItsNumber(Job job) throws Exception {
        job.queue.put(job.i);
        job.log.record("task " + job.i + " put");
        return ProcessHandle.current().pid();
    }

    /**
     * MGR-03 (seed 003's consumer): args are the log, a manager queue, the count N and the wait bound. Records
     * "consumer ready", gets N items, recording "consumer got X" for each, then "consumer got all A,B,…" with the
     * numbers in ascending order ("none" for one that never came).
     */
    static void consumer(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        SharedQueue<Object> q = cast(args[1]);
        int n = (Integer) args[2];
        long wait = (Long) args[3];
        log.record("consumer ready");
        List<String> got = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Object item;
            try {
                item = q.get(Duration.ofMillis(wait));
            } catch (QueueEmptyException e) {
                got.add("none");
                break;
            }
            log.record("consumer got " + Items.describe(item));
            got.add(String.valueOf(item));
        }
        log.record("consumer got all " + got.stream().sorted((a, b) -> {
            try {
                return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
            } catch (NumberFormatException e) {
                return a.compareTo(b);
            }
        }).collect(Collectors.joining(",")));
    }

    /**
     * MGR-03: args are the log, a manager queue (as an argument), a two-way pipe end, a context queue and the wait
     * bound. Puts "via argument" into the queue it got as an argument; receives a queue proxy and a lock proxy on
     * the pipe, puts "via connection" into that queue and records "lock via connection tryAcquire=B"; gets a queue
     * proxy from the context queue and puts "via context queue" into it; sends the queue it received on the pipe
     * back, and records "done".
     */
    static void receivesProxies(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        SharedQueue<Object> q = cast(args[1]);
        Connection conn = (Connection) args[2];
        SharedQueue<Object> contextQueue = cast(args[3]);
        long wait = (Long) args[4];
        q.put("via argument");
        log.record("put via argument");
        SharedQueue<Object> viaConnection = cast(conn.recv());
        viaConnection.put("via connection");
        log.record("put via connection");
        SharedLock lock = (SharedLock) conn.recv();
        log.record("lock via connection tryAcquire=" + lock.tryAcquire());
        SharedQueue<Object> viaQueue = cast(contextQueue.get(Duration.ofMillis(wait)));
        viaQueue.put("via context queue");
        log.record("put via context queue");
        conn.send(viaConnection);
        log.record("done");
    }

    // ------------------------------------------------------------------------------------------ MGR-04

    /**
     * MGR-04: args are the log, a manager lock, the timeout T and the wait bound. Records "child first=B nanos=N"
     * for tryAcquire(T) while the test holds the lock; waits for "kit: released" and records "child holds" once
     * tryAcquire(wait) succeeded (or "child second=false"); waits for "kit: tried", records "child releasing" and
     * releases.
     */
    static void contendsForTheLock(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        SharedLock lock = (SharedLock) args[1];
        long timeout = (Long) args[2];
        long wait = (Long) args[3];
        boolean first = timedTry(log, lock, "first", timeout);
        if (first) {
            lock.release();
        }
        awaitKit(log, "kit: released", wait);
        if (!lock.tryAcquire(Duration.ofMillis(wait))) {
            log.record("child second=false");
            return;
        }
        log.record("child holds");
        awaitKit(log, "kit: tried", wait);
        log.record("child releasing");
        lock.release();
    }

    /**
     * MGR-04: args are the log, a manager RLock the test holds twice, the timeout T and the wait bound. Records
     * "child first=B nanos=N" for tryAcquire(T) and "child foreign release OUTCOME" for release(); waits for "kit:
     * released once" and records "child second=B nanos=N" for tryAcquire(T); waits for "kit: released twice" and
     * records "child third=B" for tryAcquire(wait); if it got the lock, records "child reentered=B" for
     * tryAcquire(), releases as often as it acquired and records "child released".
     */
    static void contendsForTheRLock(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        SharedRLock lock = (SharedRLock) args[1];
        long timeout = (Long) args[2];
        long wait = (Long) args[3];
        boolean first = timedTry(log, lock, "first", timeout);
        log.record("child foreign release " + (first ? "skipped: the child got the lock" : outcome(lock::release)));
        if (first) {
            lock.release();
        }
        awaitKit(log, "kit: released once", wait);
        boolean second = timedTry(log, lock, "second", timeout);
        if (second) {
            lock.release();
        }
        awaitKit(log, "kit: released twice", wait);
        boolean third = lock.tryAcquire(Duration.ofMillis(wait));
        log.record("child third=" + third);
        if (!third) {
            return;
        }
        boolean reentered = lock.tryAcquire();
        log.record("child reentered=" + reentered);
        if (reentered) {
            lock.release();
        }
        lock.release();
        log.record("child released");
    }

    /** MGR-04: tryAcquire(timeout ms) of {@code lock}; records "child NAME=B nanos=N", how long it took; returns B. */
    private static boolean timedTry(EventLog log, Acquirable lock, String name, long timeout)
            throws InterruptedException {
        long t0 = System.nanoTime();
        boolean got = lock.tryAcquire(Duration.ofMillis(timeout));
        log.record("child " + name + "=" + got + " nanos=" + (System.nanoTime() - t0));
        return got;
    }

    // ------------------------------------------------------------------------------------------ MGR-05

    /**
     * MGR-05: args are the log, a manager semaphore of 2 (the test holds one), a bounded manager semaphore of 1 and
     * the wait bound. Records "child over-release OUTCOME" for release() of the bounded one, then "child
     * acquired=B" for tryAcquire(wait) of the other; waits for "kit: release", records "child releasing" and
     * releases it.
     */
    static void holdsAPermit(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        SharedSemaphore sem = (SharedSemaphore) args[1];
        SharedSemaphore bounded = (SharedSemaphore) args[2];
        long wait = (Long) args[3];
        log.record("child over-release " + outcome(bounded::release));
        boolean got = sem.tryAcquire(Duration.ofMillis(wait));
        log.record("child acquired=" + got);
        if (!got) {
            return;
        }
        awaitKit(log, "kit: release", wait);
        log.record("child releasing");
        sem.release();
    }

    // ------------------------------------------------------------------------------------------ MGR-06

    /**
     * MGR-06: args are the log, a manager JoinableQueue holding "a" and "b", and the wait bound. Gets both and
     * records "worker got a,b", calls taskDone() once, puts "c" and records "worker put c"; waits for "kit: last",
     * records "worker last taskDone" and calls taskDone(); then records "worker extra taskDone OUTCOME" for one
     * taskDone() too many.
     */
    static void worksThroughTheQueue(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        JoinableQueue<Object> jq = (JoinableQueue<Object>) cast(args[1]);
        long wait = (Long) args[2];
        log.record("worker got " + String.join(",", getAll(jq, 2, wait)));
        jq.taskDone();
        jq.put("c");
        log.record("worker put c");
        awaitKit(log, "kit: last", wait);
        log.record("worker last taskDone");
        jq.taskDone();
        awaitKit(log, "kit: joined", wait);
        log.record("worker extra taskDone " + outcome(jq::taskDone));
    }

    // ------------------------------------------------------------------------------------------ MGR-09

    /**
     * MGR-09: args are the log, a manager queue, a manager lock, an empty manager queue and the wait bound. Puts
     * "child before" and records "child used"; starts a thread that records "child waiting" and then "child blocked
     * get OUTCOME" for a get(wait) on the empty queue, in progress when the server stops; waits for "kit: shut
     * down"; then records "child put OUTCOME", "child get OUTCOME" and "child lock OUTCOME" for calls on the proxies
     * of the stopped server (the lock's first use in this process), and waits for the thread.
     */
    static void usesProxiesAfterShutdown(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        SharedQueue<Object> q = cast(args[1]);
        SharedLock lock = (SharedLock) args[2];
        SharedQueue<Object> empty = cast(args[3]);
        long wait = (Long) args[4];
        q.put("child before");
        log.record("child used");
        Thread waiter = new Thread(() -> {
            log.record("child waiting");
            log.record("child blocked get " + outcome(() -> empty.get(Duration.ofMillis(wait))));
        }, "mgr09-waiter");
        waiter.setDaemon(true);
        waiter.start();
        awaitKit(log, "kit: shut down", wait);
        log.record("child put " + outcome(() -> q.put("child after")));
        log.record("child get " + outcome(() -> q.get(Duration.ofMillis(wait))));
        log.record("child lock " + outcome(lock::tryAcquire));
        waiter.join(wait);
    }

    // ------------------------------------------------------------------------------------------ MGR-10

    /**
     * MGR-10: args are the log, "exit" or "sleep", and the wait bound. Creates a manager (or records "newManager()
     * threw CLASS: MESSAGE" and returns), puts an item into one of
     * its queues, records "server pid=P" and "descendants=A,B,…" (this child's descendants, from the OS); then for
     * "exit" waits for "kit: exit" and returns without shutdown(), for "sleep" sleeps until the test kills it.
     */
    static void createsAManager(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        String mode = (String) args[1];
        long wait = (Long) args[2];
        SyncManager m;
        try {
            m = Multiprocessing.context().newManager();
        } catch (RuntimeException e) {
            log.record("newManager() threw " + e.getClass().getName() + ": " + e.getMessage());
            return;
        }
        SharedQueue<Object> q = m.newQueue();
        q.put("serving");
        log.record("server pid=" + m.process().pid().orElse(-1));
        log.record("descendants=" + ProcessHandle.current().descendants().map(h -> Long.toString(h.pid()))
                .collect(Collectors.joining(",")));
        if (mode.equals("exit")) {
            awaitKit(log, "kit: exit", wait);
            log.record("returning");
        } else {
            ChildWork.sleep(wait);
        }
    }
}
