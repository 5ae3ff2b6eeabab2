package dev.mpkit.ref.manager;

import dev.mpkit.JoinableQueue;
import java.time.Duration;
import java.util.Objects;

/** A proxy to a joinable queue in a manager's server: the unfinished count lives there (MGR-06). */
final class JoinableQueueProxy<E> extends QueueProxy<E> implements JoinableQueue<E> {

    private static final long serialVersionUID = 1L;

    JoinableQueueProxy(ProxyRef ref) {
        super(ref);
    }

    @Override
    public void taskDone() {
        call(Protocol.TASK_DONE); // MGR-06: the server refuses one too many
    }

    @Override
    public void join() throws InterruptedException {
        inSlices(FOREVER, s -> send(Protocol.JOIN, s));
    }

    @Override
    public boolean join(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        return inSlices(nanos(timeout), s -> send(Protocol.JOIN, s)) != null;
    }

    @Override
    public String toString() {
        return "<JoinableQueue proxy " + describe() + ">";
    }
}
