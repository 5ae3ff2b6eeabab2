package dev.mpkit.ref.queue;

import dev.mpkit.ref.codec.Codec;
import java.io.IOException;
import java.io.NotSerializableException;

/** Items in and out of a ring: encoding in the putting thread, and a locked take with decoding after it. */
final class Items {

    /** What {@link #take} returns when no item came in time. */
    static final Object NONE = new Object();

    private Items() {}

    private static long left(long nanos, long deadline) {
        return nanos == QueueRing.FOREVER ? QueueRing.FOREVER : Math.max(0, deadline - System.nanoTime());
    }

    /**
     * The form of {@code item}, made in the caller (QUEUE-14, QUEUE-15, QUEUE-22).
     *
     * @param clause the clause the refusal names: {@code QUEUE-14} or {@code QUEUE-22}
     * @throws IllegalArgumentException if it cannot be serialized; or unchanged from a handle in it that refuses
     *     to be (QUEUE-23, PIPE-23, LOCK-17)
     */
    static byte[] encode(Object item, String clause) {
        try {
            return Codec.encode(item);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("[" + clause + "] cannot put " + item.getClass().getName() + ": "
                    + e.getMessage() + " is not serializable", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("[" + clause + "] cannot put " + item.getClass().getName() + ": "
                    + e, e);
        }
    }

    /**
     * Takes the next item, waiting at most {@code nanos} ({@link QueueRing#FOREVER}) in all for an item and the
     * reader lock.
     *
     * @return the item, or {@link #NONE} no earlier than {@code nanos}
     * @throws InterruptedException if interrupted while waiting; nothing taken, the status cleared (QUEUE-26)
     * @throws IllegalStateException if the item cannot be deserialized here; it is lost
     */
    static Object take(QueueRing ring, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        byte[] body;
        for (;;) {
            // QUEUE-02: sleep until a frame has begun, holding no lock; then take it, if no other reader did
            if (!ring.awaitData(left(nanos, deadline)) || !ring.lockReader(left(nanos, deadline))) {
                return NONE;
            }
            try {
                body = ring.takeIfAny();
            } finally {
                ring.unlockReader();
            }
            if (body != null) {
                break;
            }
            if (nanos != QueueRing.FOREVER && deadline - System.nanoTime() <= 0) {
                return NONE;
            }
        }
        try {
            return Codec.decode(body, 0, body.length); // outside the lock: other readers go on meanwhile
        } catch (IOException e) {
            throw new IllegalStateException("[QUEUE-01] an item got from the queue cannot be deserialized here: "
                    + e.getMessage(), e);
        }
    }
}
