package dev.mpkit.ref.sync;

import java.util.ArrayList;
import java.util.List;

/**
 * The one way a lock or semaphore may be serialized: while this thread starts a child, Python's "sharing through
 * inheritance" (LOCK-16, LOCK-17, SEM-17).
 */
final class Inheritance {

    private static final ThreadLocal<int[]> DEPTH = new ThreadLocal<>();
    private static final ThreadLocal<List<ChildStartPending>> PENDING = new ThreadLocal<>();

    private Inheritance() {}

    static void open() {
        int[] d = DEPTH.get();
        if (d == null) {
            d = new int[1];
            DEPTH.set(d);
        }
        d[0]++;
    }

    /**
     * Closes one level of the scope.
     *
     * @return what was registered in the scope, once its outermost level closes; otherwise empty
     */
    static List<ChildStartPending> close() {
        int[] d = DEPTH.get();
        if (d != null && --d[0] <= 0) {
            DEPTH.remove();
            List<ChildStartPending> p = PENDING.get();
            PENDING.remove();
            return p == null ? List.of() : p;
        }
        return List.of();
    }

    static void register(ChildStartPending pending) {
        if (!isOpen()) {
            throw new IllegalStateException("no child is being started on this thread");
        }
        List<ChildStartPending> p = PENDING.get();
        if (p == null) {
            p = new ArrayList<>();
            PENDING.set(p);
        }
        p.add(pending);
    }

    static boolean isOpen() {
        int[] d = DEPTH.get();
        return d != null && d[0] > 0;
    }

    /**
     * The serial form of a primitive, if this thread is starting a child.
     *
     * @param clause the clause that forbids other routes: {@code LOCK-17} or {@code SEM-17}
     * @param type the public type, as CPython's message names its class
     * @throws IllegalArgumentException otherwise, as CPython raises {@code RuntimeError}
     */
    static Object replace(SerialHandle handle, String clause, String type) {
        if (!isOpen()) {
            // LOCK-17, SEM-17: only a child's start may carry a primitive to another process
            throw new IllegalArgumentException("[" + clause + "] " + type + " objects should only be shared between"
                    + " processes through inheritance: pass it to the child as an argument of its target, a field"
                    + " of a ChildProcess subclass or a variable the target captures, and only when the child"
                    + " starts; a queue, pipe, pool task or other serialization cannot carry it");
        }
        return handle;
    }
}
