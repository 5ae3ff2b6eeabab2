package dev.mpkit.ref.queue;

import dev.mpkit.ref.os.Futex;
import dev.mpkit.ref.os.SharedMemoryFiles;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * The shared state of one queue, in one mapped file: counters, two futex-backed locks and a ring buffer of framed
 * messages, used alike by every process that maps the file.
 */
/* Overview
 *
 * Layout of the file (native byte order; words aligned to their size, as atomic access needs; SharedWords reads
 * and writes them). What the
 * producers write on every put, what the consumer writes on every get, tail and head each have a 128-byte block of
 * their own, so that neither side's writes evict the lines the other side works on (false sharing):
 *
 *    0               4               8               12              16              20
 *    +---------------+---------------+---------------+---------------+---------------+
 *    | kind          | capacity      | maxSize       |                                     0
 *    +---------------+---------------+---------------+---------------+---------------+
 *    | writer lock   | wlock waiters | put count     | data seq      | data sleeping |   128
 *    +---------------+---------------+---------------+---------------+---------------+
 *    | tail (bytes ever written), long                               |                   256
 *    +---------------+---------------+---------------+---------------+---------------+
 *    | reader lock   | rlock waiters | got count     | slot waiters  | room seq      |   384
 *    +---------------+---------------+---------------+---------------+---------------+
 *    | room sleeping |                                                                   404
 *    +---------------+---------------+---------------+---------------+
 *    | head (bytes ever read), long                                  |                   512
 *    +---------------+---------------+---------------+---------------+
 *    | unfinished    | join waiters  |   (unused up to 1024)                             640
 *    +---------------+---------------+-------------------------------+
 *    | ring: capacity bytes (a power of two) of frames               |                  1024
 *    +---------------------------------------------------------------+
 *
 * A frame is a 4-byte length n, then n bytes of Codec form, then 0-3 bytes of padding, so that every frame starts
 * on a multiple of 4 and its length never straddles the ring's end; the body may, and is copied in two pieces.
 * tail and head only grow; tail - head bytes are in the ring.
 *
 * Writers exclude each other with the writer lock, readers with the reader lock (a word, 0 free, 1 held: CAS,
 * a short spin, then FUTEX_WAIT on the word). So the ring itself has one writer and one reader at a time: the
 * writer publishes tail with a volatile store after it has copied whole frames, the reader head after it has
 * copied them out. A frame that fits the ring is always published whole. A bigger one streams: the writer
 * publishes its length and then pieces as room frees, and the reader, which holds the reader lock until it has
 * the whole body, consumes the pieces as they come (QUEUE-24). Nobody sleeps for data or room holding a lock
 * (only a streamed frame holds both locks while it flows): readers wait for a frame to begin and then take the
 * reader lock, writers wait for room and then take the writer lock, and either tries again if another came
 * first. So a process killed while it waits, the usual way a consumer or producer is terminated, leaves the
 * queue usable; one killed while it holds a lock, a window of microseconds, does not (as CPython's, Q-18).
 *
 * put count and got count (int, wrapping) count items: put count is raised when put() accepts an item, before it
 * is in the ring (a bounded queue raises it by CAS only while put count - got count < maxSize, QUEUE-05); got
 * count is raised by the reader, under the reader lock, after it has taken the item out. qsize() is their
 * difference, read got count first, so never negative (QUEUE-10). unfinished counts a JoinableQueue's items not
 * yet acknowledged by taskDone(), raised before the item can be got (QUEUE-18).
 *
 * Sleeping: every wait spins for a few microseconds, then counts itself in a waiters word (getAndAdd, a full
 * fence), reads the word it will sleep on, re-checks its condition and sleeps in FUTEX_WAIT while the word still
 * holds what it read. The side that makes the condition true first stores (volatile), then reads the waiters word
 * and wakes only if it is not 0, bumping the seq word first where the word slept on is a seq word. These are
 * Dekker pairs: either the sleeper sees the change or the changer sees the sleeper, and FUTEX_WAIT's atomic
 * compare turns a wake between check and sleep into an immediate return. For data and room the waiters word is a
 * flag: each sleeper sets it before it sleeps, and the first waker clears it with getAndSet and wakes them all,
 * so that while a woken reader is being scheduled, later puts make no system call. Sleeps last at most 200 ms,
 * so that interrupts are seen (QUEUE-26). Data waits sleep on data seq, room waits on room seq, bounded putters
 * on got count itself, join() on unfinished itself, lock waiters on the lock word.
 */
final class QueueRing {

    static final int QUEUE = 1;
    static final int JOINABLE = 2;
    static final int SIMPLE = 3;

    private static final int KIND = 0;
    private static final int CAPACITY = 4;
    private static final int MAX_SIZE = 8;
    private static final int WLOCK = 128;
    private static final int WLOCK_WAITERS = 132;
    private static final int PUT_COUNT = 136;
    private static final int DATA_SEQ = 140;
    private static final int DATA_SLEEPING = 144;
    private static final int TAIL = 256;
    private static final int RLOCK = 384;
    private static final int RLOCK_WAITERS = 388;
    private static final int GOT_COUNT = 392;
    private static final int SLOT_WAITERS = 396;
    private static final int ROOM_SEQ = 400;
    private static final int ROOM_SLEEPING = 404;
    private static final int HEAD = 512;
    private static final int UNFINISHED = 640;
    private static final int JOIN_WAITERS = 644;
    static final int HEADER = 1024;

    /** The ring's size unless {@value #RING_PROPERTY} says otherwise. */
    static final int DEFAULT_CAPACITY = 1 << 20;
    /** Overrides the ring size of queues made afterwards (rounded up to a power of two, at least 64). */
    static final String RING_PROPERTY = "mpkit.queue.ringBytes";

    /** Waits without end. */
    static final long FOREVER = -1;
    /**
     * How long a waiter spins before it sleeps in the kernel: briefly, because where processes outnumber CPUs a
     * spinning waiter takes the CPU of the process it waits for (four producers and a consumer on two CPUs got
     * 0.9–1.3 M items/s with 5 µs, 0.7–1.1 M with 20 µs and 0.65–1.25 M with 50 µs).
     */
    static final long SPIN_NANOS = 5_000;
    /** The longest futex sleep: how late an interrupt may be noticed (QUEUE-26). */
    static final long SLICE_NANOS = 200_000_000;

    private final ByteBuffer buf;
    private final SharedWords w;
    private final String path;
    private final int kind;
    private final int capacity;
    private final int mask;
    private final int maxSize;

    /** The writer's last view of head, read under the writer lock only: stale means less room, never more. */
    private long writerHead;
    /** The reader's last view of tail, read under the reader lock only: stale means less data, never more. */
    private long readerTail;
    /** This process's last view of got count, for bounded puts: stale means fuller, never emptier. */
    private volatile int slotGot;

    private QueueRing(SharedMemoryFiles.Mapping m) {
        this.buf = m.buffer();
        this.path = m.path();
        this.w = SharedWords.of(buf);
        this.kind = buf.getInt(KIND);
        this.capacity = buf.getInt(CAPACITY);
        this.mask = capacity - 1;
        this.maxSize = buf.getInt(MAX_SIZE);
        preloadFutex(); // JNA loads in the background now, not in the first put that must wake a sleeper
    }

    /** A new queue of {@code kind} in a new file of the run directory. */
    static QueueRing create(int kind, int maxSize) {
        int capacity = capacity(Integer.getInteger(RING_PROPERTY, DEFAULT_CAPACITY));
        SharedMemoryFiles.Mapping m = SharedMemoryFiles.create(kind == SIMPLE ? "simplequeue" : "queue",
                HEADER + capacity);
        ByteBuffer header = m.buffer();
        header.putInt(CAPACITY, capacity); // written before the file's path reaches another thread or process
        header.putInt(MAX_SIZE, maxSize <= 0 ? 0 : maxSize); // QUEUE-07: 0 means unbounded
        header.putInt(KIND, kind);
        return new QueueRing(m);
    }

    /**
     * The queue in the file at {@code path}, made by {@link #create} in this or another process.
     *
     * @throws IllegalStateException if the file is gone or holds something else
     */
    static QueueRing attach(String path, int kind, int size) {
        SharedMemoryFiles.Mapping m = SharedMemoryFiles.attach(path, size);
        int found = m.buffer().getInt(KIND);
        int capacity = m.buffer().getInt(CAPACITY);
        if (found != kind || HEADER + capacity != size) {
            throw new IllegalStateException("shared state file " + path + " holds kind " + found + " with a ring of "
                    + capacity + " bytes; expected kind " + kind + " in " + size + " bytes");
        }
        return new QueueRing(m);
    }

    static int capacity(int requested) {
        int c = Math.max(64, Math.min(requested, 1 << 30));
        return Integer.bitCount(c) == 1 ? c : Integer.highestOneBit(c) << 1;
    }

    String path() {
        return path;
    }

    int kind() {
        return kind;
    }

    int capacity() {
        return capacity;
    }

    int fileSize() {
        return HEADER + capacity;
    }

    int maxSize() {
        return maxSize;
    }

    boolean bounded() {
        return maxSize > 0;
    }

    /** Whether a frame with a body of {@code len} bytes is published whole, never streamed. */
    boolean fitsWhole(int len) {
        return frameSize(len) <= capacity;
    }

    static long frameSize(int len) {
        return 4L + (len + 3 & ~3L);
    }

    // ------------------------------------------------------------------------------------------ counts

    /** Items put and not yet got (QUEUE-10): got count first, so that the difference is never negative. */
    int count() {
        int got = w.getInt(GOT_COUNT);
        int put = w.getInt(PUT_COUNT);
        return Math.max(0, put - got);
    }

    /** Counts an item as put: every item of an unbounded queue or a SimpleQueue. */
    void countPut() {
        w.getAndAddInt(PUT_COUNT, 1);
    }

    /** Counts an item as put if a bounded queue has room for it now (QUEUE-05). */
    boolean tryReserveSlot() {
        for (;;) {
            int put = w.getInt(PUT_COUNT);
            if (put - slotGot >= maxSize) {
                slotGot = w.getInt(GOT_COUNT);
                if (put - slotGot >= maxSize) {
                    return false;
                }
            }
            if (w.casInt(PUT_COUNT, put, put + 1)) {
                return true;
            }
        }
    }

    /**
     * Counts an item as put once a bounded queue has room, waiting at most {@code nanos} ({@link #FOREVER}) for a
     * get in any process (QUEUE-06).
     *
     * @return whether the item was counted; {@code false} no earlier than {@code nanos}
     */
    boolean reserveSlot(long nanos) throws InterruptedException {
        return tryReserveSlot() || nanos != 0 && await(GOT_COUNT, SLOT_WAITERS, this::tryReserveSlot, nanos, true);
    }

    /** Raises a JoinableQueue's unfinished count, before the item can be got (QUEUE-18). */
    void addUnfinished() {
        w.getAndAddInt(UNFINISHED, 1);
    }

    int unfinished() {
        return w.getInt(UNFINISHED);
    }

    /**
     * Lowers the unfinished count, waking join() when it reaches 0.
     *
     * @return {@code false}, with nothing changed, if it is 0 (QUEUE-19)
     */
    boolean taskDone() {
        int u;
        do {
            u = w.getInt(UNFINISHED);
            if (u <= 0) {
                return false; // QUEUE-19: never below zero
            }
        } while (!w.casInt(UNFINISHED, u, u - 1));
        if (u == 1 && w.getInt(JOIN_WAITERS) > 0) {
            wake(UNFINISHED); // QUEUE-18: every join() in every process
        }
        return true;
    }

    /** Waits at most {@code nanos} until the unfinished count is 0 (QUEUE-18). */
    boolean awaitNoUnfinished(long nanos) throws InterruptedException {
        return unfinished() == 0 || nanos != 0 && await(UNFINISHED, JOIN_WAITERS, () -> unfinished() == 0, nanos, true);
    }

    // ------------------------------------------------------------------------------------------ locks

    /** Takes the writer lock, waiting at most {@code nanos}; {@code 0} still spins briefly. */
    boolean lockWriter(long nanos, boolean interruptible) throws InterruptedException {
        return lock(WLOCK, WLOCK_WAITERS, nanos, interruptible);
    }

    /**
     * Takes the writer lock if it is free now or within a few hundred spins (the lock is held for one copy, well
     * under a microsecond): never sleeps, never counts as a waiter.
     */
    boolean tryLockWriter() {
        for (int i = 0; i < 512; i++) {
            if (w.getInt(WLOCK) == 0 && w.casInt(WLOCK, 0, 1)) {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    void unlockWriter() {
        unlock(WLOCK, WLOCK_WAITERS);
    }

    boolean lockReader(long nanos) throws InterruptedException {
        return lock(RLOCK, RLOCK_WAITERS, nanos, true);
    }

    void unlockReader() {
        unlock(RLOCK, RLOCK_WAITERS);
    }

    private boolean lock(int word, int waiters, long nanos, boolean interruptible) throws InterruptedException {
        return w.casInt(word, 0, 1)
                || await(word, waiters, () -> w.casInt(word, 0, 1), nanos, interruptible);
    }

    private void unlock(int word, int waiters) {
        w.putInt(word, 0);
        if (w.getInt(waiters) > 0) {
            wake(word);
        }
    }

    // ---------------------------------------------------------------------------------- writing (writer lock held)

    /** Bytes the writer may fill now, refreshing its view of head only when its stale view says too few. */
    private long room(long tail, long wanted) {
        long room = capacity - (tail - writerHead);
        if (room < wanted) {
            writerHead = w.getLong(HEAD);
            room = capacity - (tail - writerHead);
        }
        return room;
    }

    /** The writer's position: where the next frame goes. */
    long tail() {
        return w.getLong(TAIL);
    }

    /**
     * Copies a whole frame for {@code len} bytes of {@code body} at {@code tail} if the ring has room for it now;
     * publishes nothing.
     *
     * @return the position after the frame, or -1 if there is no room
     */
    long tryAppend(long tail, byte[] body, int len) {
        long size = frameSize(len);
        if (room(tail, size) < size) {
            return -1;
        }
        buf.putInt(HEADER + (int) (tail & mask), len);
        copyIn(tail + 4, body, 0, len);
        return tail + size;
    }

    /**
     * Waits at most {@code nanos} until the writer at {@code tail} has room for {@code size} bytes.
     *
     * @return whether it has; {@code false} no earlier than {@code nanos}
     */
    private boolean awaitRoom(long tail, long size, long nanos, boolean interruptible)
            throws InterruptedException {
        return room(tail, size) >= size
                || await(ROOM_SEQ, -ROOM_SLEEPING, () -> room(tail, size) >= size, nanos, interruptible);
    }

    /**
     * Waits at most {@code nanos}, without the writer lock, until the ring seems to have room for {@code size}
     * bytes; the caller then takes the lock and tries again, as another writer may have come first.
     *
     * @return whether it seems to; {@code false} no earlier than {@code nanos}
     */
    boolean awaitRoomUnlocked(long size, long nanos, boolean interruptible) throws InterruptedException {
        return hasRoom(size) || await(ROOM_SEQ, -ROOM_SLEEPING, () -> hasRoom(size), nanos, interruptible);
    }

    /** Tail first, then head: a late head can only overstate the room, which costs a retry, never a lost wake. */
    private boolean hasRoom(long size) {
        long tail = w.getLong(TAIL);
        return capacity - (tail - w.getLong(HEAD)) >= size;
    }

    /**
     * Streams a frame bigger than the ring through it (QUEUE-24), publishing as it goes and waiting, without end
     * and without heeding interrupts (a frame begun must be finished), for the reader to make room.
     *
     * @return the position after the frame, published
     */
    long stream(long tail, byte[] body, int len) throws InterruptedException {
        long total = frameSize(len) - 4;
        awaitRoom(tail, 4, FOREVER, false);
        buf.putInt(HEADER + (int) (tail & mask), len);
        long t = tail + 4;
        long done = 0;
        long piece = capacity / 4;
        while (done < total) {
            long want = Math.min(piece, total - done);
            if (room(t, want) < want) {
                publish(t);
                awaitRoom(t, want, FOREVER, false);
            }
            long n = Math.min(room(t, want), total - done);
            int copy = (int) Math.max(0, Math.min(n, len - done));
            copyIn(t, body, (int) done, copy);
            t += n;
            done += n;
        }
        publish(t);
        return t;
    }

    /** Makes what was written up to {@code tail} visible to readers and wakes a sleeping reader. */
    void publish(long tail) {
        w.putLong(TAIL, tail);
        wakeSleeper(DATA_SEQ, DATA_SLEEPING);
    }

    private void copyIn(long pos, byte[] src, int off, int len) {
        int i = (int) (pos & mask);
        int first = Math.min(len, capacity - i);
        buf.put(HEADER + i, src, off, first);
        if (first < len) {
            buf.put(HEADER, src, off + first, len - first);
        }
    }

    // ---------------------------------------------------------------------------------- reading (reader lock held)

    /**
     * Waits at most {@code nanos}, without the reader lock, until a frame has begun: a reader that sleeps holds no
     * lock, so one killed while it waits (a terminated consumer) leaves the queue usable for the others.
     *
     * @return whether a frame has begun; {@code false} no earlier than {@code nanos}
     * @throws InterruptedException if interrupted while waiting; the status is cleared (QUEUE-26)
     */
    boolean awaitData(long nanos) throws InterruptedException {
        return hasData() || await(DATA_SEQ, -DATA_SLEEPING, this::hasData, nanos, true);
    }

    private boolean hasData() {
        long head = w.getLong(HEAD);
        return w.getLong(TAIL) - head >= 4;
    }

    /**
     * Takes out the frame at head, if one has begun, whole, waiting for the rest of a streamed one without end
     * and without heeding interrupts; counts it as got.
     *
     * @return its body; {@code null} if no frame has begun (another reader took it first)
     */
    byte[] takeIfAny() {
        long head = w.getLong(HEAD);
        if (!available(head)) {
            return null;
        }
        int len = buf.getInt(HEADER + (int) (head & mask));
        long size = frameSize(len);
        byte[] body = new byte[len];
        if (readerTail - head >= size) {
            copyOut(head + 4, body, 0, len);
            release(head + size);
        } else {
            long h = head + 4;
            long total = size - 4;
            long done = 0;
            while (done < total) {
                long avail = readerTail - h;
                if (avail <= 0) {
                    release(h);
                    long from = h;
                    awaitUninterruptibly(DATA_SEQ, -DATA_SLEEPING, () -> refreshTail() > from);
                    avail = readerTail - h;
                }
                long n = Math.min(avail, total - done);
                int copy = (int) Math.max(0, Math.min(n, len - done));
                copyOut(h, body, (int) done, copy);
                h += n;
                done += n;
            }
            release(h);
        }
        int got = w.getInt(GOT_COUNT);
        w.putInt(GOT_COUNT, got + 1); // QUEUE-10: only the reader-lock holder writes it
        if (w.getInt(SLOT_WAITERS) > 0) {
            wake(GOT_COUNT); // QUEUE-06: a bounded put waits for this
        }
        return body;
    }

    /** Whether a frame's length is in the ring at {@code head}. */
    private boolean available(long head) {
        return readerTail - head >= 4 || refreshTail() - head >= 4;
    }

    private long refreshTail() {
        readerTail = w.getLong(TAIL);
        return readerTail;
    }

    /** Hands the bytes before {@code head} back to writers. */
    private void release(long head) {
        w.putLong(HEAD, head);
        wakeSleeper(ROOM_SEQ, ROOM_SLEEPING);
    }

    private void copyOut(long pos, byte[] dst, int off, int len) {
        int i = (int) (pos & mask);
        int first = Math.min(len, capacity - i);
        buf.get(HEADER + i, dst, off, first);
        if (first < len) {
            buf.get(HEADER, dst, off + first, len - first);
        }
    }

    // ------------------------------------------------------------------------------------------ waiting

    /** A condition a waiter re-checks; it may also take what it waits for (a permit, a slot). */
    @FunctionalInterface
    interface Ready {
        boolean check();
    }

    /**
     * Spins, then sleeps on the futex {@code word}, until {@code ready} holds or {@code nanos} (or
     * {@link #FOREVER}) passes; {@code 0} only spins. {@code waiters} is the offset of the waiters count, or minus
     * the offset of a sleepers flag, which each sleeper sets before it sleeps and the first waker clears.
     *
     * @return whether {@code ready} held; {@code false} no earlier than {@code nanos}
     * @throws InterruptedException if {@code interruptible} and interrupted while waiting; the status is cleared
     */
    private boolean await(int word, int waiters, Ready ready, long nanos, boolean interruptible)
            throws InterruptedException {
        boolean timed = nanos != FOREVER;
        long start = System.nanoTime();
        long deadline = start + nanos;
        long spinEnd = start + (timed ? Math.min(nanos, SPIN_NANOS) : SPIN_NANOS);
        for (int i = 1; ; i++) {
            Thread.onSpinWait();
            if (ready.check()) {
                return true;
            }
            if ((i & 15) == 0 && System.nanoTime() - spinEnd >= 0) {
                break;
            }
        }
        while (!Futex.isLoaded()) { // the first sleeper of this process: JNA loads meanwhile (Futex)
            if (interruptible && Thread.interrupted()) {
                throw new InterruptedException(); // QUEUE-26: nothing taken, status cleared
            }
            long wait = 1_000_000;
            if (timed) {
                wait = Math.min(wait, deadline - System.nanoTime());
                if (wait <= 0) {
                    return ready.check();
                }
            }
            if (!awaitLoaded(wait) && ready.check()) {
                return true;
            }
        }
        boolean flag = waiters < 0;
        int at = flag ? -waiters : waiters;
        if (!flag) {
            w.getAndAddInt(at, 1);
        }
        try {
            for (;;) {
                if (flag) {
                    if (ready.check()) {
                        return true; // woken and served: the waker has cleared the flag
                    }
                    w.putInt(at, 1);
                }
                int seen = w.getInt(word);
                if (ready.check()) {
                    return true;
                }
                if (interruptible && Thread.interrupted()) {
                    throw new InterruptedException(); // QUEUE-26: nothing taken, status cleared
                }
                long slice = SLICE_NANOS;
                if (timed) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false; // QUEUE-03, QUEUE-05: at least the timeout has passed
                    }
                    slice = Math.min(left, SLICE_NANOS);
                }
                Futex.await(buf, word, seen, slice); // QUEUE-02: sleep in the kernel, no polling
            }
        } finally {
            if (!flag) {
                w.getAndAddInt(at, -1);
            } // a flag stays set: other sleepers may rely on it, and it costs at most one needless wake
        }
    }

    /**
     * Wakes every sleeper on {@code word}, in any process. A process whose JNA is still loading (its first wake,
     * often a child's first put) hands the wake to {@link DeferredWakes} instead of waiting for the load, so that
     * put does not stall; the sleeper then wakes when the load is done, or at the end of its 200 ms slice.
     */
    private void wake(int word) {
        if (Futex.isLoaded()) {
            Futex.wake(buf, word, Integer.MAX_VALUE);
        } else {
            DeferredWakes.add(buf, word);
        }
    }

    /** Wakes the sleepers of a data or room wait, if any; only the first of racing wakers makes the call. */
    private void wakeSleeper(int seq, int sleeping) {
        if (w.getInt(sleeping) != 0 && w.getAndSetInt(sleeping, 0) != 0) {
            w.getAndAddInt(seq, 1);
            wake(seq);
        }
    }

    /** Starts loading JNA on a daemon thread, if no thread of this process has, and returns at once. */
    private static void preloadFutex() {
        awaitLoaded(0);
    }

    private void awaitUninterruptibly(int word, int waiters, Ready ready) {
        try {
            await(word, waiters, ready, FOREVER, false);
        } catch (InterruptedException cannotHappen) {
            throw new AssertionError("an uninterruptible wait threw", cannotHappen);
        }
    }

    /** Waits for JNA, keeping an uninterruptible waiter's interrupt for later. */
    private static boolean awaitLoaded(long nanos) {
        boolean interrupted = Thread.interrupted();
        try {
            return Futex.awaitLoaded(nanos);
        } catch (IllegalStateException e) {
            return false; // no JNA here: the next futex call says so
        } catch (InterruptedException e) {
            interrupted = true;
            return false;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * A timeout in nanoseconds: 0 for zero or negative (QUEUE-03, QUEUE-05), {@link #FOREVER} for one beyond
     * {@code Long.MAX_VALUE} nanoseconds.
     */
    static long nanos(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            return 0;
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return FOREVER;
        }
    }

    @Override
    public String toString() {
        return "queue[" + path + ", kind=" + kind + ", capacity=" + capacity + ", maxSize=" + maxSize + ", count="
                + count() + "]";
    }
}
