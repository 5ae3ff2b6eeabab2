package dev.mpkit.ref.pipe;

import dev.mpkit.BufferTooShortException;
import dev.mpkit.Connection;
import dev.mpkit.ref.codec.Codec;
import dev.mpkit.ref.os.NativeBuffer;
import dev.mpkit.ref.os.PosixPipes;
import dev.mpkit.ref.sync.SyncPrimitives;
import java.io.EOFException;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.Objects;

/** One copy of one end of a pipe: the read descriptor of one OS pipe and the write descriptor of another, or one. */
/* Overview
 *
 * Both descriptors are non-blocking. A send stages the frame (MessageFrame) in a native buffer and writes it; a
 * frame of at most PIPE_BUF bytes goes in one write, whole or not at all. When the pipe is full, or empty on a
 * receive, the thread first polls without sleeping for up to SPIN_NANOS, which catches a reply from a partner
 * running on another CPU without a sleep and a wake-up (the 8-byte round trip falls from about 50 µs to a few), then
 * waits in poll(2) for at most SLICE_MILLIS at a time and checks its interrupted status in between (PIPE-24). A receive reads exactly one frame, the header and then the body, never past it: the next
 * message stays in the pipe for whichever copy of this end reads next (a child may hold one).
 *
 * Closing releases the descriptors once no thread is inside an operation (users == 0): a descriptor number is
 * never closed while another thread may still pass it to the kernel, where it could name a newer file. A Cleaner
 * releases them too if the connection is dropped unclosed.
 *
 * Serialization: only while a child starts (PIPE-23), and then as a PipeHandle that opens keepers (see there).
 */
final class FdConnection implements Connection {

    private static final long serialVersionUID = 1L;

    /** The longest a thread waits in the kernel before it checks for an interrupt (PIPE-24). */
    static final int SLICE_MILLIS = 200;
    /** How long a thread polls without sleeping before it sleeps in poll(2): a bounded spin, at most once a wait. */
    static final long SPIN_NANOS = 30_000;
    /** A send of at least this many bytes first asks for a larger pipe (it is done once per connection). */
    static final int GROW_PIPE_AT = 64 * 1024;
    /** The native buffers start this small and grow, for large messages, up to {@link #MAX_BUFFER}. */
    static final int MIN_BUFFER = PosixPipes.PIPE_BUF;
    /** The native buffers' largest size: a chunk this big stays in a core's cache between its two copies. */
    static final int MAX_BUFFER = 256 * 1024;

    private static final Cleaner CLEANER = Cleaner.create();

    private final transient Resources res;
    private final transient Cleaner.Cleanable cleanable;
    private final transient Object lock = new Object();
    /** Whether this end came from a two-way pipe: a too-long message leaves it send-only, not closed (PIPE-08). */
    private final transient boolean twoWay;
    /** A copy of a send-only end taken when no reader was left: every send fails (PIPE-17). */
    private final transient boolean broken;
    private transient volatile boolean readable;
    private transient volatile boolean writable;
    private transient volatile boolean closed;
    private transient int users; // guarded by lock
    private transient boolean grown; // touched by the sending thread only

    /**
     * @param readFd the descriptor this end receives on, or -1
     * @param writeFd the descriptor this end sends on, or -1 (for a broken copy, too)
     * @param broken whether this end sends to a pipe that had no reader left when it was made
     */
    FdConnection(int readFd, int writeFd, boolean readable, boolean writable, boolean twoWay, boolean broken) {
        this.res = new Resources(readFd, writeFd);
        this.cleanable = CLEANER.register(this, res);
        this.readable = readable;
        this.writable = writable;
        this.twoWay = twoWay;
        this.broken = broken;
    }

    // ------------------------------------------------------------------------------------------ sending

    @Override
    public void send(Object obj) throws IOException, InterruptedException {
        enter(false);
        try {
            byte[] body = encode(obj);
            sendFrame(body, 0, body.length);
        } finally {
            exit();
        }
    }

    private static byte[] encode(Object obj) {
        try {
            return Codec.encode(obj);
        } catch (NotSerializableException e) {
            // PIPE-18: refused in the caller, before anything is written
            throw new IllegalArgumentException("[PIPE-18] cannot send " + obj.getClass().getName() + ": "
                    + e.getMessage() + " is not serializable", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("[PIPE-18] cannot send " + obj.getClass().getName() + ": serializing"
                    + " it failed: " + e, e);
        }
        // an IllegalArgumentException (a lock's, a queue's or a connection's refusal: LOCK-17, QUEUE-23, PIPE-23)
        // passes through unchanged
    }

    @Override
    public void sendBytes(byte[] buf, int offset, int size) throws IOException, InterruptedException {
        Objects.requireNonNull(buf, "buf must not be null");
        enter(false);
        try {
            // PIPE-06: the slice is checked before anything is written
            if (offset < 0) {
                throw new IndexOutOfBoundsException("[PIPE-06] offset " + offset + " is negative");
            }
            if (offset > buf.length) {
                throw new IndexOutOfBoundsException("[PIPE-06] offset " + offset + " is beyond the buffer of "
                        + buf.length + " bytes");
            }
            if (size < 0) {
                throw new IndexOutOfBoundsException("[PIPE-06] size " + size + " is negative");
            }
            if (size > buf.length - offset) {
                throw new IndexOutOfBoundsException("[PIPE-06] offset " + offset + " + size " + size
                        + " is beyond the buffer of " + buf.length + " bytes");
            }
            sendFrame(buf, offset, size);
        } finally {
            exit();
        }
    }

    private void sendFrame(byte[] body, int off, int len) throws IOException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("[PIPE-24] interrupted before sending; nothing was sent");
        }
        int fd = res.writeFd;
        if (broken) {
            throw otherEndClosed();
        }
        long total = MessageFrame.HEADER_LENGTH + (long) len;
        NativeBuffer buf = res.outBuffer(total);
        if (len >= GROW_PIPE_AT && !grown) {
            grown = true;
            PosixPipes.growPipe(fd, PosixPipes.MAX_PIPE_SIZE); // fewer wake-ups per large message; may be refused
        }
        boolean locked = len > MessageFrame.ATOMIC_BODY_LENGTH; // PIPE-21: see lockForLargeFrame
        if (locked) {
            lockForLargeFrame(fd);
        }
        try {
            long sent = 0;
            long stagedFrom = 0;
            long stagedTo = 0;
            while (sent < total) {
                if (sent == stagedTo) { // PIPE-09: a message of any size streams through the buffer in chunks
                    stagedFrom = sent;
                    stagedTo = Math.min(total, sent + buf.capacity());
                    stage(buf, body, off, len, stagedFrom, stagedTo);
                }
                long n = PosixPipes.write(fd, buf.address() + (sent - stagedFrom), stagedTo - sent);
                if (n > 0) {
                    sent += n;
                } else if (n == PosixPipes.BROKEN) {
                    throw otherEndClosed();
                } else {
                    awaitReady(fd, true, sent > 0); // PIPE-22: a full pipe makes the sender wait, losing nothing
                }
            }
        } finally {
            if (locked) {
                PosixPipes.unlock(fd); // still open: a close() meanwhile waits for this operation's exit()
            }
        }
    }

    /**
     * PIPE-21: a frame larger than PIPE_BUF goes out in several writes, so the senders of all processes take
     * turns for it on the pipe's flock; smaller frames are atomic anyway.
     */
    private static void lockForLargeFrame(int fd) throws IOException, InterruptedException {
        while (!PosixPipes.tryLock(fd)) {
            if (Thread.interrupted()) {
                throw new InterruptedException("[PIPE-24] interrupted while waiting to send; nothing was sent");
            }
            Thread.sleep(1); // another process is sending a large message: it takes a while anyway
        }
    }

    /** Copies bytes {@code [from, to)} of the frame of {@code len} bytes of {@code body} into {@code buf}. */
    private static void stage(NativeBuffer buf, byte[] body, int off, int len, long from, long to) {
        if (from == 0) { // always the case when a chunk holds the header: the first chunk has room for it
            buf.putIntBigEndian(0, len);
            buf.put(MessageFrame.HEADER_LENGTH, body, off, (int) to - MessageFrame.HEADER_LENGTH);
        } else {
            buf.put(0, body, off + (int) (from - MessageFrame.HEADER_LENGTH), (int) (to - from));
        }
    }

    private static IOException otherEndClosed() {
        // PIPE-17: every copy of the other end is closed (or its holder died): EPIPE, not a hang
        return new IOException("[PIPE-17] the other end of the pipe is closed");
    }

    // ------------------------------------------------------------------------------------------ receiving

    @Override
    public Object recv() throws IOException, InterruptedException {
        byte[] body = recvBytes();
        try {
            return Codec.decode(body, 0, body.length);
        } catch (IOException | RuntimeException e) {
            // PIPE-19: the message is consumed; the connection stays usable
            throw new IOException("[PIPE-19] the message received (" + body.length + " bytes) is not an object"
                    + " sent with send(): " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] recvBytes() throws IOException, InterruptedException {
        return recvBytes(Integer.MAX_VALUE);
    }

    @Override
    public byte[] recvBytes(int maxLength) throws IOException, InterruptedException {
        enter(true);
        try {
            if (maxLength < 0) {
                throw new IllegalArgumentException("[PIPE-08] maxLength must be >= 0, was " + maxLength);
            }
            int len = receiveHeader();
            if (len > maxLength) {
                throw badMessageLength(len, maxLength);
            }
            byte[] body = new byte[len];
            receiveBody(body, 0, len);
            return body;
        } finally {
            exit();
        }
    }

    @Override
    public int recvBytesInto(byte[] buf, int offset) throws IOException, InterruptedException {
        Objects.requireNonNull(buf, "buf must not be null");
        enter(true);
        try {
            // PIPE-07: checked before anything is consumed
            if (offset < 0) {
                throw new IndexOutOfBoundsException("[PIPE-07] offset " + offset + " is negative");
            }
            if (offset > buf.length) {
                throw new IndexOutOfBoundsException("[PIPE-07] offset " + offset + " is beyond the buffer of "
                        + buf.length + " bytes");
            }
            int len = receiveHeader();
            if (len > buf.length - offset) {
                byte[] whole = new byte[len];
                receiveBody(whole, 0, len);
                // PIPE-07: the message is consumed and handed over whole; the connection stays usable
                throw new BufferTooShortException("[PIPE-07] message of " + len + " bytes does not fit into buffer"
                        + " of " + buf.length + " bytes at offset " + offset, whole);
            }
            receiveBody(buf, offset, len);
            return len;
        } finally {
            exit();
        }
    }

    /** Reads the next frame's header: its body length. */
    private int receiveHeader() throws IOException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("[PIPE-24] interrupted before receiving; nothing was consumed");
        }
        int fd = res.readFd;
        NativeBuffer buf = res.inBuffer(MIN_BUFFER);
        long got = 0;
        while (got < MessageFrame.HEADER_LENGTH) {
            long n = PosixPipes.read(fd, buf.address() + got, MessageFrame.HEADER_LENGTH - got);
            if (n > 0) {
                got += n;
            } else if (n == 0) {
                if (got == 0) {
                    // PIPE-13, PIPE-14: every copy of the other end is closed and everything sent was received
                    throw new EOFException("[PIPE-13] end of stream: every copy of the other end is closed");
                }
                throw endDuringMessage(got, -1);
            } else {
                awaitReady(fd, false, got > 0); // PIPE-12: wait for another process to send
            }
        }
        int len = buf.getIntBigEndian(0);
        if (len < 0) {
            close(); // the stream is unframed from here on
            throw new IOException("[PIPE-04] bad message header: length " + len + "; the connection is closed");
        }
        return len;
    }

    /** Reads the body of the frame whose header was just read into {@code dst}. */
    private void receiveBody(byte[] dst, int off, int len) throws IOException, InterruptedException {
        int fd = res.readFd;
        NativeBuffer buf = res.inBuffer(len);
        int got = 0;
        while (got < len) {
            long n = PosixPipes.read(fd, buf.address(), Math.min(buf.capacity(), len - got));
            if (n > 0) {
                buf.get(0, dst, off + got, (int) n);
                got += (int) n;
            } else if (n == 0) {
                throw endDuringMessage(MessageFrame.HEADER_LENGTH + got, MessageFrame.HEADER_LENGTH + len);
            } else {
                awaitReady(fd, false, true);
            }
        }
    }

    private static IOException endDuringMessage(long got, long total) {
        // PIPE-14: the sender died, or closed its end, in the middle of a message
        return new IOException("[PIPE-14] got end of file during a message: " + got + " of "
                + (total < 0 ? "at least 4" : String.valueOf(total)) + " bytes of its frame arrived");
    }

    private IOException badMessageLength(int len, int maxLength) {
        // PIPE-08: the body stays unread, so this end can no longer receive: a two-way end becomes send-only and
        // a receive-only end is closed, as CPython's _bad_message_length() does
        if (twoWay) {
            readable = false;
        } else {
            close();
        }
        return new IOException("[PIPE-08] bad message length: " + len + " bytes, maxLength " + maxLength);
    }

    @Override
    public boolean poll() throws IOException {
        enter(true);
        try {
            // PIPE-10: at once, consuming nothing; end of stream counts as ready (PIPE-13)
            return PosixPipes.poll(res.readFd, false, 0);
        } finally {
            exit();
        }
    }

    @Override
    public boolean poll(Duration timeout) throws IOException, InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        enter(true);
        try {
            if (Thread.interrupted()) {
                throw new InterruptedException("[PIPE-24] interrupted before polling");
            }
            int fd = res.readFd;
            if (timeout.isNegative() || timeout.isZero()) {
                return PosixPipes.poll(fd, false, 0); // PIPE-11: at once
            }
            long nanos = saturatedNanos(timeout);
            long deadline = System.nanoTime() + nanos;
            while (true) {
                long left = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
                if (left <= 0) {
                    return PosixPipes.poll(fd, false, 0); // PIPE-11: false no earlier than the timeout
                }
                int millis = (int) Math.min(SLICE_MILLIS, (left + 999_999) / 1_000_000);
                if (PosixPipes.poll(fd, false, millis)) {
                    return true;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException("[PIPE-24] interrupted while polling");
                }
                checkStillOpen();
            }
        } finally {
            exit();
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE; // more than 292 years: forever
        }
    }

    /**
     * Waits until {@code fd} is ready, in slices (PIPE-24).
     *
     * @param partial whether part of a message has been transferred: an interrupt then closes this end, whose
     *     stream is no longer framed
     */
    private void awaitReady(int fd, boolean out, boolean partial) throws IOException, InterruptedException {
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        do {
            if (PosixPipes.poll(fd, out, 0)) {
                return;
            }
            Thread.onSpinWait();
        } while (System.nanoTime() - spinUntil < 0);
        while (true) {
            if (PosixPipes.poll(fd, out, SLICE_MILLIS)) {
                return;
            }
            if (Thread.interrupted()) {
                if (partial) {
                    close();
                    throw new InterruptedException("[PIPE-24] interrupted in the middle of a message; the"
                            + " connection is closed");
                }
                // PIPE-24: nothing transferred, nothing lost
                throw new InterruptedException("[PIPE-24] interrupted while waiting to "
                        + (out ? "send; nothing was sent" : "receive; nothing was consumed"));
            }
            checkStillOpen();
        }
    }

    // ------------------------------------------------------------------------------------------ state

    /** Admits an operation: the descriptors stay open until it {@link #exit}s. */
    private void enter(boolean receiving) {
        synchronized (lock) {
            if (closed) {
                throw closedException(); // PIPE-16
            }
            if (receiving && !readable) {
                throw new IllegalStateException("[PIPE-03] connection is write-only");
            }
            if (!receiving && !writable) {
                throw new IllegalStateException("[PIPE-03] connection is read-only");
            }
            users++;
        }
    }

    private void exit() {
        synchronized (lock) {
            if (--users == 0 && closed) {
                cleanable.clean();
            }
        }
        Reference.reachabilityFence(this);
    }

    private void checkStillOpen() {
        if (closed) {
            throw closedException(); // another thread closed this end while this one waited
        }
    }

    private static IllegalStateException closedException() {
        return new IllegalStateException("[PIPE-16] connection is closed");
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return; // PIPE-16: closing twice is fine
            }
            closed = true;
            if (users == 0) {
                cleanable.clean();
            }
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isReadable() {
        return !closed && readable;
    }

    @Override
    public boolean isWritable() {
        return !closed && writable;
    }

    @Override
    public String toString() {
        return "<Connection " + (closed ? "closed" : (readable ? "r" : "") + (writable ? "w" : "")
                + " fds=" + res.readFd + "," + res.writeFd) + ">";
    }

    // ------------------------------------------------------------------------------------------ serialization

    /**
     * The serial form: a {@link PipeHandle} that a starting child turns into its own copy of this end; refused at
     * any other time (PIPE-23).
     */
    Object writeReplace() {
        if (!SyncPrimitives.isChildStartOpen()) {
            // PIPE-23: only a child's start may carry a connection to another process
            throw new IllegalArgumentException("[PIPE-23] Connection objects should only be shared between"
                    + " processes through inheritance: pass it to the child as an argument of its target, a field"
                    + " of a ChildProcess subclass or a variable the target captures, and only when the child"
                    + " starts; a queue, pipe, pool task or other serialization cannot carry it");
        }
        synchronized (lock) {
            if (closed) {
                throw closedException();
            }
            users++;
        }
        try {
            return PipeHandle.handOver(readable ? res.readFd : -1, writable && !broken ? res.writeFd : -1,
                    readable, writable, twoWay, broken);
        } finally {
            exit();
        }
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("a connection is read through its pipe handle");
    }

    /** The descriptors and native buffers of a connection, released once, by close() or the Cleaner. */
    private static final class Resources implements Runnable {
        final int readFd;
        final int writeFd;
        private NativeBuffer in; // the receiving thread's
        private NativeBuffer out; // the sending thread's
        private boolean released; // guarded by this

        Resources(int readFd, int writeFd) {
            this.readFd = readFd;
            this.writeFd = writeFd;
        }

        NativeBuffer inBuffer(long wanted) {
            NativeBuffer b = in;
            if (b == null || b.capacity() < wanted && b.capacity() < MAX_BUFFER) {
                b = in = replace(b, wanted);
            }
            return b;
        }

        NativeBuffer outBuffer(long wanted) {
            NativeBuffer b = out;
            if (b == null || b.capacity() < wanted && b.capacity() < MAX_BUFFER) {
                b = out = replace(b, wanted);
            }
            return b;
        }

        private synchronized NativeBuffer replace(NativeBuffer old, long wanted) {
            if (old != null) {
                old.close();
            }
            int size = MIN_BUFFER;
            while (size < wanted && size < MAX_BUFFER) {
                size <<= 1;
            }
            return new NativeBuffer(size);
        }

        @Override
        public synchronized void run() {
            if (released) {
                return;
            }
            released = true;
            PosixPipes.close(readFd);
            PosixPipes.close(writeFd);
            if (in != null) {
                in.close();
            }
            if (out != null) {
                out.close();
            }
        }
    }
}
