package dev.mpkit.tck.pipe;

import static dev.mpkit.tck.pipe.PipeChecks.assertExitedNormally;
import static dev.mpkit.tck.pipe.PipeChecks.assertNothingPending;
import static dev.mpkit.tck.pipe.PipeChecks.assertRefused;
import static dev.mpkit.tck.pipe.PipeChecks.assertStillCarries;
import static dev.mpkit.tck.pipe.PipeChecks.bounded;
import static dev.mpkit.tck.pipe.PipeChecks.boundedRun;
import static dev.mpkit.tck.pipe.PipeChecks.prompt;
import static dev.mpkit.tck.pipe.PipeChecks.thrownBy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mpkit.BufferTooShortException;
import dev.mpkit.ChildProcess;
import dev.mpkit.Connection;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.Pipe;
import dev.mpkit.tck.support.BoundedCalls;
import dev.mpkit.tck.support.Clause;
import dev.mpkit.tck.support.ClauseTests;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.Kit;
import dev.mpkit.tck.support.TimeScale;
import dev.mpkit.tck.support.Timeouts;
import java.io.EOFException;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What a message is: PIPE-04 (whole and in order), PIPE-05 (objects), PIPE-06 to PIPE-08 (bytes, slices, buffers
 * and length limits), PIPE-09 (up to 64 MiB between processes), PIPE-18 and PIPE-19 (what cannot be sent or
 * received as an object) and PIPE-22 (a sender that outpaces its receiver). Random payloads of every size are
 * PIPE-09's property, in {@link PipePropertyClauseTests}.
 */
@ClauseTests
class PipeMessageClauseTests {

    /** PIPE-04: how many Integers a child sends on each pipe. */
    static final int COUNT = 3000;
    /** PIPE-09: the sizes each route carries, in order: the edges of small writes, of 64 KiB, and 64 MiB. */
    static final int[] SIZES = {0, 1, 4095, 4096, 4097, 65535, 65536, 65537, (1 << 20) + 3, PipeTargets.MIB_64};
    /** PIPE-09: the size of the byte[] sent as an object. */
    static final int OBJECT_SIZE = 16 << 20;
    /** PIPE-22: how many messages, and of how many bytes, the child sends before the parent receives any. */
    static final int OUTPACE_COUNT = 1000;
    static final int OUTPACE_SIZE = 1000;
    /** PIPE-22: how long no send() may return before the child counts as waiting. */
    static final long STALL_MILLIS = TimeScale.millis(300).toMillis();

    // ------------------------------------------------------------------------------------------ PIPE-04

    /**
     * sendBytes("a"), ("b"), ("cd") arrive as three messages, "a", "b" and "cd", and nothing more, on both kinds of
     * pipe and both directions of a two-way one.
     * <p>If this fails, check that every message is framed (a length, then the body) and read whole.
     */
    @Clause("PIPE-04")
    @Test
    void pipe04_messagesAreNeverMergedOrSplit(MultiprocessingContext mp) throws Exception {
        Pipe twoWay = mp.newPipe(true);
        Pipe oneWay = mp.newPipe(false);
        try {
            for (PipeChecks.Way way : PipeChecks.ways(twoWay, oneWay)) {
                prompt("[PIPE-04] three sendBytes() on the " + way, () -> {
                    for (String m : new String[] {"a", "b", "cd"}) {
                        way.from.sendBytes(PipeTargets.bytes(m));
                    }
                    return null;
                });
                List<String> got = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    got.add(PipeTargets.text(prompt("[PIPE-04] recvBytes() on the " + way, way.to::recvBytes)));
                }
                assertEquals(List.of("a", "b", "cd"), got, "[PIPE-04] the messages received on the " + way
                        + " after sendBytes(\"a\"), (\"b\"), (\"cd\")");
                assertNothingPending("PIPE-04", way.to, "after the three messages sent on the " + way + " were"
                        + " received");
            }
        } finally {
            PipeChecks.close(twoWay, oneWay);
        }
    }

    /**
     * 3000 send(i) from a child, on a one-way pipe and then on a two-way one, arrive in the parent in order, each
     * whole.
     * <p>If this fails, check that a pipe is a single FIFO channel and that the receiver never drops or reorders a
     * message while the sender keeps it full.
     */
    @Clause("PIPE-04")
    @Test
    void pipe04_thousandsOfMessagesFromAChildArriveInOrder(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        Pipe oneWay = mp.newPipe(false);
        Pipe twoWay = mp.newPipe(true);
        ChildProcess p = mp.newProcess(PipeTargets::sendCounting, log, COUNT, oneWay.writer(), twoWay.right());
        try {
            p.start();
            for (Connection from : new Connection[] {oneWay.reader(), twoWay.left()}) {
                String kind = from == oneWay.reader() ? "one-way" : "two-way";
                List<Object> got = bounded("[PIPE-04] " + COUNT + " recv() of a " + kind + " pipe", () -> {
                    List<Object> r = new ArrayList<>();
                    for (int i = 0; i < COUNT; i++) {
                        r.add(from.recv());
                    }
                    return r;
                });
                for (int i = 0; i < COUNT; i++) {
                    if (!Integer.valueOf(i).equals(got.get(i))) {
                        fail("[PIPE-04] message " + i + " of " + COUNT + " that a child sent on a " + kind + " pipe"
                                + " arrived as " + got.get(i) + "; the messages around it: "
                                + got.subList(Math.max(0, i - 3), Math.min(COUNT, i + 4)));
                    }
                }
            }
            assertExitedNormally("PIPE-04", p, log);
            assertNothingPending("PIPE-04", oneWay.reader(), "after " + COUNT + " messages were received");
            assertNothingPending("PIPE-04", twoWay.left(), "after " + COUNT + " messages were received");
        } finally {
            PipeChecks.cleanup(List.of(p), oneWay, twoWay);
        }
    }

    // ------------------------------------------------------------------------------------------ PIPE-05

    /** PIPE-05: a user class, serializable, with value equality. */
    static final class Parcel implements Serializable {
        private static final long serialVersionUID = 1L;
        final int id;
        final String label;
        final List<Object> contents;

        Parcel(int id, String label, List<Object> contents) {
            this.id = id;
            this.label = label;
            this.contents = contents;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Parcel && ((Parcel) o).id == id && Objects.equals(((Parcel) o).label, label)
                    && deepEquals(((Parcel) o).contents, contents);
        }

        @Override
        public int hashCode() {
            return id;
        }

        @Override
        public String toString() {
            return "Parcel(" + id + ", " + label + ", " + contents + ")";
        }
    }

    /** Equality that looks into arrays, also inside lists and maps. */
    static boolean deepEquals(Object a, Object b) {
        if (a instanceof List && b instanceof List) {
            List<?> x = (List<?>) a;
            List<?> y = (List<?>) b;
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!deepEquals(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map && b instanceof Map) {
            Map<?, ?> x = (Map<?, ?>) a;
            Map<?, ?> y = (Map<?, ?>) b;
            if (!x.keySet().equals(y.keySet())) {
                return false;
            }
            for (Object k : x.keySet()) {
                if (!deepEquals(x.get(k), y.get(k))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Object[] && b instanceof Object[]) {
            Object[] x = (Object[]) a;
            Object[] y = (Object[]) b;
            if (x.getClass() != y.getClass() || x.length != y.length) {
                return false;
            }
            for (int i = 0; i < x.length; i++) {
                if (!deepEquals(x[i], y[i])) {
                    return false;
                }
            }
            return true;
        }
        return Objects.deepEquals(a, b);
    }

    /** PIPE-05's values, by name: each kind of object the clause lists. */
    static Map<String, Object> values() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("null", null);
        v.put("empty string", "");
        v.put("string", "héllo ✓ \u0000 end");
        v.put("Integer", 42);
        v.put("Integer.MIN_VALUE", Integer.MIN_VALUE);
        v.put("Long", Long.MAX_VALUE);
        v.put("Short", (short) -7);
        v.put("Byte", (byte) -128);
        v.put("Character", 'λ');
        v.put("Boolean", Boolean.TRUE);
        v.put("Float", 1.5f);
        v.put("Double -0.0", -0.0d);
        v.put("Double NaN", Double.NaN);
        v.put("BigInteger", new BigInteger("123456789012345678901234567890"));
        v.put("BigDecimal", new BigDecimal("-3.14159"));
        v.put("byte[]", new byte[] {0, -1, 127, -128});
        v.put("empty byte[]", new byte[0]);
        v.put("int[]", new int[] {1, -2, Integer.MAX_VALUE});
        v.put("long[]", new long[] {Long.MIN_VALUE, 0, 3});
        v.put("double[]", new double[] {0.5, -0.0, Double.POSITIVE_INFINITY});
        v.put("String[]", new String[] {"a", null, ""});
        v.put("Object[]", new Object[] {1, "two", null, 3.0});
        v.put("ArrayList", new ArrayList<>(Arrays.asList(1, "two", null, 4L)));
        v.put("List.of", List.of(1, 2, 3));
        v.put("empty list", new ArrayList<>());
        v.put("HashMap", new HashMap<>(Map.of("a", 1, "b", List.of("x"))));
        v.put("TreeMap", new TreeMap<>(Map.of(3, "three", 1, "one")));
        v.put("LinkedHashSet", new LinkedHashSet<>(List.of("z", "y", "x")));
        v.put("user class", new Parcel(7, "seven", List.of("a", 1)));
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("list", new ArrayList<>(List.of(new int[] {1, 2}, List.of("deep", new byte[] {9}))));
        nested.put("parcel", new Parcel(8, null, new ArrayList<>(List.of(new Parcel(9, "inner", List.of())))));
        nested.put("map", new HashMap<>(Map.of("k", new String[] {"v"})));
        nested.put("null", null);
        v.put("nested", nested);
        return v;
    }

    /**
     * recv() returns an equal copy of what send() sent, on both kinds of pipe and both directions of a two-way one:
     * null, strings, boxed numbers, arrays, lists, maps, a user Serializable class and all of them nested; an array,
     * a collection or a user object arrives as a distinct object.
     * <p>If this fails, check the encoding of the type named: a compact form must decode to an equal object of a
     * type that compares equal (Long stays Long, -0.0 stays -0.0, an int[] stays an int[]).
     */
    @Clause("PIPE-05")
    @Test
    void pipe05_recvReturnsAnEqualCopyOfWhatWasSent(MultiprocessingContext mp) throws Exception {
        Pipe twoWay = mp.newPipe(true);
        Pipe oneWay = mp.newPipe(false);
        try {
            for (PipeChecks.Way way : PipeChecks.ways(twoWay, oneWay)) {
                for (Map.Entry<String, Object> v : values().entrySet()) {
                    Object sent = v.getValue();
                    Object got = transfer("PIPE-05", way, sent, v.getKey());
                    assertTrue(deepEquals(sent, got), "[PIPE-05] the " + v.getKey() + " " + show(sent) + " sent on"
                            + " the " + way + " arrived as " + show(got)
                            + (got == null ? "" : " (" + got.getClass().getName() + ")"));
                    if (sent != null && (sent.getClass().isArray() || sent instanceof java.util.Collection
                            || sent instanceof Map || sent instanceof Parcel)) {
                        assertNotSame(sent, got, "[PIPE-05] recv() returned the very " + v.getKey() + " object that"
                                + " send() got on the " + way + "; expected a copy");
                    }
                }
                assertNothingPending("PIPE-05", way.to, "after every object sent on the " + way + " was received");
            }
        } finally {
            PipeChecks.close(twoWay, oneWay);
        }
    }

    /** Sends {@code obj} on {@code way} and receives it, each at once. */
    static Object transfer(String clause, PipeChecks.Way way, Object obj, String what) throws Exception {
        prompt("[" + clause + "] send() of the " + what + " on the " + way, () -> {
            way.from.send(obj);
            return null;
        });
        return prompt("[" + clause + "] recv() of the " + what + " on the " + way, way.to::recv);
    }

    static String show(Object o) {
        if (o instanceof Object[]) {
            return Arrays.deepToString((Object[]) o);
        }
        if (o != null && o.getClass().isArray()) {
            return Arrays.deepToString(new Object[] {o});
        }
        return String.valueOf(o);
    }

    // ------------------------------------------------------------------------------------------ PIPE-06

    /**
     * sendBytes(buf, offset, size) sends exactly that slice, an empty slice included, on both kinds of pipe; a
     * negative or out-of-range offset or size throws IndexOutOfBoundsException "[PIPE-06] …" and sends nothing.
     * <p>If this fails, check the bounds before anything is written: offset in [0, length], size in [0, length -
     * offset], without int overflow.
     */
    @Clause("PIPE-06")
    @Test
    void pipe06_sendBytesSendsExactlyTheSliceAndRefusesBadBounds(MultiprocessingContext mp) throws Exception {
        byte[] buf = PipeTargets.bytes("abcdefghij");
        Pipe twoWay = mp.newPipe(true);
        Pipe oneWay = mp.newPipe(false);
        try {
            for (PipeChecks.Way way : PipeChecks.ways(twoWay, oneWay)) {
                prompt("[PIPE-06] sendBytes() of slices on the " + way, () -> {
                    way.from.sendBytes(buf, 2, 3);
                    way.from.sendBytes(buf, 10, 0);
                    way.from.sendBytes(buf, 0, 10);
                    way.from.sendBytes(new byte[0]);
                    way.from.sendBytes(buf, 9, 1);
                    return null;
                });
                List<String> got = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    got.add(PipeTargets.text(prompt("[PIPE-06] recvBytes() on the " + way, way.to::recvBytes)));
                }
                assertEquals(List.of("cde", "", "abcdefghij", "", "j"), got, "[PIPE-06] the messages received on"
                        + " the " + way + " after sendBytes(\"abcdefghij\", 2, 3), (…, 10, 0), (…, 0, 10),"
                        + " (new byte[0]) and (…, 9, 1)");
                int[][] bad = {{-1, 3}, {0, -1}, {11, 0}, {5, 6}, {10, 1}, {1, Integer.MAX_VALUE},
                        {Integer.MAX_VALUE, 1}, {Integer.MIN_VALUE, 0}};
                for (int[] b : bad) {
                    String call = "sendBytes(10 bytes, " + b[0] + ", " + b[1] + ")";
                    Throwable t = thrownBy("[PIPE-06] " + call + " on the " + way,
                            () -> way.from.sendBytes(buf, b[0], b[1]));
                    assertRefused("PIPE-06", IndexOutOfBoundsException.class, "[PIPE-06]", t, call + " on the "
                            + way);
                }
                assertNothingPending("PIPE-06", way.to, "after sendBytes() with bad bounds on the " + way + ": one"
                        + " of them sent something");
                assertStillCarries("PIPE-06", way, "after", "after sendBytes() with bad bounds");
            }
        } finally {
            PipeChecks.close(twoWay, oneWay);
        }
    }

    // ------------------------------------------------------------------------------------------ PIPE-07

    /**
     * recvBytesInto(buf, offset) writes the message at offset, leaves the rest of buf alone and returns the
     * length; a message that does not fit throws BufferTooShortException "[PIPE-07] message of N bytes does not fit
     * into buffer of M bytes at offset K" with the whole message, and the connection stays usable; an offset below
     * 0 or above buf.length throws IndexOutOfBoundsException "[PIPE-07] …" and consumes nothing.
     * <p>If this fails, check that the length is compared with buf.length - offset after the message was read whole,
     * and that the offset is checked before anything is read.
     */
    @Clause("PIPE-07")
    @Test
    void pipe07_recvBytesIntoWritesAtTheOffsetOrThrowsWithTheWholeMessage(MultiprocessingContext mp)
            throws Exception {
        byte[] message = PipeTargets.bytes("0123456789");
        Pipe twoWay = mp.newPipe(true);
        Pipe oneWay = mp.newPipe(false);
        try {
            for (PipeChecks.Way way : PipeChecks.ways(twoWay, oneWay)) {
                String on = " on the " + way;
                byte[] buf = new byte[16];
                Arrays.fill(buf, (byte) 'x');
                send(way, message, message, new byte[0]);
                int n = prompt("[PIPE-07] recvBytesInto(16 bytes, 3)" + on, () -> way.to.recvBytesInto(buf, 3));
                assertEquals(10, n, "[PIPE-07] what recvBytesInto(buf, 3) returned for a message of 10 bytes" + on);
                assertEquals("xxx0123456789xxx", PipeTargets.text(buf), "[PIPE-07] the buffer after"
                        + " recvBytesInto(buf, 3) of \"0123456789\"" + on);
                byte[] exact = new byte[10];
                int m = prompt("[PIPE-07] recvBytesInto(10 bytes)" + on, () -> way.to.recvBytesInto(exact));
                assertEquals(10, m, "[PIPE-07] what recvBytesInto(buf) returned for a message that fills buf" + on);
                assertArrayEquals(message, exact, "[PIPE-07] the buffer after recvBytesInto(buf) of a message that"
                        + " fills it" + on);
                int z = prompt("[PIPE-07] recvBytesInto(buf, buf.length)" + on,
                        () -> way.to.recvBytesInto(exact, exact.length));
                assertEquals(0, z, "[PIPE-07] what recvBytesInto(buf, buf.length) returned for an empty message" + on);

                for (int[] mk : new int[][] {{8, 2}, {10, 1}, {0, 0}}) {
                    send(way, message);
                    byte[] small = new byte[mk[0]];
                    String call = "recvBytesInto(" + mk[0] + " bytes, " + mk[1] + ")";
                    Throwable t = thrownBy("[PIPE-07] " + call + on, () -> way.to.recvBytesInto(small, mk[1]));
                    assertRefused("PIPE-07", BufferTooShortException.class, "[PIPE-07] message of 10 bytes does not"
                            + " fit into buffer of " + mk[0] + " bytes at offset " + mk[1], t, call + " of a message"
                            + " of 10 bytes" + on);
                    assertArrayEquals(message, ((BufferTooShortException) t).fullMessage(), "[PIPE-07]"
                            + " fullMessage() of the BufferTooShortException of " + call + on);
                    assertStillCarries("PIPE-07", way, "usable", "after BufferTooShortException of " + call);
                }

                send(way, PipeTargets.bytes("still here"));
                for (int off : new int[] {-1, 17, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
                    String call = "recvBytesInto(16 bytes, " + off + ")";
                    Throwable t = thrownBy("[PIPE-07] " + call + on, () -> way.to.recvBytesInto(buf, off));
                    assertRefused("PIPE-07", IndexOutOfBoundsException.class, "[PIPE-07]", t, call + on);
                }
                byte[] kept = prompt("[PIPE-07] recvBytes()" + on, way.to::recvBytes);
                assertEquals("still here", PipeTargets.text(kept), "[PIPE-07] recvBytesInto() with a bad offset"
                        + " consumed or changed the pending message" + on + ": recvBytes() then returned "
                        + PipeChecks.show(kept));
                assertNothingPending("PIPE-07", way.to, "after every message sent" + on + " was received");
            }
        } finally {
            PipeChecks.close(twoWay, oneWay);
        }
    }

    /** Sends each of {@code messages} with sendBytes() on {@code way}, at once. */
    static void send(PipeChecks.Way way, byte[]... messages) throws Exception {
        prompt("kit: sendBytes() on the " + way, () -> {
            for (byte[] m : messages) {
                way.from.sendBytes(m);
            }
            return null;
        });
    }

    // ------------------------------------------------------------------------------------------ PIPE-08

    /**
     * recvBytes(maxLength) accepts a message of exactly maxLength bytes (an empty one with maxLength 0) and refuses
     * a negative maxLength with IllegalArgumentException "[PIPE-08] maxLength must be >= 0, was -1", consuming
     * nothing.
     * <p>If this fails, check that the limit is inclusive and that the argument is checked before anything is read.
     */
    @Clause("PIPE-08")
    @Test
    void pipe08_maxLengthIsInclusiveAndNotNegative(MultiprocessingContext mp) throws Exception {
        Pipe twoWay = mp.newPipe(true);
        Pipe oneWay = mp.newPipe(false);
        try {
            for (PipeChecks.Way way : PipeChecks.ways(twoWay, oneWay)) {
                String on = " on the " + way;
                send(way, PipeTargets.bytes("12345"), new byte[0], PipeTargets.bytes("kept"));
                assertEquals("12345", PipeTargets.text(prompt("[PIPE-08] recvBytes(5)" + on,
                        () -> way.to.recvBytes(5))), "[PIPE-08] recvBytes(5) of a message of 5 bytes" + on);
                assertEquals(0, prompt("[PIPE-08] recvBytes(0)" + on, () -> way.to.recvBytes(0)).length,
                        "[PIPE-08] recvBytes(0) of an empty message" + on);
                Throwable t = thrownBy("[PIPE-08] recvBytes(-1)" + on, () -> way.to.recvBytes(-1));
                assertRefused("PIPE-08", IllegalArgumentException.class, "[PIPE-08] maxLength must be >= 0, was -1",
                        t, "recvBytes(-1)" + on);
                assertTrue(way.to.isReadable() && !way.to.isClosed(), "[PIPE-08] recvBytes(-1) changed the"
                        + " receiving end" + on + ": readable=" + way.to.isReadable() + " closed=" + way.to.isClosed());
                assertEquals("kept", PipeTargets.text(prompt("[PIPE-08] recvBytes()" + on, way.to::recvBytes)),
                        "[PIPE-08] the message pending when recvBytes(-1) was refused" + on);
            }
        } finally {
            PipeChecks.close(twoWay, oneWay);
        }
    }

    /**
     * A message longer than maxLength makes recvBytes(maxLength) throw IOException "[PIPE-08] bad message length: 6
     * bytes, maxLength 5"; then an end of a two-way pipe is send-only (not readable; recv(), and every other receive
     * and poll(), throws "[PIPE-03] connection is write-only"; send() still works) and the reader of a one-way pipe
     * is closed.
     * <p>If this fails, check what the end does after refusing the message: it can no longer find the next message's
     * start, so it must stop receiving, not go on reading from the middle of a message.
     */
    @Clause("PIPE-08")
    @Test
    void pipe08_tooLongMessageStopsTheEndFromReceiving(MultiprocessingContext mp) throws Exception {
        Pipe twoWay = mp.newPipe(true);
        Pipe oneWay = mp.newPipe(false);
        try {
            for (PipeChecks.Way way : List.of(PipeChecks.ways(twoWay, oneWay).get(1),
                    PipeChecks.ways(twoWay, oneWay).get(2))) {
                String on = " on the " + way;
                send(way, PipeTargets.bytes("123456"), PipeTargets.bytes("next"));
                Throwable t = thrownBy("[PIPE-08] recvBytes(5)" + on, () -> way.to.recvBytes(5));
                assertRefused("PIPE-08", IOException.class, "[PIPE-08] bad message length: 6 bytes, maxLength 5", t,
                        "recvBytes(5) of a message of 6 bytes" + on);
                if (way.to == twoWay.left()) {
                    Connection end = way.to;
                    assertFalse(end.isReadable(), "[PIPE-08] a two-way end is still readable after recvBytes(5)"
                            + " refused a message of 6 bytes");
                    assertTrue(end.isWritable() && !end.isClosed(), "[PIPE-08] a two-way end that refused a"
                            + " too-long message is not send-only: writable=" + end.isWritable() + " closed="
                            + end.isClosed());
                    Map<String, BoundedCalls.Action> receives = new LinkedHashMap<>();
                    receives.put("recv()", end::recv);
                    receives.put("recvBytes()", end::recvBytes);
                    receives.put("recvBytesInto(buf)", () -> end.recvBytesInto(new byte[16]));
                    receives.put("poll()", end::poll);
                    for (Map.Entry<String, BoundedCalls.Action> call : receives.entrySet()) {
                        Throwable r = thrownBy("[PIPE-08] " + call.getKey() + " after a too-long message",
                                call.getValue());
                        assertRefused("PIPE-08", IllegalStateException.class, "[PIPE-03] connection is write-only", r,
                                call.getKey() + " on a two-way end after recvBytes(5) refused a message of 6 bytes");
                    }
                    assertStillCarries("PIPE-08", PipeChecks.ways(twoWay, oneWay).get(0), "still sends",
                            "(left to right, after the left end refused a too-long message)");
                } else {
                    assertTrue(way.to.isClosed(), "[PIPE-08] the reader of a one-way pipe is not closed after"
                            + " recvBytes(5) refused a message of 6 bytes");
                }
            }
        } finally {
            PipeChecks.close(twoWay, oneWay);
        }
    }

    // ------------------------------------------------------------------------------------------ PIPE-09

    /**
     * Messages of 0 bytes to 64 MiB arrive intact between processes in both directions of both kinds of pipe, and
     * a 16 MiB byte[] sent as an object arrives equal.
     * <p>If this fails, check that large messages are written and read in a loop until complete (a pipe takes
     * 64 KiB at a time), that the length header holds sizes above 16 bits, and that no buffer is reused before its
     * bytes were sent.
     */
    @Clause("PIPE-09")
    @Test
    void pipe09_messagesUpTo64MiBArriveIntactBetweenProcesses(MultiprocessingContext mp, Kit kit)
            throws Exception {
        EventLog log = kit.newEventLog();
        long seed = System.nanoTime();
        Pipe up = mp.newPipe(false);
        Pipe twoWay = mp.newPipe(true);
        Pipe down = mp.newPipe(false);
        ChildProcess p = mp.newProcess(PipeTargets::bigPayloads, log, seed, SIZES, up.writer(), twoWay.right(),
                down.reader(), OBJECT_SIZE);
        try {
            p.start();
            for (int route = 0; route < 2; route++) {
                Connection from = route == 0 ? up.reader() : twoWay.left();
                String kind = route == 0 ? "one-way" : "two-way";
                for (int i = 0; i < SIZES.length; i++) {
                    int n = i;
                    byte[] got = bounded("[PIPE-09] recvBytes() of message " + i + " (" + SIZES[i] + " bytes) from a"
                            + " child on a " + kind + " pipe", from::recvBytes);
                    byte[] expected = PipeTargets.payload(seed + route, n, SIZES[n]);
                    if (!Arrays.equals(expected, got)) {
                        fail("[PIPE-09] message " + i + " of " + SIZES[i] + " bytes that a child sent on a " + kind
                                + " pipe arrived as " + PipeChecks.difference(expected, got) + "; sizes in order: "
                                + Arrays.toString(SIZES) + ", seed " + seed);
                    }
                }
            }
            Object object = bounded("[PIPE-09] recv() of a " + OBJECT_SIZE + "-byte byte[] from a child",
                    twoWay.left()::recv);
            byte[] expectedObject = PipeTargets.payload(seed + 2, 0, OBJECT_SIZE);
            assertTrue(object instanceof byte[] && Arrays.equals(expectedObject, (byte[]) object), "[PIPE-09] a byte[]"
                    + " of " + OBJECT_SIZE + " bytes that a child sent as an object arrived as " + (object instanceof
                    byte[] ? PipeChecks.difference(expectedObject, (byte[]) object) : String.valueOf(object)));
            kit.awaitEvent(log, "sent all");
            for (int route = 0; route < 2; route++) {
                Connection to = route == 0 ? twoWay.left() : down.writer();
                String kind = route == 0 ? "two-way" : "one-way";
                for (int i = 0; i < SIZES.length; i++) {
                    byte[] b = PipeTargets.payload(seed + 3 + route, i, SIZES[i]);
                    boundedRun("[PIPE-09] sendBytes() of message " + i + " (" + SIZES[i] + " bytes) to a child on a "
                            + kind + " pipe", () -> to.sendBytes(b));
                }
            }
            for (int route = 0; route < 2; route++) {
                String kind = route == 0 ? "two-way" : "one-way";
                for (int i = 0; i < SIZES.length; i++) {
                    String expected = PipeTargets.describe(PipeTargets.payload(seed + 3 + route, i, SIZES[i]));
                    assertEquals(expected, kit.awaitValue(log, "got " + kind + " " + i + " "), "[PIPE-09] message "
                            + i + " of " + SIZES[i] + " bytes that the parent sent to a child on a " + kind + " pipe,"
                            + " as the child received it; sizes in order: " + Arrays.toString(SIZES) + ", seed "
                            + seed);
                }
            }
            assertExitedNormally("PIPE-09", p, log);
        } finally {
            PipeChecks.cleanup(List.of(p), up, twoWay, down);
        }
    }

    // ------------------------------------------------------------------------------------------ PIPE-18

    /** PIPE-18: a class that is not Serializable. */
    static final class Unserializable {
        @Override
        public String toString() {
            return "an Unserializable";
        }
    }

    /** PIPE-18: a Serializable class with a field that is not. */
    static final class HoldsUnserializable implements Serializable {
        private static final long serialVersionUID = 1L;
        @SuppressWarnings("serial")
        final Object field = new Unserializable();
    }

    /**
     * send() of an object that cannot be serialized, at the top, in a list or in a field, throws
     * IllegalArgumentException "[PIPE-18] cannot send …: … is not serializable" naming the class, in the caller;
     * nothing is sent and the connection stays usable.
     * <p>If this fails, check that send() serializes the whole object before it writes any of it, and turns
     * NotSerializableException into IllegalArgumentException.
     */
    @Clause("PIPE-18")
    @Test
    void pipe18_unserializableObjectFailsInSendAndNothingIsSent(MultiprocessingContext mp) throws Exception {
        Pipe twoWay = mp.newPipe(true);
        Pipe oneWay = mp.newPipe(false);
        try {
            for (PipeChecks.Way way : PipeChecks.ways(twoWay, oneWay)) {
                Map<String, Object> objects = new LinkedHashMap<>();
                objects.put("an Unserializable", new Unserializable());
                objects.put("a list holding an Unserializable", new ArrayList<>(List.of(1, new Unserializable())));
                objects.put("a Serializable whose field is an Unserializable", new HoldsUnserializable());
                for (Map.Entry<String, Object> o : objects.entrySet()) {
                    String call = "send(" + o.getKey() + ") on the " + way;
                    Throwable t = thrownBy("[PIPE-18] " + call, () -> way.from.send(o.getValue()));
                    assertRefused("PIPE-18", IllegalArgumentException.class, "[PIPE-18] cannot send ", t, call);
                    assertTrue(t.getMessage().contains("is not serializable")
                            && t.getMessage().contains(Unserializable.class.getSimpleName()), "[PIPE-18] " + call
                            + " threw IllegalArgumentException whose message does not say \"… is not serializable\""
                            + " naming the class " + Unserializable.class.getName() + ": " + t.getMessage());
                    assertNothingPending("PIPE-18", way.to, "after " + call + " was refused: part of it was sent");
                    assertTrue(way.from.isWritable() && !way.from.isClosed(), "[PIPE-18] " + call + " closed the"
                            + " end or made it not writable");
                }
                Object after = transfer("PIPE-18", way, List.of("after", 1), "list after the refused sends");
                assertEquals(List.of("after", 1), after, "[PIPE-18] the object sent after the refused sends on the "
                        + way);
            }
        } finally {
            PipeChecks.close(twoWay, oneWay);
        }
    }

    // ------------------------------------------------------------------------------------------ PIPE-19

    /**
     * recvBytes() of a send() message returns its serialized form, not empty, which recv() turns back into the
     * object when it comes back through sendBytes(); bytes that are not an object message (garbage, empty, a
     * truncated serialized form) make recv() throw IOException "[PIPE-19] …", not EOFException; each is consumed and
     * the connection stays usable.
     * <p>If this fails, check that decoding errors of every kind (corrupt stream, unexpected end of the bytes, an
     * unknown tag) are caught and turned into one IOException, after the message was taken off the pipe.
     */
    @Clause("PIPE-19")
    @Test
    void pipe19_bytesThatAreNotAnObjectFailInRecvAndAreConsumed(MultiprocessingContext mp) throws Exception {
        Pipe twoWay = mp.newPipe(true);
        Pipe oneWay = mp.newPipe(false);
        try {
            for (PipeChecks.Way way : PipeChecks.ways(twoWay, oneWay)) {
                String on = " on the " + way;
                prompt("[PIPE-19] send(\"hello\")" + on, () -> {
                    way.from.send("hello");
                    return null;
                });
                byte[] form = prompt("[PIPE-19] recvBytes() of a send() message" + on, way.to::recvBytes);
                assertTrue(form.length > 0, "[PIPE-19] recvBytes() of the message of send(\"hello\") returned no"
                        + " bytes" + on);
                send(way, form);
                assertEquals("hello", prompt("[PIPE-19] recv()" + on, way.to::recv), "[PIPE-19] recv() of the"
                        + " serialized form of \"hello\", as recvBytes() returned it, sent back with sendBytes()" + on);
                Map<String, byte[]> garbage = new LinkedHashMap<>();
                garbage.put("\"not an object\"", PipeTargets.bytes("not an object"));
                garbage.put("an empty message", new byte[0]);
                garbage.put("the serialized form of \"hello\" without its last byte",
                        Arrays.copyOf(form, form.length - 1));
                garbage.put("a Java serialization header and junk",
                        new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5, 0x73, 0x72, 0, 9, 'j', 'u', 'n', 'k'});
                for (Map.Entry<String, byte[]> g : garbage.entrySet()) {
                    send(way, g.getValue());
                    String call = "recv() of " + g.getKey() + " sent with sendBytes()" + on;
                    Throwable t = thrownBy("[PIPE-19] " + call, way.to::recv);
                    assertRefused("PIPE-19", IOException.class, "[PIPE-19]", t, call);
                    assertFalse(t instanceof EOFException, "[PIPE-19] " + call + " threw EOFException, which"
                            + " says end of stream, while the other end is open: " + t);
                    assertNothingPending("PIPE-19", way.to, "after " + call + " threw: the message was not"
                            + " consumed");
                    Object ok = transfer("PIPE-19", way, List.of("ok", 19), "list after the failed recv()");
                    assertEquals(List.of("ok", 19), ok, "[PIPE-19] the object sent after " + call + " threw");
                }
            }
        } finally {
            PipeChecks.close(twoWay, oneWay);
        }
    }

    // ------------------------------------------------------------------------------------------ PIPE-22

    /**
     * A child sends 1000 messages of 1000 bytes on a one-way and then on a two-way pipe as fast as it can; the
     * parent starts to receive only once the child waits in send() or has sent them all, and then receives all
     * of them, intact and in order.
     * <p>If this fails, check that send() waits while the pipe is full rather than dropping or failing, and that a
     * partly written message is completed before the next one starts.
     */
    @Clause("PIPE-22")
    @Test
    void pipe22_senderThatOutpacesItsReceiverWaitsAndLosesNothing(MultiprocessingContext mp, Kit kit)
            throws Exception {
        EventLog log = kit.newEventLog();
        Pipe oneWay = mp.newPipe(false);
        Pipe twoWay = mp.newPipe(true);
        ChildProcess p = mp.newProcess(PipeTargets::outpace, log, OUTPACE_COUNT, OUTPACE_SIZE, STALL_MILLIS,
                "one-way", oneWay.writer(), "two-way", twoWay.right());
        try {
            p.start();
            for (String kind : new String[] {"one-way", "two-way"}) {
                Connection from = kind.equals("one-way") ? oneWay.reader() : twoWay.left();
                Timeouts.eventually("PIPE-22 the child waits in send() or has sent all on the " + kind + " pipe")
                        .until(() -> log.has("sent all " + kind) || !log.startingWith("stalled " + kind).isEmpty()
                                || !log.startingWith("child threw").isEmpty());
                assertTrue(log.startingWith("child threw").isEmpty(), "[PIPE-22] the child's send() failed while"
                        + " nobody received: " + log.events());
                List<byte[]> got = bounded("[PIPE-22] " + OUTPACE_COUNT + " recvBytes() on the " + kind + " pipe",
                        () -> {
                            List<byte[]> r = new ArrayList<>();
                            for (int i = 0; i < OUTPACE_COUNT; i++) {
                                r.add(from.recvBytes());
                            }
                            return r;
                        });
                int[] header = new int[2];
                for (int i = 0; i < OUTPACE_COUNT; i++) {
                    String wrong = PipeTargets.checkNumbered(got.get(i), header);
                    if (wrong == null && header[1] != i) {
                        wrong = "message " + header[1] + " arrived in place " + i;
                    }
                    if (wrong != null) {
                        fail("[PIPE-22] of " + OUTPACE_COUNT + " messages of " + OUTPACE_SIZE + " bytes that a child"
                                + " sent on a " + kind + " pipe before the parent received any: " + wrong
                                + "; events: " + log.events());
                    }
                }
                kit.awaitEvent(log, "sent all " + kind);
            }
            assertExitedNormally("PIPE-22", p, log);
            assertNothingPending("PIPE-22", oneWay.reader(), "after all messages were received");
            assertNothingPending("PIPE-22", twoWay.left(), "after all messages were received");
        } finally {
            PipeChecks.cleanup(List.of(p), oneWay, twoWay);
        }
    }
}
