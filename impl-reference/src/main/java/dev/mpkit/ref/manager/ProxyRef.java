package dev.mpkit.ref.manager;

import java.io.ObjectStreamException;
import java.io.Serializable;

/**
 * The serialized form of every proxy: where the server is, how to prove the key, which object and of what kind.
 * It becomes a working proxy again wherever it is deserialized (MGR-03).
 */
final class ProxyRef implements Serializable {

    private static final long serialVersionUID = 1L;

    final String address;
    final byte[] key;
    final long id;
    final int kind;
    /** The queue's maxSize, or the semaphore's initial value. */
    final int parameter;

    ProxyRef(String address, byte[] key, long id, int kind, int parameter) {
        this.address = address;
        this.key = key;
        this.id = id;
        this.kind = kind;
        this.parameter = parameter;
    }

    Endpoint endpoint() {
        return Endpoint.of(address, key);
    }

    /** A proxy to the object, in this process. */
    Object proxy() {
        switch (kind) {
            case Protocol.QUEUE:
                return new QueueProxy<>(this);
            case Protocol.JOINABLE_QUEUE:
                return new JoinableQueueProxy<>(this);
            case Protocol.LOCK:
                return new LockProxy(this);
            case Protocol.RLOCK:
                return new RLockProxy(this);
            case Protocol.SEMAPHORE:
            case Protocol.BOUNDED_SEMAPHORE:
                return new SemaphoreProxy(this);
            default:
                throw new IllegalStateException("[MGR] unknown kind of manager object: " + kind);
        }
    }

    private Object readResolve() throws ObjectStreamException {
        return proxy();
    }
}
