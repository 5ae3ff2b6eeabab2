package dev.mpkit.tck.process;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
import dev.mpkit.tck.support.TimeScale;
import dev.mpkit.tck.support.Timeouts;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * How a process is created, started, observed, refused and shown: PROC-01 to PROC-04, PROC-09 to PROC-11,
 * PROC-20 to PROC-22 and PROC-29 to PROC-31.
 */
@ClauseTests
class ProcessLifecycleClauseTests {

    // ------------------------------------------------------------------------------------------ PROC-01

    /**
     * start() runs the target exactly once, with its argument, in a process other than the caller's.
     * <p>If this fails, check that the target runs only in the child, never also in the parent (for example to
     * try it out before sending it).
     */
    @Clause("PROC-01")
    @Test
    void proc01_startRunsTheTargetOnceInAnotherProcess(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess p = mp.newProcess(args -> ((EventLog) args[0]).record("ran:" + args[1]), log, "bob");
        try {
            p.start();
            p.join();
        } finally {
            Children.stop(p);
        }
        List<EventLog.Event> runs = log.startingWith("ran:");
        assertEquals(1, runs.size(), "[PROC-01] the target ran " + runs.size() + " times; expected exactly once: "
                + runs);
        assertEquals("ran:bob", runs.get(0).text, "[PROC-01] the target did not receive its argument 'bob'");
        long self = ProcessHandle.current().pid();
        assertNotEquals(self, runs.get(0).pid, "[PROC-01] the target ran in the caller's own process (pid " + self
                + "); expected a new operating-system process");
    }

    /**
     * start() returns while the target is still running: the target sees a file the parent creates only after
     * start() has returned.
     * <p>If this fails, check that start() launches the child and returns without waiting for run() to end.
     */
    @Clause("PROC-01")
    @Test
    void proc01_startReturnsWhileTheTargetStillRuns(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        Path go = kit.file("go");
        ChildProcess p = mp.newProcess(args -> {
            EventLog events = (EventLog) args[0];
            events.record(ChildWork.awaitFile((String) args[1], (Long) args[2]) ? "saw-go" : "no-go");
        }, log, go.toString(), Timeouts.MUST_HAPPEN.toMillis());
        try {
            p.start();
            Files.createFile(go);
            Timeouts.eventually("PROC-01 target reports whether it saw the parent's file")
                    .until(() -> log.has("saw-go") || log.has("no-go"));
            assertTrue(log.has("saw-go"), "[PROC-01] start() returned only after the target had given up waiting"
                    + " for a file that the parent creates after start() returns; expected start() not to wait for"
                    + " the target");
            p.join();
        } finally {
            Children.stop(p);
        }
    }

    // ------------------------------------------------------------------------------------------ PROC-02

    /** A subclass whose run() records a field, after waiting for the parent's file. */
    static final class Recorder extends ChildProcess {
        private static final long serialVersionUID = 1L;
        private final EventLog log;
        private final String go;
        private final long waitMillis;
        String word;

        Recorder(MultiprocessingContext mp, EventLog log, String go, long waitMillis, String word) {
            super(mp);
            this.log = log;
            this.go = go;
            this.waitMillis = waitMillis;
            this.word = word;
        }

        @Override
        public void run() throws Exception {
            ChildWork.awaitFile(go, waitMillis);
            log.record("word:" + word);
        }
    }

    /** A subclass that overrides run() and also hands a target to the public constructor. */
    static final class OverridesRun extends ChildProcess {
        private static final long serialVersionUID = 1L;
        private final EventLog log;

        OverridesRun(MultiprocessingContext mp, EventLog log, ProcessTarget target) {
            super(mp, ProcessOptions.defaults(), target, log);
            this.log = log;
        }

        @Override
        public void run() {
            log.record("run()");
        }
    }

    /**
     * A subclass's run() runs in the child on a copy whose fields hold their values at start(), not later ones.
     * <p>If this fails, check that start() serializes the whole object, subclass fields included, and that the
     * child runs the deserialized copy rather than the parent's object.
     */
    @Clause("PROC-02")
    @Test
    void proc02_subclassRunSeesItsFieldsAsAtStart(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        Path go = kit.file("go");
        Recorder r = new Recorder(mp, log, go.toString(), Timeouts.MUST_HAPPEN.toMillis(), "at-construction");
        try {
            r.word = "at-start";
            r.start();
            r.word = "after-start"; // the child must not see this: it works on a copy made at start()
            Files.createFile(go);
            r.join();
        } finally {
            Children.stop(r);
        }
        List<EventLog.Event> runs = log.startingWith("word:");
        assertEquals(1, runs.size(), "[PROC-02] the subclass's run() recorded " + runs.size()
                + " times; expected exactly once: " + runs);
        assertEquals("word:at-start", runs.get(0).text, "[PROC-02] the child's copy of the field held the wrong"
                + " value; expected the value it had when start() was called");
        assertNotEquals(ProcessHandle.current().pid(), runs.get(0).pid, "[PROC-02] the subclass's run() ran in the"
                + " parent's process; expected it in the child");
        assertEquals(OptionalInt.of(0), r.exitCode(), "[PROC-02] exit code of a subclass whose run() returned");
    }

    /**
     * When a subclass overrides run() and a target is given to the constructor too, only run() runs.
     * <p>If this fails, check that the child calls the object's run() and does not call the target directly.
     */
    @Clause("PROC-02")
    @Test
    void proc02_targetIsIgnoredWhenRunIsOverridden(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        OverridesRun p = new OverridesRun(mp, log, args -> ((EventLog) args[0]).record("target"));
        try {
            p.start();
            p.join();
        } finally {
            Children.stop(p);
        }
        assertFalse(log.has("target"), "[PROC-02] the target given to the constructor ran although the subclass"
                + " overrides run(); expected it to be ignored: " + log.events());
        assertEquals(1, log.startingWith("run()").size(), "[PROC-02] the overriding run() did not run exactly"
                + " once: " + log.events());
    }

    // ------------------------------------------------------------------------------------------ PROC-03

    /**
     * A process with a null target and no run() override starts, does nothing and exits with code 0.
     * <p>If this fails, check that the child treats a null target as "nothing to do", not as an error.
     */
    @Clause("PROC-03")
    @Test
    void proc03_processWithoutTargetExitsZero(MultiprocessingContext mp) throws Exception {
        ChildProcess p = mp.newProcess(ProcessOptions.defaults(), (ProcessTarget) null);
        try {
            p.start();
            p.join();
        } finally {
            Children.stop(p);
        }
        assertTrue(p.pid().isPresent() && p.pid().getAsLong() != ProcessHandle.current().pid(),
                "[PROC-03] a process without a target did not run in a child process: pid()=" + p.pid());
        assertEquals(OptionalInt.of(0), p.exitCode(), "[PROC-03] exit code of a process with a null target");
    }

    // ------------------------------------------------------------------------------------------ PROC-04

    /** A small serializable value class for PROC-04. */
    record Point(int x, int y) implements Serializable {}

    /** The arguments PROC-04 passes; built again in the child to compare with. */
    static Object[] sampleArguments() {
        return new Object[] {7, 7L, "bob", "", 'x', 3.5d, Boolean.FALSE, new ArrayList<>(List.of(1, 2, 3)),
                new Point(3, 4), LocalDate.of(2024, 2, 29), "Grüße ✓"};
    }

    /** In the child: records how the arguments after the event log compare with {@link #sampleArguments()}. */
    static void compareWithSamples(Object[] args) {
        EventLog log = (EventLog) args[0];
        Object[] expected = sampleArguments();
        log.record("count:" + (args.length - 1));
        for (int i = 0; i < expected.length && i + 1 < args.length; i++) {
            Object got = args[i + 1];
            boolean same = got != null && got.getClass() == expected[i].getClass() && got.equals(expected[i]);
            log.record("arg" + i + ":" + (same ? "equal"
                    : "got " + (got == null ? "null" : got.getClass().getName() + " " + got)));
        }
        log.record("compared");
    }

    /**
     * The target receives every argument, in order, equal to the one passed and of the same class.
     * <p>If this fails, check how the provider serializes the argument array and hands it to the target.
     */
    @Clause("PROC-04")
    @Test
    void proc04_argumentsArriveInOrderAndEqual(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        Object[] samples = sampleArguments();
        Object[] args = new Object[samples.length + 1];
        args[0] = log;
        System.arraycopy(samples, 0, args, 1, samples.length);
        ChildProcess p = mp.newProcess(a -> compareWithSamples(a), args);
        try {
            p.start();
            kit.awaitEvent(log, "compared");
            p.join();
        } finally {
            Children.stop(p);
        }
        assertEquals(String.valueOf(samples.length), log.valueOf("count:").orElseThrow(), "[PROC-04] number of"
                + " arguments the target received (besides the kit's event log)");
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < samples.length; i++) {
            String verdict = log.valueOf("arg" + i + ":").orElse("missing");
            if (!verdict.equals("equal")) {
                wrong.add("argument " + (i + 1) + " (" + samples[i].getClass().getName() + " " + samples[i] + "): "
                        + verdict);
            }
        }
        assertTrue(wrong.isEmpty(), "[PROC-04] arguments arrived changed, reordered or missing: " + wrong);
    }

    /**
     * A target created without arguments receives an empty array, not null.
     * <p>If this fails, check that a missing argument list reaches the target as {@code new Object[0]}.
     */
    @Clause("PROC-04")
    @Test
    void proc04_noArgumentsArriveAsAnEmptyArray(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess p = mp.newProcess(args -> log.record("count:" + (args == null ? "null" : args.length)));
        try {
            p.start();
            p.join();
        } finally {
            Children.stop(p);
        }
        assertEquals("0", kit.awaitValue(log, "count:"), "[PROC-04] what a target created without arguments"
                + " received as its argument array's length");
    }

    // ------------------------------------------------------------------------------------------ PROC-09

    /**
     * pid() is empty before start(), then the child's real OS pid, as the child itself sees it, and it keeps
     * that value after the child exits.
     * <p>If this fails, check that pid() reports the operating system's pid of the child JVM, not a provider's
     * own number or the parent's pid.
     */
    @Clause("PROC-09")
    @Test
    void proc09_pidIsEmptyBeforeStartThenTheChildsRealPid(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        Path go = kit.file("go");
        ChildProcess p = mp.newProcess(args -> {
            EventLog events = (EventLog) args[0];
            events.record("os-pid:" + ProcessHandle.current().pid());
            OptionalLong own = Multiprocessing.context().currentProcess().pid();
            events.record("current-pid:" + (own.isPresent() ? String.valueOf(own.getAsLong()) : "empty"));
            ChildWork.awaitFile((String) args[1], (Long) args[2]);
        }, log, go.toString(), Timeouts.MUST_HAPPEN.toMillis());
        try {
            assertEquals(OptionalLong.empty(), p.pid(), "[PROC-09] pid() before start()");
            p.start();
            OptionalLong pid = p.pid();
            assertTrue(pid.isPresent(), "[PROC-09] pid() was empty right after start() returned");
            long self = ProcessHandle.current().pid();
            assertNotEquals(self, pid.getAsLong(), "[PROC-09] pid() is the parent's own pid " + self);
            assertTrue(kit.isRunning(pid.getAsLong()), "[PROC-09] the OS has no running process with pid() "
                    + pid.getAsLong() + " right after start(), while the child waits for the parent");
            assertEquals(String.valueOf(pid.getAsLong()), kit.awaitValue(log, "os-pid:"), "[PROC-09] pid() in the"
                    + " parent differs from ProcessHandle.current().pid() in the child");
            assertEquals(String.valueOf(pid.getAsLong()), kit.awaitValue(log, "current-pid:"), "[PROC-09] pid() in"
                    + " the parent differs from currentProcess().pid() in the child");
            Files.createFile(go);
            p.join();
            assertEquals(pid, p.pid(), "[PROC-09] pid() after the child exited");
        } finally {
            Children.stop(p);
        }
    }

    // ------------------------------------------------------------------------------------------ PROC-10

    /**
     * isAlive() is false before start(), true from start() while the child runs, and turns false once the
     * child exits, without any join(); the child is then reaped.
     * <p>If this fails, check that isAlive() asks the OS (or the child's connection) instead of waiting for a
     * join() to record the exit.
     */
    @Clause("PROC-10")
    @Test
    void proc10_isAliveFollowsTheChildWithoutJoin(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        Path go = kit.file("go");
        ChildProcess p = mp.newProcess(args -> {
            EventLog events = (EventLog) args[0];
            events.record("waiting");
            ChildWork.awaitFile((String) args[1], (Long) args[2]);
            events.record("last");
        }, log, go.toString(), Timeouts.MUST_HAPPEN.toMillis());
        try {
            assertFalse(p.isAlive(), "[PROC-10] isAlive() was true before start()");
            p.start();
            assertTrue(p.isAlive(), "[PROC-10] isAlive() was false right after start() returned, while the child"
                    + " waits for the parent; expected true");
            kit.awaitEvent(log, "waiting");
            assertTrue(p.isAlive(), "[PROC-10] isAlive() was false while the child runs (it recorded 'waiting' and"
                    + " waits for the parent); expected true");
            Files.createFile(go);
            kit.awaitEvent(log, "last");
            Timeouts.eventually("PROC-10 isAlive() turns false after the child exits, without join()")
                    .atMost(TimeScale.seconds(10)).until(() -> !p.isAlive());
            assertTrue(p.exitCode().isPresent(), "[PROC-10] isAlive() found the child exited but exitCode() is"
                    + " empty; expected isAlive() to reap the child");
            assertFalse(containsSame(mp.activeChildren(), p), "[PROC-10] activeChildren() still lists the child"
                    + " after isAlive() found it exited");
        } finally {
            Children.stop(p);
        }
    }

    // ------------------------------------------------------------------------------------------ PROC-11

    /**
     * exitCode() is empty before start() and while the child runs, and present once the child has been joined.
     * <p>If this fails, check that exitCode() is not initialised to 0 and is set only once the child has exited.
     */
    @Clause("PROC-11")
    @Test
    void proc11_exitCodeIsEmptyBeforeStartAndWhileRunning(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess p = mp.newProcess(ChildTargets::runningThenSleep, log, Timeouts.LONG_SLEEP.toMillis());
        try {
            assertEquals(OptionalInt.empty(), p.exitCode(), "[PROC-11] exitCode() before start()");
            p.start();
            assertEquals(OptionalInt.empty(), p.exitCode(), "[PROC-11] exitCode() right after start()");
            kit.awaitEvent(log, "running");
            assertEquals(OptionalInt.empty(), p.exitCode(), "[PROC-11] exitCode() while the child runs");
            p.kill();
            p.join();
            assertTrue(p.exitCode().isPresent(), "[PROC-11] exitCode() was empty after the child was killed and"
                    + " joined");
        } finally {
            Children.stop(p);
        }
    }

    /**
     * exitCode() itself notices that the child has exited, without join() or isAlive().
     * <p>If this fails, check that exitCode() polls for the child's end rather than only returning what a join()
     * recorded.
     */
    @Clause("PROC-11")
    @Test
    void proc11_exitCodeItselfSeesTheExit(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess p = mp.newProcess(args -> ((EventLog) args[0]).record("last"), log);
        try {
            p.start();
            long pid = p.pid().orElseThrow();
            kit.awaitEvent(log, "last");
            kit.awaitGone(pid, Timeouts.MUST_HAPPEN, "PROC-11 child exits after its last event");
            Timeouts.eventually("PROC-11 exitCode() becomes present after the child exited, without join()")
                    .atMost(TimeScale.seconds(10)).until(() -> p.exitCode().isPresent());
            assertEquals(OptionalInt.of(0), p.exitCode(), "[PROC-11] exitCode() seen without join()");
        } finally {
            Children.stop(p);
        }
    }

    // ------------------------------------------------------------------------------------------ PROC-20

    /**
     * A second start() while the child runs throws IllegalStateException, launches nothing and leaves the child
     * running with the same pid.
     * <p>If this fails, check that start() checks the state before it launches anything.
     */
    @Clause("PROC-20")
    @Test
    void proc20_secondStartWhileRunningThrowsAndLeavesTheChildAlone(MultiprocessingContext mp, Kit kit)
            throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess p = mp.newProcess(ChildTargets::runningThenSleep, log, Timeouts.LONG_SLEEP.toMillis());
        try {
            p.start();
            kit.awaitEvent(log, "running");
            long pid = p.pid().orElseThrow();
            IllegalStateException e = assertThrows(IllegalStateException.class, p::start,
                    "[PROC-20] a second start() on a running child returned normally; expected IllegalStateException");
            assertClauseMessage("PROC-20", e, "a second start() on a running child");
            assertEquals(OptionalLong.of(pid), p.pid(), "[PROC-20] pid() after a refused second start()");
            assertTrue(p.isAlive(), "[PROC-20] isAlive() was false after a refused second start()");
            assertEquals(OptionalInt.empty(), p.exitCode(), "[PROC-20] exitCode() after a refused second start()");
            assertTrue(kit.isRunning(pid), "[PROC-20] the first child (pid " + pid + ") stopped running after a"
                    + " refused second start()");
            runSentinel(mp, log);
            assertOnlyRunBy(log, "running", pid, "PROC-20");
        } finally {
            Children.stop(p);
        }
    }

    /**
     * start() on a child that has exited throws IllegalStateException, launches nothing and keeps its exit code.
     * <p>If this fails, check that a stopped process is not treated as startable again.
     */
    @Clause("PROC-20")
    @Test
    void proc20_startAfterExitThrowsAndChangesNothing(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess p = mp.newProcess(args -> ((EventLog) args[0]).record("ran"), log);
        try {
            p.start();
            p.join();
            OptionalLong pid = p.pid();
            IllegalStateException e = assertThrows(IllegalStateException.class, p::start,
                    "[PROC-20] start() on an exited child returned normally; expected IllegalStateException");
            assertClauseMessage("PROC-20", e, "start() on an exited child");
            assertEquals(pid, p.pid(), "[PROC-20] pid() after a refused start() on an exited child");
            assertFalse(p.isAlive(), "[PROC-20] isAlive() became true after a refused start() on an exited child");
            assertEquals(OptionalInt.of(0), p.exitCode(), "[PROC-20] exitCode() after a refused start() on an"
                    + " exited child");
            runSentinel(mp, log);
            assertOnlyRunBy(log, "ran", pid.getAsLong(), "PROC-20");
        } finally {
            Children.stop(p);
        }
    }

    // ------------------------------------------------------------------------------------------ PROC-21

    /**
     * terminate() and kill() before start() throw IllegalStateException and leave the process startable.
     * <p>If this fails, check that terminate() and kill() check for a started child before signalling anything,
     * and do not remember the request for later.
     */
    @Clause("PROC-21")
    @Test
    void proc21_terminateOrKillBeforeStartThrows(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess p = mp.newProcess(args -> ((EventLog) args[0]).record("ran"), log);
        try {
            IllegalStateException t = assertThrows(IllegalStateException.class, p::terminate,
                    "[PROC-21] terminate() before start() returned normally; expected IllegalStateException");
            assertClauseMessage("PROC-21", t, "terminate() before start()");
            IllegalStateException k = assertThrows(IllegalStateException.class, p::kill,
                    "[PROC-21] kill() before start() returned normally; expected IllegalStateException");
            assertClauseMessage("PROC-21", k, "kill() before start()");
            assertEquals(OptionalLong.empty(), p.pid(), "[PROC-21] pid() after refused terminate() and kill()");
            assertFalse(p.isAlive(), "[PROC-21] isAlive() after refused terminate() and kill()");
            p.start();
            p.join();
            assertEquals(OptionalInt.of(0), p.exitCode(), "[PROC-21] a process started after refused terminate()"
                    + " and kill() did not run normally");
            assertTrue(log.has("ran"), "[PROC-21] a process started after refused terminate() and kill() never"
                    + " ran its target");
        } finally {
            Children.stop(p);
        }
    }

    // ------------------------------------------------------------------------------------------ PROC-22

    /**
     * close() on a running child throws IllegalStateException and changes nothing: the child runs on and the
     * handle still works.
     * <p>If this fails, check that close() refuses while the child has not been seen to exit, before it releases
     * anything.
     */
    @Clause("PROC-22")
    @Test
    void proc22_closeWhileRunningIsRefusedAndChangesNothing(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess p = mp.newProcess(ChildTargets::runningThenSleep, log, Timeouts.LONG_SLEEP.toMillis());
        try {
            p.start();
            kit.awaitEvent(log, "running");
            long pid = p.pid().orElseThrow();
            IllegalStateException e = assertThrows(IllegalStateException.class, p::close,
                    "[PROC-22] close() on a running child returned normally; expected IllegalStateException");
            assertClauseMessage("PROC-22", e, "close() on a running child");
            assertTrue(kit.isRunning(pid), "[PROC-22] the child (pid " + pid + ") stopped after a refused close()");
            assertEquals(OptionalLong.of(pid), p.pid(), "[PROC-22] pid() after a refused close()");
            assertTrue(p.isAlive(), "[PROC-22] isAlive() was false after a refused close()");
            assertEquals(OptionalInt.empty(), p.exitCode(), "[PROC-22] exitCode() after a refused close()");
            p.kill();
            p.join();
            assertEquals(OptionalInt.of(-9), p.exitCode(), "[PROC-22] after a refused close(), kill() and join()"
                    + " did not work as usual");
        } finally {
            Children.stop(p);
        }
    }

    /**
     * close() on a never-started process succeeds, a second close() does nothing, and afterwards every operation
     * but name(), toString() and close() throws IllegalStateException.
     * <p>If this fails, check that every method of the handle, not only those that need the child, checks for
     * the closed state first.
     */
    @Clause("PROC-22")
    @Test
    void proc22_closeOfANeverStartedProcessRefusesLaterUse(MultiprocessingContext mp) throws Exception {
        ChildProcess p = mp.newProcess(ProcessOptions.defaults().name("closable"), args -> { });
        try {
            p.close();
            p.close();
            assertClosedRefusesEverything(p, "closable");
        } finally {
            Children.stop(p);
        }
    }

    /**
     * close() on an exited, joined process succeeds, a second close() does nothing, and afterwards every
     * operation but name(), toString() and close() throws IllegalStateException.
     * <p>If this fails, check that every method of the handle, not only those that need the child, checks for
     * the closed state first.
     */
    @Clause("PROC-22")
    @Test
    void proc22_closeOfAnExitedProcessRefusesLaterUse(MultiprocessingContext mp) throws Exception {
        ChildProcess p = mp.newProcess(ProcessOptions.defaults().name("closable"), args -> { });
        try {
            p.start();
            p.join();
            p.close();
            p.close();
            assertClosedRefusesEverything(p, "closable");
        } finally {
            Children.stop(p);
        }
    }

    private static void assertClosedRefusesEverything(ChildProcess p, String name) {
        assertEquals(name, p.name(), "[PROC-22] name() after close()");
        assertDoesNotThrow(p::toString, "[PROC-22] toString() after close() threw");
        Map<String, Executable> ops = new LinkedHashMap<>();
        ops.put("start()", p::start);
        ops.put("join()", p::join);
        ops.put("join(Duration)", () -> p.join(Duration.ofMillis(1)));
        ops.put("terminate()", p::terminate);
        ops.put("kill()", p::kill);
        ops.put("isAlive()", p::isAlive);
        ops.put("exitCode()", p::exitCode);
        ops.put("pid()", p::pid);
        ops.put("isDaemon()", p::isDaemon);
        ops.put("setDaemon(false)", () -> p.setDaemon(false));
        ops.put("setName(\"renamed\")", () -> p.setName("renamed"));
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Executable> op : ops.entrySet()) {
            try {
                op.getValue().execute();
                wrong.add(op.getKey() + " returned normally");
            } catch (IllegalStateException e) {
                if (e.getMessage() == null || !e.getMessage().startsWith("[PROC-22]")) {
                    wrong.add(op.getKey() + " threw IllegalStateException '" + e.getMessage() + "'");
                }
            } catch (Throwable t) {
                wrong.add(op.getKey() + " threw " + t);
            }
        }
        assertTrue(wrong.isEmpty(), "[PROC-22] after close(), expected IllegalStateException with a message"
                + " starting with [PROC-22] from every operation but name(), toString() and close(); instead: "
                + String.join("; ", wrong));
    }

    // ------------------------------------------------------------------------------------------ PROC-29

    /** A class that is not serializable, so that PROC-29's error can be checked for naming it. */
    static final class Unserializable {}

    /** A subclass with a field that cannot be serialized. */
    static final class HoldsUnserializable extends ChildProcess {
        private static final long serialVersionUID = 1L;
        @SuppressWarnings("unused")
        private final Unserializable field = new Unserializable();

        HoldsUnserializable(MultiprocessingContext mp) {
            super(mp);
        }

        @Override
        public void run() {}
    }

    /**
     * An argument that cannot be serialized makes start() throw IllegalArgumentException in the parent, naming
     * its class, and no process is launched.
     * <p>If this fails, check that start() serializes the target and arguments before launching the child.
     */
    @Clause("PROC-29")
    @Test
    void proc29_unserializableArgumentFailsInStart(MultiprocessingContext mp) throws Exception {
        ChildProcess p = mp.newProcess(args -> { }, new Object());
        assertRefusedAsUnserializable(mp, p, Object.class, "an argument of class java.lang.Object");
    }

    /**
     * A target lambda that captures a non-serializable value makes start() throw IllegalArgumentException in
     * the parent, naming its class, and nothing is started.
     * <p>If this fails, check that start() serializes what the lambda captures, in the parent.
     */
    @Clause("PROC-29")
    @Test
    void proc29_unserializableCapturedValueFailsInStart(MultiprocessingContext mp) throws Exception {
        Thread captured = new Thread(() -> { }, "kit-PROC-29-never-started");
        ChildProcess p = mp.newProcess(args -> captured.getName());
        assertRefusedAsUnserializable(mp, p, Thread.class, "a target capturing a java.lang.Thread");
    }

    /**
     * A subclass with a non-serializable field makes start() throw IllegalArgumentException in the parent, naming
     * the field's class, and nothing is started.
     * <p>If this fails, check that start() serializes the process object itself, subclass fields included.
     */
    @Clause("PROC-29")
    @Test
    void proc29_unserializableSubclassFieldFailsInStart(MultiprocessingContext mp) throws Exception {
        ChildProcess p = new HoldsUnserializable(mp);
        assertRefusedAsUnserializable(mp, p, Unserializable.class, "a subclass with a field of class "
                + Unserializable.class.getName());
    }

    /**
     * Calls start() two or three times, each of which must throw IllegalArgumentException and leave the process
     * as it was, so that it can be refused again. A provider may launch JVMs in the background (spares, archive
     * training), so one attempt during which a new child of this JVM appeared is no proof; a provider that
     * launches before it serializes does so at every attempt.
     */
    private static void assertRefusedAsUnserializable(MultiprocessingContext mp, ChildProcess p, Class<?> culprit,
            String what) throws Exception {
        try {
            List<Set<Long>> launched = new ArrayList<>();
            for (int attempt = 1; attempt <= 3; attempt++) {
                Set<Long> before = childPids();
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, p::start,
                        "[PROC-29] start() of " + what + " did not throw IllegalArgumentException (attempt " + attempt
                                + ")");
                Set<Long> after = childPids();
                after.removeAll(before);
                assertClauseMessage("PROC-29", e, "start() of " + what);
                Pattern simple = Pattern.compile("\\b" + Pattern.quote(culprit.getSimpleName()) + "\\b");
                assertTrue(e.getMessage().contains(culprit.getName()) || simple.matcher(e.getMessage()).find(),
                        "[PROC-29] the message of start()'s exception does not name the class "
                                + culprit.getName() + ": '" + e.getMessage() + "'");
                assertEquals(OptionalLong.empty(), p.pid(), "[PROC-29] pid() after start() refused " + what);
                assertFalse(p.isAlive(), "[PROC-29] isAlive() after start() refused " + what);
                assertFalse(containsSame(mp.activeChildren(), p), "[PROC-29] activeChildren() lists the process"
                        + " whose start() was refused");
                launched.add(after);
                if (attempt >= 2 && launched.stream().anyMatch(Set::isEmpty)) {
                    return;
                }
            }
            fail("[PROC-29] every refused start() of " + what + " launched new child process(es) of this JVM "
                    + launched + "; expected start() to fail before launching anything");
        } finally {
            Children.stop(p);
        }
    }

    // ------------------------------------------------------------------------------------------ PROC-30

    /**
     * The scenario of PROC-30's helper main program: starts one child that writes to both standard streams, joins
     * it, and exits with the child's exit code.
     */
    static void writeThroughAChild(Object... args) throws Exception {
        ChildProcess p = Multiprocessing.context().newProcess(a -> {
            System.out.println("out-1 " + a[0]);
            System.out.flush();
            System.err.println("err-1 " + a[0]);
            System.err.flush();
            System.out.println("out-2 " + a[0]);
            System.out.flush();
            System.err.println("err-2 " + a[0]);
            System.err.flush();
        }, args[0]);
        p.start();
        p.join();
        System.out.flush();
        System.exit(p.exitCode().orElse(99));
    }

    /**
     * What a child writes to System.out reaches its parent's standard output, and System.err its standard error,
     * in order: checked end to end in a helper main program whose two streams are files the kit reads.
     * <p>If this fails, check that the child inherits the parent's file descriptors 1 and 2 (or relays both
     * streams faithfully) and that nothing replaces System.out or System.err in the child.
     */
    @Clause("PROC-30")
    @Test
    void proc30_childWritesToTheParentsStdoutAndStderr(Kit kit) throws Exception {
        String token = "PROC-30-" + UUID.randomUUID();
        KitMainJvm helper = KitMainJvm.start(kit, "helper", List.of(), ProcessLifecycleClauseTests::writeThroughAChild,
                token);
        try {
            // Generous: the helper is a fresh main program, and its provider may do one-off work when it exits.
            Timeouts.eventually("PROC-30 helper main program exits after joining its child")
                    .atMost(Timeouts.MUST_HAPPEN.multipliedBy(2)).until(() -> !helper.isAlive());
        } finally {
            if (helper.isAlive()) {
                helper.destroy();
            }
        }
        String stdout = Files.readString(helper.outFile(), StandardCharsets.UTF_8);
        String stderr = Files.readString(helper.errFile(), StandardCharsets.UTF_8);
        String both = "\n--- parent's stdout ---\n" + stdout + "--- parent's stderr ---\n" + stderr;
        assertEquals(0, helper.await("PROC-30"), "[PROC-30] the helper main program (or its child) failed" + both);
        assertInOrder(stdout, "out-1 " + token, "out-2 " + token, "standard output", both);
        assertInOrder(stderr, "err-1 " + token, "err-2 " + token, "standard error", both);
        assertFalse(stdout.contains("err-1 " + token) || stdout.contains("err-2 " + token), "[PROC-30] what the"
                + " child wrote to System.err appeared on the parent's standard output" + both);
        assertFalse(stderr.contains("out-1 " + token) || stderr.contains("out-2 " + token), "[PROC-30] what the"
                + " child wrote to System.out appeared on the parent's standard error" + both);
    }

    private static void assertInOrder(String text, String first, String second, String stream, String both) {
        int a = text.indexOf(first);
        int b = text.indexOf(second);
        if (a < 0 || b < 0) {
            fail("[PROC-30] the parent's " + stream + " lacks what the child wrote to it (" + (a < 0 ? first : second)
                    + ")" + both);
        }
        assertTrue(a < b, "[PROC-30] the child's lines reached the parent's " + stream + " out of order" + both);
    }

    // ------------------------------------------------------------------------------------------ PROC-31

    /**
     * toString() shows the name and the state initial, started, stopped with exitcode=-SIGTERM, then closed.
     * <p>If this fails, check that toString() describes the current state, as Python's repr does.
     */
    @Clause("PROC-31")
    @Test
    void proc31_toStringShowsNameAndLifecycleState(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess p = mp.newProcess(ProcessOptions.defaults().name("shown"), ChildTargets::runningThenSleep, log,
                Timeouts.LONG_SLEEP.toMillis());
        try {
            assertRepr(p, "shown", "initial", "before start()");
            assertFalse(p.toString().contains("pid="), "[PROC-31] toString() before start() shows a pid: " + p);
            p.start();
            kit.awaitEvent(log, "running");
            assertRepr(p, "shown", "started", "while the child runs");
            long pid = p.pid().orElseThrow();
            assertTrue(p.toString().contains("pid=" + pid), "[PROC-31] toString() of a started process lacks pid="
                    + pid + ": " + p);
            p.terminate();
            p.join();
            assertRepr(p, "shown", "stopped", "after terminate() and join()");
            assertTrue(lower(p).contains("exitcode=-sigterm"), "[PROC-31] toString() after terminate() lacks"
                    + " exitcode=-SIGTERM: " + p);
            p.close();
            assertRepr(p, "shown", "closed", "after close()");
        } finally {
            Children.stop(p);
        }
    }

    /**
     * toString() starts with the simple class name, says daemon only for a daemonic process, and writes a normal
     * exit as exitcode=0 and a kill as exitcode=-SIGKILL.
     * <p>If this fails, check that toString() uses getClass().getSimpleName(), the daemon flag and the signal's
     * name for a negative exit code.
     */
    @Clause("PROC-31")
    @Test
    void proc31_toStringShowsClassDaemonFlagAndExitCode(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess plain = mp.newProcess(ProcessOptions.defaults().name("plain"), args -> { });
        ChildProcess daemonic = mp.newProcess(ProcessOptions.defaults().name("ghost").daemon(true), args -> { });
        ChildProcess subclass = new OverridesRun(mp, log, null);
        ChildProcess killed = mp.newProcess(ChildTargets::runningThenSleep, log, Timeouts.LONG_SLEEP.toMillis());
        try {
            String subclassPrefix = "<" + OverridesRun.class.getSimpleName() + " ";
            assertTrue(String.valueOf(plain).startsWith("<ChildProcess "), "[PROC-31] toString() of a ChildProcess"
                    + " does not start with '<ChildProcess ': " + plain);
            assertTrue(String.valueOf(subclass).startsWith(subclassPrefix), "[PROC-31] toString() of a subclass does"
                    + " not start with '" + subclassPrefix + "': " + subclass);
            assertTrue(hasWord(lower(daemonic), "daemon"), "[PROC-31] toString() of a daemonic process lacks 'daemon': "
                    + daemonic);
            assertFalse(hasWord(lower(plain), "daemon"), "[PROC-31] toString() of a non-daemonic process says"
                    + " 'daemon': " + plain);
            plain.start();
            plain.join();
            assertTrue(lower(plain).contains("exitcode=0"), "[PROC-31] toString() after a normal exit lacks"
                    + " exitcode=0: " + plain);
            killed.start();
            kit.awaitEvent(log, "running");
            killed.kill();
            killed.join();
            assertTrue(lower(killed).contains("exitcode=-sigkill"), "[PROC-31] toString() after kill() lacks"
                    + " exitcode=-SIGKILL: " + killed);
        } finally {
            Children.stop(plain, killed);
        }
    }

    private static final List<String> STATES = List.of("initial", "started", "stopped", "closed");

    private static void assertRepr(ChildProcess p, String name, String state, String when) {
        String s = p.toString();
        assertTrue(s.contains(name), "[PROC-31] toString() " + when + " lacks the name '" + name + "': " + s);
        for (String other : STATES) {
            boolean shown = hasWord(s.toLowerCase(Locale.ROOT), other);
            if (other.equals(state)) {
                assertTrue(shown, "[PROC-31] toString() " + when + " lacks the state '" + state + "': " + s);
            } else {
                assertFalse(shown, "[PROC-31] toString() " + when + " shows the state '" + other + "'; expected '"
                        + state + "': " + s);
            }
        }
    }

    private static String lower(ChildProcess p) {
        return String.valueOf(p).toLowerCase(Locale.ROOT);
    }

    private static boolean hasWord(String s, String word) {
        return Pattern.compile("\\b" + Pattern.quote(word) + "\\b").matcher(s).find();
    }

    // ------------------------------------------------------------------------------------------ helpers

    /**
     * Starts and joins a fresh process that records "sentinel": by then, a process launched earlier by mistake
     * has had at least as long to run its target and record.
     */
    private static void runSentinel(MultiprocessingContext mp, EventLog log) throws InterruptedException {
        ChildProcess s = mp.newProcess(args -> ((EventLog) args[0]).record("sentinel"), log);
        try {
            s.start();
            s.join();
        } finally {
            Children.stop(s);
        }
    }

    private static void assertOnlyRunBy(EventLog log, String text, long pid, String clause) {
        List<EventLog.Event> runs = log.startingWith(text);
        assertTrue(runs.size() == 1 && runs.get(0).pid == pid, "[" + clause + "] the target ran " + runs.size()
                + " times; expected once, in the first child (pid " + pid + "): " + runs);
    }

    private static void assertClauseMessage(String clause, Throwable e, String call) {
        String m = e.getMessage();
        assertTrue(m != null && m.startsWith("[" + clause + "]"), "[" + clause + "] " + call + " threw "
                + e.getClass().getSimpleName() + " with message '" + m + "'; expected a message starting with ["
                + clause + "]");
    }

    /** The pids of this JVM's running child processes, as the OS sees them. */
    private static Set<Long> childPids() {
        Set<Long> pids = new HashSet<>();
        ProcessHandle.current().children().forEach(h -> pids.add(h.pid()));
        return pids;
    }

    private static boolean containsSame(List<ChildProcess> list, ChildProcess p) {
        return list.stream().anyMatch(x -> x == p);
    }
}
