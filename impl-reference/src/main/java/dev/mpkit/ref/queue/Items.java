package dev.mpkit.ref.queue;

import dev.mpkit.ref.codec.Codec;
import java.io.IOException;
import java.io.NotSerializableException;

/** Items in and out of a ring: encoding in the putting thread, and a locked take with decoding after it. */
final class Items {

    /** What {@link #take} returns when no item came in time. */
    static final Object NONE = new Object();

    private Items() {}

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
     * Takes the next item, waiting at most {@code nanos} ({@link QueueRing#FOREVER}) for the reader lock and an
     * item together.
     *
     * @return the item, or {@link #NONE} no earlier than {@code nanos}
     * @throws InterruptedException if interrupted while waiting; nothing taken, the status cleared (QUEUE-26)
     * @throws IllegalStateException if the item cannot be deserialized here; it is lost
     */
    static Object take(QueueRing ring, long nanos) throws InterruptedException {
        long start = System.nanoTime();
        if (!ring.lockReader(nanos)) {
            return NONE;
        }
        byte[] body;
        try {
            long left = nanos == QueueRing.FOREVER ? QueueRing.FOREVER
                    : Math.max(0, nanos - (System.nanoTime() - start));
            body = ring.take(left);
        } finally {
            ring.unlockReader();
        }
        if (body == null) {
            return NONE;
        }
        try {
            return Codec.decode(body, 0, body.length); // outside the lock: other readers go on meanwhile
        } catch (IOException e) {
            throw new IllegalStateException("[QUEUE-01] an item got from the queue cannot be deserialized here: "
                    + e.getMessage(), e);
        }
    }
}
