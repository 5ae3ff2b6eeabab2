package dev.mpkit.ref.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The codec's forms: compact ones round-trip equal, the rest goes through java.io, garbage is an IOException. */
class CodecTests {

    private static Object roundTrip(Object o) throws IOException {
        byte[] form = Codec.encode(o);
        assertTrue(form.length > 0, "a form is never empty");
        return Codec.decode(form, 0, form.length);
    }

    @Test
    void scalarsRoundTripInCompactForm() throws IOException {
        Object[] values = {null, true, false, (byte) -3, (short) -30000, 'x', '\uD800', 0, -1, Integer.MIN_VALUE,
            Long.MAX_VALUE, -0.0f, Float.NaN, Double.MIN_VALUE, Double.NaN, "", "abc", "caf\u00e9",
            "\u65e5\u672c\uD83D\uDE00", "\uDC00 lone surrogate"};
        for (Object v : values) {
            assertEquals(v, roundTrip(v), String.valueOf(v));
            if (v != null) {
                assertEquals(v.getClass(), roundTrip(v).getClass());
                assertTrue(Codec.encode(v)[0] != (byte) 0xAC, "compact form for " + v.getClass());
            }
        }
        assertEquals(5, Codec.encode(42).length);
    }

    @Test
    void arraysRoundTripAsCopies() throws IOException {
        byte[] b = {1, 2, 3};
        Object back = roundTrip(b);
        assertArrayEquals(b, (byte[]) back);
        assertNotSame(b, back);
        assertArrayEquals(new int[] {1, -2, Integer.MAX_VALUE}, (int[]) roundTrip(new int[] {1, -2, Integer.MAX_VALUE}));
        assertArrayEquals(new long[] {1, Long.MIN_VALUE}, (long[]) roundTrip(new long[] {1, Long.MIN_VALUE}));
        assertArrayEquals(new double[] {1.5, Double.NaN}, (double[]) roundTrip(new double[] {1.5, Double.NaN}));
        assertArrayEquals(new byte[0], (byte[]) roundTrip(new byte[0]));
        Object[] mixed = {1, "two", null, new int[] {3}, List.of(4L)};
        Object[] got = (Object[]) roundTrip(mixed);
        assertEquals(Object[].class, got.getClass());
        assertEquals(5, got.length);
        assertEquals(1, got[0]);
        assertEquals("two", got[1]);
        assertArrayEquals(new int[] {3}, (int[]) got[3]);
        assertEquals(List.of(4L), got[4]);
    }

    @Test
    void listsOfTheJdkDecodeAsEqualArrayLists() throws IOException {
        List<Object> nested = new ArrayList<>(List.of(1, "a", List.of(2.0, true)));
        nested.add(null);
        for (List<?> l : List.of(nested, List.of(), List.of(1), List.of(1, 2, 3), Arrays.asList(1, null),
                Collections.unmodifiableList(new ArrayList<>(List.of("x"))), Collections.singletonList(7))) {
            Object back = roundTrip(l);
            assertEquals(ArrayList.class, back.getClass());
            assertEquals(l, back);
        }
    }

    @Test
    void everythingElseGoesThroughJavaIo() throws IOException {
        Map<String, Integer> m = new HashMap<>(Map.of("a", 1));
        assertEquals(m, roundTrip(m));
        assertEquals(new LinkedList<>(List.of(1, 2)), roundTrip(new LinkedList<>(List.of(1, 2))));
        assertEquals(LinkedList.class, roundTrip(new LinkedList<>()).getClass());
        Point p = new Point(3, 4);
        assertEquals(p, roundTrip(p));
        List<Object> withPoint = new ArrayList<>(List.of(1, p));
        assertEquals(withPoint, roundTrip(withPoint));
        assertEquals((byte) 0xAC, Codec.encode(withPoint)[0]);
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        Object back = roundTrip(cyclic);
        assertSame(back, ((List<?>) back).get(0));
    }

    @Test
    void aPlainJavaIoStreamDecodes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject("made elsewhere");
        }
        byte[] b = bytes.toByteArray();
        assertEquals("made elsewhere", Codec.decode(b, 0, b.length));
    }

    @Test
    void unserializableObjectsAreRefusedByName() {
        NotSerializableException e = assertThrows(NotSerializableException.class, () -> Codec.encode(new Object()));
        assertEquals("java.lang.Object", e.getMessage());
        assertThrows(NotSerializableException.class, () -> Codec.encode(List.of(1, new Object())));
    }

    @Test
    void aHandlesRefusalPassesUnchanged() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Codec.encode(List.of(new Refusing())));
        assertEquals("[X-01] refused", e.getMessage());
    }

    @Test
    void garbageIsAlwaysAnIoException() {
        Random r = new Random(4);
        List<byte[]> seeds = new ArrayList<>();
        for (Object o : new Object[] {List.of(1, "abc", new long[] {5}), new Point(1, 2), new HashMap<>(Map.of(1, 2)),
            new Object[] {new int[] {1, 2}, "x\u1234"}}) {
            try {
                seeds.add(Codec.encode(o));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        for (int i = 0; i < 50_000; i++) {
            byte[] b;
            if (i % 2 == 0) {
                b = new byte[r.nextInt(40)];
                r.nextBytes(b);
                if (b.length > 0 && i % 4 == 0) {
                    b[0] = (byte) r.nextInt(0x14); // a valid tag with garbage after it
                }
            } else {
                byte[] s = seeds.get(r.nextInt(seeds.size()));
                b = Arrays.copyOf(s, r.nextInt(s.length + 4));
                for (int k = r.nextInt(4); k >= 0 && b.length > 0; k--) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt();
                }
            }
            try {
                Codec.decode(b, 0, b.length);
            } catch (java.io.EOFException t) {
                throw new AssertionError("decode of " + Arrays.toString(b) + " said end of stream: " + t, t);
            } catch (IOException expected) {
                // fine
            } catch (Throwable t) {
                throw new AssertionError("decode of " + Arrays.toString(b) + " threw " + t, t);
            }
        }
        assertThrows(IOException.class, () -> Codec.decode(new byte[0], 0, 0));
        byte[] junk = {(byte) 0xAC, (byte) 0xED, 0, 5, 0x73, 0x72, 0, 9, 'j', 'u', 'n', 'k'};
        IOException e = assertThrows(IOException.class, () -> Codec.decode(junk, 0, junk.length));
        assertEquals(IOException.class, e.getClass(), "not an EOFException: " + e);
        assertThrows(IOException.class, () -> Codec.decode(new byte[3], 2, 5));
        assertThrows(IOException.class, () -> Codec.decode(new byte[] {0x0D, 0x7F, -1, -1, -1}, 0, 5));
        assertThrows(IOException.class, () -> Codec.decode(new byte[] {0x07, 0, 0, 0, 1, 9}, 0, 6));
    }

    /** A user class: it goes through java.io. */
    static final class Point implements Serializable {
        private static final long serialVersionUID = 1L;
        final int x;
        final int y;

        Point(int x, int y) {
            this.x = x;
            this.y = y;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Point && ((Point) o).x == x && ((Point) o).y == y;
        }

        @Override
        public int hashCode() {
            return 31 * x + y;
        }
    }

    /** Stands for a handle that refuses to be serialized here. */
    static final class Refusing implements Serializable {
        private static final long serialVersionUID = 1L;

        Object writeReplace() {
            throw new IllegalArgumentException("[X-01] refused");
        }
    }
}
