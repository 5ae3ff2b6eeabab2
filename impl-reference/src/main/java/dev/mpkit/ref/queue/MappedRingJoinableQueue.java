package dev.mpkit.ref.queue;

import dev.mpkit.JoinableQueue;
import java.time.Duration;
import java.util.Objects;

/** A {@link JoinableQueue}: a {@link MappedRingQueue} whose ring also counts unfinished items. */
final class MappedRingJoinableQueue<E> extends MappedRingQueue<E> implements JoinableQueue<E> {

    private static final long serialVersionUID = 1L;

    MappedRingJoinableQueue(Feeder feeder) {
        super(feeder);
    }

    @Override
    void enqueue(byte[] body) {
        ring.addUnfinished(); // QUEUE-18: raised before the item can be got, so no taskDone() precedes it
        super.enqueue(body);
    }

    @Override
    public void taskDone() {
        if (!ring.taskDone()) {
            // QUEUE-19: the count is unchanged
            throw new IllegalStateException("[QUEUE-19] taskDone() called too many times");
        }
    }

    @Override
    public void join() throws InterruptedException {
        join(Duration.ofSeconds(Long.MAX_VALUE));
    }

    @Override
    public boolean join(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return ring.awaitNoUnfinished(QueueRing.nanos(timeout)); // QUEUE-18: sleeps until the last taskDone()
    }
}
