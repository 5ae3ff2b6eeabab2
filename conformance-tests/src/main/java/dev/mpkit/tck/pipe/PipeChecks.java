package dev.mpkit.tck.pipe;

import static dev.mpkit.tck.support.BoundedCalls.thrownWithin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.ChildProcess;
import dev.mpkit.Connection;
import dev.mpkit.Pipe;
import dev.mpkit.tck.support.BoundedCalls.Action;
import dev.mpkit.tck.support.Children;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.TimeScale;
import dev.mpkit.tck.support.Timed;
import dev.mpkit.tck.support.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** The parent side of the PIPE tests: bounded calls, refusals, the ways through a pipe, and cleanup. */
final class PipeChecks {

    /** PIPE-11, PIPE-15: the timeout of a poll(timeout) that must run out. */
    static final Duration TIMEOUT = TimeScale.millis(300);
    /** PIPE-11, PIPE-12: how long a child waits, after the test started to wait, before it sends (its workload). */
    static final Duration SETTLE = TimeScale.millis(300);
    /** PIPE-24: how soon an interrupted receiver must throw. */
    static final Duration INTERRUPT_BOUND = TimeScale.seconds(1);

    private PipeChecks() {}

    /** How long a child waits for the test's events, in ms. */
    static long waitMillis() {
        return Timeouts.MUST_HAPPEN.toMillis();
    }

    /** What {@code call} threw, or {@code null} if it returned; bounded by {@link Timeouts#PROMPT} ("at once"). */
    static Throwable thrownBy(String what, Action call) throws Exception {
        return thrownWithin(Timeouts.PROMPT, what, call);
    }

    /** Runs {@code call} on a thread of its own and returns its result; it must return at once. */
    static <T> T prompt(String what, Callable<T> call) throws Exception {
        return Timed.within(Timeouts.PROMPT, what, call).value;
    }

    /** Runs {@code call} on a thread of its own and returns its result; it must return within MUST_HAPPEN. */
    static <T> T bounded(String what, Callable<T> call) throws Exception {
        return Timed.within(Timeouts.MUST_HAPPEN, what, call).value;
    }

    /** {@link #bounded} for a call without a result. */
    static void boundedRun(String what, Action call) throws Exception {
        Timed.within(Timeouts.MUST_HAPPEN, what, () -> {
            call.run();
            return null;
        });
    }

    /**
     * Asserts that {@code t} is a {@code type} whose message starts with {@code prefix}, in a test of
     * {@code clause}; {@code what} says what was called, for the failure message.
     */
    static void assertRefused(String clause, Class<? extends Throwable> type, String prefix, Throwable t,
            String what) {
        assertTrue(t != null, "[" + clause + "] " + what + " returned normally; expected " + type.getSimpleName()
                + " \"" + prefix + "…\"");
        assertTrue(type.isInstance(t), "[" + clause + "] " + what + " threw " + t + "; expected "
                + type.getSimpleName() + " \"" + prefix + "…\"");
        assertTrue(t.getMessage() != null && t.getMessage().startsWith(prefix), "[" + clause + "] " + what
                + " threw " + t.getClass().getSimpleName() + " whose message does not start with \"" + prefix
                + "\": " + t.getMessage());
    }

    /** One way through a pipe: the end that sends and the end that receives, named for failure messages. */
    static final class Way {
        final String name;
        final Connection from;
        final Connection to;

        Way(String name, Connection from, Connection to) {
            this.name = name;
            this.from = from;
            this.to = to;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * Every way through the two kinds of pipe: left to right and right to left of {@code twoWay}, writer to reader
     * of {@code oneWay}.
     */
    static List<Way> ways(Pipe twoWay, Pipe oneWay) {
        return List.of(new Way("two-way pipe, left to right", twoWay.left(), twoWay.right()),
                new Way("two-way pipe, right to left", twoWay.right(), twoWay.left()),
                new Way("one-way pipe, writer to reader", oneWay.writer(), oneWay.reader()));
    }

    /** Asserts that nothing is pending on {@code to}: poll() is false. */
    static void assertNothingPending(String clause, Connection to, String after) throws Exception {
        boolean pending = prompt("[" + clause + "] poll()", to::poll);
        assertFalse(pending, "[" + clause + "] poll() of the receiving end was true " + after + "; expected no"
                + " message pending");
    }

    /** Sends {@code text} as bytes on {@code from} and asserts that {@code to} receives it, at once. */
    static void assertStillCarries(String clause, Way way, String text, String after) throws Exception {
        prompt("[" + clause + "] sendBytes() on the " + way, () -> {
            way.from.sendBytes(PipeTargets.bytes(text));
            return null;
        });
        byte[] got = prompt("[" + clause + "] recvBytes() on the " + way, () -> way.to.recvBytes());
        assertEquals(text, PipeTargets.text(got), "[" + clause + "] the " + way + " " + after + " delivered another"
                + " message than the one sent");
    }

    /** Closes every end of {@code pipes}; closing never throws. */
    static void close(Pipe... pipes) {
        for (Pipe p : pipes) {
            if (p != null) {
                p.left().close();
                p.right().close();
            }
        }
    }

    /** Stops the children and closes the pipes, for {@code finally} blocks. */
    static void cleanup(List<ChildProcess> children, Pipe... pipes) {
        Children.stop(children.toArray(new ChildProcess[0]));
        close(pipes);
    }

    /** Joins {@code p} within MUST_HAPPEN and asserts that it exited with code 0. */
    static void assertExitedNormally(String clause, ChildProcess p, EventLog log) throws Exception {
        assertTrue(p.join(Timeouts.MUST_HAPPEN), "[" + clause + "] a child did not exit within "
                + Timeouts.MUST_HAPPEN + "; events: " + log.events());
        assertEquals(0, p.exitCode().orElse(-1), "[" + clause + "] exit code of a child; events: " + log.events());
    }

    /** Where {@code got} first differs from {@code expected}, for failure messages. */
    static String difference(byte[] expected, byte[] got) {
        if (got == null) {
            return "null instead of " + expected.length + " bytes";
        }
        int n = Math.min(expected.length, got.length);
        for (int i = 0; i < n; i++) {
            if (expected[i] != got[i]) {
                return got.length + " bytes (" + expected.length + " sent) that differ first at byte " + i;
            }
        }
        return got.length == expected.length ? "the same bytes" : got.length + " bytes instead of " + expected.length
                + " (the first " + n + " equal)";
    }

    /** A short printable form of a byte message. */
    static String show(byte[] b) {
        return b.length <= 32 ? "\"" + PipeTargets.text(b) + "\" " + Arrays.toString(b) : b.length + " bytes";
    }

    /** A mutable list of children, for {@link #cleanup}. */
    static List<ChildProcess> children() {
        return new ArrayList<>();
    }
}
