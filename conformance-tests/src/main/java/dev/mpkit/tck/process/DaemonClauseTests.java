package dev.mpkit.tck.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.ChildProcess;
import dev.mpkit.Multiprocessing;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.ProcessOptions;
import dev.mpkit.ProcessTarget;
import dev.mpkit.tck.support.ChildTargets;
import dev.mpkit.tck.support.ChildWork;
import dev.mpkit.tck.support.Children;
import dev.mpkit.tck.support.Clause;
import dev.mpkit.tck.support.ClauseTests;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.Kit;
import dev.mpkit.tck.support.KitMainJvm;
import dev.mpkit.tck.support.ProcessTree;
import dev.mpkit.tck.support.TimeScale;
import dev.mpkit.tck.support.Timeouts;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The daemon flag and what happens to children when their parent ends: DAEMON-01 to DAEMON-10. */
@ClauseTests
class DaemonClauseTests {

    /** The ways a process exits normally (glossary: "exits normally"), and the exit status each gives. */
    private static final String[] ENDINGS = {"return", "throw", "exit"};
    private static final int[] ENDING_CODES = {0, 1, 7};

    /**
     * The daemon flag defaults to the creating process's, follows ProcessOptions and setDaemon(), and is what the
     * child sees as its own currentProcess().isDaemon().
     * <p>If this fails, check that the flag is copied from the creating process and sent to the child at start().
     */
    @Clause("DAEMON-01")
    @Test
    void daemon01_flagDefaultsToCreatorsAndCanBeSetBeforeStart(MultiprocessingContext mp, Kit kit) throws Exception {
        assertFalse(mp.currentProcess().isDaemon(), "[DAEMON-01] the main process reported itself daemonic");
        assertEquals(mp.currentProcess().isDaemon(), mp.newProcess(args -> { }).isDaemon(),
                "[DAEMON-01] a new process's default flag differs from the creating process's");
        assertTrue(mp.newProcess(ProcessOptions.defaults().daemon(true), args -> { }).isDaemon(),
                "[DAEMON-01] ProcessOptions.daemon(true) gave isDaemon() false");
        assertFalse(mp.newProcess(ProcessOptions.defaults().daemon(false), args -> { }).isDaemon(),
                "[DAEMON-01] ProcessOptions.daemon(false) gave isDaemon() true");

        EventLog log = kit.newEventLog();
        ProcessTarget report = args -> ((EventLog) args[0]).record(args[1] + " daemon="
                + Multiprocessing.context().currentProcess().isDaemon());
        ChildProcess set = mp.newProcess(report, log, "set");
        set.setDaemon(true);
        assertTrue(set.isDaemon(), "[DAEMON-01] setDaemon(true) before start() did not set the flag");
        ChildProcess reset = mp.newProcess(ProcessOptions.defaults().daemon(true), report, log, "reset");
        reset.setDaemon(false);
        assertFalse(reset.isDaemon(), "[DAEMON-01] setDaemon(false) before start() did not clear the flag");
        ChildProcess plain = mp.newProcess(report, log, "plain");
        try {
            set.start();
            reset.start();
            plain.start();
            set.join();
            reset.join();
            plain.join();
            assertEquals("true", kit.awaitValue(log, "set daemon="),
                    "[DAEMON-01] currentProcess().isDaemon() in a child started after setDaemon(true)");
            assertEquals("false", kit.awaitValue(log, "reset daemon="),
                    "[DAEMON-01] currentProcess().isDaemon() in a child started after daemon(true), setDaemon(false)");
            assertEquals("false", kit.awaitValue(log, "plain daemon="),
                    "[DAEMON-01] currentProcess().isDaemon() in a child started with the default flag");
        } finally {
            Children.stop(set, reset, plain);
        }
    }

    /**
     * setDaemon() after start() throws IllegalStateException naming DAEMON-02, while the child runs and after it
     * exited, and leaves the flag as it was.
     * <p>If this fails, check that setDaemon() checks the lifecycle state before it assigns the flag.
     */
    @Clause("DAEMON-02")
    @Test
    void daemon02_setDaemonAfterStartMustThrow(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess p = mp.newProcess(ChildTargets::runningUntilReleased, log, Timeouts.LONG_SLEEP.toMillis());
        try {
            p.start();
            kit.awaitEvent(log, "running");
            IllegalStateException running = assertThrows(IllegalStateException.class, () -> p.setDaemon(true),
                    "[DAEMON-02] setDaemon(true) on a running child returned normally; expected IllegalStateException");
            assertStartsWith("[DAEMON-02]", running.getMessage(), "setDaemon() on a running child");
            assertFalse(p.isDaemon(), "[DAEMON-02] a refused setDaemon(true) changed isDaemon() to true");
            log.record("release");
            p.join();
            IllegalStateException exited = assertThrows(IllegalStateException.class, () -> p.setDaemon(true),
                    "[DAEMON-02] setDaemon(true) on an exited child returned normally; expected IllegalStateException");
            assertStartsWith("[DAEMON-02]", exited.getMessage(), "setDaemon() on an exited child");
            assertFalse(p.isDaemon(), "[DAEMON-02] a refused setDaemon(true) after exit changed isDaemon() to true");
        } finally {
            Children.stop(p);
        }
    }

    /**
     * A child whose run() returns, throws or calls System.exit terminates its daemonic child on the way out: the
     * grandchild never does the work it would have done 3 s later, and its pid is gone within 2 s of the child's
     * exit.
     * <p>If this fails, check that the child's exit sequence, after run() and in a shutdown hook, terminates the
     * daemonic children it started (Python's _exit_function).
     */
    @Clause("DAEMON-03")
    @Test
    void daemon03_daemonicGrandchildEndsWhenItsParentsRunEnds(MultiprocessingContext mp, Kit kit) throws Exception {
        for (String ending : ENDINGS) {
            EventLog log = kit.newEventLog();
            ChildProcess c = mp.newProcess(args -> {
                EventLog l = (EventLog) args[0];
                ChildProcess d = Multiprocessing.context().newProcess(ProcessOptions.defaults().daemon(true),
                        DaemonClauseTests::workAfter, l, "daemon", args[1]);
                d.start();
                ChildWork.awaitEvents(l, "daemon started", 1, (Long) args[2]);
                l.record("parent ends");
                end(args[3], "DAEMON-03");
            }, log, TimeScale.seconds(3).toMillis(), Timeouts.MUST_HAPPEN.toMillis(), ending);
            long daemon = -1;
            try {
                c.start();
                daemon = kit.awaitEvent(log, "daemon started").pid;
                kit.awaitEvent(log, "parent ends");
                c.join();
                kit.awaitGone(daemon, TimeScale.seconds(2),
                        "DAEMON-03 daemonic grandchild pid " + daemon + " gone after its parent's run() did " + ending);
                assertFalse(log.has("daemon work"), "[DAEMON-03] the daemonic grandchild did its work although its"
                        + " parent's run() did " + ending + " before; events: " + log.events());
            } finally {
                Children.stop(c);
                Children.killPid(daemon);
            }
        }
    }

    /**
     * A main process whose main() returns, throws or calls System.exit terminates its daemonic child: tutorial
     * 001's "使用daemon" example prints only "end!", never the worker's "work end".
     * <p>If this fails, check that the provider's exit sequence runs when the JVM exits normally (a shutdown hook)
     * and terminates every daemonic child before the JVM is gone.
     */
    @Clause("DAEMON-03")
    @Test
    void daemon03_daemonicChildEndsWhenMainReturns(Kit kit) throws Exception {
        for (String ending : ENDINGS) {
            EventLog log = kit.newEventLog();
            String name = "daemon03-" + ending;
            KitMainJvm main = KitMainJvm.start(kit, name, List.of(), args -> {
                EventLog l = (EventLog) args[0];
                ChildProcess p = Multiprocessing.context().newProcess(ProcessOptions.defaults().daemon(true),
                        DaemonClauseTests::workAfter, l, "worker", args[1]);
                p.start();
                ChildWork.awaitEvents(l, "worker started", 1, (Long) args[2]);
                l.record("end!");
                end(args[3], "DAEMON-03");
            }, log, TimeScale.seconds(3).toMillis(), Timeouts.MUST_HAPPEN.toMillis(), ending);
            long worker = -1;
            try {
                worker = kit.awaitEvent(log, "worker started").pid;
                main.await("DAEMON-03");
                assertTrue(log.has("end!"), "[DAEMON-03] the main process did not get to the end of main(); stderr: "
                        + main.stderr());
                kit.awaitGone(worker, TimeScale.seconds(2), "DAEMON-03 daemonic child pid " + worker
                        + " gone after main() did " + ending);
                assertFalse(log.has("worker work"), "[DAEMON-03] the daemonic child did its work after main() did "
                        + ending + "; events: " + log.events());
            } finally {
                main.destroy();
                Children.killPid(worker);
            }
        }
    }

    /**
     * A child whose run() returns, throws or calls System.exit waits for its non-daemonic child: the grandchild's
     * "finished" is recorded before the kit sees the child exit, and the child's exit code is its own.
     * <p>If this fails, check that the exit sequence joins every non-daemonic child before the JVM halts, on every
     * way out of run(), and that it does not replace the exit status.
     */
    @Clause("DAEMON-04")
    @Test
    void daemon04_nonDaemonicGrandchildIsWaitedFor(MultiprocessingContext mp, Kit kit) throws Exception {
        String[] endings = ENDINGS;
        int[] codes = ENDING_CODES;
        for (int i = 0; i < endings.length; i++) {
            EventLog log = kit.newEventLog();
            ChildProcess c = mp.newProcess(args -> {
                EventLog l = (EventLog) args[0];
                Multiprocessing.context().newProcess(DaemonClauseTests::workAfter, l, "worker", args[1]).start();
                l.record("parent ends");
                end(args[2], "DAEMON-04");
            }, log, TimeScale.seconds(1).toMillis(), endings[i]);
            long worker = -1;
            try {
                c.start();
                c.join();
                long joined = System.nanoTime();
                worker = log.find("worker started").map(e -> e.pid).orElse(-1L);
                EventLog.Event finished = log.find("worker work").orElse(null);
                assertTrue(finished != null, "[DAEMON-04] a child whose run() did " + endings[i] + " exited before"
                        + " its non-daemonic child finished its work; events: " + log.events());
                assertTrue(finished.nanos < joined, "[DAEMON-04] the non-daemonic grandchild finished after its"
                        + " parent was seen to exit (run() did " + endings[i] + ")");
                assertEquals(OptionalInt.of(codes[i]), c.exitCode(), "[DAEMON-04] exit code of a child whose run()"
                        + " did " + endings[i] + ": waiting for its children must not change it");
            } finally {
                Children.stop(c);
                Children.killPid(worker);
            }
        }
    }

    /**
     * A main process whose main() returns, throws or calls System.exit(7) waits for its non-daemonic child and keeps
     * its own exit status (0, 1, 7): tutorial 001's "不使用daemon" example prints "end!" and, 3 s later, the worker's
     * "work end".
     * <p>If this fails, check that the provider's shutdown hook joins the non-daemonic children.
     */
    @Clause("DAEMON-04")
    @Test
    void daemon04_nonDaemonicChildIsWaitedForWhenMainReturns(Kit kit) throws Exception {
        for (int i = 0; i < ENDINGS.length; i++) {
            EventLog log = kit.newEventLog();
            String name = "daemon04-" + ENDINGS[i];
            KitMainJvm main = KitMainJvm.start(kit, name, List.of(), args -> {
                EventLog l = (EventLog) args[0];
                Multiprocessing.context().newProcess(DaemonClauseTests::workAfter, l, "worker", args[1]).start();
                l.record("end!");
                end(args[2], "DAEMON-04");
            }, log, TimeScale.seconds(1).toMillis(), ENDINGS[i]);
            long worker = -1;
            try {
                int status = main.await("DAEMON-04");
                long exited = System.nanoTime();
                worker = log.find("worker started").map(e -> e.pid).orElse(-1L);
                EventLog.Event work = log.find("worker work").orElse(null);
                assertTrue(work != null, "[DAEMON-04] a main process whose main() did " + ENDINGS[i] + " exited"
                        + " before its non-daemonic child finished; events: " + log.events());
                assertTrue(work.nanos < exited, "[DAEMON-04] the non-daemonic child finished after the main process"
                        + " was seen to exit (main() did " + ENDINGS[i] + ")");
                assertEquals(ENDING_CODES[i], status, "[DAEMON-04] exit status of a main process whose main() did "
                        + ENDINGS[i] + " with a non-daemonic child; stderr: " + main.stderr());
            } finally {
                main.destroy();
                Children.killPid(worker);
            }
        }
    }

    /**
     * At a normal exit, daemonic children are terminated before the others are waited for: the daemonic child's
     * pid is already gone when the non-daemonic one finishes, and its work (due 0.5 s after the parent's end)
     * never appears.
     * <p>If this fails, check that the exit sequence terminates the daemonic children first and joins afterwards.
     */
    @Clause("DAEMON-05")
    @Test
    void daemon05_daemonicChildrenAreTerminatedFirst(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess c = mp.newProcess(args -> {
            EventLog l = (EventLog) args[0];
            long wait = (Long) args[3];
            MultiprocessingContext ctx = Multiprocessing.context();
            ChildProcess d = ctx.newProcess(ProcessOptions.defaults().daemon(true), a -> {
                EventLog dl = (EventLog) a[0];
                dl.record("daemon started");
                ChildWork.awaitEvents(dl, "parent ends", 1, (Long) a[2]);
                ChildWork.sleep((Long) a[1]);
                dl.record("daemon work");
            }, l, args[1], wait);
            d.start();
            long daemonPid = d.pid().orElse(-1);
            ctx.newProcess(a -> {
                EventLog wl = (EventLog) a[0];
                wl.record("worker started");
                ChildWork.awaitEvents(wl, "parent ends", 1, (Long) a[3]);
                ChildWork.sleep((Long) a[1]);
                wl.record("worker finished daemonAlive=" + ProcessTree.isAlive((Long) a[2]));
            }, l, args[2], daemonPid, wait).start();
            ChildWork.awaitEvents(l, "daemon started", 1, wait);
            ChildWork.awaitEvents(l, "worker started", 1, wait);
            l.record("parent ends");
        }, log, TimeScale.millis(500).toMillis(), TimeScale.seconds(1).toMillis(), Timeouts.MUST_HAPPEN.toMillis());
        long daemon = -1;
        long worker = -1;
        try {
            c.start();
            daemon = kit.awaitEvent(log, "daemon started").pid;
            worker = kit.awaitEvent(log, "worker started").pid;
            c.join();
            assertEquals("false", kit.awaitValue(log, "worker finished daemonAlive="), "[DAEMON-05] the daemonic"
                    + " child was still running when the non-daemonic one finished; events: " + log.events());
            assertFalse(log.has("daemon work"), "[DAEMON-05] the daemonic child did its work while its parent"
                    + " waited for the non-daemonic one; events: " + log.events());
        } finally {
            Children.stop(c);
            Children.killPid(daemon);
            Children.killPid(worker);
        }
    }

    /**
     * Inside a daemonic child, start() on any new process, whatever its own flag, throws IllegalStateException
     * naming DAEMON-06 and launches nothing.
     * <p>If this fails, check that start() looks at the creating process's flag, not the new process's.
     */
    @Clause("DAEMON-06")
    @Test
    void daemon06_daemonicProcessCannotStartChildren(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess c = mp.newProcess(ProcessOptions.defaults().daemon(true), args -> {
            EventLog l = (EventLog) args[0];
            MultiprocessingContext ctx = Multiprocessing.context();
            Set<Long> before = ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
            for (String flag : new String[] {"default", "daemon", "nondaemon"}) {
                ProcessOptions o = "default".equals(flag) ? ProcessOptions.defaults()
                        : ProcessOptions.defaults().daemon("daemon".equals(flag));
                ChildProcess g = ctx.newProcess(o, a -> { });
                String outcome;
                try {
                    g.start();
                    outcome = "started";
                    g.join();
                } catch (IllegalStateException e) {
                    outcome = "refused " + e.getMessage();
                } catch (RuntimeException e) {
                    outcome = "threw " + e;
                }
                l.record(flag + " outcome=" + outcome);
                l.record(flag + " pid=" + (g.pid().isPresent() ? Long.toString(g.pid().getAsLong()) : "none"));
            }
            Set<Long> after = ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
            after.removeAll(before);
            l.record("new children=" + after);
        }, log);
        try {
            c.start();
            c.join();
            for (String flag : new String[] {"default", "daemon", "nondaemon"}) {
                String outcome = kit.awaitValue(log, flag + " outcome=");
                assertTrue(outcome.startsWith("refused [DAEMON-06]"), "[DAEMON-06] start() of a process with "
                        + flag + " flag inside a daemonic child: expected IllegalStateException starting with"
                        + " [DAEMON-06], saw: " + outcome);
                assertEquals("none", kit.awaitValue(log, flag + " pid="),
                        "[DAEMON-06] pid() of a refused process (" + flag + " flag) inside a daemonic child");
            }
            assertEquals("[]", kit.awaitValue(log, "new children="),
                    "[DAEMON-06] OS children launched by the daemonic child despite the refusals");
        } finally {
            Children.stop(c);
        }
    }

    /**
     * A process created without a flag inside a daemonic child is daemonic; inside a non-daemonic child it is not.
     * <p>If this fails, check that the default flag comes from the creating process's currentProcess(), also in a
     * child.
     */
    @Clause("DAEMON-07")
    @Test
    void daemon07_defaultFlagInsideAChildIsTheChildsFlag(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ProcessTarget probe = args -> ((EventLog) args[0]).record(args[1] + " default="
                + Multiprocessing.context().newProcess(a -> { }).isDaemon());
        ChildProcess daemonic = mp.newProcess(ProcessOptions.defaults().daemon(true), probe, log, "daemonic");
        ChildProcess plain = mp.newProcess(ProcessOptions.defaults().daemon(false), probe, log, "plain");
        try {
            daemonic.start();
            plain.start();
            daemonic.join();
            plain.join();
            assertEquals("true", kit.awaitValue(log, "daemonic default="),
                    "[DAEMON-07] isDaemon() of a process created without a flag inside a daemonic child");
            assertEquals("false", kit.awaitValue(log, "plain default="),
                    "[DAEMON-07] isDaemon() of a process created without a flag inside a non-daemonic child");
        } finally {
            Children.stop(daemonic, plain);
        }
    }

    /**
     * A daemonic grandchild ends by itself within 5 s of its parent's death by SIGKILL, when no exit sequence ran.
     * <p>If this fails, check that a daemonic child watches its parent (end-of-file on a pipe, or
     * ProcessHandle.parent()) and exits when the parent is gone.
     */
    @Clause("DAEMON-08")
    @Test
    void daemon08_daemonicChildEndsWhenParentIsKilled(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess c = mp.newProcess(args -> {
            EventLog l = (EventLog) args[0];
            Multiprocessing.context().newProcess(ProcessOptions.defaults().daemon(true), a -> {
                ((EventLog) a[0]).record("daemon running");
                ChildWork.sleep((Long) a[1]);
                ((EventLog) a[0]).record("daemon woke");
            }, l, args[1]).start();
            ChildWork.sleep((Long) args[1]);
        }, log, Timeouts.LONG_SLEEP.toMillis());
        long daemon = -1;
        try {
            c.start();
            daemon = kit.awaitEvent(log, "daemon running").pid;
            assertTrue(kit.isRunning(daemon), "[DAEMON-08] the daemonic grandchild ended before its parent was"
                    + " killed");
            c.kill();
            c.join();
            kit.awaitGone(daemon, TimeScale.seconds(5), "DAEMON-08 daemonic grandchild pid " + daemon
                    + " gone within 5 s of its parent's SIGKILL");
        } finally {
            Children.stop(c);
            Children.killPid(daemon);
        }
    }

    /**
     * A non-daemonic grandchild whose parent was killed with SIGKILL runs on, as an orphan, and finishes its work.
     * <p>If this fails, the provider ends orphaned non-daemonic children as it ends daemonic ones (DAEMON-08); the
     * clause allows that, and reports it.
     */
    @Clause("DAEMON-09")
    @Test
    void daemon09_nonDaemonicOrphanRunsToCompletion(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess c = mp.newProcess(args -> {
            EventLog l = (EventLog) args[0];
            Multiprocessing.context().newProcess(DaemonClauseTests::workAfter, l, "orphan", args[1]).start();
            ChildWork.sleep((Long) args[2]);
        }, log, TimeScale.seconds(2).toMillis(), Timeouts.LONG_SLEEP.toMillis());
        long orphan = -1;
        try {
            c.start();
            orphan = kit.awaitEvent(log, "orphan started").pid;
            c.kill();
            c.join();
            assertFalse(log.has("orphan work"), "[DAEMON-09] inconclusive: the grandchild finished before its parent"
                    + " was killed; raise MPKIT_TIME_SCALE");
            Timeouts.eventually("DAEMON-09 orphaned non-daemonic grandchild pid " + orphan + " finishes its work")
                    .atMost(TimeScale.seconds(10)).until(() -> log.has("orphan work"));
            kit.awaitGone(orphan, Timeouts.MUST_HAPPEN, "DAEMON-09 orphan pid " + orphan + " exits after its work");
        } finally {
            Children.stop(c);
            Children.killPid(orphan);
        }
    }

    /**
     * A running daemonic child is listed by activeChildren() like any other child and reports isDaemon() true.
     * <p>If this fails, check that activeChildren() does not filter on the daemon flag.
     */
    @Clause("DAEMON-10")
    @Test
    void daemon10_daemonicChildIsAnActiveChild(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess p = mp.newProcess(ProcessOptions.defaults().daemon(true), ChildTargets::runningUntilReleased,
                log, Timeouts.LONG_SLEEP.toMillis());
        try {
            p.start();
            kit.awaitEvent(log, "running");
            List<ChildProcess> active = mp.activeChildren();
            ChildProcess listed = active.stream().filter(c -> c == p).findFirst().orElse(null);
            assertTrue(listed != null, "[DAEMON-10] activeChildren() " + active + " does not list the running"
                    + " daemonic child " + p);
            assertTrue(listed.isDaemon(), "[DAEMON-10] the daemonic child listed by activeChildren() reports"
                    + " isDaemon() false");
            log.record("release");
            p.join();
        } finally {
            Children.stop(p);
        }
    }

    private static void assertStartsWith(String prefix, String message, String what) {
        assertTrue(message != null && message.startsWith(prefix), prefix + " " + what + ": the message must start"
                + " with " + prefix + ", was: " + message);
    }

    /**
     * A target: records "LABEL started", sleeps {@code args[2]} ms as its workload, records "LABEL work".
     *
     * @param args the event log, the label, the sleep in milliseconds
     */
    static void workAfter(Object... args) throws InterruptedException {
        EventLog log = (EventLog) args[0];
        log.record(args[1] + " started");
        ChildWork.sleep((Long) args[2]);
        log.record(args[1] + " work");
    }

    /** Ends run() or main() as {@code how} says: return, throw, or System.exit(7). */
    static void end(Object how, String clause) {
        if ("throw".equals(how)) {
            throw new IllegalStateException("kit: " + clause + " deliberate failure (this stack trace is expected)");
        } else if ("exit".equals(how)) {
            System.exit(7);
        }
    }
}
