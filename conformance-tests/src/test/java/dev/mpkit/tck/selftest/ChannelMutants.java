package dev.mpkit.tck.selftest;

import dev.mpkit.Connection;
import dev.mpkit.JoinableQueue;
import dev.mpkit.Pipe;
import dev.mpkit.QueueEmptyException;
import dev.mpkit.SharedQueue;
import dev.mpkit.tck.selftest.ForwardingChannels.ConnectionTweak;
import dev.mpkit.tck.selftest.ForwardingChannels.ForwardingConnection;
import dev.mpkit.tck.selftest.ForwardingChannels.ForwardingJoinableQueue;
import dev.mpkit.tck.selftest.ForwardingChannels.ForwardingQueue;
import dev.mpkit.tck.selftest.ForwardingChannels.QueueTweak;
import dev.mpkit.tck.selftest.ForwardingChannels.Receive;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;

/**
 * The broken pipes and queues of the gallery (issue 4): each changes one behaviour of the reference's, and the
 * kit must reject each by a clause it breaks. Listed in {@link Mutants#all()}. Each names only the clauses whose
 * tests catch it fastest: a mutant that makes a message never arrive costs every test that waits for it
 * {@code Timeouts.MUST_HAPPEN}, and the selftest runs in every CI build.
 */
final class ChannelMutants {

    private ChannelMutants() {}

    /** A mutant whose queues, joinable ones included, forward through one {@link QueueTweak}. */
    abstract static class TweakedQueues extends MutantProvider {
        abstract QueueTweak tweak();

        @Override
        <E> SharedQueue<E> wrapQueue(SharedQueue<E> queue) {
            return new ForwardingQueue<>(queue, tweak());
        }

        @Override
        <E> JoinableQueue<E> wrapJoinableQueue(JoinableQueue<E> queue) {
            return new ForwardingJoinableQueue<>(queue, tweak());
        }
    }

    /** A consumer gets neighbouring items swapped: one producer's order is not kept. */
    public static final class QueueReordersItems extends TweakedQueues {
        @Override
        String[] breaks() {
            return new String[] {"QUEUE-08"};
        }

        @Override
        String description() {
            return "a queue whose get() swaps two neighbouring items of one producer";
        }

        @Override
        QueueTweak tweak() {
            return new SwapNeighbours();
        }

        /** get() takes the head, and if a second item is there at once, returns that one first. */
        static final class SwapNeighbours implements QueueTweak {
            private static final long serialVersionUID = 1L;

            @Override
            public <E> E get(ForwardingQueue<E> q) throws InterruptedException {
                if (q.holding) {
                    return release(q);
                }
                return swap(q, q.base.get());
            }

            @Override
            public <E> E get(ForwardingQueue<E> q, Duration timeout) throws QueueEmptyException, InterruptedException {
                if (q.holding) {
                    return release(q);
                }
                return swap(q, q.base.get(timeout));
            }

            @Override
            public <E> E getNowait(ForwardingQueue<E> q) throws QueueEmptyException {
                if (q.holding) {
                    return release(q);
                }
                return swap(q, q.base.getNowait());
            }

            private static <E> E swap(ForwardingQueue<E> q, E first) {
                try {
                    E second = q.base.getNowait();
                    q.held = first; // the bug: the first item waits until after the second
                    q.holding = true;
                    return second;
                } catch (QueueEmptyException e) {
                    return first;
                }
            }

            private static <E> E release(ForwardingQueue<E> q) {
                E item = q.held;
                q.held = null;
                q.holding = false;
                return item;
            }
        }
    }

    /** Every fifth put of a process is dropped without a word. */
    public static final class QueueDropsItems extends TweakedQueues {
        @Override
        String[] breaks() {
            return new String[] {"QUEUE-08", "QUEUE-16"};
        }

        @Override
        String description() {
            return "a queue that silently drops every fifth item a process puts";
        }

        @Override
        QueueTweak tweak() {
            return new DropFifth();
        }

        static final class DropFifth implements QueueTweak {
            private static final long serialVersionUID = 1L;

            @Override
            public <E> void put(ForwardingQueue<E> q, E item) throws InterruptedException {
                if (++q.count % 5 != 0) {
                    q.base.put(item); // the bug: every fifth item goes nowhere
                }
            }
        }
    }

    /** Every fifth put of a process puts the item twice. */
    public static final class QueueDuplicatesItems extends TweakedQueues {
        @Override
        String[] breaks() {
            return new String[] {"QUEUE-08", "QUEUE-10"};
        }

        @Override
        String description() {
            return "a queue that delivers every fifth item a process puts twice";
        }

        @Override
        QueueTweak tweak() {
            return new DuplicateFifth();
        }

        static final class DuplicateFifth implements QueueTweak {
            private static final long serialVersionUID = 1L;

            @Override
            public <E> void put(ForwardingQueue<E> q, E item) throws InterruptedException {
                q.base.put(item);
                if (++q.count % 5 == 0) {
                    q.base.put(item); // the bug: delivered twice
                }
            }
        }
    }

    /** get(timeout) on an empty queue gives up at once. */
    public static final class GetTimeoutReturnsAtOnce extends TweakedQueues {
        @Override
        String[] breaks() {
            return new String[] {"QUEUE-03", "QUEUE-25"};
        }

        @Override
        String description() {
            return "get(timeout) throws QueueEmptyException at once instead of waiting for the timeout";
        }

        @Override
        QueueTweak tweak() {
            return new NoWait();
        }

        static final class NoWait implements QueueTweak {
            private static final long serialVersionUID = 1L;

            @Override
            public <E> E get(ForwardingQueue<E> q, Duration timeout) throws QueueEmptyException {
                return q.base.getNowait(); // the bug: the timeout is not waited for
            }
        }
    }

    /** get(timeout) ignores its timeout and waits until an item comes, perhaps forever. */
    public static final class GetTimeoutNeverReturns extends TweakedQueues {
        @Override
        String[] breaks() {
            return new String[] {"QUEUE-03"};
        }

        @Override
        String description() {
            return "get(timeout) on an empty queue waits for an item however long it takes, ignoring the timeout";
        }

        @Override
        QueueTweak tweak() {
            return new WaitForever();
        }

        static final class WaitForever implements QueueTweak {
            private static final long serialVersionUID = 1L;

            @Override
            public <E> E get(ForwardingQueue<E> q, Duration timeout) throws InterruptedException {
                return q.base.get(); // the bug: no timeout
            }
        }
    }

    /** A two-way pipe whose second end's messages never arrive. */
    public static final class DuplexCarriesOneWay extends MutantProvider {
        @Override
        String[] breaks() {
            return new String[] {"PIPE-01"};
        }

        @Override
        String description() {
            return "a two-way pipe that carries messages only from its first end to its second";
        }

        @Override
        Pipe wrapPipe(Pipe pipe, boolean duplex) {
            if (!duplex) {
                return pipe;
            }
            return new Pipe(pipe.left(), new ForwardingConnection(pipe.right(), new DropSends()));
        }

        static final class DropSends implements ConnectionTweak {
            private static final long serialVersionUID = 1L;

            @Override
            public void send(Connection base, Object obj) {
                // the bug: the message goes nowhere
            }

            @Override
            public void sendBytes(Connection base, byte[] buf, int offset, int size) {
                // the bug: the message goes nowhere
            }
        }
    }

    /** Messages longer than 64 KiB lose their tail. */
    public static final class PipeTruncatesLargeMessages extends MutantProvider {
        static final int LIMIT = 64 * 1024;

        @Override
        String[] breaks() {
            return new String[] {"PIPE-09"};
        }

        @Override
        String description() {
            return "a pipe that cuts every message to its first 64 KiB";
        }

        @Override
        Pipe wrapPipe(Pipe pipe, boolean duplex) {
            return new Pipe(new ForwardingConnection(pipe.left(), new Truncate()),
                    new ForwardingConnection(pipe.right(), new Truncate()));
        }

        static final class Truncate implements ConnectionTweak {
            private static final long serialVersionUID = 1L;

            @Override
            public void send(Connection base, Object obj) throws IOException, InterruptedException {
                if (obj instanceof byte[] && ((byte[]) obj).length > LIMIT) {
                    base.send(Arrays.copyOf((byte[]) obj, LIMIT)); // the bug: the tail is lost
                } else {
                    base.send(obj);
                }
            }

            @Override
            public void sendBytes(Connection base, byte[] buf, int offset, int size)
                    throws IOException, InterruptedException {
                base.sendBytes(buf, offset, Math.min(size, LIMIT)); // the bug: the tail is lost
            }
        }
    }

    /** At end of stream, a receive waits forever instead of throwing EOFException. */
    public static final class RecvHangsAtEndOfStream extends MutantProvider {
        @Override
        String[] breaks() {
            return new String[] {"PIPE-13"};
        }

        @Override
        String description() {
            return "recv() at end of stream waits forever instead of throwing EOFException";
        }

        @Override
        Pipe wrapPipe(Pipe pipe, boolean duplex) {
            return new Pipe(new ForwardingConnection(pipe.left(), new HangAtEof()),
                    new ForwardingConnection(pipe.right(), new HangAtEof()));
        }

        static final class HangAtEof implements ConnectionTweak {
            private static final long serialVersionUID = 1L;

            @Override
            public <T> T receive(Receive<T> receive) throws IOException, InterruptedException {
                try {
                    return receive.run();
                } catch (EOFException e) {
                    Thread.sleep(Long.MAX_VALUE); // the bug: end of stream is never reported
                    throw e;
                }
            }
        }
    }
}
