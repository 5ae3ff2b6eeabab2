package dev.mpkit.tck.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.ChildProcess;
import dev.mpkit.MultiprocessingContext;
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
        ChildProcess p = mp.newProcess(args -> {
            ((EventLog) args[0]).record("running");
            Thread.sleep((Long) args[1]);
        }, log, Timeouts.LONG_SLEEP.toMillis());
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
        ChildProcess p = mp.newProcess(args -> {
            ((EventLog) args[0]).record("running");
            Thread.sleep((Long) args[1]);
        }, log, Timeouts.LONG_SLEEP.toMillis());
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
}
