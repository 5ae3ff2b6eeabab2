package dev.mpkit.tck.manager;

import static dev.mpkit.tck.manager.ManagerChecks.assertExitedNormally;
import static dev.mpkit.tck.manager.ManagerChecks.bounded;
import static dev.mpkit.tck.manager.ManagerChecks.boundedRun;
import static dev.mpkit.tck.manager.ManagerChecks.close;
import static dev.mpkit.tck.manager.ManagerChecks.shutdown;
import static dev.mpkit.tck.manager.ManagerChecks.startManager;
import static dev.mpkit.tck.manager.ManagerChecks.thrownBy;
import static dev.mpkit.tck.manager.ManagerChecks.waitMillis;
import static dev.mpkit.tck.support.Cleanup.closeQuietly;
import static dev.mpkit.tck.support.Cleanup.discard;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.AsyncResult;
import dev.mpkit.ChildProcess;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.Pipe;
import dev.mpkit.PoolFunction;
import dev.mpkit.SharedLock;
import dev.mpkit.SharedQueue;
import dev.mpkit.SimpleQueue;
import dev.mpkit.SyncManager;
import dev.mpkit.WorkerPool;
import dev.mpkit.tck.support.Children;
import dev.mpkit.tck.support.Clause;
import dev.mpkit.tck.support.ClauseTests;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.Kit;
import dev.mpkit.tck.support.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Where proxies may go (MGR-03): as pool task arguments and map items, as child arguments, through a
 * {@code Connection} and a context queue; and where the context's own primitives may not (MGR-07): into a pool
 * task.
 */
@ClauseTests
class ManagerSharingClauseTests {

    // ------------------------------------------------------------------------------------------ MGR-03

    /**
     * Seed 003: a consumer process gets from a manager queue while a pool of 3 runs 10 applyAsync tasks, each
     * putting its number into that queue; every task succeeds in a worker, and the consumer gets all 10 numbers.
     * <p>If this fails, check that a proxy serializes as a pool task argument and reconnects to the server in the
     * worker that runs the task.
     */
    @Clause("MGR-03")
    @Test
    void mgr03_seed003_poolTasksFeedAConsumerThroughAManagerQueue(MultiprocessingContext mp, Kit kit)
            throws Exception {
        EventLog log = kit.newEventLog();
        SyncManager m = startManager(mp, "MGR-03");
        ChildProcess consumer = null;
        WorkerPool pool = null;
        try {
            SharedQueue<Object> q = m.newQueue();
            consumer = mp.newProcess(ManagerTargets::consumer, log, q, 10, waitMillis());
            consumer.start();
            pool = ManagerChecks.newPool(mp, 3, "MGR-03");
            List<AsyncResult<Long>> results = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                results.add(pool.applyAsync(ManagerTargets::putsItsNumber, new ManagerTargets.Job(log, q, i)));
            }
            pool.shutdown();
            WorkerPool p = pool;
            boundedRun("[MGR-03] join() of the pool", () -> p.join());
            long self = ProcessHandle.current().pid();
            for (int i = 0; i < results.size(); i++) {
                AsyncResult<Long> r = results.get(i);
                Object pid = bounded("[MGR-03] get() of task " + (i + 1), r::get);
                assertNotEquals(self, pid, "[MGR-03] task " + (i + 1) + " ran in the caller, not in a worker");
            }
            assertEquals("1,2,3,4,5,6,7,8,9,10", kit.awaitValue(log, "consumer got all "), "[MGR-03] what a"
                    + " consumer process got from a manager queue that 10 pool tasks put 1..10 into");
            assertExitedNormally("MGR-03", consumer, log);
        } finally {
            close(pool);
            Children.stop(consumer);
            shutdown(m);
        }
    }

    /**
     * A manager lock as a pool task argument is the same lock: held by the parent, a task's tryAcquire() is
     * false; released, a task acquires and releases it, after which the parent acquires it. A manager queue in
     * map items is the same queue: the parent gets every number the tasks put.
     * <p>If this fails, check that a lock proxy serializes to the server's object, not to a new lock.
     */
    @Clause("MGR-03")
    @Test
    void mgr03_proxiesAsPoolArgumentsAndMapItemsReachTheSameObjects(MultiprocessingContext mp, Kit kit)
            throws Exception {
        EventLog log = kit.newEventLog();
        SyncManager m = startManager(mp, "MGR-03");
        WorkerPool pool = null;
        try {
            SharedLock lock = m.newLock();
            SharedQueue<Object> q = m.newQueue();
            assertEquals(true, bounded("[MGR-03] tryAcquire()", lock::tryAcquire), "[MGR-03] tryAcquire() of a new"
                    + " manager lock");
            WorkerPool p = ManagerChecks.newPool(mp, 2, "MGR-03");
            pool = p;
            assertEquals(false, bounded("[MGR-03] apply(tryAcquire, lock)", () -> p.apply(SharedLock::tryAcquire,
                    lock)), "[MGR-03] tryAcquire() in a pool task of a manager lock the parent holds, passed as the"
                    + " task's argument");
            List<ManagerTargets.Job> jobs = IntStream.range(0, 6).mapToObj(i -> new ManagerTargets.Job(log, q, i))
                    .collect(Collectors.toList());
            bounded("[MGR-03] map()", () -> p.map(ManagerTargets::putsItsNumber, jobs));
            List<Object> got = new ArrayList<>();
            for (int i = 0; i < jobs.size(); i++) {
                got.add(bounded("[MGR-03] get()", () -> q.get(Timeouts.MUST_HAPPEN)));
            }
            got.sort((a, b) -> Integer.compare((Integer) a, (Integer) b));
            assertEquals(List.of(0, 1, 2, 3, 4, 5), got, "[MGR-03] what the parent got from a manager queue that"
                    + " map() tasks put 0..5 into, the queue travelling in the map items");
            lock.release();
            long wait = waitMillis();
            PoolFunction<SharedLock, Boolean> acquiresAndReleases = l -> {
                if (!l.tryAcquire(Duration.ofMillis(wait))) {
                    return false;
                }
                l.release();
                return true;
            };
            assertEquals(true, bounded("[MGR-03] apply(acquire and release, lock)", () -> p.apply(
                    acquiresAndReleases, lock)), "[MGR-03] a pool task's acquire of a manager lock the parent"
                    + " released");
            assertEquals(true, bounded("[MGR-03] tryAcquire()", lock::tryAcquire), "[MGR-03] the parent's"
                    + " tryAcquire() after a pool task acquired and released the lock");
            lock.release();
        } finally {
            close(pool);
            shutdown(m);
        }
    }

    /**
     * Proxies reach a child as a newProcess argument, through a Connection and through a context queue, and each
     * is the same object: the child puts into the queue by all three routes, sees the lock the parent holds as
     * held, and sends the queue proxy back on the pipe, through which the parent puts too; the parent gets the
     * four items in order.
     * <p>If this fails, check that a proxy serializes as an ordinary object (writeReplace), not only while a child
     * starts.
     */
    @Clause("MGR-03")
    @Test
    void mgr03_proxiesTravelThroughConnectionsQueuesAndChildArguments(MultiprocessingContext mp, Kit kit)
            throws Exception {
        EventLog log = kit.newEventLog();
        SyncManager m = startManager(mp, "MGR-03");
        ChildProcess child = null;
        Pipe pipe = mp.newPipe(true);
        SharedQueue<Object> contextQueue = mp.newQueue();
        try {
            SharedQueue<Object> q = m.newQueue();
            SharedLock lock = m.newLock();
            assertEquals(true, bounded("[MGR-03] tryAcquire()", lock::tryAcquire), "[MGR-03] tryAcquire() of a new"
                    + " manager lock");
            child = mp.newProcess(ManagerTargets::receivesProxies, log, q, pipe.right(), contextQueue,
                    waitMillis());
            child.start();
            boundedRun("[MGR-03] send() of manager proxies on a pipe", () -> {
                pipe.left().send(q);
                pipe.left().send(lock);
            });
            boundedRun("[MGR-03] put() of a manager proxy on a context queue", () -> contextQueue.put(q));
            SharedQueue<Object> back = ManagerTargets.cast(bounded("[MGR-03] recv() of the proxy the child sent"
                    + " back", pipe.left()::recv));
            bounded("[MGR-03] put() through the proxy a child sent back", () -> {
                back.put("returned by the child");
                return null;
            });
            assertEquals("false", kit.awaitValue(log, "lock via connection tryAcquire="), "[MGR-03] tryAcquire() in"
                    + " a child of a manager lock the parent holds, received through a Connection");
            kit.awaitEvent(log, "done");
            List<Object> got = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                got.add(bounded("[MGR-03] get()", () -> q.get(Timeouts.MUST_HAPPEN)));
            }
            assertEquals(List.of("via argument", "via connection", "via context queue", "returned by the child"),
                    got, "[MGR-03] what the parent got from its manager queue, put through the proxies that"
                            + " travelled; events: " + log.events());
            assertExitedNormally("MGR-03", child, log);
            lock.release();
        } finally {
            Children.stop(child);
            closeQuietly(pipe.left(), pipe.right());
            discard(contextQueue);
            shutdown(m);
        }
    }

    // ------------------------------------------------------------------------------------------ MGR-07

    /** MGR-07: a context primitive, the type name its refusal uses, and how the test calls it. */
    static final class Primitive {
        final String label;
        final String type;
        final Object object;

        Primitive(String label, String type, Object object) {
            this.label = label;
            this.type = type;
            this.object = object;
        }
    }

    /**
     * A context SharedQueue, JoinableQueue, SimpleQueue, SharedLock, SharedRLock, SharedSemaphore or bounded
     * SharedSemaphore as an apply() or applyAsync() argument, captured by an applyAsync() task, or as a map() item
     * next to a plain one, fails in the submitting call with IllegalArgumentException "[POOL-21] …" that contains
     * "TYPE objects should only be shared between processes through inheritance"; none of those tasks runs, and
     * the pool then runs a task.
     * <p>If this fails, check that the pool serializes every task, function and item before it submits anything,
     * and that the primitives' own refusals (LOCK-17, SEM-17, QUEUE-23) reach the caller as the cause.
     */
    @Clause("MGR-07")
    @Test
    void mgr07_contextPrimitivesCannotBePoolTaskArguments(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        SharedQueue<Object> queue = mp.newQueue();
        SharedQueue<Object> joinable = mp.newJoinableQueue(0);
        SimpleQueue<Object> simple = mp.newSimpleQueue();
        List<Primitive> primitives = List.of(
                new Primitive("newQueue()", "Queue", queue),
                new Primitive("newJoinableQueue(0)", "JoinableQueue", joinable),
                new Primitive("newSimpleQueue()", "SimpleQueue", simple),
                new Primitive("newLock()", "SharedLock", mp.newLock()),
                new Primitive("newRLock()", "SharedRLock", mp.newRLock()),
                new Primitive("newSemaphore(1)", "SharedSemaphore", mp.newSemaphore(1)),
                new Primitive("newBoundedSemaphore(1)", "SharedSemaphore", mp.newBoundedSemaphore(1)));
        WorkerPool pool = null;
        try {
            WorkerPool p = ManagerChecks.newPool(mp, 1, "MGR-07");
            pool = p;
            List<String> wrong = new ArrayList<>();
            for (Primitive prim : primitives) {
                String label = prim.label;
                Object object = prim.object;
                PoolFunction<Object, String> fn = o -> {
                    log.record("ran with " + label + " " + o);
                    return "ran";
                };
                check(wrong, prim, "apply(fn, " + label + ")", thrownBy("[MGR-07] apply()", () -> p.apply(fn,
                        object)));
                check(wrong, prim, "applyAsync(fn, " + label + ")", thrownBy("[MGR-07] applyAsync()",
                        () -> p.applyAsync(fn, object)));
                check(wrong, prim, "applyAsync(a task capturing " + label + ")", thrownBy("[MGR-07] applyAsync()",
                        () -> p.applyAsync(() -> {
                            log.record("ran capturing " + label + " " + object.hashCode());
                            return "ran";
                        })));
                check(wrong, prim, "map(fn, [\"plain\", " + label + "])", thrownBy("[MGR-07] map()",
                        () -> p.map(fn, Arrays.asList("plain", object))));
            }
            assertTrue(wrong.isEmpty(), "[MGR-07] " + String.join("; ", wrong));
            assertEquals("usable", bounded("[MGR-07] apply() after the refused submissions", () -> p.apply(
                    () -> "usable")), "[MGR-07] a task submitted after the refused ones");
            assertEquals(List.of(), log.startingWith("ran "), "[MGR-07] tasks of refused submissions ran anyway");
        } finally {
            close(pool);
            discard(queue, joinable);
            discard(simple);
        }
    }

    /** MGR-07: adds to {@code wrong} how {@code t}, thrown by {@code call}, differs from the expected refusal. */
    private static void check(List<String> wrong, Primitive prim, String call, Throwable t) {
        String expected = "IllegalArgumentException starting with [POOL-21] and containing '" + prim.type
                + " objects should only be shared between processes through inheritance'";
        if (t == null) {
            wrong.add(call + " returned normally; expected " + expected);
        } else if (!(t instanceof IllegalArgumentException) || t.getMessage() == null
                || !t.getMessage().startsWith("[POOL-21]") || !t.getMessage().contains(prim.type
                        + " objects should only be shared between processes through inheritance")) {
            wrong.add(call + " threw " + t + "; expected " + expected);
        }
    }
}
