package dev.mpkit.ref.manager;

import dev.mpkit.ref.os.Pids;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.time.Duration;
import java.util.function.LongFunction;

/** What every proxy shares: its reference, the requests it sends, and waiting in slices. */
abstract class ManagedProxy implements Serializable {

    private static final long serialVersionUID = 1L;
    static final long FOREVER = Long.MAX_VALUE;
    static final long PID = Pids.current();

    final transient ProxyRef ref;
    final transient Endpoint endpoint;

    ManagedProxy(ProxyRef ref) {
        this.ref = ref;
        this.endpoint = ref.endpoint();
    }

    /** Serialized as its reference: a proxy travels anywhere (MGR-03). */
    final Object writeReplace() throws ObjectStreamException {
        return ref;
    }

    /** The value of the reply to {@code op} on this object. */
    final Object call(int op, Object... args) {
        return endpoint.call(request(op, args))[1];
    }

    /** Sends {@code op}, answered at once: true if OK, false if NO. */
    final boolean ask(int op, Object... args) {
        return (Integer) endpoint.call(request(op, args))[0] == Protocol.OK;
    }

    /** Sends {@code op} and returns the whole reply: { status, value }. */
    final Object[] send(int op, Object... args) {
        return endpoint.call(request(op, args));
    }

    /**
     * Sends the request {@code slice} makes for a wait of at most the given nanoseconds, again and again until
     * the server answers OK or {@code nanos} ({@link #FOREVER}) have passed; between two requests, an interrupt
     * of this thread ends the wait.
     *
     * @return the OK reply, or {@code null} no earlier than {@code nanos}
     * @throws InterruptedException if this thread is interrupted on entry or between two slices; the status is
     *     cleared
     */
    final Object[] inSlices(long nanos, LongFunction<Object[]> slice) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long deadline = System.nanoTime() + nanos;
        for (;;) {
            long left = nanos == FOREVER ? Protocol.SLICE_NANOS : Math.max(0, deadline - System.nanoTime());
            Object[] reply = slice.apply(Math.min(left, Protocol.SLICE_NANOS));
            if ((Integer) reply[0] == Protocol.OK) {
                return reply;
            }
            if (nanos != FOREVER && deadline - System.nanoTime() <= 0) {
                return null;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException(); // nothing taken: the last slice's answer was NO
            }
        }
    }

    /** The request { op, this object's id, args… }. */
    final Object[] request(int op, Object... args) {
        Object[] request = new Object[args.length + 2];
        request[0] = op;
        request[1] = ref.id;
        System.arraycopy(args, 0, request, 2, args.length);
        return request;
    }

    static long nanos(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            return 0;
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException e) {
            return FOREVER; // more than Long.MAX_VALUE nanoseconds: forever
        }
    }

    static long thread() {
        return Thread.currentThread().getId();
    }

    String describe() {
        return "id=" + ref.id + " at " + ref.address;
    }
}
