package dev.mpkit.ref.os;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;

/**
 * The child's end of the pipe that is its standard input ({@link JvmProcess#startPiped}): the parent writes the
 * child's work to it as soon as it has launched the child, and the child reads end of stream when the parent has
 * gone, by any death, since only the parent holds the other end.
 */
/* Overview
 *
 * Why a pipe. A child that connects back over a socket pays, before it can read its work, for what a Unix-domain
 * socket needs first in a JVM (a SecureRandom for temporary names and the NIO socket machinery), tens of
 * milliseconds of its start-up. Standard input is open before the JVM starts, and the work is waiting in it when
 * main() begins.
 *
 * Reading. The frame is read without buffering, exactly, from file descriptor 0. Afterwards System.in is
 * replaced by an empty stream: a Python child's standard input is /dev/null, and user code must not block on, or
 * consume, the parent's pipe.
 *
 * Watching. awaitEnd() reads through a FileChannel, not a FileInputStream: a JVM that halts waits up to 300 ms for
 * threads blocked in a native read, and only a channel can be closed under a blocked reader (close() signals the
 * reading thread out of its read). It begins after a delay: the end of stream waits in the pipe for whoever reads
 * it, so a late reader misses nothing, and a child that lives shorter than the delay (a pool's worker used once) never
 * pays for the channel while it starts, when both cores are busy booting JVMs.
 */
public final class ParentPipe implements AutoCloseable {

    private FileChannel channel;
    private boolean closed;

    /** The pipe of this JVM's standard input. */
    public ParentPipe() {}

    /**
     * Reads the frame the parent sent first, and replaces {@code System.in} with an empty stream.
     *
     * @return the frame, or {@code null} if the parent closed the pipe first
     */
    public Frames.Frame readFirstFrame() throws IOException {
        Frames.Frame f = Frames.read(new DataInputStream(new FileInputStream(FileDescriptor.in)));
        System.setIn(new ByteArrayInputStream(new byte[0]));
        return f;
    }

    /**
     * Blocks until the parent has gone or {@link #close()} was called. The pipe is read only from {@code delayMillis}
     * on; a parent that went before then is seen then.
     *
     * @param delayMillis how long to wait before reading; {@link #close()} ends the wait at once
     * @return {@code true} if the parent has gone, {@code false} if this pipe was closed here
     */
    public boolean awaitEnd(long delayMillis) {
        FileChannel ch;
        synchronized (this) {
            long deadline = System.nanoTime() + delayMillis * 1_000_000L;
            while (!closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    wait(left / 1_000_000L + 1);
                } catch (InterruptedException e) {
                    break;
                }
            }
            if (closed) {
                return false;
            }
            ch = new FileInputStream(FileDescriptor.in).getChannel();
            channel = ch;
        }
        ByteBuffer sink = ByteBuffer.allocate(256);
        try {
            while (ch.read(sink) >= 0) {
                sink.clear(); // the parent sends nothing after the first frame today
            }
        } catch (ClosedChannelException e) {
            return false; // close(), here: our own shutdown
        } catch (IOException e) {
            // a broken pipe: the parent has gone
        }
        synchronized (this) {
            return !closed;
        }
    }

    /** Stops {@link #awaitEnd(long)}: the waiting or reading thread leaves its read at once. */
    @Override
    public void close() {
        FileChannel ch;
        synchronized (this) {
            closed = true;
            ch = channel;
            notifyAll();
        }
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
