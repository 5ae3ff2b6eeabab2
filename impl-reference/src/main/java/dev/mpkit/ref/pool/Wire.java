package dev.mpkit.ref.pool;

import java.util.Arrays;

/**
 * The messages between a pool and its workers: a tag byte, then ints, longs and length-prefixed byte strings, all
 * big-endian. Items, results and functions inside them are already in {@code Codec} form, so a message is built
 * and read without {@code java.io}.
 */
/* Messages (pool -> worker):
 *   TASKS   count, then per task: id (long), kind (byte), fn id (int), fn form (bytes, length -1 if the worker has
 *           it cached), payload (bytes; -1 for none)
 *   STOP    nothing: finish the tasks received, then exit
 * Messages (worker -> pool):
 *   HELLO   nothing: its first message, once it has opened its ends of the pipes
 *   READY   nothing: the initializer ran (or there was none)
 *   STARTED the number of the task about to start (long, from 1), while the worker has not mapped its progress file
 *   MAPPED  nothing: the worker has mapped its progress file, whose name the pool may now remove
 *   RESULTS count, the time the tasks ran (long, ns), then per task: id (long), status (byte), body (bytes)
 *   INIT_FAILED  the initializer's exception (bytes, java.io form or empty), a stand-in carrying its class, message and
 *           stack trace (bytes)
 * Result bodies: OK the value's form; FAILED the exception's form (or empty) then a stand-in's; CHUNK_OK the form of
 * the list of values; CHUNK_MIXED count, then per item a status (OK or FAILED) and a body.
 */
final class Wire {

    static final byte TASKS = 1;
    static final byte STOP = 2;

    static final byte HELLO = 14;
    static final byte MAPPED = 13;
    static final byte STARTED = 15;
    static final byte READY = 10;
    static final byte RESULTS = 11;
    static final byte INIT_FAILED = 12;

    /** A {@link dev.mpkit.PoolTask}, no argument. */
    static final byte CALL = 1;
    /** A {@link dev.mpkit.PoolFunction} applied to one argument. */
    static final byte APPLY = 2;
    /** A {@link dev.mpkit.PoolFunction} applied to each item of a list. */
    static final byte CHUNK = 3;
    /** A {@link dev.mpkit.PoolStarFunction} applied to each argument list of a list. */
    static final byte STAR_CHUNK = 4;

    static final byte OK = 0;
    static final byte FAILED = 1;
    static final byte CHUNK_OK = 2;
    static final byte CHUNK_MIXED = 3;

    private Wire() {}

    /** A growable message. */
    static final class Out {
        byte[] b;
        int n;

        Out(int size) {
            b = new byte[size];
        }

        void room(int k) {
            if (n + k > b.length) {
                b = Arrays.copyOf(b, Math.max(b.length * 2, n + k));
            }
        }

        Out put(byte v) {
            room(1);
            b[n++] = v;
            return this;
        }

        Out putInt(int v) {
            room(4);
            putIntAt(n, v);
            n += 4;
            return this;
        }

        void putIntAt(int p, int v) {
            b[p] = (byte) (v >>> 24);
            b[p + 1] = (byte) (v >>> 16);
            b[p + 2] = (byte) (v >>> 8);
            b[p + 3] = (byte) v;
        }

        Out putLong(long v) {
            putInt((int) (v >>> 32));
            return putInt((int) v);
        }

        /** Length then bytes; {@code null} is length -1. */
        Out putBytes(byte[] v) {
            if (v == null) {
                return putInt(-1);
            }
            putInt(v.length);
            room(v.length);
            System.arraycopy(v, 0, b, n, v.length);
            n += v.length;
            return this;
        }

        void reset() {
            n = 0;
        }
    }

    /** A message being read. */
    static final class In {
        final byte[] b;
        int p;

        In(byte[] b) {
            this.b = b;
        }

        In(byte[] b, int p) {
            this.b = b;
            this.p = p;
        }

        byte get() {
            return b[p++];
        }

        int getInt() {
            int v = ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
            p += 4;
            return v;
        }

        long getLong() {
            long hi = getInt();
            return (hi << 32) | (getInt() & 0xFFFFFFFFL);
        }

        /** The bytes of a length-prefixed string; {@code null} for length -1. */
        byte[] getBytes() {
            int len = getInt();
            if (len < 0) {
                return null;
            }
            byte[] v = Arrays.copyOfRange(b, p, p + len);
            p += len;
            return v;
        }
    }
}
