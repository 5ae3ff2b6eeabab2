package dev.mpkit.tck.pipe;

import static dev.mpkit.tck.pipe.PipeChecks.assertExitedNormally;
import static dev.mpkit.tck.pipe.PipeChecks.assertNothingPending;
import static dev.mpkit.tck.pipe.PipeChecks.assertRefused;
import static dev.mpkit.tck.pipe.PipeChecks.assertStillCarries;
import static dev.mpkit.tck.pipe.PipeChecks.bounded;
import static dev.mpkit.tck.pipe.PipeChecks.prompt;
import static dev.mpkit.tck.pipe.PipeChecks.thrownBy;
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
import dev.mpkit.tck.support.Timeouts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which way a pipe carries messages: PIPE-01 (two-way), PIPE-02 (one-way) and PIPE-03 (the wrong direction). */
@ClauseTests
class PipeDirectionClauseTests {

    private static final String READ_ONLY = "[PIPE-03] connection is read-only";
    private static final String WRITE_ONLY = "[PIPE-03] connection is write-only";

    /**
     * Both ends of newPipe(true) are readable and writable, and what either end sends, objects and bytes, the other
     * receives.
     * <p>If this fails, check that a two-way pipe is two channels, one per direction, and that each end reads one
     * and writes the other.
     */
    @Clause("PIPE-01")
    @Test
    void pipe01_bothEndsOfATwoWayPipeSendAndReceive(MultiprocessingContext mp) throws Exception {
        Pipe pipe = mp.newPipe(true);
        try {
            for (Map.Entry<String, Connection> end : Map.of("left", pipe.left(), "right", pipe.right()).entrySet()) {
                assertTrue(end.getValue().isReadable(), "[PIPE-01] the " + end.getKey() + " end of newPipe(true)"
                        + " is not readable");
                assertTrue(end.getValue().isWritable(), "[PIPE-01] the " + end.getKey() + " end of newPipe(true)"
                        + " is not writable");
            }
            for (PipeChecks.Way way : PipeChecks.ways(pipe, pipe).subList(0, 2)) {
                prompt("[PIPE-01] send() on the " + way, () -> {
                    way.from.send(List.of("object", way.name));
                    return null;
                });
                assertEquals(List.of("object", way.name), prompt("[PIPE-01] recv() on the " + way, way.to::recv),
                        "[PIPE-01] the object received on the " + way);
                assertStillCarries("PIPE-01", way, "bytes " + way.name, "(sendBytes then recvBytes)");
                assertNothingPending("PIPE-01", way.to, "after the one object and the one byte message of the "
                        + way + " were received");
            }
        } finally {
            PipeChecks.close(pipe);
        }
    }

    /**
     * A child that got one end of newPipe(true) finds it readable and writable, receives what the parent sends
     * and sends back what the parent then receives.
     * <p>If this fails, check that an end passed to a child keeps both directions of the pipe.
     */
    @Clause("PIPE-01")
    @Test
    void pipe01_twoWayPipeCarriesBothDirectionsBetweenProcesses(MultiprocessingContext mp, Kit kit)
            throws Exception {
        EventLog log = kit.newEventLog();
        Pipe pipe = mp.newPipe(true);
        ChildProcess p = mp.newProcess(PipeTargets::echo, log, pipe.right());
        try {
            p.start();
            assertEquals("true writable=true", kit.awaitValue(log, "child readable="), "[PIPE-01] isReadable() and"
                    + " isWritable() of a two-way end in the child that got it");
            bounded("[PIPE-01] send() to the child", () -> {
                pipe.left().send("ping");
                return null;
            });
            kit.awaitEvent(log, "child got ping");
            assertEquals("ping back", bounded("[PIPE-01] recv() of the child's answer", pipe.left()::recv),
                    "[PIPE-01] what the parent received from a child on a two-way pipe; events: " + log.events());
            bounded("[PIPE-01] send() to the child", () -> {
                pipe.left().send("bye");
                return null;
            });
            kit.awaitEvent(log, "child got bye");
            assertExitedNormally("PIPE-01", p, log);
        } finally {
            PipeChecks.cleanup(List.of(p), pipe);
        }
    }

    /**
     * newPipe(false) is (reader, writer): left() is reader() and only receives, right() is writer() and only sends,
     * and what the writer sends, objects and bytes, the reader receives.
     * <p>If this fails, check the order of the pair: Python's Pipe(duplex=False) returns (reader, writer).
     */
    @Clause("PIPE-02")
    @Test
    void pipe02_oneWayPipeIsAReaderAndAWriter(MultiprocessingContext mp) throws Exception {
        Pipe pipe = mp.newPipe(false);
        try {
            assertTrue(pipe.reader().isReadable(), "[PIPE-02] reader() of newPipe(false) is not readable");
            assertFalse(pipe.reader().isWritable(), "[PIPE-02] reader() of newPipe(false) is writable");
            assertFalse(pipe.writer().isReadable(), "[PIPE-02] writer() of newPipe(false) is readable");
            assertTrue(pipe.writer().isWritable(), "[PIPE-02] writer() of newPipe(false) is not writable");
            PipeChecks.Way way = PipeChecks.ways(pipe, pipe).get(2);
            prompt("[PIPE-02] send() on the writer", () -> {
                pipe.writer().send(42L);
                return null;
            });
            assertEquals(42L, prompt("[PIPE-02] recv() on the reader", pipe.reader()::recv), "[PIPE-02] the object"
                    + " received on the reader");
            assertStillCarries("PIPE-02", way, "bytes one-way", "(sendBytes then recvBytes)");
        } finally {
            PipeChecks.close(pipe);
        }
    }

    /**
     * Sending on the reader of a one-way pipe, and receiving or polling on its writer, throws
     * IllegalStateException "[PIPE-03] connection is read-only" or "…write-only" at once, even poll with a long
     * timeout; nothing is sent and nothing consumed: the message pending before is received afterwards, alone.
     * <p>If this fails, check that the direction is checked before anything is written, read or waited for.
     */
    @Clause("PIPE-03")
    @Test
    void pipe03_wrongDirectionFailsAtOnceAndChangesNothing(MultiprocessingContext mp) throws Exception {
        Pipe pipe = mp.newPipe(false);
        Connection reader = pipe.reader();
        Connection writer = pipe.writer();
        try {
            prompt("[PIPE-03] sendBytes() on the writer", () -> {
                writer.sendBytes(PipeTargets.bytes("pending"));
                return null;
            });
            Map<String, BoundedCalls.Action> sends = Map.of(
                    "send(\"x\")", () -> reader.send("x"),
                    "sendBytes(3 bytes)", () -> reader.sendBytes(new byte[3]),
                    "sendBytes(buf, 0, 1)", () -> reader.sendBytes(new byte[3], 0, 1));
            for (Map.Entry<String, BoundedCalls.Action> c : sends.entrySet()) {
                Throwable t = thrownBy("[PIPE-03] " + c.getKey() + " on the reader", c.getValue());
                assertRefused("PIPE-03", IllegalStateException.class, READ_ONLY, t, c.getKey() + " on the reader of"
                        + " a one-way pipe");
            }
            byte[] buf = new byte[64];
            Map<String, BoundedCalls.Action> receives = Map.of(
                    "recv()", writer::recv,
                    "recvBytes()", writer::recvBytes,
                    "recvBytes(64)", () -> writer.recvBytes(64),
                    "recvBytesInto(buf)", () -> writer.recvBytesInto(buf),
                    "recvBytesInto(buf, 0)", () -> writer.recvBytesInto(buf, 0),
                    "poll()", writer::poll,
                    "poll(" + Timeouts.MUST_HAPPEN + ")", () -> writer.poll(Timeouts.MUST_HAPPEN));
            for (Map.Entry<String, BoundedCalls.Action> c : receives.entrySet()) {
                Throwable t = thrownBy("[PIPE-03] " + c.getKey() + " on the writer", c.getValue());
                assertRefused("PIPE-03", IllegalStateException.class, WRITE_ONLY, t, c.getKey() + " on the writer"
                        + " of a one-way pipe");
            }
            assertTrue(reader.isReadable() && !reader.isWritable() && !writer.isReadable() && writer.isWritable()
                    && !reader.isClosed() && !writer.isClosed(), "[PIPE-03] a refused call in the wrong direction"
                    + " changed an end: reader readable=" + reader.isReadable() + " writable=" + reader.isWritable()
                    + " closed=" + reader.isClosed() + ", writer readable=" + writer.isReadable() + " writable="
                    + writer.isWritable() + " closed=" + writer.isClosed());
            byte[] got = prompt("[PIPE-03] recvBytes() on the reader", reader::recvBytes);
            assertEquals("pending", PipeTargets.text(got), "[PIPE-03] the message pending before the refused calls"
                    + " was consumed or changed: the reader received " + PipeChecks.show(got));
            assertNothingPending("PIPE-03", reader, "after the refused calls and the one pending message: a"
                    + " refused call sent something");
            assertStillCarries("PIPE-03", PipeChecks.ways(pipe, pipe).get(2), "after", "after the refused calls");
        } finally {
            PipeChecks.close(pipe);
        }
    }
}
