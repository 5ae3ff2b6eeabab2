package dev.mpkit.tck.pipe;

import static dev.mpkit.tck.pipe.PipeChecks.assertExitedNormally;
import static dev.mpkit.tck.pipe.PipeChecks.assertNothingPending;
import static dev.mpkit.tck.pipe.PipeChecks.assertRefused;
import static dev.mpkit.tck.pipe.PipeChecks.assertStillCarries;
import static dev.mpkit.tck.pipe.PipeChecks.bounded;
import static dev.mpkit.tck.pipe.PipeChecks.prompt;
import static dev.mpkit.tck.pipe.PipeChecks.thrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mpkit.ChildProcess;
import dev.mpkit.Connection;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.Pipe;
import dev.mpkit.SharedQueue;
import dev.mpkit.tck.support.Clause;
import dev.mpkit.tck.support.ClauseTests;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.Kit;
import dev.mpkit.tck.support.TimeScale;
import dev.mpkit.tck.support.Timeouts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Ends in several processes: PIPE-20 (how an end reaches a child), PIPE-21 (several senders on copies of one end),
 * PIPE-23 (an end sent through a pipe or queue) and PIPE-25 (the tutorial's pair of processes).
 */
@ClauseTests
class PipeSharingClauseTests {

    /** PIPE-21: how many processes send on copies of one end. */
    static final int SENDERS = 3;
    /** PIPE-21: how many messages each sends on each pipe, small and large. */
    static final int SMALL_COUNT = 300;
    static final int LARGE_COUNT = 40;
    /** PIPE-20: how long the child that starts late waits before it uses its ends (its workload). */
    static final long LATE_MILLIS = TimeScale.millis(300).toMillis();

    // ------------------------------------------------------------------------------------------ PIPE-20

    /** PIPE-20: a child that gets its three ends as fields of its ChildProcess subclass. */
    static final class EndsInFields extends ChildProcess {
        private static final long serialVersionUID = 1L;

        private final EventLog log;
        private final Connection twoWay;
        private final Connection reader;
        private final Connection writer;

        EndsInFields(MultiprocessingContext mp, EventLog log, Connection twoWay, Connection reader,
                Connection writer) {
            super(mp);
            this.log = log;
            this.twoWay = twoWay;
            this.reader = reader;
            this.writer = writer;
        }

        @Override
        public void run() throws Exception {
            PipeTargets.exchange(log, "field", twoWay, reader, writer, 0);
        }
    }

    /** The three pipes of one child in PIPE-20: a two-way one, one down to the child and one up from it. */
    static final class Ends {
        final String route;
        final Pipe twoWay;
        final Pipe down;
        final Pipe up;

        Ends(MultiprocessingContext mp, String route) {
            this.route = route;
            this.twoWay = mp.newPipe(true);
            this.down = mp.newPipe(false);
            this.up = mp.newPipe(false);
        }

        /** The child's ends: the right end of the two-way pipe, the reader of down, the writer of up. */
        void closeTheChildsCopies() {
            twoWay.right().close();
            down.reader().close();
            up.writer().close();
        }
    }

    /**
     * The parent's side of {@link PipeTargets#exchange}: sends to the child on the two-way pipe and on the down
     * pipe, and receives its answers on the two-way pipe and the up pipe.
     */
    static void exchangeAsParent(String clause, Kit kit, EventLog log, Ends e, String how) throws Exception {
        String c = "[" + clause + "] ";
        String r = e.route;
        bounded(c + "send() to the child that got its ends " + how, () -> {
            e.twoWay.left().send("to " + r);
            return null;
        });
        kit.awaitEvent(log, r + " got to " + r + " via two-way");
        assertEquals(r + " back", bounded(c + "recv() from the child that got its ends " + how, e.twoWay.left()::recv),
                c + "what a child that got a two-way end " + how + " sent back on it; events: " + log.events());
        bounded(c + "send() to the child that got its ends " + how, () -> {
            e.down.writer().send("down to " + r);
            return null;
        });
        kit.awaitEvent(log, r + " got down to " + r + " via one-way");
        assertEquals(r + " up", bounded(c + "recv() from the child that got its ends " + how, e.up.reader()::recv),
                c + "what a child that got the writer of a one-way pipe " + how + " sent on it; events: "
                        + log.events());
    }

    /**
     * Ends of both kinds of pipe reach a child as target arguments, captured by the target, and as fields of a
     * ChildProcess subclass, and work there in both directions: the child receives what the parent sends on a
     * two-way end and on a reader, and the parent receives what the child sends on the two-way end and on a writer.
     * <p>If this fails, check the serialization of an end while a child starts: each route serializes it in the
     * same place (the arguments, the target's captured values, the subclass's fields).
     */
    @Clause("PIPE-20")
    @Test
    void pipe20_endsReachAChildByEveryRouteAndWorkBothWays(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        Ends byArgument = new Ends(mp, "argument");
        Ends captured = new Ends(mp, "captured");
        Ends byField = new Ends(mp, "field");
        Connection capturedTwoWay = captured.twoWay.right();
        Connection capturedReader = captured.down.reader();
        Connection capturedWriter = captured.up.writer();
        List<ChildProcess> children = new ArrayList<>();
        children.add(mp.newProcess(PipeTargets::exchangeTarget, log, "argument", byArgument.twoWay.right(),
                byArgument.down.reader(), byArgument.up.writer(), 0L));
        children.add(mp.newProcess(args -> PipeTargets.exchange((EventLog) args[0], "captured", capturedTwoWay,
                capturedReader, capturedWriter, 0), log));
        children.add(new EndsInFields(mp, log, byField.twoWay.right(), byField.down.reader(), byField.up.writer()));
        Map<Ends, String> hows = new LinkedHashMap<>();
        hows.put(byArgument, "as target arguments");
        hows.put(captured, "captured by its target");
        hows.put(byField, "as fields of its ChildProcess subclass");
        try {
            for (ChildProcess p : children) {
                p.start();
            }
            for (Map.Entry<Ends, String> e : hows.entrySet()) {
                exchangeAsParent("PIPE-20", kit, log, e.getKey(), e.getValue());
            }
            for (ChildProcess p : children) {
                assertExitedNormally("PIPE-20", p, log);
            }
        } finally {
            PipeChecks.cleanup(children, pipesOf(byArgument, captured, byField));
        }
    }

    /**
     * A parent that closes its copies of the ends it passed right after start() returns does not take them away
     * from the child: a child that uses them at once and one that starts to use them 300 ms later both exchange
     * messages with the parent in both directions, on both kinds of pipe.
     * <p>If this fails, check that whatever carries an end to a starting child (a keeper descriptor) lives until the
     * child has opened its own copy, independently of the parent's copy being closed.
     */
    @Clause("PIPE-20")
    @Test
    void pipe20_parentMayCloseItsCopiesRightAfterStart(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        Ends soon = new Ends(mp, "at once");
        Ends late = new Ends(mp, "late");
        List<ChildProcess> children = new ArrayList<>();
        try {
            for (Ends e : new Ends[] {soon, late}) {
                ChildProcess p = mp.newProcess(PipeTargets::exchangeTarget, log, e.route, e.twoWay.right(),
                        e.down.reader(), e.up.writer(), e == late ? LATE_MILLIS : 0L);
                children.add(p);
                p.start();
                e.closeTheChildsCopies();
            }
            exchangeAsParent("PIPE-20", kit, log, soon, "as arguments, the parent closing its copies right after"
                    + " start()");
            exchangeAsParent("PIPE-20", kit, log, late, "as arguments, the parent closing its copies right after"
                    + " start(), and using them 300 ms later");
            for (ChildProcess p : children) {
                assertExitedNormally("PIPE-20", p, log);
            }
        } finally {
            PipeChecks.cleanup(children, pipesOf(soon, late));
        }
    }

    /**
     * Ends passed to a child, which passes them on as target arguments to a grandchild and closes its own copies,
     * work in the grandchild in both directions, on both kinds of pipe.
     * <p>If this fails, check that a child can pass on an end it got: the copy it took must itself be able to
     * travel to a starting child.
     */
    @Clause("PIPE-20")
    @Test
    void pipe20_endsReachAGrandchildThroughAChild(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        Ends e = new Ends(mp, "grandchild");
        ChildProcess p = mp.newProcess(PipeTargets::passOn, log, e.route, e.twoWay.right(), e.down.reader(),
                e.up.writer());
        try {
            p.start();
            exchangeAsParent("PIPE-20", kit, log, e, "from a child that got them as target arguments");
            assertExitedNormally("PIPE-20", p, log);
            assertEquals("0", kit.awaitValue(log, "grandchild exit code "), "[PIPE-20] exit code of a grandchild"
                    + " that got its ends from a child; events: " + log.events());
        } finally {
            PipeChecks.cleanup(List.of(p), pipesOf(e));
        }
    }

    private static Pipe[] pipesOf(Ends... ends) {
        List<Pipe> r = new ArrayList<>();
        for (Ends e : ends) {
            r.add(e.twoWay);
            r.add(e.down);
            r.add(e.up);
        }
        return r.toArray(new Pipe[0]);
    }

    // ------------------------------------------------------------------------------------------ PIPE-21

    /**
     * Three children send 300 messages of 12 to 600 bytes each, all at once, on copies of the writer of one one-way
     * pipe and then of one end of a two-way pipe: the parent receives every message whole, each sender's in its
     * order.
     * <p>If this fails, check that one message is written by one write() of at most PIPE_BUF bytes, or that senders
     * exclude each other while a message is written.
     */
    @Clause("PIPE-21")
    @Test
    void pipe21_severalSendersOnCopiesOfOneEnd(MultiprocessingContext mp, Kit kit) throws Exception {
        severalSenders(mp, kit, SMALL_COUNT, 12, 600);
    }

    /**
     * Three children send 40 messages of 5 to 40 KiB each, all at once, on copies of the writer of one one-way pipe
     * and then of one end of a two-way pipe: the parent receives every message whole, each sender's in its order,
     * none interleaved with another's although each is larger than what a pipe writes atomically (4 KiB).
     * <p>If this fails, check that senders on copies of one end exclude each other while a message is written:
     * a write of more than PIPE_BUF bytes to a pipe may be interleaved with another process's.
     */
    @Clause("PIPE-21")
    @Test
    void pipe21_severalSendersOfLargeMessagesAreNeverInterleaved(MultiprocessingContext mp, Kit kit)
            throws Exception {
        severalSenders(mp, kit, LARGE_COUNT, 5 << 10, 40 << 10);
    }

    static void severalSenders(MultiprocessingContext mp, Kit kit, int count, int min, int max) throws Exception {
        EventLog log = kit.newEventLog();
        Pipe oneWay = mp.newPipe(false);
        Pipe twoWay = mp.newPipe(true);
        List<ChildProcess> children = new ArrayList<>();
        try {
            for (int s = 0; s < SENDERS; s++) {
                ChildProcess p = mp.newProcess(PipeTargets::numberedSender, log, s, count, min, max,
                        PipeChecks.waitMillis(), oneWay.writer(), twoWay.right());
                children.add(p);
                p.start();
            }
            Timeouts.eventually("PIPE-21 all " + SENDERS + " senders ready")
                    .until(() -> log.startingWith("ready ").size() == SENDERS);
            log.record("kit: go");
            for (Connection from : new Connection[] {oneWay.reader(), twoWay.left()}) {
                String kind = from == oneWay.reader() ? "one-way" : "two-way";
                // recvBytes(max): a stream that lost its framing shows as a length no sender sent, not as a hang
                List<Object> got = bounded("[PIPE-21] " + SENDERS * count + " recvBytes(" + max + ") on a " + kind
                        + " pipe", () -> {
                            List<Object> r = new ArrayList<>();
                            for (int i = 0; i < SENDERS * count; i++) {
                                try {
                                    r.add(from.recvBytes(max));
                                } catch (IOException e) {
                                    r.add(e);
                                    break;
                                }
                            }
                            return r;
                        });
                int[] next = new int[SENDERS];
                int[] header = new int[2];
                for (int k = 0; k < got.size(); k++) {
                    if (got.get(k) instanceof IOException) {
                        fail("[PIPE-21] of the messages " + SENDERS + " children sent on copies of one end of a "
                                + kind + " pipe (" + count + " each, " + min + " to " + max + " bytes), message " + k
                                + ": recvBytes(" + max + ") threw " + got.get(k) + " after " + k + " messages arrived"
                                + " whole: the stream lost its framing, as when two senders' writes interleave");
                    }
                    String wrong = PipeTargets.checkNumbered((byte[]) got.get(k), header);
                    if (wrong == null && (header[0] < 0 || header[0] >= SENDERS)) {
                        wrong = "a message names sender " + header[0];
                    } else if (wrong == null && header[1] != next[header[0]]) {
                        wrong = "sender " + header[0] + "'s message " + header[1] + " arrived where its message "
                                + next[header[0]] + " was due";
                    }
                    if (wrong != null) {
                        fail("[PIPE-21] of the messages " + SENDERS + " children sent on copies of one end of a "
                                + kind + " pipe (" + count + " each, " + min + " to " + max + " bytes), message " + k
                                + " received: " + wrong);
                    }
                    next[header[0]]++;
                }
                for (int s = 0; s < SENDERS; s++) {
                    assertEquals(count, next[s], "[PIPE-21] messages of sender " + s + " received on a " + kind
                            + " pipe");
                }
            }
            for (ChildProcess p : children) {
                assertExitedNormally("PIPE-21", p, log);
            }
            assertNothingPending("PIPE-21", oneWay.reader(), "after every sender's messages were received");
            assertNothingPending("PIPE-21", twoWay.left(), "after every sender's messages were received");
        } finally {
            PipeChecks.cleanup(children, oneWay, twoWay);
        }
    }

    // ------------------------------------------------------------------------------------------ PIPE-23

    private static final String REFUSED = "[PIPE-23] Connection objects should only be shared between processes"
            + " through inheritance";

    /**
     * An end sent through a pipe, alone or in a list, is either refused with IllegalArgumentException "[PIPE-23]
     * Connection objects should only be shared between processes through inheritance…" in the sender, sending
     * nothing and leaving both the pipe and the end usable, or arrives as a Connection.
     * <p>If this fails, check the end's serialization outside a child start: it must refuse, with that message, from
     * writeReplace (or the encoder) before anything is written.
     */
    @Clause("PIPE-23")
    @Test
    void pipe23_connectionSentThroughAPipeIsRefusedOrArrives(MultiprocessingContext mp) throws Exception {
        Pipe carrier = mp.newPipe(true);
        Pipe twoWay = mp.newPipe(true);
        Pipe oneWay = mp.newPipe(false);
        PipeChecks.Way through = PipeChecks.ways(carrier, carrier).get(0);
        try {
            for (PipeChecks.Way way : PipeChecks.ways(twoWay, oneWay)) {
                for (Connection end : new Connection[] {way.from, way.to}) {
                    String name = (end == way.from ? "sending" : "receiving") + " end of the " + way;
                    for (boolean inList : new boolean[] {false, true}) {
                        Object sent = inList ? new ArrayList<>(List.of("x", end)) : end;
                        String call = "send(" + (inList ? "a list holding the " : "the ") + name + ") through a"
                                + " two-way pipe";
                        Throwable t = thrownBy("[PIPE-23] " + call, () -> through.from.send(sent));
                        if (t == null) {
                            Object got = prompt("[PIPE-23] recv() after " + call, through.to::recv);
                            Object conn = inList && got instanceof List && ((List<?>) got).size() == 2
                                    ? ((List<?>) got).get(1) : got;
                            assertTrue(conn instanceof Connection, "[PIPE-23] " + call + " was accepted, and arrived"
                                    + " as " + got + "; expected a Connection");
                            ((Connection) conn).close();
                        } else {
                            assertRefused("PIPE-23", IllegalArgumentException.class, REFUSED, t, call);
                            assertNothingPending("PIPE-23", through.to, "after " + call + " was refused");
                        }
                        assertStillCarries("PIPE-23", through, "carrier", "after " + call);
                        assertStillCarries("PIPE-23", way, "sent", "after " + call);
                    }
                }
            }
        } finally {
            PipeChecks.close(carrier, twoWay, oneWay);
        }
    }

    /**
     * An end put into a queue is either refused with IllegalArgumentException "[PIPE-23] Connection objects should
     * only be shared between processes through inheritance…" in put(), putting nothing and leaving both the queue and
     * the end usable, or is got as a Connection (skipped by a provider without queues).
     * <p>If this fails, check that the queue encodes the item in put(), in the caller, and that the end's
     * serialization refuses outside a child start.
     */
    @Clause("PIPE-23")
    @Test
    void pipe23_connectionPutIntoAQueueIsRefusedOrArrives(MultiprocessingContext mp) throws Exception {
        Pipe twoWay = mp.newPipe(true);
        Pipe oneWay = mp.newPipe(false);
        SharedQueue<Object> queue;
        try {
            queue = mp.newQueue();
        } catch (UnsupportedOperationException e) {
            PipeChecks.close(twoWay, oneWay);
            if (e.getMessage() != null && e.getMessage().startsWith("[QUEUE")) {
                Assumptions.abort("PIPE-23 through a queue does not apply: " + e.getMessage());
            }
            throw e;
        }
        try {
            for (PipeChecks.Way way : List.of(PipeChecks.ways(twoWay, oneWay).get(0),
                    PipeChecks.ways(twoWay, oneWay).get(2))) {
                for (Connection end : new Connection[] {way.from, way.to}) {
                    String call = "put(the " + (end == way.from ? "sending" : "receiving") + " end of the " + way
                            + ") into a queue";
                    Throwable t = thrownBy("[PIPE-23] " + call, () -> queue.put(end));
                    if (t != null) {
                        assertRefused("PIPE-23", IllegalArgumentException.class, REFUSED, t, call);
                    }
                    prompt("[PIPE-23] put(\"after\")", () -> {
                        queue.put("after");
                        return null;
                    });
                    Object first = bounded("[PIPE-23] get() after " + call, queue::get);
                    if (t == null) {
                        assertTrue(first instanceof Connection, "[PIPE-23] " + call + " was accepted, and the queue"
                                + " then gave " + first + "; expected a Connection");
                        ((Connection) first).close();
                        first = bounded("[PIPE-23] get()", queue::get);
                    }
                    assertEquals("after", first, "[PIPE-23] the item got after " + call + (t == null ? " was accepted"
                            : " was refused: something was put"));
                    assertStillCarries("PIPE-23", way, "put", "after " + call);
                }
            }
        } finally {
            queue.close();
            PipeChecks.close(twoWay, oneWay);
        }
    }

    // ------------------------------------------------------------------------------------------ PIPE-25

    /** The tutorial's {@code Consumer(Process)}: sends first, then records what it received. */
    static final class Consumer extends ChildProcess {
        private static final long serialVersionUID = 1L;

        private final Connection pipe;
        private final EventLog log;

        Consumer(MultiprocessingContext mp, Connection pipe, EventLog log) {
            super(mp);
            this.pipe = pipe;
            this.log = log;
        }

        @Override
        public void run() throws Exception {
            PipeTargets.recorded(log, "Consumer", () -> {
                pipe.send("Consumer Words");
                log.record("Consumer Received: " + pipe.recv());
            });
        }
    }

    /** The tutorial's {@code Producer(Process)}: records what it received, then answers. */
    static final class Producer extends ChildProcess {
        private static final long serialVersionUID = 1L;

        private final Connection pipe;
        private final EventLog log;

        Producer(MultiprocessingContext mp, Connection pipe, EventLog log) {
            super(mp);
            this.pipe = pipe;
            this.log = log;
        }

        @Override
        public void run() throws Exception {
            PipeTargets.recorded(log, "Producer", () -> {
                log.record("Producer Received: " + pipe.recv());
                pipe.send("Producer Words");
            });
        }
    }

    /**
     * The tutorial's pipe (seed 002, "Pipe"): a Producer holding pipe[0] and a Consumer holding pipe[1] of one
     * two-way pipe, both daemons; the consumer sends first, the producer receives and answers; both lines are
     * exchanged, the producer's receipt first, and both processes exit 0.
     * <p>If this fails, check that ends held in fields of ChildProcess subclasses reach two children at once, and
     * work in both directions between them.
     */
    @Clause("PIPE-25")
    @Test
    void pipe25_tutorialProducerAndConsumerExchangeTheirWords(MultiprocessingContext mp, Kit kit)
            throws Exception {
        EventLog log = kit.newEventLog();
        Pipe pipe = mp.newPipe(true);
        Producer p = new Producer(mp, pipe.left(), log);
        Consumer c = new Consumer(mp, pipe.right(), log);
        p.setDaemon(true);
        c.setDaemon(true);
        try {
            p.start();
            c.start();
            assertExitedNormally("PIPE-25", p, log);
            assertExitedNormally("PIPE-25", c, log);
            EventLog.Event produced = log.find("Producer Received: Consumer Words").orElse(null);
            EventLog.Event consumed = log.find("Consumer Received: Producer Words").orElse(null);
            assertTrue(produced != null && consumed != null, "[PIPE-25] the tutorial's two lines were not both"
                    + " printed; events: " + log.events());
            assertTrue(produced.nanos <= consumed.nanos, "[PIPE-25] the consumer received the producer's answer"
                    + " before the producer received the consumer's words; events: " + log.events());
        } finally {
            PipeChecks.cleanup(List.of(p, c), pipe);
        }
    }
}
