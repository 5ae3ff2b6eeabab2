package dev.mpkit.tck.pipe;

import static dev.mpkit.tck.pipe.PipeChecks.SETTLE;
import static dev.mpkit.tck.pipe.PipeChecks.TIMEOUT;
import static dev.mpkit.tck.pipe.PipeChecks.assertExitedNormally;
import static dev.mpkit.tck.pipe.PipeChecks.assertNothingPending;
import static dev.mpkit.tck.pipe.PipeChecks.prompt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.ChildProcess;
import dev.mpkit.Connection;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.Pipe;
import dev.mpkit.tck.support.Clause;
import dev.mpkit.tck.support.ClauseTests;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.Kit;
import dev.mpkit.tck.support.Timed;
import dev.mpkit.tck.support.Timeouts;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Waiting for a message: PIPE-10 (poll() at once), PIPE-11 (poll(timeout)), PIPE-12 (recv() waits for another
 * process) and PIPE-24 (a waiting thread is interruptible).
 */
@ClauseTests
class PipeWaitClauseTests {

    /** The receiving ends of both kinds of pipe, by name. */
    private static List<Object[]> receivers(Pipe twoWay, Pipe oneWay) {
        return List.of(new Object[] {"left end of a two-way pipe", twoWay.left(), twoWay.right()},
                new Object[] {"right end of a two-way pipe", twoWay.right(), twoWay.left()},
                new Object[] {"reader of a one-way pipe", oneWay.reader(), oneWay.writer()});
    }

    // ------------------------------------------------------------------------------------------ PIPE-10

    /**
     * poll() answers at once and consumes nothing: false while nothing is pending, again and again; true once an
     * empty message is pending, again and again; the message is then still received, and poll() is false again.
     * <p>If this fails, check that poll() only looks (a zero-timeout poll(2), or a peek) and never reads.
     */
    @Clause("PIPE-10")
    @Test
    void pipe10_pollAnswersAtOnceAndConsumesNothing(MultiprocessingContext mp) throws Exception {
        Pipe twoWay = mp.newPipe(true);
        Pipe oneWay = mp.newPipe(false);
        try {
            for (Object[] r : receivers(twoWay, oneWay)) {
                String name = (String) r[0];
                Connection to = (Connection) r[1];
                Connection from = (Connection) r[2];
                for (int i = 0; i < 3; i++) {
                    assertNothingPending("PIPE-10", to, "(call " + (i + 1) + ") on the " + name + " with no message"
                            + " sent");
                }
                prompt("[PIPE-10] sendBytes(new byte[0]) to the " + name, () -> {
                    from.sendBytes(new byte[0]);
                    return null;
                });
                for (int i = 0; i < 3; i++) {
                    boolean pending = prompt("[PIPE-10] poll() of the " + name, to::poll);
                    assertTrue(pending, "[PIPE-10] poll() (call " + (i + 1) + ") of the " + name + " was false with"
                            + " an empty message pending");
                }
                byte[] got = prompt("[PIPE-10] recvBytes() of the " + name, to::recvBytes);
                assertEquals(0, got.length, "[PIPE-10] the message received on the " + name + " after poll() said"
                        + " one was pending: " + PipeChecks.show(got) + " instead of the empty message");
                assertNothingPending("PIPE-10", to, "on the " + name + " after its only message was received");
                prompt("[PIPE-10] send(\"x\") to the " + name, () -> {
                    from.send("x");
                    return null;
                });
                boolean pending = prompt("[PIPE-10] poll() of the " + name, to::poll);
                assertTrue(pending, "[PIPE-10] poll() of the " + name + " was false with an object message pending");
                assertEquals("x", prompt("[PIPE-10] recv() of the " + name, to::recv), "[PIPE-10] the object"
                        + " received on the " + name + " after poll()");
            }
        } finally {
            PipeChecks.close(twoWay, oneWay);
        }
    }

    // ------------------------------------------------------------------------------------------ PIPE-11

    /**
     * poll(300 ms) with nothing pending returns false no earlier than 300 ms and less than 2 s later; poll(ZERO)
     * and negative timeouts return false at once, and with a message pending every poll(timeout), however long,
     * returns true at once.
     * <p>If this fails, check that the timeout is measured on a monotonic clock from the call, that a wait cut into
     * slices still waits the whole timeout, and that a negative timeout counts as zero rather than forever.
     */
    @Clause("PIPE-11")
    @Test
    void pipe11_pollWithATimeoutWaitsAtMostTheTimeout(MultiprocessingContext mp) throws Exception {
        Pipe twoWay = mp.newPipe(true);
        Pipe oneWay = mp.newPipe(false);
        try {
            for (Object[] r : receivers(twoWay, oneWay)) {
                String name = (String) r[0];
                Connection to = (Connection) r[1];
                Connection from = (Connection) r[2];
                Timed<Boolean> timed = Timed.within(TIMEOUT.plus(Timeouts.PROMPT), "[PIPE-11] poll(" + TIMEOUT
                        + ") of the " + name, () -> to.poll(TIMEOUT));
                assertFalse(timed.value, "[PIPE-11] poll(" + TIMEOUT + ") of the " + name + " returned true with"
                        + " nothing sent");
                assertTrue(timed.nanos >= TIMEOUT.minus(Timeouts.CLOCK_SLACK).toNanos(), "[PIPE-11] poll(" + TIMEOUT
                        + ") of the " + name + " returned false after " + Duration.ofNanos(timed.nanos) + ", before"
                        + " its timeout");
                for (Duration t : new Duration[] {Duration.ZERO, Duration.ofNanos(-1), Duration.ofSeconds(-1),
                        Duration.ofDays(-200_000)}) {
                    boolean pending = prompt("[PIPE-11] poll(" + t + ") of the " + name + " with nothing pending",
                            () -> to.poll(t));
                    assertFalse(pending, "[PIPE-11] poll(" + t + ") of the " + name + " returned true with nothing"
                            + " sent");
                }
                prompt("[PIPE-11] send(\"x\") to the " + name, () -> {
                    from.send("x");
                    return null;
                });
                for (Duration t : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1), TIMEOUT,
                        Timeouts.MUST_HAPPEN, Duration.ofNanos(Long.MAX_VALUE)}) {
                    boolean pending = prompt("[PIPE-11] poll(" + t + ") of the " + name + " with a message pending",
                            () -> to.poll(t));
                    assertTrue(pending, "[PIPE-11] poll(" + t + ") of the " + name + " returned false with a"
                            + " message pending");
                }
                assertEquals("x", prompt("[PIPE-11] recv() of the " + name, to::recv), "[PIPE-11] the message"
                        + " received after poll(timeout) said one was pending on the " + name);
            }
        } finally {
            PipeChecks.close(twoWay, oneWay);
        }
    }

    /**
     * poll(30 s) in the parent returns true promptly once a child sends, on both kinds of pipe: not before the
     * child began to send, and within 2 s after.
     * <p>If this fails, check that a waiting poll wakes up when data arrives from another process (poll(2) on the
     * descriptor), not only when its timeout or a slice of it ends.
     */
    @Clause("PIPE-11")
    @Test
    void pipe11_pollReturnsTruePromptlyWhenAnotherProcessSends(MultiprocessingContext mp, Kit kit)
            throws Exception {
        waitForAChild("PIPE-11", "poll(" + Timeouts.MUST_HAPPEN + ")", mp, kit,
                to -> () -> to.poll(Timeouts.MUST_HAPPEN));
    }

    // ------------------------------------------------------------------------------------------ PIPE-12

    /**
     * recv() in the parent waits for a child's message on both kinds of pipe: it does not return before the child
     * began to send, and returns within 2 s after, with the message.
     * <p>If this fails, check that recv() blocks until a whole message has arrived and wakes up when it does.
     */
    @Clause("PIPE-12")
    @Test
    void pipe12_recvWaitsForAMessageFromAnotherProcess(MultiprocessingContext mp, Kit kit) throws Exception {
        waitForAChild("PIPE-12", "recv()", mp, kit, to -> to::recv);
    }

    /** A call the parent makes on a receiving end, for {@link #waitForAChild}. */
    @FunctionalInterface
    interface Receive {
        Callable<Object> on(Connection to);
    }

    /**
     * For a one-way and a two-way pipe in turn: records "kit: waiting KIND", makes {@code call} on the receiving end
     * while a child, {@link PipeChecks#SETTLE} after that event, records "sending KIND" and sends "hello KIND";
     * asserts that the call returned, after the child began to send and within {@link Timeouts#PROMPT} after, that
     * message, or true (a poll), and then recv() returns that message.
     */
    static void waitForAChild(String clause, String call, MultiprocessingContext mp, Kit kit, Receive receive)
            throws Exception {
        EventLog log = kit.newEventLog();
        Pipe oneWay = mp.newPipe(false);
        Pipe twoWay = mp.newPipe(true);
        ChildProcess p = mp.newProcess(PipeTargets::sendWhenAsked, log, SETTLE.toMillis(), PipeChecks.waitMillis(),
                "one-way", oneWay.writer(), "two-way", twoWay.right());
        String c = "[" + clause + "] ";
        try {
            p.start();
            for (String kind : new String[] {"one-way", "two-way"}) {
                Connection to = kind.equals("one-way") ? oneWay.reader() : twoWay.left();
                log.record("kit: waiting " + kind);
                Timed<Object> timed = Timed.within(Timeouts.MUST_HAPPEN, c + call + " of a " + kind + " pipe whose"
                        + " other end a child holds", receive.on(to));
                EventLog.Event sending = kit.awaitEvent(log, "sending " + kind);
                Object message = timed.value;
                if (message instanceof Boolean) {
                    assertEquals(true, message, c + call + " of a " + kind + " pipe returned false although a child"
                            + " sent; events: " + log.events());
                    message = PipeChecks.prompt(c + "recv() after " + call + " returned true", to::recv);
                }
                assertEquals("hello " + kind, message, c + call + " of a " + kind + " pipe returned another"
                        + " message than the one a child sent; events: " + log.events());
                assertTrue(timed.end >= sending.nanos, c + call + " of a " + kind + " pipe returned "
                        + Duration.ofNanos(sending.nanos - timed.end) + " before the child began to send");
                Duration late = Duration.ofNanos(timed.end - sending.nanos);
                assertTrue(late.compareTo(Timeouts.PROMPT) <= 0, c + call + " of a " + kind + " pipe returned "
                        + late + " after a child began to send; expected within " + Timeouts.PROMPT);
            }
            assertExitedNormally(clause, p, log);
        } finally {
            PipeChecks.cleanup(List.of(p), oneWay, twoWay);
        }
    }

    // ------------------------------------------------------------------------------------------ PIPE-24

    /**
     * A thread blocked in recv() or poll(30 s) on either kind of pipe, interrupted by another thread, throws
     * InterruptedException within 1 s with its interrupt status cleared, and consumes nothing: the next message sent
     * is then received whole.
     * <p>If this fails, check that the wait is cut into slices (or woken) so that Thread.interrupted() is seen, and
     * that an interrupted wait leaves the stream at a message boundary.
     */
    @Clause("PIPE-24")
    @Test
    void pipe24_threadBlockedInRecvOrPollIsInterruptible(MultiprocessingContext mp) throws Exception {
        Pipe twoWay = mp.newPipe(true);
        Pipe oneWay = mp.newPipe(false);
        try {
            for (Object[] r : receivers(twoWay, oneWay).subList(1, 3)) {
                String name = (String) r[0];
                Connection to = (Connection) r[1];
                Connection from = (Connection) r[2];
                for (String call : new String[] {"recv()", "poll(" + Timeouts.MUST_HAPPEN + ")"}) {
                    String outcome = interruptWhileBlocked(call + " of the " + name, () -> {
                        Object v = call.equals("recv()") ? to.recv() : to.poll(Timeouts.MUST_HAPPEN);
                        return "returned " + v;
                    });
                    assertTrue(outcome.startsWith("interrupted "), "[PIPE-24] a thread blocked in " + call + " of the"
                            + " " + name + " was interrupted and then " + outcome + "; expected"
                            + " InterruptedException within " + PipeChecks.INTERRUPT_BOUND);
                    assertTrue(outcome.contains("status=false"), "[PIPE-24] " + call + " of the " + name + " threw"
                            + " InterruptedException and left the interrupt status set");
                    PipeChecks.assertStillCarries("PIPE-24", new PipeChecks.Way(name, from, to), "after interrupt",
                            "after a thread blocked in " + call + " was interrupted");
                    assertNothingPending("PIPE-24", to, "after the message sent after the interrupt was received");
                }
            }
        } finally {
            PipeChecks.close(twoWay, oneWay);
        }
    }

    /**
     * Runs {@code call} on a thread of its own; once that thread is blocked inside the call (waiting, or in a native
     * method, or just inside it for {@link Timeouts#BLOCK_WINDOW}), interrupts it and returns "interrupted status=S"
     * if the call threw InterruptedException within {@link PipeChecks#INTERRUPT_BOUND} of the interrupt, or what it
     * did instead.
     */
    static String interruptWhileBlocked(String what, Callable<String> call) throws Exception {
        boolean[] entered = {false};
        long[] enteredAt = {0};
        FutureTask<String> task = new FutureTask<>(() -> {
            synchronized (entered) {
                entered[0] = true;
                enteredAt[0] = System.nanoTime();
            }
            try {
                return call.call();
            } catch (InterruptedException e) {
                return "interrupted status=" + Thread.currentThread().isInterrupted();
            } catch (Exception e) {
                return "threw " + e;
            }
        });
        Thread t = new Thread(task, "mpkit-kit-PIPE-24-receiver");
        t.setDaemon(true);
        t.start();
        try {
            Timeouts.eventually("PIPE-24 a thread in " + what + " is blocked").until(() -> {
                synchronized (entered) {
                    if (!entered[0]) {
                        return false;
                    }
                    if (System.nanoTime() - enteredAt[0] >= Timeouts.BLOCK_WINDOW.toNanos()) {
                        return true; // a wait that neither parks nor sits in native code: inside the call by now
                    }
                }
                return task.isDone() || isBlocked(t);
            });
            if (task.isDone()) {
                return "returned before it was interrupted: " + task.get();
            }
            long interruptedAt = System.nanoTime();
            t.interrupt();
            try {
                String r = task.get(PipeChecks.INTERRUPT_BOUND.toNanos(), TimeUnit.NANOSECONDS);
                return r.startsWith("interrupted") ? r : r + " " + Duration.ofNanos(System.nanoTime() - interruptedAt)
                        + " after the interrupt";
            } catch (TimeoutException e) {
                return "was still blocked " + PipeChecks.INTERRUPT_BOUND + " after the interrupt";
            } catch (ExecutionException e) {
                return "threw " + e.getCause();
            }
        } finally {
            t.interrupt();
        }
    }

    /** Whether {@code t} waits: parked, sleeping, waiting for a monitor, or in a native method such as poll(2). */
    private static boolean isBlocked(Thread t) {
        Thread.State s = t.getState();
        if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING || s == Thread.State.BLOCKED) {
            return true;
        }
        StackTraceElement[] stack = t.getStackTrace();
        return stack.length > 0 && stack[0].isNativeMethod();
    }
}
