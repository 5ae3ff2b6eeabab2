package dev.mpkit.tck.manager;

import static dev.mpkit.tck.manager.ManagerChecks.GONE_WITHIN;
import static dev.mpkit.tck.manager.ManagerChecks.assertExitedNormally;
import static dev.mpkit.tck.manager.ManagerChecks.assertRefused;
import static dev.mpkit.tck.manager.ManagerChecks.boundedRun;
import static dev.mpkit.tck.manager.ManagerChecks.shutdown;
import static dev.mpkit.tck.manager.ManagerChecks.startManager;
import static dev.mpkit.tck.manager.ManagerChecks.thrownBy;
import static dev.mpkit.tck.manager.ManagerChecks.waitMillis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mpkit.ChildProcess;
import dev.mpkit.JoinableQueue;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.SharedLock;
import dev.mpkit.SharedQueue;
import dev.mpkit.SharedSemaphore;
import dev.mpkit.SyncManager;
import dev.mpkit.tck.support.BoundedCalls;
import dev.mpkit.tck.support.Children;
import dev.mpkit.tck.support.Clause;
import dev.mpkit.tck.support.ClauseTests;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.Kit;
import dev.mpkit.tck.support.ProcessTree;
import dev.mpkit.tck.support.Timed;
import dev.mpkit.tck.support.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/** How a manager's server ends: on shutdown() (MGR-09), and with the process that created it (MGR-10). */
@ClauseTests
class ManagerLifecycleClauseTests {

    private static final String NOT_RUNNING = "[MGR-09] manager is not running";

    // ------------------------------------------------------------------------------------------ MGR-09

    /**
     * shutdown() stops the server before it returns: process() is no longer alive and has an exit code, the OS no
     * longer runs its pid, and activeChildren() does not list it. Every later call on its proxies, in the parent
     * and in a child that used them before, throws IllegalStateException "[MGR-09] manager is not running", as
     * does newQueue(), and so does a get() that a child's thread was blocked in when the server stopped (rather
     * than waiting out its timeout); a second shutdown() and close() return at once without throwing.
     * <p>If this fails, check that shutdown() waits for the server's exit, and that a proxy turns a lost or
     * refused connection into that IllegalStateException instead of an I/O error or a hang.
     */
    @Clause("MGR-09")
    @Test
    void mgr09_shutdownStopsTheServerAndItsProxiesFail(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        SyncManager m = startManager(mp, "MGR-09");
        ChildProcess child = null;
        long pid = -1;
        try {
            SharedQueue<Object> q = m.newQueue();
            SharedLock lock = m.newLock();
            SharedSemaphore sem = m.newSemaphore(1);
            JoinableQueue<Object> jq = m.newJoinableQueue(0);
            boundedRun("[MGR-09] put() before shutdown()", () -> q.put("parent before"));
            SharedQueue<Object> empty = m.newQueue();
            child = mp.newProcess(ManagerTargets::usesProxiesAfterShutdown, log, q, lock, empty, waitMillis());
            child.start();
            kit.awaitEvent(log, "child used");
            kit.awaitEvent(log, "child waiting");
            pid = m.process().pid().orElseThrow();
            boundedRun("[MGR-09] shutdown()", () -> m.shutdown());
            assertFalse(m.process().isAlive(), "[MGR-09] process().isAlive() after shutdown() returned");
            assertTrue(m.process().exitCode().isPresent(), "[MGR-09] process().exitCode() after shutdown() returned"
                    + " is empty");
            assertFalse(ProcessTree.isAlive(pid), "[MGR-09] the OS still runs the server " + pid + " after"
                    + " shutdown() returned");
            long gone = pid;
            assertTrue(mp.activeChildren().stream().noneMatch(c -> c.pid().isPresent()
                    && c.pid().getAsLong() == gone), "[MGR-09] activeChildren() lists the server " + pid
                    + " after shutdown(): " + mp.activeChildren());
            Map<String, BoundedCalls.Action> calls = new LinkedHashMap<>();
            calls.put("put() on a queue", () -> q.put("after"));
            calls.put("get(timeout) on a queue", () -> q.get(Timeouts.PROMPT));
            calls.put("qsize() of a queue", q::qsize);
            calls.put("tryAcquire() of a lock", lock::tryAcquire);
            calls.put("release() of a lock", lock::release);
            calls.put("acquire() of a semaphore", sem::acquire);
            calls.put("taskDone() of a JoinableQueue", jq::taskDone);
            calls.put("join() of a JoinableQueue", jq::join);
            calls.put("newQueue() of the manager", m::newQueue);
            for (Map.Entry<String, BoundedCalls.Action> call : calls.entrySet()) {
                Throwable t = thrownBy("[MGR-09] " + call.getKey() + " after shutdown()", call.getValue());
                assertRefused("MGR-09", IllegalStateException.class, NOT_RUNNING, t, call.getKey() + " after"
                        + " shutdown()");
            }
            log.record("kit: shut down");
            for (String call : new String[] {"put", "get", "lock", "blocked get"}) {
                String outcome = kit.awaitValue(log, "child " + call + " ");
                assertTrue(outcome.startsWith("threw " + IllegalStateException.class.getName() + ": " + NOT_RUNNING),
                        "[MGR-09] " + call + " on a proxy in a child after shutdown(): " + outcome + "; expected"
                                + " IllegalStateException starting with " + NOT_RUNNING);
            }
            assertExitedNormally("MGR-09", child, log);
            for (String again : new String[] {"shutdown()", "close()"}) {
                Timed<Object> r = BoundedCalls.timed(Timeouts.PROMPT, "[MGR-09] " + again + " after shutdown()",
                        () -> {
                            if (again.equals("close()")) {
                                m.close();
                            } else {
                                m.shutdown();
                            }
                            return "returned";
                        });
                assertEquals("returned", r.value, "[MGR-09] " + again + " after shutdown() "
                        + ManagerChecks.did(r));
            }
        } finally {
            Children.stop(child);
            shutdown(m);
            Children.killPid(pid);
        }
    }

    // ------------------------------------------------------------------------------------------ MGR-10

    /**
     * A child that created a manager and returned from its target without shutdown() leaves no server behind:
     * while it runs, the OS runs the server as its child; within 5 s after it exited, neither the server nor any
     * other process it started runs.
     * <p>If this fails, check that the exit sequence of a child shuts down the managers it created, as it ends its
     * daemonic children.
     */
    @Clause("MGR-10")
    @Test
    void mgr10_aChildThatExitsLeavesNoServerBehind(MultiprocessingContext mp, Kit kit) throws Exception {
        assertNoServerOutlives(mp, kit, "exit", "a child that returned without shutdown()");
    }

    /**
     * A child that created a manager and is killed with SIGKILL leaves no server behind: within 5 s after it died,
     * neither the server nor any other process it started runs.
     * <p>If this fails, check that the server watches the process that created it (its parent) and exits when that
     * process dies, since a killed process runs no exit sequence.
     */
    @Clause("MGR-10")
    @Test
    void mgr10_aKilledChildLeavesNoServerBehind(MultiprocessingContext mp, Kit kit) throws Exception {
        assertNoServerOutlives(mp, kit, "sleep", "a child killed with SIGKILL");
    }

    private static void assertNoServerOutlives(MultiprocessingContext mp, Kit kit, String mode, String who)
            throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess child = mp.newProcess(ManagerTargets::createsAManager, log, mode, waitMillis());
        long server = -1;
        Set<Long> started = Set.of();
        try {
            child.start();
            long childPid = child.pid().orElseThrow();
            Timeouts.eventually("MGR-10 the child reports its manager's server").until(
                    () -> log.valueOf("server pid=").isPresent() || log.valueOf("newManager() threw ").isPresent());
            String threw = log.valueOf("newManager() threw ").orElse(null);
            if (threw != null && threw.startsWith(UnsupportedOperationException.class.getName() + ": ")) {
                // SPI-06: the provider's own refusal, as the child saw it, so that MGR-10 is graded NOT_IMPLEMENTED
                throw new UnsupportedOperationException(threw.substring(threw.indexOf(": ") + 2));
            }
            assertTrue(threw == null, "[MGR-10] newManager() in a child threw " + threw);
            server = Long.parseLong(kit.awaitValue(log, "server pid="));
            started = Arrays.stream(kit.awaitValue(log, "descendants=").split(",")).filter(s -> !s.isBlank())
                    .map(Long::parseLong).collect(Collectors.toSet());
            assertTrue(ProcessTree.isAlive(server), "[MGR-10] the OS runs no server " + server + " while the child"
                    + " that created the manager runs; events: " + log.events());
            assertEquals(childPid, ProcessTree.parentOf(server), "[MGR-10] the OS parent of the server " + server
                    + "; expected the child " + childPid + " that created the manager");
            if (mode.equals("exit")) {
                log.record("kit: exit");
                assertExitedNormally("MGR-10", child, log);
            } else {
                child.kill();
                assertTrue(child.join(Timeouts.MUST_HAPPEN), "[MGR-10] the child did not die after kill()");
            }
            List<Long> pids = new ArrayList<>(started);
            if (!pids.contains(server)) {
                pids.add(server);
            }
            try {
                Timeouts.eventually("MGR-10 the server of " + who + " is gone").atMost(GONE_WITHIN)
                        .pollInterval(Duration.ofMillis(50)).until(() -> pids.stream().noneMatch(ProcessTree::isAlive));
            } catch (ConditionTimeoutException e) {
                fail("[MGR-10] " + GONE_WITHIN + " after " + who + " ended, these processes it started still run: "
                        + pids.stream().filter(ProcessTree::isAlive).map(p -> p + (p == pidOf(log) ? " (the server)"
                                : "")).collect(Collectors.toList()));
            }
        } finally {
            Children.stop(child);
            Children.killPid(server);
            started.forEach(Children::killPid);
        }
    }

    private static long pidOf(EventLog log) {
        return log.valueOf("server pid=").map(Long::parseLong).orElse(-1L);
    }
}
