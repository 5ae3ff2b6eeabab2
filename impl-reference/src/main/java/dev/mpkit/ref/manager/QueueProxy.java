package dev.mpkit.ref.manager;

import dev.mpkit.QueueEmptyException;
import dev.mpkit.QueueFullException;
import dev.mpkit.SharedQueue;
import dev.mpkit.ref.codec.Codec;
import java.io.IOException;
import java.io.NotSerializableException;
import java.time.Duration;
import java.util.Objects;

/**
 * A proxy to a queue in a manager's server: every call is a request. It has no feeder, so a put is complete when
 * it returns.
 */
class QueueProxy<E> extends ManagedProxy implements SharedQueue<E> {

    private static final long serialVersionUID = 1L;

    private transient volatile boolean closed;

    QueueProxy(ProxyRef ref) {
        super(ref);
    }

    @Override
    public void put(E item) throws InterruptedException {
        checkOpen();
        if (Thread.interrupted()) {
            throw new InterruptedException(); // nothing put
        }
        byte[] form = encode(item);
        inSlices(FOREVER, s -> send(Protocol.PUT, form, s));
    }

    @Override
    public void put(E item, Duration timeout) throws QueueFullException, InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        checkOpen();
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        byte[] form = encode(item);
        if (inSlices(nanos(timeout), s -> send(Protocol.PUT, form, s)) == null) {
            throw new QueueFullException("[QUEUE-05] put() found the queue full (maxSize " + ref.parameter
                    + ") after " + timeout); // MGR-02: no earlier than the timeout
        }
    }

    @Override
    public void putNowait(E item) throws QueueFullException {
        checkOpen();
        byte[] form = encode(item);
        if (!ask(Protocol.PUT, form, 0L)) {
            throw new QueueFullException("[QUEUE-05] putNowait() found the queue full (maxSize " + ref.parameter
                    + ")");
        }
    }

    @Override
    public E get() throws InterruptedException {
        checkOpen();
        return decode(inSlices(FOREVER, s -> send(Protocol.GET, s)));
    }

    @Override
    public E get(Duration timeout) throws QueueEmptyException, InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        checkOpen();
        Object[] reply = inSlices(nanos(timeout), s -> send(Protocol.GET, s));
        if (reply == null) {
            throw new QueueEmptyException("[QUEUE-03] get() found the queue empty after " + timeout); // MGR-02
        }
        return decode(reply);
    }

    @Override
    public E getNowait() throws QueueEmptyException {
        checkOpen();
        Object[] reply = send(Protocol.GET, 0L);
        if ((Integer) reply[0] != Protocol.OK) {
            throw new QueueEmptyException("[QUEUE-04] getNowait() found the queue empty");
        }
        return decode(reply);
    }

    @Override
    public int qsize() {
        return (Integer) call(Protocol.QSIZE);
    }

    @Override
    public boolean isEmpty() {
        return qsize() == 0;
    }

    @Override
    public boolean isFull() {
        return (Boolean) call(Protocol.FULL);
    }

    @Override
    public void close() {
        closed = true; // this proxy only; the queue and other proxies go on
    }

    @Override
    public void joinThread() throws InterruptedException {
        joinThread(Duration.ZERO);
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
        return true; // no feeder: every put is complete when it returns
    }

    @Override
    public void cancelJoinThread() {
        // no feeder: nothing to wait for at exit
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("[QUEUE-13] queue is closed");
        }
    }

    private static byte[] encode(Object item) {
        try {
            return Codec.encode(item);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("[QUEUE-14] cannot put " + item.getClass().getName() + ": "
                    + e.getMessage() + " is not serializable", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("[QUEUE-14] cannot put " + item.getClass().getName() + ": " + e, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E> E decode(Object[] reply) {
        byte[] form = (byte[]) reply[1];
        try {
            return (E) Codec.decode(form, 0, form.length);
        } catch (IOException e) {
            throw new IllegalStateException("[QUEUE-01] an item got from the queue cannot be deserialized here: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "<SharedQueue proxy " + describe() + ">";
    }
}
