package dev.mpkit.ref.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How pipes and queues turn objects into bytes and back (PIPE, QUEUE): a compact form for the common types, and
 * {@code java.io} serialization for everything else. The form of an object is self-describing, so that
 * {@link #decode(byte[], int, int)} needs nothing but the bytes.
 */
/* Overview
 *
 * A form starts with one tag byte. Compact forms (all numbers big-endian, lengths and counts 4-byte signed):
 *
 *   0x01 null            0x02 false          0x03 true
 *   0x04 Byte  (1)       0x05 Short (2)      0x06 Character (2)   0x07 Integer (4)   0x08 Long (8)
 *   0x09 Float (4, raw bits)                 0x0A Double (8, raw bits)
 *   0x0B String, every char < 0x100: length, one byte per char
 *   0x0C String, other: length, two bytes per char (UTF-16 code units as they are, unpaired surrogates too)
 *   0x0D byte[]: length, bytes       0x0E int[]       0x0F long[]       0x10 double[] (raw bits)
 *   0x11 list: count, then each element's form; decoded as an ArrayList (equal to an ArrayList, List.of(..),
 *        Arrays.asList(..) or Collections.unmodifiableList(..) it came from)
 *   0x12 Object[]: count, then each element's form
 *
 * Anything else, or a list or array holding anything else, is written by ObjectOutputStream, whose stream starts
 * with the magic 0xACED: its first byte 0xAC is the tag of the java.io form, so a plain java.io stream made
 * elsewhere decodes too. A list or array is compact only if all its elements are, to a nesting depth of 16.
 *
 * decode never trusts a length: each is checked against the bytes left before anything is allocated, and the
 * java.io form runs under a filter that refuses arrays longer than the whole form. Every failure, including
 * runtime exceptions and linkage errors of a class it loads, becomes an IOException.
 */
public final class Codec {

    static final byte NULL = 0x01;
    static final byte FALSE = 0x02;
    static final byte TRUE = 0x03;
    static final byte BYTE = 0x04;
    static final byte SHORT = 0x05;
    static final byte CHAR = 0x06;
    static final byte INT = 0x07;
    static final byte LONG = 0x08;
    static final byte FLOAT = 0x09;
    static final byte DOUBLE = 0x0A;
    static final byte LATIN1 = 0x0B;
    static final byte UTF16 = 0x0C;
    static final byte BYTES = 0x0D;
    static final byte INTS = 0x0E;
    static final byte LONGS = 0x0F;
    static final byte DOUBLES = 0x10;
    static final byte LIST = 0x11;
    static final byte ARRAY = 0x12;
    static final byte JAVA_IO = (byte) 0xAC;

    private static final int MAX_DEPTH = 16;

    /** The JDK's list classes a compact list stands for; never a user's subclass, whose class would be lost. */
    private static final List<Class<?>> LISTS = List.of(ArrayList.class, List.of().getClass(),
            List.of(1).getClass(), List.of(1, 2, 3).getClass(), Arrays.asList().getClass(),
            java.util.Collections.unmodifiableList(new ArrayList<>()).getClass(), java.util.Collections.emptyList()
                    .getClass(), java.util.Collections.singletonList(1).getClass());

    private Codec() {}

    /**
     * The serialized form of {@code obj}.
     *
     * @param obj the object; {@code null} included
     * @return its form; never empty
     * @throws NotSerializableException if {@code obj}, or an object it refers to, is not serializable
     * @throws IOException if serialization fails otherwise
     * @throws IllegalArgumentException if a handle in it refuses to be serialized here, for example a lock
     *     outside a child's start ([LOCK-17]); the message names the clause
     */
    public static byte[] encode(Object obj) throws IOException {
        int size = compactSize(obj, 0);
        if (size >= 0) {
            byte[] out = new byte[size];
            int end = writeCompact(obj, out, 0);
            assert end == size;
            return out;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(obj); // IAE from a handle's writeReplace passes through unchanged
        }
        return bytes.toByteArray();
    }

    /**
     * The object whose form is {@code len} bytes of {@code buf} from {@code off}.
     *
     * @throws IOException if the bytes are not such a form, or a class they name cannot be loaded here; never
     *     another exception, whatever the bytes, and never an {@link EOFException}, which a pipe reports as end of
     *     stream
     */
    public static Object decode(byte[] buf, int off, int len) throws IOException {
        if (off < 0 || len < 0 || off > buf.length - len) {
            throw new IOException("no form at offset " + off + ", length " + len + " of a buffer of " + buf.length
                    + " bytes");
        }
        if (len == 0) {
            throw new IOException("an empty message is not a serialized object");
        }
        if (buf[off] == JAVA_IO) {
            return decodeJavaIo(buf, off, len);
        }
        try {
            Reader r = new Reader(buf, off, off + len);
            Object o = r.read(0);
            if (r.pos != r.end) {
                throw new IOException((r.end - r.pos) + " bytes follow the serialized object");
            }
            return o;
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new IOException("the bytes received are not a serialized object: " + e, e);
        }
    }

    // ------------------------------------------------------------------------------------------ compact encoding

    /** The size of {@code obj}'s compact form, or -1 if it has none. */
    private static int compactSize(Object obj, int depth) {
        if (obj == null) {
            return 1;
        }
        Class<?> c = obj.getClass();
        if (c == Integer.class || c == Float.class) {
            return 5;
        }
        if (c == String.class) {
            String s = (String) obj;
            int n = s.length();
            for (int i = 0; i < n; i++) {
                if (s.charAt(i) > 0xFF) {
                    return 5 + 2 * n;
                }
            }
            return 5 + n;
        }
        if (c == Long.class || c == Double.class) {
            return 9;
        }
        if (c == Boolean.class) {
            return 1;
        }
        if (c == Byte.class) {
            return 2;
        }
        if (c == Short.class || c == Character.class) {
            return 3;
        }
        if (c == byte[].class) {
            return 5 + ((byte[]) obj).length;
        }
        if (c == int[].class) {
            return 5 + 4 * ((int[]) obj).length;
        }
        if (c == long[].class) {
            return 5 + 8 * ((long[]) obj).length;
        }
        if (c == double[].class) {
            return 5 + 8 * ((double[]) obj).length;
        }
        if (depth < MAX_DEPTH && (c == Object[].class || LISTS.contains(c))) {
            long size = 5;
            if (c == Object[].class) {
                for (Object e : (Object[]) obj) {
                    int s = compactSize(e, depth + 1);
                    if (s < 0) {
                        return -1;
                    }
                    size += s;
                }
            } else {
                for (Object e : (List<?>) obj) {
                    int s = compactSize(e, depth + 1);
                    if (s < 0) {
                        return -1;
                    }
                    size += s;
                }
            }
            return size > Integer.MAX_VALUE - 16 ? -1 : (int) size;
        }
        return -1;
    }

    /** Writes the compact form of {@code obj}, which has one, at {@code p}; returns the position after it. */
    private static int writeCompact(Object obj, byte[] b, int p) {
        if (obj == null) {
            b[p] = NULL;
            return p + 1;
        }
        Class<?> c = obj.getClass();
        if (c == Integer.class) {
            b[p] = INT;
            return putInt(b, p + 1, (Integer) obj);
        }
        if (c == String.class) {
            String s = (String) obj;
            int n = s.length();
            boolean latin1 = true;
            for (int i = 0; i < n && latin1; i++) {
                latin1 = s.charAt(i) <= 0xFF;
            }
            b[p] = latin1 ? LATIN1 : UTF16;
            p = putInt(b, p + 1, n);
            if (latin1) {
                for (int i = 0; i < n; i++) {
                    b[p++] = (byte) s.charAt(i);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    char ch = s.charAt(i);
                    b[p++] = (byte) (ch >>> 8);
                    b[p++] = (byte) ch;
                }
            }
            return p;
        }
        if (c == Long.class) {
            b[p] = LONG;
            return putLong(b, p + 1, (Long) obj);
        }
        if (c == Double.class) {
            b[p] = DOUBLE;
            return putLong(b, p + 1, Double.doubleToRawLongBits((Double) obj));
        }
        if (c == Float.class) {
            b[p] = FLOAT;
            return putInt(b, p + 1, Float.floatToRawIntBits((Float) obj));
        }
        if (c == Boolean.class) {
            b[p] = (Boolean) obj ? TRUE : FALSE;
            return p + 1;
        }
        if (c == Byte.class) {
            b[p] = BYTE;
            b[p + 1] = (Byte) obj;
            return p + 2;
        }
        if (c == Short.class || c == Character.class) {
            int v = c == Short.class ? (Short) obj : (Character) obj;
            b[p] = c == Short.class ? SHORT : CHAR;
            b[p + 1] = (byte) (v >>> 8);
            b[p + 2] = (byte) v;
            return p + 3;
        }
        if (c == byte[].class) {
            byte[] a = (byte[]) obj;
            b[p] = BYTES;
            p = putInt(b, p + 1, a.length);
            System.arraycopy(a, 0, b, p, a.length);
            return p + a.length;
        }
        if (c == int[].class) {
            int[] a = (int[]) obj;
            b[p] = INTS;
            p = putInt(b, p + 1, a.length);
            for (int v : a) {
                p = putInt(b, p, v);
            }
            return p;
        }
        if (c == long[].class) {
            long[] a = (long[]) obj;
            b[p] = LONGS;
            p = putInt(b, p + 1, a.length);
            for (long v : a) {
                p = putLong(b, p, v);
            }
            return p;
        }
        if (c == double[].class) {
            double[] a = (double[]) obj;
            b[p] = DOUBLES;
            p = putInt(b, p + 1, a.length);
            for (double v : a) {
                p = putLong(b, p, Double.doubleToRawLongBits(v));
            }
            return p;
        }
        if (c == Object[].class) {
            Object[] a = (Object[]) obj;
            b[p] = ARRAY;
            p = putInt(b, p + 1, a.length);
            for (Object e : a) {
                p = writeCompact(e, b, p);
            }
            return p;
        }
        List<?> l = (List<?>) obj;
        b[p] = LIST;
        p = putInt(b, p + 1, l.size());
        for (Object e : l) {
            p = writeCompact(e, b, p);
        }
        return p;
    }

    private static int putInt(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
        return p + 4;
    }

    private static int putLong(byte[] b, int p, long v) {
        putInt(b, p, (int) (v >>> 32));
        return putInt(b, p + 4, (int) v);
    }

    // ------------------------------------------------------------------------------------------ decoding

    /** Reads compact forms, checking every length against the bytes left. */
    private static final class Reader {
        private final byte[] b;
        private final int end;
        int pos;

        Reader(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        private void need(long n) throws IOException {
            if (n < 0 || n > end - pos) {
                throw new IOException("truncated form: " + n + " bytes needed at offset " + pos + ", "
                        + (end - pos) + " left");
            }
        }

        private int int4() throws IOException {
            need(4);
            int v = (b[pos] & 0xFF) << 24 | (b[pos + 1] & 0xFF) << 16 | (b[pos + 2] & 0xFF) << 8 | b[pos + 3] & 0xFF;
            pos += 4;
            return v;
        }

        private long long8() throws IOException {
            long hi = int4();
            return hi << 32 | int4() & 0xFFFFFFFFL;
        }

        private int length(int unit) throws IOException {
            int n = int4();
            if (n < 0) {
                throw new IOException("negative length " + n + " at offset " + (pos - 4));
            }
            need((long) n * unit);
            return n;
        }

        Object read(int depth) throws IOException {
            need(1);
            byte tag = b[pos++];
            switch (tag) {
                case NULL: return null;
                case FALSE: return Boolean.FALSE;
                case TRUE: return Boolean.TRUE;
                case BYTE: need(1); return b[pos++];
                case SHORT: need(2); pos += 2; return (short) ((b[pos - 2] & 0xFF) << 8 | b[pos - 1] & 0xFF);
                case CHAR: need(2); pos += 2; return (char) ((b[pos - 2] & 0xFF) << 8 | b[pos - 1] & 0xFF);
                case INT: return int4();
                case LONG: return long8();
                case FLOAT: return Float.intBitsToFloat(int4());
                case DOUBLE: return Double.longBitsToDouble(long8());
                case LATIN1: {
                    int n = length(1);
                    char[] cs = new char[n];
                    for (int i = 0; i < n; i++) {
                        cs[i] = (char) (b[pos++] & 0xFF);
                    }
                    return new String(cs);
                }
                case UTF16: {
                    int n = length(2);
                    char[] cs = new char[n];
                    for (int i = 0; i < n; i++, pos += 2) {
                        cs[i] = (char) ((b[pos] & 0xFF) << 8 | b[pos + 1] & 0xFF);
                    }
                    return new String(cs);
                }
                case BYTES: {
                    int n = length(1);
                    byte[] a = Arrays.copyOfRange(b, pos, pos + n);
                    pos += n;
                    return a;
                }
                case INTS: {
                    int[] a = new int[length(4)];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = int4();
                    }
                    return a;
                }
                case LONGS: {
                    long[] a = new long[length(8)];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = long8();
                    }
                    return a;
                }
                case DOUBLES: {
                    double[] a = new double[length(8)];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = Double.longBitsToDouble(long8());
                    }
                    return a;
                }
                case LIST:
                case ARRAY: {
                    if (depth >= MAX_DEPTH) {
                        throw new IOException("a list or array nested deeper than " + MAX_DEPTH);
                    }
                    int n = length(1); // every element takes at least one byte
                    if (tag == ARRAY) {
                        Object[] a = new Object[n];
                        for (int i = 0; i < n; i++) {
                            a[i] = read(depth + 1);
                        }
                        return a;
                    }
                    ArrayList<Object> l = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        l.add(read(depth + 1));
                    }
                    return l;
                }
                default:
                    throw new IOException(String.format("unknown form tag 0x%02x at offset %d", tag & 0xFF,
                            pos - 1));
            }
        }
    }

    private static Object decodeJavaIo(byte[] buf, int off, int len) throws IOException {
        try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(buf, off, len))) {
            // no array in the form can have more elements than the form has bytes
            in.setObjectInputFilter(info -> info.arrayLength() > len ? ObjectInputFilter.Status.REJECTED
                    : ObjectInputFilter.Status.UNDECIDED);
            return in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException("class " + e.getMessage() + " of a received object cannot be loaded here", e);
        } catch (EOFException e) {
            // not an EOFException: to a pipe that means end of stream, and this is a truncated message
            throw new IOException("the bytes received are a truncated serialized object: " + e, e);
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            throw new IOException("the bytes received are not a serialized object: " + e, e);
        }
    }

    /**
     * A {@code java.io} object stream over {@code in} that resolves classes with the thread's context class loader
     * first, then as {@code ObjectInputStream} does: how the reference reads every serialized object, a child's
     * payload included.
     */
    public static ObjectInputStream objectInput(InputStream in) throws IOException {
        return new LoaderObjectInputStream(in);
    }

    /** Resolves classes with the context class loader first, as the child's payload does. */
    private static final class LoaderObjectInputStream extends ObjectInputStream {
        LoaderObjectInputStream(InputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            ClassLoader l = Thread.currentThread().getContextClassLoader();
            if (l != null) {
                try {
                    return Class.forName(desc.getName(), false, l);
                } catch (ClassNotFoundException ignored) {
                    // fall back to the default resolution
                }
            }
            return super.resolveClass(desc);
        }
    }
}
