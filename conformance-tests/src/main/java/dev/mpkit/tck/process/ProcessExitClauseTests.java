package dev.mpkit.tck.process;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.ChildProcess;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.tck.support.ChildTargets;
import dev.mpkit.tck.support.ChildWork;
import dev.mpkit.tck.support.Children;
import dev.mpkit.tck.support.Clause;
import dev.mpkit.tck.support.ClauseTests;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.Kit;
import dev.mpkit.tck.support.Timeouts;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** How a child's end becomes its exit code: PROC-12 to PROC-19. */
@ClauseTests
class ProcessExitClauseTests {

    /**
     * A child whose target returns normally exits with code 0, whatever the target computed.
     * <p>If this fails, check that the child reports a normal return rather than its JVM's raw status.
     */
    @Clause("PROC-12")
    @Test
    void proc12_normalReturnGivesExitCodeZero(MultiprocessingContext mp) throws Exception {
        ChildProcess p = mp.newProcess(args -> { });
        p.start();
        p.join();
        assertEquals(OptionalInt.of(0), p.exitCode(), "[PROC-12] exit code after a normal return");
    }

    /**
     * A child whose target throws exits with code 1.
     * <p>If this fails, check that uncaught exceptions in run() are caught, printed and turned into status 1.
     */
    @Clause("PROC-13")
    @Test
    void proc13_uncaughtExceptionGivesExitCodeOne(MultiprocessingContext mp) throws Exception {
        ChildProcess p = mp.newProcess(args -> {
            throw new IllegalStateException("kit: PROC-13 deliberate failure (this stack trace is expected)");
        });
        p.start();
        p.join();
        assertEquals(OptionalInt.of(1), p.exitCode(), "[PROC-13] exit code after an uncaught exception");
    }

    /**
     * {@code System.exit(n)} in the child gives exit code n.
     * <p>If this fails, check that an orderly JVM exit is not mistaken for death by a signal.
     */
    @Clause("PROC-14")
    @Test
    void proc14_systemExitGivesItsCode(MultiprocessingContext mp) throws Exception {
        for (int code : new int[] {3, 0, 255}) {
            ChildProcess p = mp.newProcess(args -> System.exit((Integer) args[0]), code);
            p.start();
            p.join();
            assertEquals(OptionalInt.of(code), p.exitCode(), "[PROC-14] exit code after System.exit(" + code + ")");
        }
    }

    /**
     * terminate() sends SIGTERM to a running child, whose exit code becomes -15.
     * <p>If this fails, check that SIGTERM deaths are reported as -15, not as the JVM's 143.
     */
    @Clause("PROC-15")
    @Test
    void proc15_terminateGivesMinusFifteen(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess p = mp.newProcess(ChildTargets::runningThenSleep, log, Timeouts.LONG_SLEEP.toMillis());
        p.start();
        kit.awaitEvent(log, "running");
        p.terminate();
        p.join();
        assertEquals(OptionalInt.of(-15), p.exitCode(), "[PROC-15] exit code after terminate()");
        assertFalse(p.isAlive(), "[PROC-15] isAlive() after terminate() and join()");
    }

    /**
     * kill() sends SIGKILL to a running child, whose exit code becomes -9.
     * <p>If this fails, check that kill() uses SIGKILL, not SIGTERM.
     */
    @Clause("PROC-16")
    @Test
    void proc16_killGivesMinusNine(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess p = mp.newProcess(ChildTargets::runningThenSleep, log, Timeouts.LONG_SLEEP.toMillis());
        p.start();
        kit.awaitEvent(log, "running");
        p.kill();
        p.join();
        assertEquals(OptionalInt.of(-9), p.exitCode(), "[PROC-16] exit code after kill()");
    }

    /**
     * A child that calls System.exit(143) exits with 143, while a terminated one exits with -15.
     * <p>If this fails, check that the exit code is not derived from the JVM's status alone (both are 143).
     */
    @Clause("PROC-17")
    @Test
    void proc17_exit143IsToldApartFromTerminate(MultiprocessingContext mp) throws Exception {
        ChildProcess p = mp.newProcess(args -> System.exit(143));
        p.start();
        p.join();
        assertEquals(OptionalInt.of(143), p.exitCode(), "[PROC-17] exit code after System.exit(143)");
        assertTrue(p.exitCode().getAsInt() != -15, "[PROC-17] System.exit(143) reported as a SIGTERM death");
    }

    /**
     * terminate() ends the child without running the finally block it was in or its shutdown hooks.
     * <p>If this fails, check that the child JVM keeps SIGTERM's default action (for example with {@code -Xrs})
     * instead of the JVM's own handler, which runs the shutdown hooks.
     */
    @Clause("PROC-18")
    @Test
    void proc18_terminateRunsNoFinallyBlockAndNoShutdownHook(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess p = mp.newProcess(args -> {
            EventLog events = (EventLog) args[0];
            Runtime.getRuntime().addShutdownHook(new Thread(() -> events.record("hook")));
            try {
                events.record("in-try");
                ChildWork.sleep((Long) args[1]);
            } finally {
                events.record("finally");
            }
        }, log, Timeouts.LONG_SLEEP.toMillis());
        try {
            p.start();
            kit.awaitEvent(log, "in-try");
            p.terminate();
            p.join();
        } finally {
            Children.stop(p);
        }
        // The kit sees only what the child writes to the kit's own event log: cleanup code that wrote elsewhere
        // would go unnoticed. The child is dead once join() returns, so any such event would be in the log now.
        assertFalse(log.has("finally"), "[PROC-18] the child ran the finally block of its run() after terminate()"
                + " (exitCode() " + p.exitCode() + "); expected it to die without running any of its code");
        assertFalse(log.has("hook"), "[PROC-18] the child ran its shutdown hook after terminate() (exitCode() "
                + p.exitCode() + "); expected SIGTERM's default action, which runs no hook");
    }

    /**
     * terminate() and kill() on a child that exited with 0 and was joined return normally and leave exit code 0.
     * <p>If this fails, check that terminate() and kill() do nothing once the child's exit has been seen.
     */
    @Clause("PROC-19")
    @Test
    void proc19_terminateAndKillAfterJoinChangeNothing(MultiprocessingContext mp) throws Exception {
        ChildProcess p = mp.newProcess(args -> { });
        try {
            p.start();
            p.join();
            assertDoesNotThrow(p::terminate, "[PROC-19] terminate() on an exited, joined child threw");
            assertDoesNotThrow(p::kill, "[PROC-19] kill() on an exited, joined child threw");
            assertEquals(OptionalInt.of(0), p.exitCode(), "[PROC-19] exitCode() of a child that exited with 0, after"
                    + " terminate() and kill()");
            assertFalse(p.isAlive(), "[PROC-19] isAlive() after terminate() and kill() on an exited child");
        } finally {
            Children.stop(p);
        }
    }

    /**
     * terminate() and kill() on a child that exited with 3 but was not joined yet return normally and leave exit
     * code 3.
     * <p>If this fails, check that terminate() and kill() neither record a signal death for a child that had
     * already exited nor fail on it.
     */
    @Clause("PROC-19")
    @Test
    void proc19_terminateAndKillBeforeJoinChangeNothing(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess p = mp.newProcess(args -> {
            ((EventLog) args[0]).record("exiting");
            System.exit(3);
        }, log);
        try {
            p.start();
            long pid = p.pid().orElseThrow();
            kit.awaitEvent(log, "exiting");
            kit.awaitGone(pid, Timeouts.MUST_HAPPEN, "PROC-19 child exits by itself");
            assertDoesNotThrow(p::terminate, "[PROC-19] terminate() on an exited child that was not joined threw");
            assertDoesNotThrow(p::kill, "[PROC-19] kill() on an exited child that was not joined threw");
            p.join();
            assertEquals(OptionalInt.of(3), p.exitCode(), "[PROC-19] exitCode() of a child that called"
                    + " System.exit(3), after terminate() and kill() that came after its exit");
        } finally {
            Children.stop(p);
        }
    }
}
