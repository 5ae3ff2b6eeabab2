package dev.mpkit.tck.pipe;

import static dev.mpkit.tck.pipe.PipeChecks.TIMEOUT;
import static dev.mpkit.tck.pipe.PipeChecks.assertExitedNormally;
import static dev.mpkit.tck.pipe.PipeChecks.assertRefused;
import static dev.mpkit.tck.pipe.PipeChecks.bounded;
import static dev.mpkit.tck.pipe.PipeChecks.prompt;
import static dev.mpkit.tck.pipe.PipeChecks.thrownBy;
import static dev.mpkit.tck.support.BoundedCalls.thrownWithin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.ChildProcess;
import dev.mpkit.Connection;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.Pipe;
import dev.mpkit.tck.support.BoundedCalls;
import dev.mpkit.tck.support.Clause;
import dev.mpkit.tck.support.ClauseTests;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.Kit;
import dev.mpkit.tck.support.Timed;
import dev.mpkit.tck.support.Timeouts;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The end of a pipe: PIPE-13 to PIPE-15 (end of stream once every copy of the other end is closed, by close(), exit
 * or death), PIPE-16 (a closed connection) and PIPE-17 (sending to an end closed everywhere).
 */
@ClauseTests
class PipeEndOfStreamClauseTests {

    private static final String CLOSED = "[PIPE-16] connection is closed";
    private static final String OTHER_END_CLOSED = "[PIPE-17] the other end of the pipe is closed";

    /**
     * Asserts end of stream on {@code to}: poll() is true at once, and recv(), recvBytes() and recvBytesInto() throw
     * EOFException at once, each of them twice.
     */
    static void assertEndOfStream(String clause, Connection to, String name) throws Exception {
        String c = "[" + clause + "] ";
        boolean pending = prompt(c + "poll() of the " + name + " at end of stream", to::poll);
        assertTrue(pending, c + "poll() of the " + name + " was false at end of stream; expected true");
        byte[] buf = new byte[16];
        Map<String, BoundedCalls.Action> calls = new LinkedHashMap<>();
        calls.put("recv()", to::recv);
        calls.put("recvBytes()", to::recvBytes);
        calls.put("recvBytesInto(buf)", () -> to.recvBytesInto(buf));
        for (int round = 0; round < 2; round++) {
            for (Map.Entry<String, BoundedCalls.Action> call : calls.entrySet()) {
                Throwable t = thrownBy(c + call.getKey() + " of the " + name + " at end of stream", call.getValue());
                assertTrue(t instanceof EOFException, c + call.getKey() + " of the " + name + " at end of stream"
                        + (round == 0 ? "" : ", the second time,") + (t == null ? " returned normally" : " threw "
                        + t) + "; expected EOFException");
            }
        }
    }

    /** Receives the byte messages "m1", "m2", "m3" on {@code to}, at once, and asserts their order. */
    static void assertThreeMessages(String clause, Connection to, String name) throws Exception {
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            got.add(PipeTargets.text(prompt("[" + clause + "] recvBytes() of the " + name, to::recvBytes)));
        }
        assertEquals(List.of("m1", "m2", "m3"), got, "[" + clause + "] the messages sent before the other end was"
                + " closed, as the " + name + " received them");
    }

    // ------------------------------------------------------------------------------------------ PIPE-13

    /**
     * Once the other end is closed, in the same process, the messages it sent are still received in order, then
     * poll() is true and recv(), recvBytes() and recvBytesInto() throw EOFException, on both kinds of pipe and
     * both ends of a two-way one.
     * <p>If this fails, check that end of stream is reported only after the buffered messages, and as
     * EOFException, not as a hang, a null or another IOException.
     */
    @Clause("PIPE-13")
    @Test
    void pipe13_endOfStreamAfterTheOtherEndClosesInProcess(MultiprocessingContext mp) throws Exception {
        for (int w = 0; w < 3; w++) {
            Pipe twoWay = mp.newPipe(true);
            Pipe oneWay = mp.newPipe(false);
            try {
                PipeChecks.Way way = PipeChecks.ways(twoWay, oneWay).get(w);
                prompt("[PIPE-13] three sendBytes() on the " + way, () -> {
                    for (String m : new String[] {"m1", "m2", "m3"}) {
                        way.from.sendBytes(PipeTargets.bytes(m));
                    }
                    return null;
                });
                way.from.close();
                assertThreeMessages("PIPE-13", way.to, "receiving end of the " + way);
                assertEndOfStream("PIPE-13", way.to, "receiving end of the " + way);
            } finally {
                PipeChecks.close(twoWay, oneWay);
            }
        }
    }

    /**
     * A child sends three messages on a one-way and a two-way pipe and closes its ends while it keeps running; the
     * parent, which closed its copies of them, receives the three messages in order and then end of stream.
     * <p>If this fails, check that close() in one process releases that process's descriptor of the pipe at once,
     * and that end of stream is seen when the last copy anywhere is closed.
     */
    @Clause("PIPE-13")
    @Test
    void pipe13_endOfStreamAfterAChildClosesItsEnd(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        Pipe oneWay = mp.newPipe(false);
        Pipe twoWay = mp.newPipe(true);
        ChildProcess p = mp.newProcess(PipeTargets::sendThenClose, log, PipeChecks.waitMillis(), oneWay.writer(),
                twoWay.right());
        try {
            p.start();
            kit.awaitEvent(log, "ready");
            oneWay.writer().close();
            twoWay.right().close();
            kit.awaitEvent(log, "closed");
            assertTrue(p.isAlive(), "[PIPE-13] the child ended before the test checked end of stream; events: "
                    + log.events());
            for (Connection to : new Connection[] {oneWay.reader(), twoWay.left()}) {
                String name = to == oneWay.reader() ? "reader of a one-way pipe" : "left end of a two-way pipe";
                assertThreeMessages("PIPE-13", to, name + " whose other end a child closed");
                assertEndOfStream("PIPE-13", to, name + " whose other end a child closed");
            }
            log.record("kit: done");
            assertExitedNormally("PIPE-13", p, log);
        } finally {
            PipeChecks.cleanup(List.of(p), oneWay, twoWay);
        }
    }

    /**
     * A child that receives on a one-way and a two-way pipe gets the three messages the parent sent and then
     * EOFException once the parent, which closed its copies of the child's ends, closes its own ends.
     * <p>If this fails, check that a child gets a copy of only the ends it was passed: a copy of the parent's end
     * leaked into the child (as fork does in CPython) keeps the stream open for ever.
     */
    @Clause("PIPE-13")
    @Test
    void pipe13_childSeesEndOfStreamWhenTheParentCloses(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        Pipe oneWay = mp.newPipe(false);
        Pipe twoWay = mp.newPipe(true);
        ChildProcess p = mp.newProcess(PipeTargets::receiveUntilEnd, log, oneWay.reader(), twoWay.right());
        try {
            p.start();
            kit.awaitEvent(log, "ready");
            oneWay.reader().close();
            twoWay.right().close();
            for (Connection from : new Connection[] {oneWay.writer(), twoWay.left()}) {
                bounded("[PIPE-13] three sendBytes() to a child", () -> {
                    for (String m : new String[] {"m1", "m2", "m3"}) {
                        from.sendBytes(PipeTargets.bytes(m));
                    }
                    return null;
                });
                from.close();
            }
            for (int e = 0; e < 2; e++) {
                String name = e == 0 ? "reader of a one-way pipe" : "right end of a two-way pipe";
                String ended = kit.awaitValue(log, e + " ended with ");
                List<String> got = new ArrayList<>();
                for (EventLog.Event ev : log.startingWith(e + " got ")) {
                    got.add(ev.text.substring((e + " got ").length()));
                }
                assertEquals(List.of("m1", "m2", "m3"), got, "[PIPE-13] the messages a child received on the "
                        + name + " before the parent closed the other end; events: " + log.events());
                assertEquals(EOFException.class.getName(), ended, "[PIPE-13] how recvBytes() on the " + name + " in"
                        + " a child ended after the parent closed the last copy of the other end");
            }
            assertExitedNormally("PIPE-13", p, log);
        } finally {
            PipeChecks.cleanup(List.of(p), oneWay, twoWay);
        }
    }

    // ------------------------------------------------------------------------------------------ PIPE-14

    /**
     * When the only process that holds the other end returns from its target without closing it, or is killed,
     * the parent still receives what it sent, and then recv() ends with EOFException, also a recv() that was
     * already waiting; on both kinds of pipe.
     * <p>If this fails, check that no other process keeps a copy of the end (a keeper descriptor held after the
     * child took its own, or a descriptor leaked into another child) and that a waiting recv() wakes up at end of
     * stream.
     */
    @Clause("PIPE-14")
    @Test
    void pipe14_endOfStreamWhenTheHolderExitsOrIsKilled(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog exits = kit.newEventLog();
        EventLog killed = kit.newEventLog();
        Pipe exitsOneWay = mp.newPipe(false);
        Pipe exitsTwoWay = mp.newPipe(true);
        Pipe killedOneWay = mp.newPipe(false);
        Pipe killedTwoWay = mp.newPipe(true);
        ChildProcess returns = mp.newProcess(PipeTargets::holdThenEnd, exits, "last words", "return", 0L,
                exitsOneWay.writer(), exitsTwoWay.right());
        ChildProcess sleeps = mp.newProcess(PipeTargets::holdThenEnd, killed, "before the kill", "sleep",
                Timeouts.LONG_SLEEP.toMillis(), killedOneWay.writer(), killedTwoWay.right());
        try {
            returns.start();
            sleeps.start();
            kit.awaitEvent(exits, "holding");
            kit.awaitEvent(killed, "holding");
            for (Pipe pipe : new Pipe[] {exitsOneWay, exitsTwoWay, killedOneWay, killedTwoWay}) {
                pipe.right().close();
            }
            assertExitedNormally("PIPE-14", returns, exits);
            for (Connection to : new Connection[] {exitsOneWay.reader(), exitsTwoWay.left()}) {
                String name = (to == exitsOneWay.reader() ? "a one-way" : "a two-way") + " pipe whose other end a"
                        + " child held when it exited";
                assertEquals("last words", bounded("[PIPE-14] recv() of " + name, to::recv), "[PIPE-14] the message"
                        + " a child sent before it exited, on " + name);
                Throwable t = thrownWithin(Timeouts.MUST_HAPPEN, "[PIPE-14] recv() of " + name, to::recv);
                assertTrue(t instanceof EOFException, "[PIPE-14] recv() of " + name + (t == null ? " returned"
                        + " normally" : " threw " + t) + "; expected EOFException");
            }
            List<Thread> waiting = new ArrayList<>();
            List<Throwable[]> outcomes = new ArrayList<>();
            for (Connection to : new Connection[] {killedOneWay.reader(), killedTwoWay.left()}) {
                assertEquals("before the kill", bounded("[PIPE-14] recv()", to::recv), "[PIPE-14] the message a"
                        + " child sent before it was killed");
                Throwable[] outcome = {null};
                Thread t = new Thread(() -> {
                    try {
                        to.recv();
                        outcome[0] = new AssertionError("recv() returned normally");
                    } catch (Exception e) {
                        outcome[0] = e;
                    }
                }, "mpkit-kit-PIPE-14-receiver");
                t.setDaemon(true);
                t.start();
                waiting.add(t);
                outcomes.add(outcome);
            }
            sleeps.kill();
            assertTrue(sleeps.join(Timeouts.MUST_HAPPEN), "[PIPE-14] a child was not gone " + Timeouts.MUST_HAPPEN
                    + " after kill()");
            for (int i = 0; i < 2; i++) {
                String name = (i == 0 ? "a one-way" : "a two-way") + " pipe whose other end a child held when it"
                        + " was killed";
                Thread t = waiting.get(i);
                t.join(Timeouts.MUST_HAPPEN.toMillis());
                if (t.isAlive()) {
                    t.interrupt();
                }
                assertFalse(t.isAlive(), "[PIPE-14] recv() of " + name + " still waited " + Timeouts.MUST_HAPPEN
                        + " after the child was killed: it hangs instead of reporting end of stream");
                Throwable got = outcomes.get(i)[0];
                assertTrue(got instanceof EOFException, "[PIPE-14] recv() of " + name + " ended with " + got
                        + "; expected EOFException");
            }
        } finally {
            PipeChecks.cleanup(List.of(returns, sleeps), exitsOneWay, exitsTwoWay, killedOneWay, killedTwoWay);
        }
    }

    /**
     * A child killed right after start(), perhaps before it took its copies of the ends passed to it, leaves no copy
     * behind: the parent, which closed its own copies right after start(), sees end of stream on both kinds of
     * pipe within 30 s.
     * <p>If this fails, check that whatever carries an end to a starting child (a keeper descriptor) is released
     * when the child dies without having taken it, not only when the child acknowledges it.
     */
    @Clause("PIPE-14")
    @Test
    void pipe14_endOfStreamWhenTheHolderIsKilledRightAfterStart(MultiprocessingContext mp, Kit kit)
            throws Exception {
        EventLog log = kit.newEventLog();
        Pipe oneWay = mp.newPipe(false);
        Pipe twoWay = mp.newPipe(true);
        ChildProcess p = mp.newProcess(PipeTargets::holdThenEnd, log, null, "sleep", Timeouts.LONG_SLEEP.toMillis(),
                oneWay.writer(), twoWay.right());
        try {
            p.start();
            oneWay.writer().close();
            twoWay.right().close();
            p.kill();
            assertTrue(p.join(Timeouts.MUST_HAPPEN), "[PIPE-14] a child was not gone " + Timeouts.MUST_HAPPEN
                    + " after kill()");
            for (Connection to : new Connection[] {oneWay.reader(), twoWay.left()}) {
                String name = (to == oneWay.reader() ? "a one-way" : "a two-way") + " pipe whose other end only a"
                        + " child killed right after start() held";
                Throwable t = thrownWithin(Timeouts.MUST_HAPPEN, "[PIPE-14] recv() of " + name, to::recv);
                assertTrue(t instanceof EOFException, "[PIPE-14] recv() of " + name + (t == null ? " returned"
                        + " normally" : " threw " + t) + "; expected EOFException");
            }
        } finally {
            PipeChecks.cleanup(List.of(p), oneWay, twoWay);
        }
    }

    // ------------------------------------------------------------------------------------------ PIPE-15

    /**
     * A parent that keeps its copy of the end it passed to a child sees no end of stream, on either kind of pipe,
     * after the child closed its copy and exited: poll(300 ms) returns false no earlier than 300 ms; once the parent
     * closes its copy, recv() throws EOFException.
     * <p>If this fails, check that each copy of an end is a descriptor of its own: closing the child's copy, or the
     * child's exit, must not close the parent's, and end of stream must wait for the last one.
     */
    @Clause("PIPE-15")
    @Test
    void pipe15_endOfStreamNeedsEveryCopyOfTheOtherEndClosed(MultiprocessingContext mp, Kit kit)
            throws Exception {
        EventLog log = kit.newEventLog();
        Pipe oneWay = mp.newPipe(false);
        Pipe twoWay = mp.newPipe(true);
        ChildProcess p = mp.newProcess(PipeTargets::closeAndExit, log, oneWay.writer(), twoWay.right());
        try {
            p.start();
            assertExitedNormally("PIPE-15", p, log);
            assertTrue(log.has("closed"), "[PIPE-15] the child did not close its ends; events: " + log.events());
            for (Connection to : new Connection[] {oneWay.reader(), twoWay.left()}) {
                String name = to == oneWay.reader() ? "reader of a one-way pipe" : "left end of a two-way pipe";
                Timed<Boolean> timed = Timed.within(TIMEOUT.plus(Timeouts.PROMPT), "[PIPE-15] poll(" + TIMEOUT
                        + ") of the " + name, () -> to.poll(TIMEOUT));
                assertFalse(timed.value, "[PIPE-15] poll(" + TIMEOUT + ") of the " + name + " was true after a child"
                        + " closed its copy of the other end and exited, while the parent still holds its own copy");
                assertTrue(timed.nanos >= TIMEOUT.minus(Timeouts.CLOCK_SLACK).toNanos(), "[PIPE-15] poll("
                        + TIMEOUT + ") of the " + name + " returned false after " + Duration.ofNanos(timed.nanos)
                        + ", before its timeout");
            }
            oneWay.writer().close();
            twoWay.right().close();
            for (Connection to : new Connection[] {oneWay.reader(), twoWay.left()}) {
                String name = to == oneWay.reader() ? "reader of a one-way pipe" : "left end of a two-way pipe";
                Throwable t = thrownWithin(Timeouts.MUST_HAPPEN, "[PIPE-15] recv() of the " + name, to::recv);
                assertTrue(t instanceof EOFException, "[PIPE-15] recv() of the " + name + ", after the parent closed"
                        + " the last copy of the other end, " + (t == null ? "returned normally" : "threw " + t)
                        + "; expected EOFException");
            }
        } finally {
            PipeChecks.cleanup(List.of(p), oneWay, twoWay);
        }
    }

    // ------------------------------------------------------------------------------------------ PIPE-16

    /**
     * A closed end, of either kind of pipe, can be closed again, is closed and neither readable nor writable, and
     * refuses every operation at once with IllegalStateException "[PIPE-16] connection is closed", poll with a long
     * timeout too; try-with-resources closes an end.
     * <p>If this fails, check that every operation tests "closed" first, before the direction or anything else.
     */
    @Clause("PIPE-16")
    @Test
    void pipe16_closedConnectionRefusesEveryOperation(MultiprocessingContext mp) throws Exception {
        Pipe twoWay = mp.newPipe(true);
        Pipe oneWay = mp.newPipe(false);
        Map<String, Connection> ends = new LinkedHashMap<>();
        ends.put("left end of a two-way pipe", twoWay.left());
        ends.put("right end of a two-way pipe", twoWay.right());
        ends.put("reader of a one-way pipe", oneWay.reader());
        ends.put("writer of a one-way pipe", oneWay.writer());
        try {
            for (Map.Entry<String, Connection> e : ends.entrySet()) {
                String name = e.getKey();
                Connection c = e.getValue();
                Throwable closing = thrownBy("[PIPE-16] close() of the " + name, () -> {
                    c.close();
                    c.close();
                });
                assertEquals(null, closing, "[PIPE-16] close() twice on the " + name + " threw");
                assertTrue(c.isClosed(), "[PIPE-16] isClosed() of the " + name + " after close()");
                assertFalse(c.isReadable(), "[PIPE-16] isReadable() of the closed " + name);
                assertFalse(c.isWritable(), "[PIPE-16] isWritable() of the closed " + name);
                byte[] buf = new byte[16];
                Map<String, BoundedCalls.Action> calls = new LinkedHashMap<>();
                calls.put("send(\"x\")", () -> c.send("x"));
                calls.put("sendBytes(buf)", () -> c.sendBytes(buf));
                calls.put("sendBytes(buf, 0, 1)", () -> c.sendBytes(buf, 0, 1));
                calls.put("recv()", c::recv);
                calls.put("recvBytes()", c::recvBytes);
                calls.put("recvBytes(16)", () -> c.recvBytes(16));
                calls.put("recvBytesInto(buf)", () -> c.recvBytesInto(buf));
                calls.put("recvBytesInto(buf, 0)", () -> c.recvBytesInto(buf, 0));
                calls.put("poll()", c::poll);
                calls.put("poll(" + Timeouts.MUST_HAPPEN + ")", () -> c.poll(Timeouts.MUST_HAPPEN));
                for (Map.Entry<String, BoundedCalls.Action> call : calls.entrySet()) {
                    Throwable t = thrownBy("[PIPE-16] " + call.getKey() + " on the closed " + name, call.getValue());
                    assertRefused("PIPE-16", IllegalStateException.class, CLOSED, t, call.getKey() + " on the closed "
                            + name);
                }
            }
            Pipe scoped = mp.newPipe(true);
            Connection right = scoped.right();
            try (Connection left = scoped.left()) {
                assertFalse(left.isClosed(), "[PIPE-16] a new end is closed");
            }
            try {
                assertTrue(scoped.left().isClosed(), "[PIPE-16] an end is not closed after its try-with-resources"
                        + " block");
            } finally {
                right.close();
            }
        } finally {
            PipeChecks.close(twoWay, oneWay);
        }
    }

    // ------------------------------------------------------------------------------------------ PIPE-17

    /**
     * send() and sendBytes(), small or of 1 MiB, to an end that is closed throw IOException "[PIPE-17] the other
     * end of the pipe is closed" at once, every time, on both kinds of pipe.
     * <p>If this fails, check that a write to a pipe with no reader left (EPIPE) becomes that IOException, and
     * that the sender does not wait for room that will never come.
     */
    @Clause("PIPE-17")
    @Test
    void pipe17_sendingToAClosedEndFails(MultiprocessingContext mp) throws Exception {
        for (int w = 0; w < 3; w++) {
            Pipe twoWay = mp.newPipe(true);
            Pipe oneWay = mp.newPipe(false);
            try {
                PipeChecks.Way way = PipeChecks.ways(twoWay, oneWay).get(w);
                way.to.close();
                assertRefusedSends(way.from, "the " + way + ", whose receiving end is closed");
            } finally {
                PipeChecks.close(twoWay, oneWay);
            }
        }
    }

    /**
     * Once the only process that held the other end was killed, and the parent closed its copy, send() and
     * sendBytes() in the parent throw IOException "[PIPE-17] the other end of the pipe is closed" at once, on both
     * kinds of pipe.
     * <p>If this fails, check that no copy of the end outlives the child: a keeper descriptor must be released when
     * the child has taken its own or has died.
     */
    @Clause("PIPE-17")
    @Test
    void pipe17_sendingToAnEndWhoseHolderDiedFails(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        Pipe oneWay = mp.newPipe(false);
        Pipe twoWay = mp.newPipe(true);
        ChildProcess p = mp.newProcess(PipeTargets::holdThenEnd, log, null, "sleep", Timeouts.LONG_SLEEP.toMillis(),
                oneWay.reader(), twoWay.right());
        try {
            p.start();
            kit.awaitEvent(log, "holding");
            oneWay.reader().close();
            twoWay.right().close();
            p.kill();
            assertTrue(p.join(Timeouts.MUST_HAPPEN), "[PIPE-17] a child was not gone " + Timeouts.MUST_HAPPEN
                    + " after kill()");
            assertRefusedSends(oneWay.writer(), "the writer of a one-way pipe whose reader only a killed child held");
            assertRefusedSends(twoWay.left(), "the left end of a two-way pipe whose right end only a killed child"
                    + " held");
        } finally {
            PipeChecks.cleanup(List.of(p), oneWay, twoWay);
        }
    }

    /**
     * An end whose other end is closed everywhere, passed to a child, refuses send() and sendBytes() there with
     * IOException "[PIPE-17] the other end of the pipe is closed", on both kinds of pipe.
     * <p>If this fails, check how an end travels when its other end is already closed: the child's copy must still
     * fail to send (a "broken" copy), not hang or send into nothing.
     */
    @Clause("PIPE-17")
    @Test
    void pipe17_childSendingToAnEndClosedEverywhereFails(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        Pipe oneWay = mp.newPipe(false);
        Pipe twoWay = mp.newPipe(true);
        oneWay.reader().close();
        twoWay.left().close();
        ChildProcess p = mp.newProcess(PipeTargets::sendOnce, log, oneWay.writer(), twoWay.right());
        try {
            p.start();
            for (int e = 0; e < 2; e++) {
                String name = e == 0 ? "the writer of a one-way pipe whose reader" : "the right end of a two-way"
                        + " pipe whose left end";
                for (String call : new String[] {"send", "sendBytes"}) {
                    String got = kit.awaitValue(log, e + " " + call + "=");
                    assertTrue(got.startsWith("threw IOException: " + OTHER_END_CLOSED), "[PIPE-17] " + call
                            + "() in a child on " + name + " was closed before the child started: " + got
                            + "; expected IOException \"" + OTHER_END_CLOSED + "\"");
                }
            }
            assertExitedNormally("PIPE-17", p, log);
        } finally {
            PipeChecks.cleanup(List.of(p), oneWay, twoWay);
        }
    }

    /** Asserts that send() and sendBytes() on {@code from}, small and large, each throw PIPE-17 at once. */
    static void assertRefusedSends(Connection from, String name) throws Exception {
        byte[] large = new byte[1 << 20];
        Map<String, BoundedCalls.Action> calls = new LinkedHashMap<>();
        calls.put("send(\"x\")", () -> from.send("x"));
        calls.put("sendBytes(3 bytes)", () -> from.sendBytes(new byte[3]));
        calls.put("sendBytes(1 MiB)", () -> from.sendBytes(large));
        calls.put("send(1 MiB byte[])", () -> from.send(large));
        calls.put("send(\"again\")", () -> from.send("again"));
        for (Map.Entry<String, BoundedCalls.Action> call : calls.entrySet()) {
            Throwable t = thrownBy("[PIPE-17] " + call.getKey() + " on " + name, call.getValue());
            assertRefused("PIPE-17", IOException.class, OTHER_END_CLOSED, t, call.getKey() + " on " + name);
        }
    }
}
