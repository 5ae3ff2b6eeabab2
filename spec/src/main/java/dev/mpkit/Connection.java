package dev.mpkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.EOFException;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import org.apiguardian.api.API;

/**
 * One end of a {@link Pipe}, which sends messages to the other end and receives messages from it: Python's
 * {@code multiprocessing.connection.Connection}.
 *
 * <p>A message is either an object, sent with {@link #send(Object)} and received with {@link #recv()}, or a run of
 * bytes, sent with {@link #sendBytes(byte[])} and received with {@link #recvBytes()}. Messages are delivered whole,
 * never merged or split, in the order they were sent (PIPE-04). An end from a one-way pipe can only receive or only
 * send ({@link #isReadable()}, {@link #isWritable()}; PIPE-02).
 *
 * <pre>{@code
 * Pipe pipe = mp.newPipe(true);
 * ChildProcess echo = mp.newProcess(args -> {
 *     try (Connection conn = (Connection) args[0]) {
 *         while (true) {
 *             conn.send(conn.recv());    // until EOFException
 *         }
 *     } catch (EOFException parentClosed) {
 *         // done
 *     }
 * }, pipe.right());
 * echo.start();
 * pipe.right().close();                 // only the child holds that end now (PIPE-15)
 * try (Connection conn = pipe.left()) {
 *     conn.send("ping");
 *     if (conn.poll(Duration.ofSeconds(5))) {
 *         System.out.println(conn.recv());   // ping
 *     }
 * }
 * echo.join();
 * }</pre>
 *
 * <h2>Messages</h2>
 * <ul>
 *   <li>{@link #send(Object)} serializes the object in the caller, before it returns, and throws
 *       {@link IllegalArgumentException} if it cannot, as CPython raises in the caller (PIPE-18). {@code null} is a
 *       message like any other, and {@link #recv()} returns an equal copy, never the object sent (PIPE-05).</li>
 *   <li>An object message, received with {@link #recvBytes()}, yields its serialized form, in a format the provider
 *       chooses; bytes received with {@link #recv()} that are not such a form throw an {@link IOException}
 *       (PIPE-19).</li>
 *   <li>A pipe holds only a little data. {@code send} waits while it is full, so one thread that sends many
 *       messages before receiving any, on both ends of one pipe, may wait forever (PIPE-22).</li>
 *   <li>Messages of any size up to at least 64 MiB arrive intact (PIPE-09).</li>
 * </ul>
 *
 * <h2>End of stream</h2>
 * Once every copy of the other end is closed, whether by {@link #close()} or because the processes that held them
 * have exited, the messages already sent are still received, in order, and then {@link #recv()} and
 * {@link #recvBytes()} throw {@link EOFException} (PIPE-13, PIPE-14). Passing an end to a child gives the child its
 * own copy, so close the parent's copy if the parent no longer needs it; otherwise the other end never sees end of
 * stream (PIPE-15).
 *
 * <h2>Errors</h2>
 * Misuse throws {@link IllegalStateException}, with a message starting with the clause ID: any operation but
 * {@link #close()} and the queries on a closed connection ({@code "[PIPE-16] connection is closed"}), sending on a
 * receive-only end ({@code "[PIPE-03] connection is read-only"}), receiving or polling on a send-only end
 * ({@code "[PIPE-03] connection is write-only"}). CPython raises {@code OSError} for all three. Failures of the
 * channel itself, such as sending to an end whose other end is closed everywhere
 * ({@code "[PIPE-17] the other end of the pipe is closed"}) or reaching end of stream, throw {@link IOException}.
 *
 * <h2>Passing a connection to a child</h2>
 * An end reaches a child as a process argument, as a field of a {@link ChildProcess} subclass, or captured by the
 * target (PIPE-20). CPython also lets a connection travel through another connection, a queue or a pool task;
 * whether it can here is up to the provider, and one that cannot throws {@link IllegalArgumentException} in the
 * sender, with a message starting {@code "[PIPE-23] Connection objects should only be shared between processes
 * through inheritance"} (PIPE-23).
 *
 * <h2>Threads</h2>
 * Two threads must not send at the same time, nor receive at the same time, on one end; as in CPython, the
 * connection does not lock. One thread sending while another receives on a two-way end is fine. Processes that
 * hold copies of one end may send at the same time: each message arrives whole (PIPE-21).
 *
 * <h2>Cross-process visibility</h2>
 * Actions in a process prior to sending a message happen-before actions following the receipt of that message in
 * another process (PIPE).
 *
 * <h2>When the other process dies</h2>
 * Its copies of the other end are closed with it: this end receives what was sent, then {@link EOFException}, and
 * sending throws {@link IOException} (PIPE-14, PIPE-17). A message the dying process had half sent ends with an
 * {@link IOException} rather than {@code EOFException} (PIPE-13).
 *
 * <h2>Implementation Considerations</h2>
 * <ul>
 *   <li>A deserialized connection in a child is a new copy of the same end; closing one copy does not close
 *       another, and end of stream is seen only when all copies of an end are closed (PIPE-15).</li>
 *   <li>A thread interrupted while a message is partly sent or received leaves the message stream unframed; the
 *       provider then closes this end before throwing {@link InterruptedException} (PIPE-24).</li>
 *   <li>A very long timeout (more than {@code Long.MAX_VALUE} nanoseconds) means waiting forever.</li>
 * </ul>
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface Connection extends AutoCloseable, Serializable {

    /**
     * Sends {@code obj} to the other end, which receives an equal copy with {@link #recv()}: Python's
     * {@code send(obj)}. Waits while the pipe is full (PIPE-22).
     *
     * @param obj the object, {@link Serializable} or {@code null}
     * @throws IOException if every copy of the other end is closed (PIPE-17), or the pipe fails
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; the interrupted
     *     status is cleared, and the message is not sent, or this end is closed if part of it was (PIPE-24)
     * @throws IllegalArgumentException if {@code obj} cannot be serialized (PIPE-18), or may only be passed to a
     *     child as an argument (PIPE-23, QUEUE-23, LOCK-17, SEM-17); nothing is sent
     * @throws IllegalStateException if this end is closed (PIPE-16) or receive-only (PIPE-03)
     */
    void send(Object obj) throws IOException, InterruptedException;

    /**
     * Receives the next object sent with {@link #send(Object)}, waiting until there is one: Python's
     * {@code recv()}.
     *
     * @return a deserialized copy of the object; {@code null} if {@code null} was sent (PIPE-05)
     * @throws EOFException if every copy of the other end is closed and all its messages have been received
     *     (PIPE-13)
     * @throws IOException if the message cannot be deserialized, for example because it was sent with
     *     {@link #sendBytes(byte[])} or its class is missing; the message is consumed and the connection stays
     *     usable (PIPE-19). Also if the other end closed in the middle of a message (PIPE-13), or the pipe fails
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; the interrupted
     *     status is cleared, and no message is consumed, or this end is closed if part of one was
     * @throws IllegalStateException if this end is closed (PIPE-16) or send-only (PIPE-03)
     */
    Object recv() throws IOException, InterruptedException;

    /**
     * Sends all of {@code buf} as one message: Python's {@code send_bytes(buf)}. An empty message is allowed
     * (PIPE-06).
     *
     * @param buf the bytes; never {@code null} but potentially empty
     * @throws IOException if every copy of the other end is closed (PIPE-17), or the pipe fails
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; the interrupted
     *     status is cleared, and the message is not sent, or this end is closed if part of it was
     * @throws IllegalStateException if this end is closed (PIPE-16) or receive-only (PIPE-03)
     */
    default void sendBytes(byte[] buf) throws IOException, InterruptedException {
        sendBytes(buf, 0, buf.length);
    }

    /**
     * Sends {@code size} bytes of {@code buf}, starting at {@code offset}, as one message: Python's
     * {@code send_bytes(buf, offset, size)} (PIPE-06).
     *
     * @param buf the bytes; never {@code null}
     * @param offset where the message starts in {@code buf}, from 0 to {@code buf.length}
     * @param size how many bytes to send, from 0 to {@code buf.length - offset}
     * @throws IndexOutOfBoundsException if {@code offset} or {@code size} is negative, or together they reach past
     *     the end of {@code buf}, with a message starting {@code "[PIPE-06]"}; nothing is sent. CPython raises
     *     {@code ValueError} (PIPE-06)
     * @throws IOException if every copy of the other end is closed (PIPE-17), or the pipe fails
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; the interrupted
     *     status is cleared, and the message is not sent, or this end is closed if part of it was
     * @throws IllegalStateException if this end is closed (PIPE-16) or receive-only (PIPE-03)
     */
    void sendBytes(byte[] buf, int offset, int size) throws IOException, InterruptedException;

    /**
     * Receives the next message as bytes, waiting until there is one: Python's {@code recv_bytes()}.
     *
     * @return the message; never {@code null} but potentially empty
     * @throws EOFException if every copy of the other end is closed and all its messages have been received
     *     (PIPE-13)
     * @throws IOException if the other end closed in the middle of a message (PIPE-13), or the pipe fails
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; the interrupted
     *     status is cleared, and no message is consumed, or this end is closed if part of one was
     * @throws IllegalStateException if this end is closed (PIPE-16) or send-only (PIPE-03)
     */
    byte[] recvBytes() throws IOException, InterruptedException;

    /**
     * Receives the next message as bytes, refusing one longer than {@code maxLength}: Python's
     * {@code recv_bytes(maxlength)}. A message of exactly {@code maxLength} bytes is accepted (PIPE-08).
     *
     * @param maxLength the longest message accepted, at least 0
     * @return the message; never {@code null} but potentially empty
     * @throws IOException if the message is longer than {@code maxLength}, with a message starting
     *     {@code "[PIPE-08] bad message length: "} and giving both lengths, as CPython raises {@code OSError('bad
     *     message length')}; this end is then no longer readable: a two-way end becomes send-only, a receive-only end
     *     is closed (PIPE-08). Also for the reasons {@link #recvBytes()} gives, {@link EOFException} included
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; the interrupted
     *     status is cleared, and no message is consumed, or this end is closed if part of one was
     * @throws IllegalArgumentException if {@code maxLength} is negative:
     *     {@code "[PIPE-08] maxLength must be >= 0, was -1"}; nothing is consumed (PIPE-08)
     * @throws IllegalStateException if this end is closed (PIPE-16) or send-only (PIPE-03)
     */
    byte[] recvBytes(int maxLength) throws IOException, InterruptedException;

    /**
     * Receives the next message into {@code buf} from index 0: Python's {@code recv_bytes_into(buf)}.
     *
     * @param buf where to put the message; never {@code null}
     * @return the length of the message in bytes
     * @throws BufferTooShortException if the message does not fit; it is consumed and available from the exception,
     *     and the connection stays usable (PIPE-07)
     * @throws IOException for the reasons {@link #recvBytes()} gives, {@link EOFException} included
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; the interrupted
     *     status is cleared, and no message is consumed, or this end is closed if part of one was
     * @throws IllegalStateException if this end is closed or send-only (PIPE-03, PIPE-16)
     */
    default int recvBytesInto(byte[] buf) throws IOException, InterruptedException {
        return recvBytesInto(buf, 0);
    }

    /**
     * Receives the next message into {@code buf} from index {@code offset}: Python's
     * {@code recv_bytes_into(buf, offset)} (PIPE-07).
     *
     * @param buf where to put the message; never {@code null}
     * @param offset where the message starts in {@code buf}, from 0 to {@code buf.length}
     * @return the length of the message in bytes
     * @throws IndexOutOfBoundsException if {@code offset} is negative or greater than {@code buf.length}, with a
     *     message starting {@code "[PIPE-07]"}; nothing is consumed. CPython raises {@code ValueError} (PIPE-07)
     * @throws BufferTooShortException if the message does not fit; it is consumed and available from the exception,
     *     and the connection stays usable (PIPE-07)
     * @throws IOException for the reasons {@link #recvBytes()} gives, {@link EOFException} included
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; the interrupted
     *     status is cleared, and no message is consumed, or this end is closed if part of one was
     * @throws IllegalStateException if this end is closed (PIPE-16) or send-only (PIPE-03)
     */
    int recvBytesInto(byte[] buf, int offset) throws IOException, InterruptedException;

    /**
     * Whether a receive would return or throw without waiting: a message is pending, or the other end is closed
     * (PIPE-10, PIPE-13). Consumes nothing, so it may be called again and again. Python's {@code poll()}.
     *
     * @return {@code true} if a message or end of stream is pending
     * @throws IOException if the pipe fails
     * @throws IllegalStateException if this end is closed (PIPE-16) or send-only (PIPE-03)
     */
    boolean poll() throws IOException;

    /**
     * Waits at most {@code timeout} until a receive would return or throw without waiting: Python's
     * {@code poll(timeout)}. A zero or negative timeout does not wait (PIPE-11).
     *
     * @param timeout how long to wait at most; never {@code null}
     * @return {@code true} if a message or end of stream is pending; {@code false} after at least {@code timeout}
     * @throws IOException if the pipe fails
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting; the interrupted
     *     status is cleared (PIPE-24)
     * @throws IllegalStateException if this end is closed or send-only (PIPE-03, PIPE-16)
     */
    boolean poll(Duration timeout) throws IOException, InterruptedException;

    /**
     * Closes this copy of this end: Python's {@code close()}, also called on leaving {@code with conn:}. Closing
     * again does nothing (PIPE-16). Declares no checked exception: a failure while closing is ignored, and the
     * connection counts as closed.
     */
    @Override
    void close();

    /**
     * Whether this copy of this end is closed: Python's {@code closed}.
     *
     * @return {@code true} after {@link #close()} (PIPE-16), or after a too-long message closed a receive-only end
     *     (PIPE-08)
     */
    boolean isClosed();

    /**
     * Whether this end can receive: Python's {@code readable}.
     *
     * @return {@code true} for either end of a two-way pipe and the receiving end of a one-way pipe, until closed or
     *     until a too-long message stops it (PIPE-01, PIPE-02, PIPE-08, PIPE-16)
     */
    boolean isReadable();

    /**
     * Whether this end can send: Python's {@code writable}.
     *
     * @return {@code true} for either end of a two-way pipe and the sending end of a one-way pipe, until closed
     *     (PIPE-01, PIPE-02, PIPE-16)
     */
    boolean isWritable();
}
