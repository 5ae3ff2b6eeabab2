package dev.mpkit.ref.manager;

import dev.mpkit.SharedSemaphore;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/** A proxy to a semaphore, bounded or not, in a manager's server (MGR-05). */
final class SemaphoreProxy extends ManagedProxy implements SharedSemaphore {

    private static final long serialVersionUID = 1L;

    SemaphoreProxy(ProxyRef ref) {
        super(ref);
    }

    @Override
    public void acquire() throws InterruptedException {
        inSlices(FOREVER, s -> send(Protocol.ACQUIRE, s));
    }

    @Override
    public boolean tryAcquire() {
        return ask(Protocol.ACQUIRE, 0L);
    }

    @Override
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        return inSlices(nanos(timeout), s -> send(Protocol.ACQUIRE, s)) != null;
    }

    @Override
    public void release() {
        call(Protocol.RELEASE); // MGR-05: a bounded one refuses to go above its initial value
    }

    @Override
    public int value() {
        return (Integer) call(Protocol.VALUE);
    }

    @Override
    public OptionalInt bound() {
        return ref.kind == Protocol.BOUNDED_SEMAPHORE ? OptionalInt.of(ref.parameter) : OptionalInt.empty();
    }

    @Override
    public String toString() {
        return "<SharedSemaphore proxy " + describe() + ">";
    }
}
