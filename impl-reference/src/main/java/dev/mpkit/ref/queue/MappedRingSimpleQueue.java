package dev.mpkit.ref.queue;

import dev.mpkit.SimpleQueue;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;

/** A {@link SimpleQueue}: a {@link QueueRing} that put writes into in the caller, with no feeder. */
final class MappedRingSimpleQueue<E> implements SimpleQueue<E>, Serializable {

    private static final long serialVersionUID = 1L;

    private final transient QueueRing ring;
    private transient volatile boolean closed;

    MappedRingSimpleQueue(QueueRing ring) {
        this.ring = ring;
    }

    @Override
    public void put(E item) throws InterruptedException {
        checkOpen();
        if (Thread.interrupted()) {
            throw new InterruptedException(); // QUEUE-26: nothing put
        }
        byte[] body = Items.encode(item, "QUEUE-22"); // QUEUE-22: in the caller, nothing enqueued on failure
        int len = body.length;
        for (;;) {
            ring.lockWriter(QueueRing.FOREVER, true); // QUEUE-26: interruptible, nothing written yet
            try {
                long tail = ring.tail();
                if (!ring.fitsWhole(len)) {
                    ring.countPut();
                    ring.stream(tail, body, len); // QUEUE-24: a frame begun is finished
                    return;
                }
                long at = ring.tryAppend(tail, body, len);
                if (at >= 0) {
                    ring.countPut(); // before it can be got: the count never goes negative
                    ring.publish(at); // QUEUE-21: visible to every process when put returns
                    return;
                }
            } finally {
                ring.unlockWriter();
            }
            // no room: wait for a get without the lock, so that a putter killed meanwhile leaves it free
            ring.awaitRoomUnlocked(QueueRing.frameSize(len), QueueRing.FOREVER, true);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get() throws InterruptedException {
        checkOpen();
        if (Thread.interrupted()) {
            throw new InterruptedException(); // QUEUE-26: nothing got
        }
        return (E) Items.take(ring, QueueRing.FOREVER); // QUEUE-21: waits
    }

    @Override
    public boolean isEmpty() {
        checkOpen();
        return ring.count() == 0;
    }

    @Override
    public void close() {
        closed = true; // QUEUE-22: a second close does nothing
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("[QUEUE-22] SimpleQueue is closed");
        }
    }

    Object writeReplace() {
        return QueueHandle.of(ring, "SimpleQueue");
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("a queue is read through its serial handle");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MappedRingSimpleQueue && ((MappedRingSimpleQueue<?>) o).ring.path().equals(ring.path());
    }

    @Override
    public int hashCode() {
        return ring.path().hashCode();
    }

    @Override
    public String toString() {
        return "<SimpleQueue(" + (closed ? "closed" : "open") + ")>";
    }
}
