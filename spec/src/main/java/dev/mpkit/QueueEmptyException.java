package dev.mpkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Thrown when a {@link SharedQueue} has no item to give within the time allowed: Python's {@code queue.Empty}.
 *
 * <p>{@link SharedQueue#getNowait()} throws it at once, and {@link SharedQueue#get(java.time.Duration)} after the
 * timeout (QUEUE-03, QUEUE-04). It is checked, because an empty queue is an expected outcome the caller must
 * handle, not misuse.
 *
 * <pre>{@code
 * try {
 *     Job job = jobs.get(Duration.ofSeconds(1));
 *     run(job);
 * } catch (QueueEmptyException e) {
 *     idle();
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public class QueueEmptyException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was waited for and how long, for example
     *     {@code "[QUEUE-03] get() found the queue empty after PT0.3S"}; may be {@code null}
     */
    public QueueEmptyException(String message) {
        super(message);
    }
}
