package dev.mpkit.ref.pool;

import dev.mpkit.ref.codec.Codec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A chunk of Integers travels as an {@code int[]}: four bytes an item, one tight loop to write and read, instead
 * of a tagged form per item. Nothing else changes: the function still receives Integers, and the caller gets
 * Integers back; a chunk with any other item (null included) travels as a list.
 */
/* The hot paths of a map of Integers (a chunk's items in the pool, its results in the worker) read and write that
 * form in place, in one pass, without an int[] or a list in between: intsForm writes a chunk's form straight from
 * the items, INTS_HEADER bytes and then the ints; ints() reads one from a message; putInts() appends one. It is
 * Codec's form of an int[] (tag, count, ints, big-endian), so Codec.decode reads it too. */
final class Packing {

    /** The tag of Codec's form of an {@code int[]}. */
    static final byte INTS = intsTag();
    /** The bytes before the first int of that form: the tag and the count. */
    static final int INTS_HEADER = 5;
    /**
     * How many items a worker's loops handle per call: a worker's JIT (C1, at four times the default thresholds)
     * compiles a method after some hundred calls, but a long loop inside one only after some 240 000 turns, that
     * is several maps of 100 000 items, which would all run interpreted.
     */
    static final int BLOCK = 32;

    private Packing() {}

    private static byte intsTag() {
        try {
            byte[] form = Codec.encode(new int[0]);
            if (form.length != INTS_HEADER) {
                throw new IllegalStateException("Codec's int[] form changed: " + form.length + " bytes for none");
            }
            return form[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The form of {@code items[from, to)} as an {@code int[]} if every one is an Integer, else {@code null}: the
     * same bytes as {@code Codec.encode(pack(...))}, written in one pass.
     */
    static byte[] intsForm(Object[] items, int from, int to) {
        int n = to - from;
        byte[] b = new byte[INTS_HEADER + 4 * n];
        b[0] = INTS;
        putInt(b, 1, n);
        int p = INTS_HEADER;
        for (int i = from; i < to; i++) {
            Object v = items[i];
            if (!(v instanceof Integer)) {
                return null;
            }
            putInt(b, p, (Integer) v);
            p += 4;
        }
        return b;
    }

    /** The number of ints if {@code len} bytes of {@code b} at {@code off} are an int[]'s form, else -1. */
    static int intsCount(byte[] b, int off, int len) {
        if (len < INTS_HEADER || b[off] != INTS) {
            return -1;
        }
        int n = getInt(b, off + 1);
        return n >= 0 && (len - INTS_HEADER) / 4 == n && (len - INTS_HEADER) % 4 == 0 ? n : -1;
    }

    /**
     * Boxes the {@code n} ints of the int[] form at {@code off} into {@code into[at, at + n)}.
     */
    static void ints(byte[] b, int off, int n, Object[] into, int at) {
        int p = off + INTS_HEADER;
        for (int i = 0; i < n; i++) {
            into[at + i] = getInt(b, p);
            p += 4;
        }
    }

    /**
     * Appends the int[] form of {@code values[0, n)} to {@code out}, length-prefixed, if every one is an Integer;
     * else appends nothing and returns false.
     */
    static boolean putInts(Wire.Out out, Object[] values, int n) {
        int len = INTS_HEADER + 4 * n;
        out.room(4 + len);
        byte[] b = out.b;
        int p = out.n;
        putInt(b, p, len);
        b[p + 4] = INTS;
        putInt(b, p + 5, n);
        p += 4 + INTS_HEADER;
        for (int i = 0; i < n && p >= 0; i += BLOCK) {
            p = putIntBlock(b, p, values, i, Math.min(n, i + BLOCK));
        }
        if (p < 0) {
            return false; // out.n is unchanged: the bytes written so far are overwritten by what follows
        }
        out.n = p;
        return true;
    }

    /** Writes {@code values[from, to)} at {@code p}; the position after them, or -1 at the first non-Integer. */
    private static int putIntBlock(byte[] b, int p, Object[] values, int from, int to) {
        for (int i = from; i < to; i++) {
            Object v = values[i];
            if (!(v instanceof Integer)) {
                return -1;
            }
            int x = (Integer) v;
            b[p] = (byte) (x >>> 24);
            b[p + 1] = (byte) (x >>> 16);
            b[p + 2] = (byte) (x >>> 8);
            b[p + 3] = (byte) x;
            p += 4;
        }
        return p;
    }

    static int getInt(byte[] b, int p) {
        return ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }

    static void putInt(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
    }

    /** {@code values} as an {@code int[]} if every one is an Integer, else {@code values} itself. */
    static Object pack(List<?> values) {
        int n = values.size();
        int[] ints = new int[n];
        for (int i = 0; i < n; i++) {
            Object v = values.get(i);
            if (!(v instanceof Integer)) {
                return values;
            }
            ints[i] = (Integer) v;
        }
        return ints;
    }

    /** The list a chunk's decoded form stands for. */
    static List<?> unpack(Object form) {
        if (form instanceof int[]) {
            return new Ints((int[]) form);
        }
        return (List<?>) form;
    }

    /** A read-only list view of an {@code int[]}, boxing on access. */
    private static final class Ints extends AbstractList<Integer> implements RandomAccess {
        private final int[] a;

        Ints(int[] a) {
            this.a = a;
        }

        @Override
        public Integer get(int i) {
            return a[i];
        }

        @Override
        public int size() {
            return a.length;
        }
    }
}
