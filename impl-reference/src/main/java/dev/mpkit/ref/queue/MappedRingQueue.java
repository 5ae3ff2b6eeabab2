package dev.mpkit.ref.queue;

import dev.mpkit.QueueEmptyException;
import dev.mpkit.QueueFullException;
import dev.mpkit.SharedQueue;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/** A {@link SharedQueue}: this process's handle on a {@link QueueRing}, writing through its {@link Feeder}. */
sealed class MappedRingQueue<E> implements SharedQueue<E>, Serializable permits MappedRingJoinableQueue {

    private static final long serialVersionUID = 1L;

    final transient QueueRing ring;
    private final transient Feeder feeder;
    private transient volatile boolean closed;

    MappedRingQueue(Feeder feeder) {
        this.feeder = feeder;
        this.ring = feeder.ring;
    }

    // ------------------------------------------------------------------------------------------ put

    @Override
    public void put(E item) throws InterruptedException {
        checkOpen();
        if (Thread.interrupted()) {
            throw new InterruptedException(); // QUEUE-26: nothing put
        }
        byte[] body = Items.encode(item, "QUEUE-14"); // QUEUE-14, QUEUE-15: in the caller, a snapshot
        if (ring.bounded()) {
            ring.reserveSlot(QueueRing.FOREVER); // QUEUE-06: wait until a get in any process makes room
        } else {
            ring.countPut(); // QUEUE-07: an unbounded put never waits
        }
        enqueue(body);
    }

    @Override
    public void put(E item, Duration timeout) throws QueueFullException, InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        checkOpen();
        if (Thread.interrupted()) {
            throw new InterruptedException(); // QUEUE-26: nothing put
        }
        byte[] body = Items.encode(item, "QUEUE-14");
        if (ring.bounded()) {
            if (!ring.reserveSlot(QueueRing.nanos(timeout))) {
                // QUEUE-05: no earlier than the timeout, at once for zero or negative; nothing put
                throw new QueueFullException("[QUEUE-05] put() found the queue full (maxSize " + ring.maxSize()
                        + ") after " + timeout);
            }
        } else {
            ring.countPut();
        }
        enqueue(body);
    }

    @Override
    public void putNowait(E item) throws QueueFullException {
        checkOpen();
        byte[] body = Items.encode(item, "QUEUE-14");
        if (ring.bounded()) {
            if (!ring.tryReserveSlot()) {
                throw new QueueFullException("[QUEUE-05] putNowait() found the queue full (maxSize "
                        + ring.maxSize() + ")"); // QUEUE-05: at once, nothing put
            }
        } else {
            ring.countPut();
        }
        enqueue(body);
    }

    /** Hands a counted item to the ring; a JoinableQueue counts it as unfinished first. */
    void enqueue(byte[] body) {
        feeder.deliver(body);
    }

    // ------------------------------------------------------------------------------------------ get

    @Override
    @SuppressWarnings("unchecked")
    public E get() throws InterruptedException {
        checkOpen();
        if (Thread.interrupted()) {
            throw new InterruptedException(); // QUEUE-26: nothing got
        }
        return (E) Items.take(ring, QueueRing.FOREVER); // QUEUE-02: sleeps until a put in any process
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(Duration timeout) throws QueueEmptyException, InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        checkOpen();
        if (Thread.interrupted()) {
            throw new InterruptedException(); // QUEUE-26: nothing got
        }
        Object item = Items.take(ring, QueueRing.nanos(timeout));
        if (item == Items.NONE) {
            // QUEUE-03: no earlier than the timeout; at once for zero or negative
            throw new QueueEmptyException("[QUEUE-03] get() found the queue empty after " + timeout);
        }
        return (E) item;
    }

    @Override
    @SuppressWarnings("unchecked")
    public E getNowait() throws QueueEmptyException {
        checkOpen();
        Object item;
        boolean interrupted = Thread.interrupted();
        try {
            item = Items.take(ring, 0);
        } catch (InterruptedException cannotHappen) {
            interrupted = true;
            item = Items.NONE;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (item == Items.NONE) {
            throw new QueueEmptyException("[QUEUE-04] getNowait() found the queue empty"); // QUEUE-04: at once
        }
        return (E) item;
    }

    // ------------------------------------------------------------------------------------------ state

    @Override
    public int qsize() {
        return ring.count(); // QUEUE-10: works on a closed handle too
    }

    @Override
    public boolean isEmpty() {
        return ring.count() == 0; // QUEUE-11
    }

    @Override
    public boolean isFull() {
        return ring.bounded() && ring.count() >= ring.maxSize(); // QUEUE-11: never for an unbounded queue
    }

    @Override
    public void close() {
        closed = true; // QUEUE-13: this handle only; the feeder still delivers what was put
    }

    @Override
    public void joinThread() throws InterruptedException {
        joinThread(Duration.ofSeconds(Long.MAX_VALUE));
    }

    @Override
    public boolean joinThread(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (!closed) {
            throw new IllegalStateException("[QUEUE-17] joinThread() before close()");
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return feeder.awaitDrained(QueueRing.nanos(timeout)); // QUEUE-17: once this process's items can be got
    }

    @Override
    public void cancelJoinThread() {
        feeder.cancel(); // QUEUE-16 does not hold for this process any more
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("[QUEUE-13] queue is closed");
        }
    }

    // ------------------------------------------------------------------------------------------ identity

    /** Package-private, so that serialization calls it for the subclass too. */
    Object writeReplace() {
        return QueueHandle.of(ring, this instanceof MappedRingJoinableQueue ? "JoinableQueue" : "Queue");
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("a queue is read through its serial handle");
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((MappedRingQueue<?>) o).ring.path().equals(ring.path());
    }

    @Override
    public final int hashCode() {
        return ring.path().hashCode();
    }

    @Override
    public String toString() {
        String type = this instanceof MappedRingJoinableQueue ? "JoinableQueue" : "Queue";
        return "<" + type + "(maxsize=" + ring.maxSize() + ", qsize=" + ring.count() + (closed ? ", closed" : "")
                + ")>";
    }
}
