package dev.mpkit.ref.sync;

import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serializable;

/**
 * The serial form of every lock and semaphore: which kind it is and the path of its shared state file. A child
 * that reads it maps the same file, so it gets the same lock (LOCK-16).
 */
final class SerialHandle implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int kind;
    private final String path;

    SerialHandle(SemaphoreCore core) {
        this.kind = core.kind();
        this.path = core.path();
    }

    private Object readResolve() throws ObjectStreamException {
        SemaphoreCore core;
        try {
            core = SemaphoreCore.attach(path, kind);
        } catch (RuntimeException e) {
            InvalidObjectException ioe = new InvalidObjectException("[LOCK-16] cannot reach the shared state of a"
                    + " lock or semaphore: " + e.getMessage());
            ioe.initCause(e);
            throw ioe;
        }
        switch (kind) {
            case SemaphoreCore.LOCK:
                return new MappedFileLock(core);
            case SemaphoreCore.RLOCK:
                return new MappedFileRLock(core);
            case SemaphoreCore.SEMAPHORE:
            case SemaphoreCore.BOUNDED_SEMAPHORE:
                return new MappedFileSemaphore(core);
            default:
                throw new InvalidObjectException("unknown kind " + kind + " of shared state in " + path);
        }
    }
}
