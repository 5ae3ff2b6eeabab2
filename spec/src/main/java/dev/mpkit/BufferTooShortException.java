package dev.mpkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.IOException;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Thrown by {@link Connection#recvBytesInto(byte[], int)} when the message does not fit into the buffer given:
 * Python's {@code multiprocessing.BufferTooShort}.
 *
 * <p>The message has been received all the same, and is available from {@link #fullMessage()}; the connection
 * stays usable (PIPE-07).
 *
 * <pre>{@code
 * byte[] buf = new byte[64];
 * int n;
 * try {
 *     n = conn.recvBytesInto(buf, 0);
 * } catch (BufferTooShortException e) {
 *     buf = e.fullMessage();
 *     n = buf.length;
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public class BufferTooShortException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The complete message received. */
    private final byte[] fullMessage;

    /**
     * Creates the exception.
     *
     * @param message what did not fit, for example
     *     {@code "[PIPE-07] message of 100 bytes does not fit into buffer of 64 bytes at offset 0"}; may be
     *     {@code null}
     * @param fullMessage the complete message received; never {@code null}
     */
    public BufferTooShortException(String message, byte[] fullMessage) {
        super(message);
        this.fullMessage = Objects.requireNonNull(fullMessage, "fullMessage must not be null").clone();
    }

    /**
     * The complete message that did not fit: Python's {@code e.args[0]}.
     *
     * @return a copy of the message; never {@code null}
     */
    public byte[] fullMessage() {
        return fullMessage.clone();
    }
}
