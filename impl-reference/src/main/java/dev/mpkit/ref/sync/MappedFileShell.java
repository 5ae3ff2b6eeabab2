package dev.mpkit.ref.sync;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;

/**
 * What the three kinds of shell over a {@link SemaphoreCore} share: identity by file, and serialization only as a
 * {@link SerialHandle} while a child starts (LOCK-16, LOCK-17, SEM-17).
 */
abstract class MappedFileShell implements Serializable {

    private static final long serialVersionUID = 1L;

    final transient SemaphoreCore core;
    private final transient String clause;
    private final transient String type;

    /**
     * @param core the shared state this shell stands for
     * @param clause the clause that refuses other routes: {@code LOCK-17} or {@code SEM-17}
     * @param type the public type the refusal names, as CPython's message names its class
     */
    MappedFileShell(SemaphoreCore core, String clause, String type) {
        this.core = core;
        this.clause = clause;
        this.type = type;
    }

    /** Package-private, so that serialization calls it for every subclass of this package. */
    Object writeReplace() {
        return Inheritance.replace(new SerialHandle(core), clause, type);
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("a lock or semaphore is read through its serial handle");
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((MappedFileShell) o).core.path().equals(core.path());
    }

    @Override
    public final int hashCode() {
        return core.path().hashCode();
    }
}
