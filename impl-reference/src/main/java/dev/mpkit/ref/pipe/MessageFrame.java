package dev.mpkit.ref.pipe;

/**
 * The layout of one message on a pipe: a length, then that many bytes (PIPE-04).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |             Body length N, big-endian, 0 to 2^31 - 1          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         Body (N bytes)                       ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The body of an object message is {@code Codec.encode(obj)}; of a bytes message, the bytes. Nothing tells the two
 * kinds apart on the pipe, as in CPython (PIPE-19).
 */
final class MessageFrame {

    /** The length field's size in bytes, at offset 0. */
    static final int HEADER_LENGTH = 4;

    /**
     * The largest body whose frame one {@code write} delivers at once ({@code PIPE_BUF}): messages up to this size
     * from several processes never interleave (PIPE-21).
     */
    static final int ATOMIC_BODY_LENGTH = 4096 - HEADER_LENGTH;

    private MessageFrame() {}
}
