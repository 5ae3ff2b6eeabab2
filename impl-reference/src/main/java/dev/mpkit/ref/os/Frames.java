package dev.mpkit.ref.os;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * The control protocol between a parent JVM and a child JVM: length-prefixed frames of one type byte.
 *
 * <pre>
 *   0        1                 5
 *   +--------+-----------------+---------------------------+
 *   |  type  | length (int, BE)| body (length bytes)       |
 *   +--------+-----------------+---------------------------+
 * </pre>
 *
 * <p>HELLO (child to parent): token (long), pid (long). PAYLOAD (parent to child): the serialized boot record.
 * EXIT (child to parent): the exit code (int), sent just before the child halts. ORDERLY (child to parent):
 * the child is exiting through {@code System.exit}, so its OS exit status is its exit code.
 *
 * <p>The same frames travel over a spare JVM's Unix-domain socket, over a cold child's standard input pipe
 * (PAYLOAD) and in its report file (EXIT, ORDERLY; {@link ReportFile}).
 */
public final class Frames {

    public static final byte HELLO = 1;
    public static final byte PAYLOAD = 2;
    public static final byte EXIT = 3;
    public static final byte ORDERLY = 4;

    /** A frame read from the other side. */
    public static final class Frame {
        public final byte type;
        public final byte[] body;

        Frame(byte type, byte[] body) {
            this.type = type;
            this.body = body;
        }
    }

    private Frames() {}

    public static void write(DataOutputStream out, byte type, byte[] body) throws IOException {
        synchronized (out) {
            out.writeByte(type);
            out.writeInt(body.length);
            out.write(body);
            out.flush();
        }
    }

    /**
     * Writes one frame with a single write, to an unbuffered stream: a pipe's reader never sees half a header
     * followed by a pause.
     */
    public static void writeUnbuffered(DataOutputStream out, byte type, byte[] body) throws IOException {
        byte[] frame = new byte[5 + body.length];
        frame[0] = type;
        System.arraycopy(intBody(body.length), 0, frame, 1, 4);
        System.arraycopy(body, 0, frame, 5, body.length);
        synchronized (out) {
            out.write(frame);
            out.flush();
        }
    }

    /**
     * Reads one frame.
     *
     * @return the frame, or {@code null} at end of stream
     */
    public static Frame read(DataInputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            return null;
        }
        int length = in.readInt();
        if (length < 0 || length > (1 << 30)) {
            throw new IOException("bad frame length " + length);
        }
        byte[] body = new byte[length];
        try {
            in.readFully(body);
        } catch (EOFException e) {
            return null;
        }
        return new Frame((byte) type, body);
    }

    public static byte[] longs(long a, long b) {
        byte[] r = new byte[16];
        putLong(r, 0, a);
        putLong(r, 8, b);
        return r;
    }

    public static byte[] intBody(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    public static int intOf(byte[] b) {
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    public static long longAt(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }

    private static void putLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }
}
