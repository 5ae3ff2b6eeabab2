package dev.mpkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Thrown when a bounded {@link SharedQueue} has no room for an item within the time allowed: Python's
 * {@code queue.Full}.
 *
 * <p>{@link SharedQueue#putNowait(Object)} throws it at once, and
 * {@link SharedQueue#put(Object, java.time.Duration)} after the timeout (QUEUE-05, QUEUE-20). The item was not put.
 * It is checked, because a full queue is an expected outcome the caller must handle, not misuse.
 *
 * <pre>{@code
 * try {
 *     results.putNowait(result);
 * } catch (QueueFullException e) {
 *     dropped.incrementAndGet();
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public class QueueFullException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was waited for and how long, for example
     *     {@code "[QUEUE-05] put() found the queue full (maxSize 2) after PT0.3S"}; may be {@code null}
     */
    public QueueFullException(String message) {
        super(message);
    }
}
