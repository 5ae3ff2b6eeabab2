package dev.mpkit.tck.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.ChildProcess;
import dev.mpkit.Multiprocessing;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.ProcessInfo;
import dev.mpkit.ProcessOptions;
import dev.mpkit.tck.support.ChildWork;
import dev.mpkit.tck.support.Children;
import dev.mpkit.tck.support.Clause;
import dev.mpkit.tck.support.ClauseTests;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.Kit;
import dev.mpkit.tck.support.TimeScale;
import dev.mpkit.tck.support.Timeouts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Who a process is and who it knows: names (PROC-05 to PROC-08), the CPU count (PROC-23), the live children
 * (PROC-24), and the current and parent process (PROC-25 to PROC-28).
 */
@ClauseTests
class ProcessIdentityClauseTests {

    private static final Pattern DEFAULT_NAME = Pattern.compile("Process-(\\d+)");

    // ------------------------------------------------------------------------------------------ PROC-05

    /**
     * Two processes created one after the other without names are Process-N and Process-(N+1).
     * <p>If this fails, check that the default name comes from one counter of the creating JVM, starting at 1.
     */
    @Clause("PROC-05")
    @Test
    void proc05_consecutiveDefaultNamesCountUp(MultiprocessingContext mp) {
        ChildProcess first = mp.newProcess(args -> { });
        ChildProcess second = mp.newProcess(args -> { });
        int n = counterOf(first, "PROC-05");
        assertTrue(n >= 1, "[PROC-05] default name '" + first.name() + "'; expected N >= 1");
        assertEquals("Process-" + (n + 1), second.name(), "[PROC-05] default name of the process created right"
                + " after '" + first.name() + "'");
    }

    /**
     * A named process and a started one take their numbers too, so the next default name skips them.
     * <p>If this fails, check that the counter advances in every constructor, whether or not a name was given,
     * and not in start().
     */
    @Clause("PROC-05")
    @Test
    void proc05_namedAndStartedProcessesTakeANumberToo(MultiprocessingContext mp) throws Exception {
        ChildProcess neverStarted = mp.newProcess(args -> { });
        ChildProcess named = mp.newProcess(ProcessOptions.defaults().name("named"), args -> { });
        ChildProcess started = mp.newProcess(args -> { });
        try {
            started.start();
            started.join();
            ChildProcess last = mp.newProcess(args -> { });
            int n = counterOf(neverStarted, "PROC-05");
            assertEquals("named", named.name(), "[PROC-05] a given name was replaced");
            assertEquals("Process-" + (n + 2), started.name(), "[PROC-05] default name after '"
                    + neverStarted.name() + "' and one named process (the named one must take a number)");
            assertEquals("Process-" + (n + 3), last.name(), "[PROC-05] default name after a started process"
                    + " '" + started.name() + "' (start() must not take a number)");
        } finally {
            Children.stop(started);
        }
    }

    // ------------------------------------------------------------------------------------------ PROC-06

    /**
     * A child Process-N names its own children Process-N:1, Process-N:2, and its grandchild names its first one
     * Process-N:1:1.
     * <p>If this fails, check that the child's counter starts at 1 and that its identity (N) is prefixed.
     */
    @Clause("PROC-06")
    @Test
    void proc06_childsChildrenAreNamedProcessNColonM(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess c = mp.newProcess(args -> {
            EventLog events = (EventLog) args[0];
            MultiprocessingContext inner = Multiprocessing.context();
            ChildProcess g = inner.newProcess(a -> {
                EventLog l = (EventLog) a[0];
                l.record("g-self:" + Multiprocessing.context().currentProcess().name());
                l.record("gg-name:" + Multiprocessing.context().newProcess(b -> { }).name());
            }, events);
            ChildProcess second = inner.newProcess(a -> { });
            events.record("g-name:" + g.name());
            events.record("second-name:" + second.name());
            g.start();
            g.join();
        }, log);
        try {
            int n = counterOf(c, "PROC-06");
            c.start();
            c.join();
            assertEquals("Process-" + n + ":1", kit.awaitValue(log, "g-name:"), "[PROC-06] default name of the"
                    + " first process created by child '" + c.name() + "'");
            assertEquals("Process-" + n + ":2", kit.awaitValue(log, "second-name:"), "[PROC-06] default name of the"
                    + " second process created by child '" + c.name() + "'");
            assertEquals("Process-" + n + ":1", kit.awaitValue(log, "g-self:"), "[PROC-06] currentProcess().name()"
                    + " in the grandchild");
            assertEquals("Process-" + n + ":1:1", kit.awaitValue(log, "gg-name:"), "[PROC-06] default name of the"
                    + " first process created by grandchild 'Process-" + n + ":1'");
        } finally {
            Children.stop(c);
        }
    }

    /**
     * A child given a name still numbers its children by its identity: the N-th process of the parent, named
     * "worker-7" and started after another process was created, names its first child Process-N:1.
     * <p>If this fails, check that the identity is the counter value taken when the process was constructed, not
     * parsed from its name nor read from the counter at start().
     */
    @Clause("PROC-06")
    @Test
    void proc06_identityDoesNotDependOnNames(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess before = mp.newProcess(args -> { });
        ChildProcess worker = mp.newProcess(ProcessOptions.defaults().name("worker-7"), args -> ((EventLog) args[0])
                .record("first-name:" + Multiprocessing.context().newProcess(a -> { }).name()), log);
        mp.newProcess(args -> { }); // takes the next number before worker starts
        try {
            int n = counterOf(before, "PROC-06") + 1;
            worker.start();
            worker.join();
            assertEquals("Process-" + n + ":1", kit.awaitValue(log, "first-name:"), "[PROC-06] default name of the"
                    + " first process created by child 'worker-7', the parent's process number " + n);
        } finally {
            Children.stop(worker);
        }
    }

    // ------------------------------------------------------------------------------------------ PROC-07

    /** A subclass named after its class by default (PROC-07). */
    static final class Clock extends ChildProcess {
        private static final long serialVersionUID = 1L;

        Clock(MultiprocessingContext mp) {
            super(mp);
        }

        @Override
        public void run() {}
    }

    private static ChildProcess anonymousSubclass(MultiprocessingContext mp) {
        return new ChildProcess(mp) {
            private static final long serialVersionUID = 1L;

            @Override
            public void run() {}
        };
    }

    /**
     * A subclass Clock is named Clock-N by default, an anonymous subclass Process-N, both from the same counter.
     * <p>If this fails, check that the default name uses getClass().getSimpleName(), or Process when it is empty.
     */
    @Clause("PROC-07")
    @Test
    void proc07_subclassDefaultNameIsItsSimpleClassName(MultiprocessingContext mp) {
        ChildProcess before = mp.newProcess(args -> { });
        ChildProcess clock = new Clock(mp);
        ChildProcess anonymous = anonymousSubclass(mp);
        ChildProcess after = mp.newProcess(args -> { });
        int n = counterOf(before, "PROC-07");
        assertEquals("Clock-" + (n + 1), clock.name(), "[PROC-07] default name of a subclass Clock created after '"
                + before.name() + "'");
        assertEquals("Process-" + (n + 2), anonymous.name(), "[PROC-07] default name of an anonymous subclass");
        assertEquals("Process-" + (n + 3), after.name(), "[PROC-07] default name after a subclass and an anonymous"
                + " one (all share one counter)");
    }

    /**
     * Inside child Process-N, a subclass Clock is named Clock-N:1 by default.
     * <p>If this fails, check that the subclass's simple name is combined with the child's identity.
     */
    @Clause("PROC-07")
    @Test
    void proc07_subclassInAChildIsNamedClassNColonM(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess c = mp.newProcess(args -> ((EventLog) args[0])
                .record("clock-name:" + new Clock(Multiprocessing.context()).name()), log);
        try {
            int n = counterOf(c, "PROC-07");
            c.start();
            c.join();
            assertEquals("Clock-" + n + ":1", kit.awaitValue(log, "clock-name:"), "[PROC-07] default name of the"
                    + " first process, a Clock, created by child '" + c.name() + "'");
        } finally {
            Children.stop(c);
        }
    }

    // ------------------------------------------------------------------------------------------ PROC-08

    /**
     * A name given with ProcessOptions.name() is name() before and after the child runs, and the child's
     * currentProcess().name().
     * <p>If this fails, check that the given name is sent to the child and not replaced by a default.
     */
    @Clause("PROC-08")
    @Test
    void proc08_givenNameIsKeptAndSeenByTheChild(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess p = mp.newProcess(ProcessOptions.defaults().name("downloader"), args -> ((EventLog) args[0])
                .record("name:" + Multiprocessing.context().currentProcess().name()), log);
        try {
            assertEquals("downloader", p.name(), "[PROC-08] name() before start()");
            p.start();
            p.join();
            assertEquals("downloader", kit.awaitValue(log, "name:"), "[PROC-08] currentProcess().name() in the"
                    + " child");
            assertEquals("downloader", p.name(), "[PROC-08] name() after the child ran");
        } finally {
            Children.stop(p);
        }
    }

    /**
     * A name set with setName() before start() is name() before and after the child runs, and the child's
     * currentProcess().name().
     * <p>If this fails, check that start() sends the name as it is at start(), not the one given at construction.
     */
    @Clause("PROC-08")
    @Test
    void proc08_nameSetBeforeStartIsKeptAndSeenByTheChild(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess p = mp.newProcess(args -> ((EventLog) args[0])
                .record("name:" + Multiprocessing.context().currentProcess().name()), log);
        try {
            p.setName("analyser ü");
            assertEquals("analyser ü", p.name(), "[PROC-08] name() after setName()");
            p.start();
            p.join();
            assertEquals("analyser ü", kit.awaitValue(log, "name:"), "[PROC-08] currentProcess().name() in the"
                    + " child after setName() before start()");
            assertEquals("analyser ü", p.name(), "[PROC-08] name() after the child ran");
        } finally {
            Children.stop(p);
        }
    }

    // ------------------------------------------------------------------------------------------ PROC-23

    /**
     * cpuCount() is at least 1 and equals availableProcessors() of the calling JVM, in the parent and in a child.
     * <p>If this fails, check that cpuCount() returns Runtime.getRuntime().availableProcessors().
     */
    @Clause("PROC-23")
    @Test
    void proc23_cpuCountIsTheJvmsAvailableProcessors(MultiprocessingContext mp, Kit kit) throws Exception {
        int available = Runtime.getRuntime().availableProcessors();
        assertTrue(mp.cpuCount() >= 1, "[PROC-23] cpuCount() was " + mp.cpuCount() + "; expected at least 1");
        assertEquals(available, mp.cpuCount(), "[PROC-23] cpuCount() differs from availableProcessors()");
        EventLog log = kit.newEventLog();
        ChildProcess p = mp.newProcess(args -> ((EventLog) args[0]).record("cpu:" + Multiprocessing.context().cpuCount()
                + " available:" + Runtime.getRuntime().availableProcessors()), log);
        try {
            p.start();
            p.join();
        } finally {
            Children.stop(p);
        }
        String seen = kit.awaitValue(log, "cpu:");
        String[] parts = seen.split(" available:");
        assertTrue(parts.length == 2 && parts[0].equals(parts[1]) && Integer.parseInt(parts[0]) >= 1,
                "[PROC-23] in a child, cpuCount() and availableProcessors() were "
                        + seen.replace(" available:", " and "));
    }

    // ------------------------------------------------------------------------------------------ PROC-24

    /**
     * activeChildren() returns a new list holding the running children themselves, daemonic or not, and no
     * process that was never started; joined children drop out.
     * <p>If this fails, check that activeChildren() lists the started, unfinished ChildProcess objects of this
     * JVM.
     */
    @Clause("PROC-24")
    @Test
    void proc24_listsTheRunningChildrenThemselves(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        Path go = kit.file("go");
        Object[] args = {log, go.toString(), Timeouts.MUST_HAPPEN.toMillis()};
        ChildProcess plain = mp.newProcess(a -> ChildWork.awaitFile((String) a[1], (Long) a[2]), args);
        ChildProcess daemonic = mp.newProcess(ProcessOptions.defaults().daemon(true),
                a -> ChildWork.awaitFile((String) a[1], (Long) a[2]), args);
        ChildProcess unstarted = mp.newProcess(a -> { });
        try {
            plain.start();
            daemonic.start();
            List<ChildProcess> active = mp.activeChildren();
            assertTrue(containsSame(active, plain), "[PROC-24] activeChildren() lacks a running child: " + active);
            assertTrue(containsSame(active, daemonic), "[PROC-24] activeChildren() lacks a running daemonic child: "
                    + active);
            assertFalse(containsSame(active, unstarted), "[PROC-24] activeChildren() lists a process that was never"
                    + " started: " + active);
            assertNotSame(active, mp.activeChildren(), "[PROC-24] activeChildren() returned the same list object"
                    + " twice; expected a new list per call");
            Files.createFile(go);
            plain.join();
            daemonic.join();
            active = mp.activeChildren();
            assertFalse(containsSame(active, plain) || containsSame(active, daemonic), "[PROC-24] activeChildren()"
                    + " still lists children that were joined: " + active);
        } finally {
            Children.stop(plain, daemonic);
        }
    }

    /**
     * activeChildren() does not list a grandchild, only the child that started it.
     * <p>If this fails, check that activeChildren() holds only the processes this JVM started itself.
     */
    @Clause("PROC-24")
    @Test
    void proc24_doesNotListGrandchildren(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        Path go = kit.file("go");
        ChildProcess c = mp.newProcess(args -> {
            ChildProcess g = Multiprocessing.context().newProcess(a -> {
                ((EventLog) a[0]).record("g-pid:" + ProcessHandle.current().pid());
                ChildWork.awaitFile((String) a[1], (Long) a[2]);
            }, args);
            g.start();
            g.join();
        }, log, go.toString(), Timeouts.MUST_HAPPEN.toMillis());
        try {
            c.start();
            long g = Long.parseLong(kit.awaitValue(log, "g-pid:"));
            List<ChildProcess> active = mp.activeChildren();
            assertTrue(containsSame(active, c), "[PROC-24] activeChildren() lacks a running child: " + active);
            for (ChildProcess p : active) {
                OptionalLong pid = p.pid();
                assertFalse(pid.isPresent() && pid.getAsLong() == g, "[PROC-24] activeChildren() lists the"
                        + " grandchild (pid " + g + "): " + active);
            }
            Files.createFile(go);
            c.join();
            kit.awaitGone(g, Timeouts.MUST_HAPPEN, "PROC-24 grandchild exits after the parent's file appears");
        } finally {
            createIfAbsent(go);
            Children.stop(c);
        }
    }

    /**
     * activeChildren() drops a child that has exited, without any join(), and that child's exitCode() is then
     * present.
     * <p>If this fails, check that activeChildren() polls each listed child and reaps the finished ones.
     */
    @Clause("PROC-24")
    @Test
    void proc24_reapsAChildThatExitedWithoutJoin(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess p = mp.newProcess(args -> ((EventLog) args[0]).record("last"), log);
        try {
            p.start();
            long pid = p.pid().orElseThrow();
            kit.awaitEvent(log, "last");
            kit.awaitGone(pid, Timeouts.MUST_HAPPEN, "PROC-24 child exits after its last event");
            Timeouts.eventually("PROC-24 activeChildren() drops a child that exited, without join()")
                    .atMost(TimeScale.seconds(10)).until(() -> !containsSame(mp.activeChildren(), p));
            assertEquals(OptionalInt.of(0), p.exitCode(), "[PROC-24] exitCode() of a child that activeChildren()"
                    + " reaped");
        } finally {
            Children.stop(p);
        }
    }

    // ------------------------------------------------------------------------------------------ PROC-25

    /**
     * In the main process, currentProcess() is MainProcess with this JVM's pid, not daemonic, alive, without
     * exit code.
     * <p>If this fails, check what currentProcess() returns in a JVM that no provider started.
     */
    @Clause("PROC-25")
    @Test
    void proc25_mainProcessIsMainProcessWithItsOwnPid(MultiprocessingContext mp) {
        ProcessInfo me = mp.currentProcess();
        assertEquals("MainProcess", me.name(), "[PROC-25] currentProcess().name() in the main process");
        assertEquals(OptionalLong.of(ProcessHandle.current().pid()), me.pid(), "[PROC-25] currentProcess().pid()"
                + " in the main process");
        assertFalse(me.isDaemon(), "[PROC-25] currentProcess().isDaemon() was true in the main process");
        assertTrue(me.isAlive(), "[PROC-25] currentProcess().isAlive() was false in the main process");
        assertEquals(OptionalInt.empty(), me.exitCode(), "[PROC-25] currentProcess().exitCode() in the main process");
    }

    // ------------------------------------------------------------------------------------------ PROC-26

    /**
     * Inside a child, currentProcess() has the handle's name, pid and daemon flag, is alive and has no exit code.
     * <p>If this fails, check that the child's context describes the child, from what the parent sent it.
     */
    @Clause("PROC-26")
    @Test
    void proc26_childSeesItsOwnNamePidAndDaemonFlag(MultiprocessingContext mp, Kit kit) throws Exception {
        assertChildSeesItself(mp, kit, ProcessOptions.defaults());
    }

    /**
     * Inside a daemonic child, currentProcess() has the handle's name and pid and isDaemon() true.
     * <p>If this fails, check that the daemon flag is sent to the child.
     */
    @Clause("PROC-26")
    @Test
    void proc26_daemonicChildSeesItselfDaemonic(MultiprocessingContext mp, Kit kit) throws Exception {
        assertChildSeesItself(mp, kit, ProcessOptions.defaults().name("watcher").daemon(true));
    }

    private static void assertChildSeesItself(MultiprocessingContext mp, Kit kit, ProcessOptions options)
            throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess p = mp.newProcess(options, args -> recordSelf((EventLog) args[0], "self"), log);
        try {
            p.start();
            p.join();
            assertEquals(p.name(), kit.awaitValue(log, "self-name:"), "[PROC-26] currentProcess().name() in the"
                    + " child");
            assertEquals(String.valueOf(p.pid().orElseThrow()), kit.awaitValue(log, "self-pid:"), "[PROC-26]"
                    + " currentProcess().pid() in the child");
            assertEquals(String.valueOf(p.isDaemon()), kit.awaitValue(log, "self-daemon:"), "[PROC-26]"
                    + " currentProcess().isDaemon() in the child");
            assertEquals("true", kit.awaitValue(log, "self-alive:"), "[PROC-26] currentProcess().isAlive() in the"
                    + " child");
            assertEquals("empty", kit.awaitValue(log, "self-exitcode:"), "[PROC-26] currentProcess().exitCode() in"
                    + " the child");
        } finally {
            Children.stop(p);
        }
    }

    /**
     * The child's currentProcess().name() is the name the handle had when start() was called, not a later one.
     * <p>If this fails, check that the child gets a copy of the name at start() rather than asking the parent.
     */
    @Clause("PROC-26")
    @Test
    void proc26_childKeepsTheNameItHadAtStart(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        Path go = kit.file("go");
        ChildProcess p = mp.newProcess(args -> {
            ChildWork.awaitFile((String) args[1], (Long) args[2]);
            ((EventLog) args[0]).record("name:" + Multiprocessing.context().currentProcess().name());
        }, log, go.toString(), Timeouts.MUST_HAPPEN.toMillis());
        try {
            p.setName("at-start");
            p.start();
            p.setName("after-start");
            Files.createFile(go);
            p.join();
            assertEquals("at-start", kit.awaitValue(log, "name:"), "[PROC-26] currentProcess().name() in a child"
                    + " renamed after start(); expected the name it had when start() was called");
        } finally {
            Children.stop(p);
        }
    }

    // ------------------------------------------------------------------------------------------ PROC-27

    /**
     * In the main process, parentProcess() is empty.
     * <p>If this fails, check that a JVM no provider started reports no parent.
     */
    @Clause("PROC-27")
    @Test
    void proc27_mainProcessHasNoParent(MultiprocessingContext mp) {
        assertEquals(Optional.empty(), mp.parentProcess().map(ProcessInfo::name), "[PROC-27] parentProcess() in the"
                + " main process");
    }

    /**
     * A child's parentProcess() is MainProcess with the kit's pid; a grandchild's is the child, by its name and
     * pid.
     * <p>If this fails, check that each process sends its own name and pid to the children it starts.
     */
    @Clause("PROC-27")
    @Test
    void proc27_childAndGrandchildNameTheirParents(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess c = mp.newProcess(ProcessOptions.defaults().name("courier"), args -> {
            EventLog events = (EventLog) args[0];
            recordParent(events, "c");
            ChildProcess g = Multiprocessing.context().newProcess(a -> recordParent((EventLog) a[0], "g"), events);
            g.start();
            g.join();
        }, log);
        try {
            c.start();
            c.join();
            assertEquals("MainProcess", kit.awaitValue(log, "c-parent-name:"), "[PROC-27] parentProcess().name() in"
                    + " a child of the main process");
            assertEquals(String.valueOf(ProcessHandle.current().pid()), kit.awaitValue(log, "c-parent-pid:"),
                    "[PROC-27] parentProcess().pid() in a child of the main process");
            assertEquals("courier", kit.awaitValue(log, "g-parent-name:"), "[PROC-27] parentProcess().name() in a"
                    + " grandchild; expected its parent's name");
            assertEquals(String.valueOf(c.pid().orElseThrow()), kit.awaitValue(log, "g-parent-pid:"), "[PROC-27]"
                    + " parentProcess().pid() in a grandchild; expected its parent's pid");
        } finally {
            Children.stop(c);
        }
    }

    // ------------------------------------------------------------------------------------------ PROC-28

    /**
     * A grandchild's parentProcess().isAlive() is true while its parent runs and turns false within 2 s × s after
     * the parent is killed with SIGKILL.
     * <p>If this fails, check that isAlive() of the parent watches the parent itself (its pid or a connection
     * that closes when it dies), not a value copied at start.
     */
    @Clause("PROC-28")
    @Test
    void proc28_parentIsAliveTurnsFalseAfterKill(MultiprocessingContext mp, Kit kit) throws Exception {
        assertGrandchildSeesParentDie(mp, kit, true);
    }

    /**
     * A grandchild's parentProcess().isAlive() is true while its parent runs and turns false within 2 s × s after
     * the parent is terminated with SIGTERM.
     * <p>If this fails, check that isAlive() of the parent watches the parent itself, however it died.
     */
    @Clause("PROC-28")
    @Test
    void proc28_parentIsAliveTurnsFalseAfterTerminate(MultiprocessingContext mp, Kit kit) throws Exception {
        assertGrandchildSeesParentDie(mp, kit, false);
    }

    private static void assertGrandchildSeesParentDie(MultiprocessingContext mp, Kit kit, boolean kill)
            throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess c = mp.newProcess(args -> {
            ChildProcess g = Multiprocessing.context().newProcess(
                    a -> watchParent((EventLog) a[0], (Long) a[1]), args[0], args[1]);
            g.start();
            ChildWork.sleep((Long) args[2]);
        }, log, Timeouts.MUST_HAPPEN.toMillis(), Timeouts.LONG_SLEEP.toMillis());
        long g = -1;
        try {
            c.start();
            g = Long.parseLong(kit.awaitValue(log, "g-pid:"));
            assertEquals("true", kit.awaitValue(log, "parent-alive-at-start:"), "[PROC-28]"
                    + " parentProcess().isAlive() in a grandchild while its parent runs");
            if (kill) {
                c.kill();
            } else {
                c.terminate();
            }
            c.join();
            long died = System.nanoTime();
            Timeouts.eventually("PROC-28 grandchild reports whether it saw its parent die")
                    .until(() -> log.has("parent-dead") || log.has("gave-up"));
            assertTrue(log.has("parent-dead"), "[PROC-28] parentProcess().isAlive() in the grandchild stayed true for "
                    + Timeouts.MUST_HAPPEN.toSeconds() + " s after its parent was " + (kill ? "killed" : "terminated"));
            long lag = log.find("parent-dead").orElseThrow().nanos - died;
            long bound = TimeScale.seconds(2).toNanos();
            assertTrue(lag <= bound, "[PROC-28] parentProcess().isAlive() turned false " + lag / 1_000_000
                    + " ms after the parent's death was seen by join(); expected at most " + bound / 1_000_000 + " ms");
        } finally {
            Children.stop(c);
            if (g > 0 && kit.isRunning(g)) {
                ProcessHandle.of(g).ifPresent(ProcessHandle::destroyForcibly);
                kit.awaitGone(g, Timeouts.MUST_HAPPEN, "PROC-28 grandchild gone after the kit killed it");
            }
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** In a grandchild: records its pid and whether its parent is alive, then polls until it is not. */
    static void watchParent(EventLog log, long timeoutMillis) throws InterruptedException {
        ProcessInfo parent = Multiprocessing.context().parentProcess().orElseThrow();
        log.record("g-pid:" + ProcessHandle.current().pid());
        log.record("parent-alive-at-start:" + parent.isAlive());
        log.record(ChildWork.pollUntil(() -> !parent.isAlive(), timeoutMillis) ? "parent-dead" : "gave-up");
    }

    /** In a child: records what currentProcess() says, as {@code who-name:}, {@code who-pid:} and so on. */
    static void recordSelf(EventLog log, String who) {
        ProcessInfo me = Multiprocessing.context().currentProcess();
        log.record(who + "-name:" + me.name());
        log.record(who + "-pid:" + (me.pid().isPresent() ? String.valueOf(me.pid().getAsLong()) : "empty"));
        log.record(who + "-daemon:" + me.isDaemon());
        log.record(who + "-alive:" + me.isAlive());
        log.record(who + "-exitcode:" + (me.exitCode().isPresent() ? String.valueOf(me.exitCode().getAsInt())
                : "empty"));
    }

    /** In a child: records what parentProcess() says, as {@code who-parent-name:} and {@code who-parent-pid:}. */
    static void recordParent(EventLog log, String who) {
        Optional<ProcessInfo> parent = Multiprocessing.context().parentProcess();
        log.record(who + "-parent-name:" + parent.map(ProcessInfo::name).orElse("(empty parentProcess())"));
        log.record(who + "-parent-pid:" + parent.map(p -> p.pid().isPresent() ? String.valueOf(p.pid().getAsLong())
                : "empty").orElse("(empty parentProcess())"));
    }

    private static void createIfAbsent(Path file) {
        try {
            Files.createFile(file);
        } catch (java.io.IOException ignored) {
            // already there
        }
    }

    /** The N of a default name Process-N in the main process; fails the clause if the name has another form. */
    private static int counterOf(ChildProcess p, String clause) {
        Matcher m = DEFAULT_NAME.matcher(p.name());
        assertTrue(m.matches(), "[" + clause + "] default name of a process created in the main process was '"
                + p.name() + "'; expected Process-N");
        return Integer.parseInt(m.group(1));
    }

    private static boolean containsSame(List<ChildProcess> list, ChildProcess p) {
        return list.stream().anyMatch(x -> x == p);
    }
}
