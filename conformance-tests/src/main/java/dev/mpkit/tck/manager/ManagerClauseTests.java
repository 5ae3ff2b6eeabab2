package dev.mpkit.tck.manager;

import static dev.mpkit.tck.manager.ManagerChecks.TIMEOUT;
import static dev.mpkit.tck.manager.ManagerChecks.assertExitedNormally;
import static dev.mpkit.tck.manager.ManagerChecks.assertRefused;
import static dev.mpkit.tck.manager.ManagerChecks.assertRefusedAfter;
import static dev.mpkit.tck.manager.ManagerChecks.bounded;
import static dev.mpkit.tck.manager.ManagerChecks.boundedRun;
import static dev.mpkit.tck.manager.ManagerChecks.did;
import static dev.mpkit.tck.manager.ManagerChecks.shutdown;
import static dev.mpkit.tck.manager.ManagerChecks.startManager;
import static dev.mpkit.tck.manager.ManagerChecks.thrownBy;
import static dev.mpkit.tck.manager.ManagerChecks.waitMillis;
import static dev.mpkit.tck.support.BoundedCalls.assertNoEarlier;
import static dev.mpkit.tck.support.BoundedCalls.timed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.ChildProcess;
import dev.mpkit.JoinableQueue;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.ProcessInfo;
import dev.mpkit.QueueEmptyException;
import dev.mpkit.QueueFullException;
import dev.mpkit.SharedLock;
import dev.mpkit.SharedQueue;
import dev.mpkit.SharedRLock;
import dev.mpkit.SharedSemaphore;
import dev.mpkit.SyncManager;
import dev.mpkit.tck.support.Children;
import dev.mpkit.tck.support.Clause;
import dev.mpkit.tck.support.ClauseTests;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.Items;
import dev.mpkit.tck.support.Kit;
import dev.mpkit.tck.support.ProcessTree;
import dev.mpkit.tck.support.Timed;
import dev.mpkit.tck.support.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Python's {@code multiprocessing.Manager()} as {@link SyncManager}: the server process (MGR-01) and the objects it
 * holds, used from several processes: queues (MGR-02), locks (MGR-04), semaphores (MGR-05) and joinable queues
 * (MGR-06).
 */
@ClauseTests
class ManagerClauseTests {

    // ------------------------------------------------------------------------------------------ MGR-01

    /**
     * newManager() starts a server process: process() is alive, daemonic, named SyncManager…, with a pid that is
     * not the caller's; the OS runs that pid as a child of the caller, and activeChildren() lists it as a daemon.
     * <p>If this fails, check that the manager starts its server through the ordinary child path (a daemonic child
     * of the creating process), and that process() describes that child.
     */
    @Clause("MGR-01")
    @Test
    void mgr01_newManagerStartsADaemonicServerChild(MultiprocessingContext mp) throws Exception {
        SyncManager m = startManager(mp, "MGR-01");
        try {
            ProcessInfo server = m.process();
            long self = ProcessHandle.current().pid();
            assertTrue(server.name() != null && server.name().startsWith("SyncManager"), "[MGR-01] the server's"
                    + " name is '" + server.name() + "'; expected one starting with SyncManager");
            assertTrue(server.isAlive(), "[MGR-01] process().isAlive() of a new manager is false");
            assertTrue(server.exitCode().isEmpty(), "[MGR-01] process().exitCode() of a running server is "
                    + server.exitCode() + "; expected empty");
            assertTrue(server.isDaemon(), "[MGR-01] process().isDaemon() of the server is false; expected a"
                    + " daemonic child");
            assertTrue(server.pid().isPresent(), "[MGR-01] process().pid() of a running server is empty");
            long pid = server.pid().getAsLong();
            assertNotEquals(self, pid, "[MGR-01] process().pid() is the caller's pid " + self + ": the objects"
                    + " live in the caller, not in a server process");
            assertTrue(ProcessTree.isAlive(pid), "[MGR-01] the OS runs no process " + pid + " (process().pid())");
            assertEquals(self, ProcessTree.parentOf(pid), "[MGR-01] the OS parent of the server " + pid
                    + "; expected the process that called newManager()");
            List<ChildProcess> listed = mp.activeChildren().stream()
                    .filter(c -> c.pid().isPresent() && c.pid().getAsLong() == pid).collect(Collectors.toList());
            assertEquals(1, listed.size(), "[MGR-01] activeChildren() lists the server " + pid + " "
                    + listed.size() + " times; expected once; activeChildren() = " + mp.activeChildren());
            assertTrue(listed.get(0).isDaemon() && listed.get(0).name().startsWith("SyncManager"), "[MGR-01] the"
                    + " server as activeChildren() lists it: " + listed.get(0) + "; expected a daemon named"
                    + " SyncManager…");
        } finally {
            shutdown(m);
        }
    }

    /**
     * The objects live in the server process: a queue proxy works while it runs, and once the OS kills that
     * process (SIGKILL), calls on the proxy throw IllegalStateException instead of reaching an object elsewhere.
     * <p>If this fails, check that every call on a proxy is a request to the server, not to a copy in the caller.
     */
    @Clause("MGR-01")
    @Test
    void mgr01_theObjectsLiveInTheServerProcess(MultiprocessingContext mp, Kit kit) throws Exception {
        SyncManager m = startManager(mp, "MGR-01");
        long pid = -1;
        try {
            SharedQueue<Object> q = m.newQueue();
            boundedRun("[MGR-01] put() on a manager queue", () -> q.put("before"));
            assertEquals(1, bounded("[MGR-01] qsize()", q::qsize), "[MGR-01] qsize() after one put()");
            pid = m.process().pid().orElseThrow();
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            try {
                kit.awaitGone(pid, Timeouts.MUST_HAPPEN, "MGR-01 the server " + pid + " exits after SIGKILL");
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("[MGR-01] the server " + pid + " still runs " + Timeouts.MUST_HAPPEN
                        + " after SIGKILL", e);
            }
            Throwable t = thrownBy("[MGR-01] put() after the server was killed", () -> q.put("after"));
            assertRefused("MGR-01", IllegalStateException.class, "[MGR", t, "put() on a manager queue after the OS"
                    + " killed the server process " + pid);
            t = thrownBy("[MGR-01] qsize() after the server was killed", q::qsize);
            assertRefused("MGR-01", IllegalStateException.class, "[MGR", t, "qsize() on a manager queue after the OS"
                    + " killed the server process " + pid);
        } finally {
            shutdown(m);
            Children.killPid(pid);
        }
    }

    // ------------------------------------------------------------------------------------------ MGR-02

    /**
     * A manager queue carries items both ways in FIFO order: a child gets the five items the parent put, in order,
     * then puts five of its own, which the parent gets in order; the queue is then empty, and get(300 ms) throws
     * QueueEmptyException no earlier than 300 ms.
     * <p>If this fails, check that the proxy in the child reaches the very queue in the server, not a copy made
     * when it was serialized.
     */
    @Clause("MGR-02")
    @Test
    void mgr02_aManagerQueueCarriesItemsBothWaysInOrder(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        SyncManager m = startManager(mp, "MGR-02");
        ChildProcess p = null;
        try {
            SharedQueue<Object> q = m.newQueue();
            List<String> sent = List.of("p0", "p1", "p2", "p3", "p4");
            for (String s : sent) {
                boundedRun("[MGR-02] put()", () -> q.put(s));
            }
            p = mp.newProcess(ManagerTargets::getsThenPuts, log, q, sent.size(), waitMillis());
            p.start();
            assertEquals(String.join(",", sent), kit.awaitValue(log, "child got "), "[MGR-02] what a child got"
                    + " from a manager queue the parent put p0..p4 into");
            kit.awaitEvent(log, "child put done");
            List<Object> got = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                got.add(bounded("[MGR-02] get()", () -> q.get(Timeouts.MUST_HAPPEN)));
            }
            assertEquals(List.of("c0", "c1", "c2", "c3", "c4"), got, "[MGR-02] what the parent got from a"
                    + " manager queue a child put c0..c4 into");
            Timed<Object> r = timed(TIMEOUT.plus(Timeouts.MUST_HAPPEN), "[MGR-02] get(timeout)", () -> q.get(TIMEOUT));
            assertRefusedAfter("MGR-02", QueueEmptyException.class, "", TIMEOUT, r, "get(" + TIMEOUT + ") on an"
                    + " empty manager queue");
            assertExitedNormally("MGR-02", p, log);
        } finally {
            Children.stop(p);
            shutdown(m);
        }
    }

    /**
     * A manager queue carries items of many kinds, null, arrays and collections included: a child gets each item
     * the parent put, equal to it and in order, and puts them back, and the parent gets each back equal and in order.
     * <p>If this fails, check how the proxy and the server encode an item: the server may hold it as bytes, but
     * what comes out must equal what went in.
     */
    @Clause("MGR-02")
    @Test
    void mgr02_aManagerQueueCarriesItemsOfEveryKind(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        SyncManager m = startManager(mp, "MGR-02");
        ChildProcess p = null;
        Object[] items = ManagerTargets.items();
        try {
            SharedQueue<Object> q = m.newQueue();
            boundedRun("[MGR-02] put() of every item", () -> {
                for (Object item : items) {
                    q.put(item);
                }
            });
            p = mp.newProcess(ManagerTargets::getsComparesPutsBackAndSaysDone, log, q, items, waitMillis());
            p.start();
            kit.awaitEvent(log, "child done");
            List<String> wrong = log.startingWith("got ").stream().map(e -> e.text)
                    .filter(t -> !t.contains(" equal=true ")).collect(Collectors.toList());
            assertTrue(wrong.isEmpty(), "[MGR-02] items a child got from a manager queue differ from what the parent"
                    + " put: " + wrong);
            assertEquals(items.length, log.startingWith("got ").size(), "[MGR-02] how many items a child got from a"
                    + " manager queue the parent put " + items.length + " into; events: " + log.events());
            for (int i = 0; i < items.length; i++) {
                Object got = bounded("[MGR-02] get()", () -> q.get(Timeouts.MUST_HAPPEN));
                assertTrue(Objects.deepEquals(items[i], got), "[MGR-02] item " + i + " the parent got back"
                        + " from a manager queue: " + Items.describe(got) + "; expected "
                        + Items.describe(items[i]));
            }
            assertExitedNormally("MGR-02", p, log);
        } finally {
            Children.stop(p);
            shutdown(m);
        }
    }

    /**
     * A manager queue of maxSize 2 holding 2 items refuses put(item, 300 ms) with QueueFullException no earlier
     * than 300 ms, and keeps exactly its 2 items; the same queue, emptied, refuses get(300 ms) with
     * QueueEmptyException no earlier than 300 ms.
     * <p>If this fails, check that the server enforces the bound and that a timed call waits in the server (or in
     * slices) for its whole timeout.
     */
    @Clause("MGR-02")
    @Test
    void mgr02_timedCallsOnAFullOrEmptyManagerQueueWaitTheirTimeout(MultiprocessingContext mp) throws Exception {
        SyncManager m = startManager(mp, "MGR-02");
        try {
            SharedQueue<Object> q = m.newQueue(2);
            boundedRun("[MGR-02] put()", () -> {
                q.put("a");
                q.put("b");
            });
            Timed<Object> r = timed(TIMEOUT.plus(Timeouts.MUST_HAPPEN), "[MGR-02] put(item, timeout)", () -> {
                q.put("refused", TIMEOUT);
                return null;
            });
            assertRefusedAfter("MGR-02", QueueFullException.class, "", TIMEOUT, r, "put(item, " + TIMEOUT + ") on"
                    + " a full manager queue of maxSize 2");
            assertEquals(2, bounded("[MGR-02] qsize()", q::qsize), "[MGR-02] qsize() of a full manager queue of"
                    + " maxSize 2 after a refused put");
            assertEquals("a", bounded("[MGR-02] get()", () -> q.get(Timeouts.MUST_HAPPEN)), "[MGR-02] first item");
            assertEquals("b", bounded("[MGR-02] get()", () -> q.get(Timeouts.MUST_HAPPEN)), "[MGR-02] second item");
            r = timed(TIMEOUT.plus(Timeouts.MUST_HAPPEN), "[MGR-02] get(timeout)", () -> q.get(TIMEOUT));
            assertRefusedAfter("MGR-02", QueueEmptyException.class, "", TIMEOUT, r, "get(" + TIMEOUT + ") on a"
                    + " manager queue emptied after a refused put: " + did(r));
        } finally {
            shutdown(m);
        }
    }

    // ------------------------------------------------------------------------------------------ MGR-04

    /**
     * A manager lock excludes across processes: while the parent holds it, a child's tryAcquire(300 ms) is false
     * no earlier than 300 ms; after the parent's release the child acquires it, and then the parent's
     * tryAcquire(300 ms) is false no earlier than 300 ms and its next acquire returns only after the child began to
     * release. release() of the unlocked lock throws IllegalStateException "[MGR-04] release of an unlocked lock",
     * and the lock still works.
     * <p>If this fails, check that the lock's state lives in the server and that every proxy's acquire and release
     * are requests to it.
     */
    @Clause("MGR-04")
    @Test
    void mgr04_aManagerLockExcludesAcrossProcesses(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        SyncManager m = startManager(mp, "MGR-04");
        ChildProcess p = null;
        try {
            SharedLock lock = m.newLock();
            assertEquals(true, bounded("[MGR-04] tryAcquire()", lock::tryAcquire), "[MGR-04] tryAcquire() of a"
                    + " new manager lock");
            p = mp.newProcess(ManagerTargets::contendsForTheLock, log, lock, TIMEOUT.toMillis(), waitMillis());
            p.start();
            Map<String, String> first = EventLog.fields("first=" + kit.awaitValue(log, "child first="));
            assertEquals("false", first.get("first"), "[MGR-04] a child's tryAcquire(" + TIMEOUT + ") of a manager"
                    + " lock the parent holds");
            assertNoEarlier("MGR-04", TIMEOUT, Long.parseLong(first.get("nanos")), "a child's tryAcquire("
                    + TIMEOUT + ") of a manager lock the parent holds returned false");
            lock.release();
            log.record("kit: released");
            kit.awaitEvent(log, "child holds");
            Timed<Object> r = timed(TIMEOUT.plus(Timeouts.MUST_HAPPEN), "[MGR-04] tryAcquire(timeout)",
                    () -> lock.tryAcquire(TIMEOUT));
            assertEquals(false, r.value, "[MGR-04] the parent's tryAcquire(" + TIMEOUT + ") of a manager lock a"
                    + " child holds");
            assertNoEarlier("MGR-04", TIMEOUT, r.nanos, "the parent's tryAcquire(" + TIMEOUT + ") of a manager lock"
                    + " a child holds returned false");
            log.record("kit: tried");
            r = timed(Timeouts.MUST_HAPPEN.plus(Timeouts.PROMPT), "[MGR-04] tryAcquire(MUST_HAPPEN)",
                    () -> lock.tryAcquire(Timeouts.MUST_HAPPEN));
            assertEquals(true, r.value, "[MGR-04] the parent's tryAcquire() once the child releases " + did(r));
            EventLog.Event releasing = kit.awaitEvent(log, "child releasing");
            assertTrue(r.end >= releasing.nanos, "[MGR-04] the parent acquired the manager lock "
                    + Duration.ofNanos(releasing.nanos - r.end) + " before the child holding it began to release");
            lock.release();
            assertExitedNormally("MGR-04", p, log);
            Throwable t = thrownBy("[MGR-04] release()", lock::release);
            assertRefused("MGR-04", IllegalStateException.class, "[MGR-04] release of an unlocked lock", t,
                    "release() of an unlocked manager lock");
            assertEquals(true, bounded("[MGR-04] tryAcquire()", lock::tryAcquire), "[MGR-04] tryAcquire() after a"
                    + " refused release(): the lock is no longer usable");
            assertEquals(false, bounded("[MGR-04] tryAcquire()", lock::tryAcquire), "[MGR-04] a second"
                    + " tryAcquire() of a held manager lock");
            lock.release();
        } finally {
            Children.stop(p);
            shutdown(m);
        }
    }

    /**
     * A manager RLock excludes across processes and counts its owner's acquires: the parent acquires it twice with
     * tryAcquire(); a child's tryAcquire(300 ms) is false no earlier than 300 ms and its release() throws
     * IllegalStateException; after one release by the parent the child's tryAcquire(300 ms) is still false, after
     * the second the child acquires it, re-enters it and releases it, and the parent acquires it again. The
     * parent's release() of the lock it does not hold throws IllegalStateException.
     * <p>If this fails, check that the server keeps the owner (process and thread) and the count of the RLock, and
     * that a proxy sends who it is with every acquire and release.
     */
    @Clause("MGR-04")
    @Test
    void mgr04_aManagerRLockExcludesOtherProcessesAndCountsItsOwner(MultiprocessingContext mp, Kit kit)
            throws Exception {
        EventLog log = kit.newEventLog();
        SyncManager m = startManager(mp, "MGR-04");
        ChildProcess p = null;
        try {
            SharedRLock lock = m.newRLock();
            // on the test's thread, the owner, not through bounded(), which calls on a thread of its own
            assertTrue(lock.tryAcquire(), "[MGR-04] tryAcquire() of a new manager RLock returned false");
            assertTrue(lock.tryAcquire(), "[MGR-04] a second tryAcquire() of a manager RLock by the thread that holds"
                    + " it returned false");
            p = mp.newProcess(ManagerTargets::contendsForTheRLock, log, lock, TIMEOUT.toMillis(), waitMillis());
            p.start();
            assertChildBlocked(kit, log, "child first=", "a manager RLock the parent holds twice");
            String foreign = kit.awaitValue(log, "child foreign release ");
            assertTrue(foreign.startsWith("threw " + IllegalStateException.class.getName() + ": "), "[MGR-04]"
                    + " release() in a child of a manager RLock the parent holds: " + foreign + "; expected"
                    + " IllegalStateException");
            lock.release();
            log.record("kit: released once");
            assertChildBlocked(kit, log, "child second=", "a manager RLock the parent acquired twice and released"
                    + " once");
            lock.release();
            log.record("kit: released twice");
            assertEquals("true", kit.awaitValue(log, "child third="), "[MGR-04] a child's acquire of a manager RLock"
                    + " the parent released as often as it acquired");
            assertEquals("true", kit.awaitValue(log, "child reentered="), "[MGR-04] a second tryAcquire() of a"
                    + " manager RLock by the child's thread that holds it");
            kit.awaitEvent(log, "child released");
            assertExitedNormally("MGR-04", p, log);
            assertTrue(lock.tryAcquire(), "[MGR-04] the parent's tryAcquire() of a manager RLock the child released"
                    + " returned false");
            lock.release();
            Throwable t = thrownBy("[MGR-04] release()", lock::release);
            assertRefused("MGR-04", IllegalStateException.class, "", t, "release() of a manager RLock nobody holds");
        } finally {
            Children.stop(p);
            shutdown(m);
        }
    }

    /** Asserts that the child's recorded "PREFIXfalse nanos=N" shows a tryAcquire(TIMEOUT) that waited it out. */
    private static void assertChildBlocked(Kit kit, EventLog log, String prefix, String what) {
        String[] v = kit.awaitValue(log, prefix).split(" nanos=");
        assertEquals("false", v[0], "[MGR-04] a child's tryAcquire(" + TIMEOUT + ") of " + what);
        assertNoEarlier("MGR-04", TIMEOUT, Long.parseLong(v[1]), "a child's tryAcquire(" + TIMEOUT + ") of " + what
                + " returned false");
    }

    // ------------------------------------------------------------------------------------------ MGR-05

    /**
     * A manager semaphore of 2 lets two holders in, the parent and a child, and a third acquire waits: the parent's
     * tryAcquire(300 ms) is false no earlier than 300 ms, and its next acquire returns only after the child began
     * to release. A bounded manager semaphore of 1 refuses release() above its value with IllegalStateException
     * "[MGR-05] semaphore released too many times", in the parent and in a child, and keeps its value 1; a negative
     * value is refused with IllegalArgumentException "value must be >= 0, was -1".
     * <p>If this fails, check that the count lives in the server, and that the bound is checked there.
     */
    @Clause("MGR-05")
    @Test
    void mgr05_managerSemaphoresCountAcrossProcesses(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        SyncManager m = startManager(mp, "MGR-05");
        ChildProcess p = null;
        String tooMany = "[MGR-05] semaphore released too many times";
        try {
            SharedSemaphore sem = m.newSemaphore(2);
            SharedSemaphore bounded = m.newBoundedSemaphore(1);
            assertEquals(true, bounded("[MGR-05] tryAcquire()", sem::tryAcquire), "[MGR-05] tryAcquire() of a new"
                    + " manager semaphore of 2");
            p = mp.newProcess(ManagerTargets::holdsAPermit, log, sem, bounded, waitMillis());
            p.start();
            String childOver = kit.awaitValue(log, "child over-release ");
            assertTrue(childOver.startsWith("threw " + IllegalStateException.class.getName() + ": " + tooMany),
                    "[MGR-05] release() in a child of a bounded manager semaphore at its value 1: " + childOver
                            + "; expected IllegalStateException starting with " + tooMany);
            assertEquals("true", kit.awaitValue(log, "child acquired="), "[MGR-05] a child's acquire of a manager"
                    + " semaphore of 2 with one permit left");
            Timed<Object> r = timed(TIMEOUT.plus(Timeouts.MUST_HAPPEN), "[MGR-05] tryAcquire(timeout)",
                    () -> sem.tryAcquire(TIMEOUT));
            assertEquals(false, r.value, "[MGR-05] a third tryAcquire(" + TIMEOUT + ") of a manager semaphore of 2"
                    + " with two holders");
            assertNoEarlier("MGR-05", TIMEOUT, r.nanos, "a third tryAcquire(" + TIMEOUT + ") of a manager semaphore"
                    + " of 2 returned false");
            log.record("kit: release");
            r = timed(Timeouts.MUST_HAPPEN.plus(Timeouts.PROMPT), "[MGR-05] tryAcquire(MUST_HAPPEN)",
                    () -> sem.tryAcquire(Timeouts.MUST_HAPPEN));
            assertEquals(true, r.value, "[MGR-05] tryAcquire() once the child releases " + did(r));
            EventLog.Event releasing = kit.awaitEvent(log, "child releasing");
            assertTrue(r.end >= releasing.nanos, "[MGR-05] the parent acquired a permit "
                    + Duration.ofNanos(releasing.nanos - r.end) + " before the child began to release one");
            sem.release();
            sem.release();
            assertExitedNormally("MGR-05", p, log);
            Throwable t = thrownBy("[MGR-05] release()", bounded::release);
            assertRefused("MGR-05", IllegalStateException.class, tooMany, t, "release() of a bounded manager"
                    + " semaphore at its value 1");
            assertEquals(true, bounded("[MGR-05] tryAcquire()", bounded::tryAcquire), "[MGR-05] tryAcquire() of a"
                    + " bounded manager semaphore of 1 after refused releases");
            assertEquals(false, bounded("[MGR-05] tryAcquire()", bounded::tryAcquire), "[MGR-05] a second"
                    + " tryAcquire() of a bounded manager semaphore of 1: a refused release() raised its value");
            bounded.release();
            for (String kind : new String[] {"newSemaphore(-1)", "newBoundedSemaphore(-1)"}) {
                t = thrownBy("[MGR-05] " + kind, () -> {
                    if (kind.startsWith("newSemaphore")) {
                        m.newSemaphore(-1);
                    } else {
                        m.newBoundedSemaphore(-1);
                    }
                });
                assertTrue(t instanceof IllegalArgumentException && t.getMessage() != null
                        && t.getMessage().contains("value must be >= 0, was -1"), "[MGR-05] " + kind + " of a"
                        + " manager " + (t == null ? "returned normally" : "threw " + t) + "; expected"
                        + " IllegalArgumentException \"value must be >= 0, was -1\"");
            }
        } finally {
            Children.stop(p);
            shutdown(m);
        }
    }

    // ------------------------------------------------------------------------------------------ MGR-06

    /**
     * A manager JoinableQueue counts unfinished items put by any process: join() of a new one returns at once; with
     * "a" and "b" put by the parent and "c" by a child, and "a" and "c" done, join(300 ms) is false no earlier than
     * 300 ms, and join() returns only after the child began its taskDone() of "b". One taskDone() too many throws
     * IllegalStateException "[MGR-06] taskDone() called more times than items were put", in the child and in the
     * parent, and changes no count.
     * <p>If this fails, check that the server keeps the count, raises it with every put and lowers it with every
     * taskDone() from any proxy, and wakes every joiner when it reaches zero.
     */
    @Clause("MGR-06")
    @Test
    void mgr06_joinReturnsOnceEveryItemIsDone(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        SyncManager m = startManager(mp, "MGR-06");
        ChildProcess p = null;
        String tooMany = "[MGR-06] taskDone() called more times than items were put";
        try {
            JoinableQueue<Object> jq = m.newJoinableQueue(0);
            Timed<Object> r = timed(Timeouts.PROMPT, "[MGR-06] join() of a new manager JoinableQueue", () -> {
                jq.join();
                return "returned";
            });
            assertEquals("returned", r.value, "[MGR-06] join() of a new manager JoinableQueue " + did(r));
            boundedRun("[MGR-06] put()", () -> {
                jq.put("a");
                jq.put("b");
            });
            p = mp.newProcess(ManagerTargets::worksThroughTheQueue, log, jq, waitMillis());
            p.start();
            assertEquals("a,b", kit.awaitValue(log, "worker got "), "[MGR-06] what a child got from a manager"
                    + " JoinableQueue");
            kit.awaitEvent(log, "worker put c");
            assertEquals("c", bounded("[MGR-06] get()", () -> jq.get(Timeouts.MUST_HAPPEN)), "[MGR-06] the item a"
                    + " child put");
            jq.taskDone();
            r = timed(TIMEOUT.plus(Timeouts.MUST_HAPPEN), "[MGR-06] join(timeout)", () -> jq.join(TIMEOUT));
            assertEquals(false, r.value, "[MGR-06] join(" + TIMEOUT + ") with one of three items unfinished");
            assertNoEarlier("MGR-06", TIMEOUT, r.nanos, "join(" + TIMEOUT + ") with an unfinished item returned"
                    + " false");
            log.record("kit: last");
            r = timed(Timeouts.MUST_HAPPEN, "[MGR-06] join() with an item a child is about to finish", () -> {
                jq.join();
                return "returned";
            });
            assertEquals("returned", r.value, "[MGR-06] join() " + did(r));
            EventLog.Event last = kit.awaitEvent(log, "worker last taskDone");
            assertTrue(r.end >= last.nanos, "[MGR-06] join() returned " + Duration.ofNanos(last.nanos - r.end)
                    + " before the child began its taskDone() of the last unfinished item");
            log.record("kit: joined");
            String extra = kit.awaitValue(log, "worker extra taskDone ");
            assertTrue(extra.startsWith("threw " + IllegalStateException.class.getName() + ": " + tooMany),
                    "[MGR-06] taskDone() in a child with no unfinished item: " + extra + "; expected"
                            + " IllegalStateException starting with " + tooMany);
            assertExitedNormally("MGR-06", p, log);
            Throwable t = thrownBy("[MGR-06] taskDone()", jq::taskDone);
            assertRefused("MGR-06", IllegalStateException.class, tooMany, t, "taskDone() in the parent with no"
                    + " unfinished item");
            boundedRun("[MGR-06] put()", () -> jq.put("d"));
            r = timed(TIMEOUT.plus(Timeouts.MUST_HAPPEN), "[MGR-06] join(timeout)", () -> jq.join(TIMEOUT));
            assertEquals(false, r.value, "[MGR-06] join(" + TIMEOUT + ") with one unfinished item after refused"
                    + " taskDone() calls: they lowered the count");
            assertEquals("d", bounded("[MGR-06] get()", () -> jq.get(Timeouts.MUST_HAPPEN)), "[MGR-06] get()");
            jq.taskDone();
            r = timed(Timeouts.PROMPT, "[MGR-06] join(ZERO)", () -> jq.join(Duration.ZERO));
            assertEquals(true, r.value, "[MGR-06] join(ZERO) once every item is done " + did(r));
        } finally {
            Children.stop(p);
            shutdown(m);
        }
    }
}
