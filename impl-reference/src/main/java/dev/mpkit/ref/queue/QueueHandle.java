package dev.mpkit.ref.queue;

import dev.mpkit.ref.sync.SyncPrimitives;
import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serializable;

/**
 * The serial form of every queue: its kind and the path and size of its shared state file. A child that reads it
 * maps the same file, so it gets the same queue (QUEUE-23).
 */
final class QueueHandle implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int kind;
    private final String path;
    private final int size;

    private QueueHandle(QueueRing ring) {
        this.kind = ring.kind();
        this.path = ring.path();
        this.size = ring.fileSize();
    }

    /**
     * The serial form of a queue, if this thread is starting a child.
     *
     * @param type the public name CPython's message uses: {@code Queue}, {@code JoinableQueue}, {@code SimpleQueue}
     * @throws IllegalArgumentException otherwise, as CPython raises {@code RuntimeError}
     */
    static QueueHandle of(QueueRing ring, String type) {
        if (!SyncPrimitives.isChildStartOpen()) {
            // QUEUE-23: only a child's start may carry a queue to another process
            throw new IllegalArgumentException("[QUEUE-23] " + type + " objects should only be shared between"
                    + " processes through inheritance: pass it to the child as an argument of its target, a field"
                    + " of a ChildProcess subclass or a variable the target captures, and only when the child"
                    + " starts; a queue, pipe, pool task or other serialization cannot carry it");
        }
        return new QueueHandle(ring);
    }

    private Object readResolve() throws ObjectStreamException {
        try {
            return Queues.attach(kind, path, size);
        } catch (RuntimeException e) {
            InvalidObjectException ioe = new InvalidObjectException("[QUEUE-23] cannot reach the shared state of a"
                    + " queue: " + e.getMessage());
            ioe.initCause(e);
            throw ioe;
        }
    }
}
