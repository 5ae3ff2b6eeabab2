package dev.mpkit.tck.selftest;

import dev.mpkit.Connection;
import dev.mpkit.JoinableQueue;
import dev.mpkit.QueueEmptyException;
import dev.mpkit.QueueFullException;
import dev.mpkit.SharedQueue;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;

/**
 * Pipe ends and queues that forward everything to another, through a {@link ConnectionTweak} or {@link QueueTweak}
 * that a mutant overrides where it breaks something. Like {@link ForwardingSync}, they are serializable as the
 * objects they wrap are, so a broken behaviour travels to the children with the object; what a tweak counts lives
 * in transient fields, one count per process.
 */
final class ForwardingChannels {

    private ForwardingChannels() {}

    /** How a mutant changes a pipe end; by default not at all. A static class, never an anonymous one. */
    interface ConnectionTweak extends Serializable {
        default void send(Connection base, Object obj) throws IOException, InterruptedException {
            base.send(obj);
        }

        default void sendBytes(Connection base, byte[] buf, int offset, int size)
                throws IOException, InterruptedException {
            base.sendBytes(buf, offset, size);
        }

        /** Runs a receive; a mutant may change what happens at end of stream. */
        default <T> T receive(Receive<T> receive) throws IOException, InterruptedException {
            return receive.run();
        }
    }

    /** One receive call on the base connection. */
    @FunctionalInterface
    interface Receive<T> {
        T run() throws IOException, InterruptedException;
    }

    /** A {@link Connection} that forwards to another through a tweak. */
    static final class ForwardingConnection implements Connection {
        private static final long serialVersionUID = 1L;
        final Connection base;
        final ConnectionTweak tweak;

        ForwardingConnection(Connection base, ConnectionTweak tweak) {
            this.base = base;
            this.tweak = tweak;
        }

        @Override
        public void send(Object obj) throws IOException, InterruptedException {
            tweak.send(base, obj);
        }

        @Override
        public Object recv() throws IOException, InterruptedException {
            return tweak.receive(base::recv);
        }

        @Override
        public void sendBytes(byte[] buf, int offset, int size) throws IOException, InterruptedException {
            tweak.sendBytes(base, buf, offset, size);
        }

        @Override
        public byte[] recvBytes() throws IOException, InterruptedException {
            return tweak.receive(base::recvBytes);
        }

        @Override
        public byte[] recvBytes(int maxLength) throws IOException, InterruptedException {
            return tweak.receive(() -> base.recvBytes(maxLength));
        }

        @Override
        public int recvBytesInto(byte[] buf, int offset) throws IOException, InterruptedException {
            return tweak.receive(() -> base.recvBytesInto(buf, offset));
        }

        @Override
        public boolean poll() throws IOException {
            return base.poll();
        }

        @Override
        public boolean poll(Duration timeout) throws IOException, InterruptedException {
            return base.poll(timeout);
        }

        @Override
        public void close() {
            base.close();
        }

        @Override
        public boolean isClosed() {
            return base.isClosed();
        }

        @Override
        public boolean isReadable() {
            return base.isReadable();
        }

        @Override
        public boolean isWritable() {
            return base.isWritable();
        }

        @Override
        public String toString() {
            return base.toString();
        }
    }

    /** How a mutant changes a queue; by default not at all. A static class, never an anonymous one. */
    interface QueueTweak extends Serializable {
        default <E> void put(ForwardingQueue<E> q, E item) throws InterruptedException {
            q.base.put(item);
        }

        default <E> E get(ForwardingQueue<E> q) throws InterruptedException {
            return q.base.get();
        }

        default <E> E get(ForwardingQueue<E> q, Duration timeout) throws QueueEmptyException, InterruptedException {
            return q.base.get(timeout);
        }

        default <E> E getNowait(ForwardingQueue<E> q) throws QueueEmptyException {
            return q.base.getNowait();
        }
    }

    /** A {@link SharedQueue} that forwards to another through a tweak; {@code put(item)} is the tweaked put. */
    static class ForwardingQueue<E> implements SharedQueue<E> {
        private static final long serialVersionUID = 1L;
        final SharedQueue<E> base;
        final QueueTweak tweak;
        /** What the tweak counts in this process. */
        transient int count;
        /** An item the tweak holds back in this process, if {@link #holding}. */
        transient E held;
        transient boolean holding;

        ForwardingQueue(SharedQueue<E> base, QueueTweak tweak) {
            this.base = base;
            this.tweak = tweak;
        }

        @Override
        public void put(E item) throws InterruptedException {
            tweak.put(this, item);
        }

        @Override
        public void put(E item, Duration timeout) throws QueueFullException, InterruptedException {
            base.put(item, timeout);
        }

        @Override
        public void putNowait(E item) throws QueueFullException {
            base.putNowait(item);
        }

        @Override
        public E get() throws InterruptedException {
            return tweak.get(this);
        }

        @Override
        public E get(Duration timeout) throws QueueEmptyException, InterruptedException {
            return tweak.get(this, timeout);
        }

        @Override
        public E getNowait() throws QueueEmptyException {
            return tweak.getNowait(this);
        }

        @Override
        public int qsize() {
            return base.qsize();
        }

        @Override
        public boolean isEmpty() {
            return base.isEmpty();
        }

        @Override
        public boolean isFull() {
            return base.isFull();
        }

        @Override
        public void close() {
            base.close();
        }

        @Override
        public void joinThread() throws InterruptedException {
            base.joinThread();
        }

        @Override
        public boolean joinThread(Duration timeout) throws InterruptedException {
            return base.joinThread(timeout);
        }

        @Override
        public void cancelJoinThread() {
            base.cancelJoinThread();
        }

        @Override
        public String toString() {
            return base.toString();
        }
    }

    /** A {@link JoinableQueue} that forwards to another through a tweak. */
    static final class ForwardingJoinableQueue<E> extends ForwardingQueue<E> implements JoinableQueue<E> {
        private static final long serialVersionUID = 1L;

        ForwardingJoinableQueue(JoinableQueue<E> base, QueueTweak tweak) {
            super(base, tweak);
        }

        private JoinableQueue<E> joinable() {
            return (JoinableQueue<E>) base;
        }

        @Override
        public void taskDone() {
            joinable().taskDone();
        }

        @Override
        public void join() throws InterruptedException {
            joinable().join();
        }

        @Override
        public boolean join(Duration timeout) throws InterruptedException {
            return joinable().join(timeout);
        }
    }
}
