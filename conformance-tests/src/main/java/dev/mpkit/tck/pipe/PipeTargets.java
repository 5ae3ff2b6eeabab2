package dev.mpkit.tck.pipe;

import static dev.mpkit.tck.support.ChildWork.awaitKit;

import dev.mpkit.Connection;
import dev.mpkit.tck.support.BoundedCalls.Action;
import dev.mpkit.tck.support.ChildWork;
import dev.mpkit.tck.support.EventLog;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * The child side of the PIPE tests: static targets and the payloads both sides compute. Each target records into the
 * kit's {@link EventLog} what it received and what it did, which is how the test sees it; it waits for the test's
 * {@code "kit: …"} events by polling that log, never through the pipe under test. Every duration arrives as an
 * argument, already scaled by the parent's time scale.
 */
final class PipeTargets {

    private PipeTargets() {}

    // ----------------------------------------------------------------------------------------- shared steps

    /**
     * Runs {@code work}; if it throws, records "{@code who} threw CLASS: MESSAGE" before rethrowing, so that the
     * test's failure message says what the provider did in the child.
     */
    static void recorded(EventLog log, String who, Action work) throws Exception {
        try {
            work.run();
        } catch (Exception | Error e) {
            Thread.interrupted(); // a status left set would make the log's FileChannel refuse to record
            log.record(who + " threw " + e.getClass().getName() + ": " + e.getMessage());
            throw e;
        }
    }

    /** The text of a byte message, for events: UTF-8. */
    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** A byte message of {@code s}, UTF-8. */
    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ----------------------------------------------------------------------------------------- payloads

    /** 64 MiB: the size PIPE-09 names. */
    static final int MIB_64 = 64 << 20;

    /**
     * Message {@code index} of a run with {@code seed}: {@code size} pseudo-random bytes, the same in every JVM, so
     * that the receiver's side can be compared with what the sender's side computes for itself.
     */
    static byte[] payload(long seed, int index, int size) {
        byte[] b = new byte[size];
        new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (index + 1))).nextBytes(b);
        return b;
    }

    /** SHA-256 of {@code b}, in hex. */
    static String digest(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("kit: the JVM has no SHA-256", e);
        }
    }

    /** "len=N sha=HEX" of {@code b}: how a child describes a payload in the log. */
    static String describe(byte[] b) {
        return "len=" + b.length + " sha=" + digest(b);
    }

    /**
     * Message {@code i} of a sender in PIPE-21 and PIPE-22: a 12-byte header (sender, index, length of the whole
     * message) and then {@code size - 12} bytes that depend on all three, so that a merged, split or interleaved
     * message shows.
     */
    static byte[] numbered(int sender, int i, int size) {
        byte[] b = new byte[size];
        ByteBuffer.wrap(b).putInt(sender).putInt(i).putInt(size);
        for (int j = 12; j < size; j++) {
            b[j] = (byte) (sender * 131 + i * 31 + j * 7);
        }
        return b;
    }

    /**
     * What is wrong with {@code b} as a {@link #numbered} message, or {@code null} if nothing is: its header is
     * decoded into {@code into} (sender, index).
     */
    static String checkNumbered(byte[] b, int[] into) {
        if (b.length < 12) {
            return "a message of " + b.length + " bytes, shorter than the 12-byte header";
        }
        ByteBuffer h = ByteBuffer.wrap(b);
        int sender = h.getInt();
        int i = h.getInt();
        int size = h.getInt();
        into[0] = sender;
        into[1] = i;
        if (size != b.length) {
            return "message " + i + " of sender " + sender + " arrived with " + b.length + " bytes; it was sent with "
                    + size + " (merged or split)";
        }
        byte[] expected = numbered(sender, i, size);
        for (int j = 12; j < size; j++) {
            if (b[j] != expected[j]) {
                return "message " + i + " of sender " + sender + " (" + size + " bytes) differs from what was sent"
                        + " at byte " + j + " (interleaved with another message?)";
            }
        }
        return null;
    }

    // ----------------------------------------------------------------------------------------- targets

    /**
     * PIPE-01: args are the log and a two-way end. Records "child readable=R writable=W", receives one object,
     * records "child got X", sends "X back", records "child sent", then receives once more to see the test's "bye".
     */
    static void echo(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        Connection conn = (Connection) args[1];
        recorded(log, "child", () -> {
            log.record("child readable=" + conn.isReadable() + " writable=" + conn.isWritable());
            Object got = conn.recv();
            log.record("child got " + got);
            conn.send(got + " back");
            log.record("child sent");
            log.record("child got " + conn.recv());
        });
    }

    /**
     * PIPE-20: the exchange through the three ends one child got, by route {@code who}: a two-way end, the reading
     * end of one one-way pipe (test to child) and the writing end of another (child to test). Records "WHO ready",
     * optionally sleeps {@code delay} ms first (its workload), then: receives on the two-way end and records "WHO
     * got X via two-way", answers "WHO back"; receives on the reader and records "WHO got Y via one-way"; sends "WHO
     * up" on the writer; records "WHO done".
     */
    static void exchange(EventLog log, String who, Connection twoWay, Connection reader, Connection writer,
            long delay) throws Exception {
        recorded(log, who, () -> {
            log.record(who + " ready");
            if (delay > 0) {
                ChildWork.sleep(delay);
            }
            log.record(who + " got " + twoWay.recv() + " via two-way");
            twoWay.send(who + " back");
            log.record(who + " got " + reader.recv() + " via one-way");
            writer.send(who + " up");
            log.record(who + " done");
        });
    }

    /** {@link #exchange} as a target: args are the log, the route, the three ends and the delay in ms. */
    static void exchangeTarget(Object... args) throws Exception {
        exchange((EventLog) args[0], (String) args[1], (Connection) args[2], (Connection) args[3],
                (Connection) args[4], (Long) args[5]);
    }

    /**
     * PIPE-04: args are the log, a count and sending ends. On each end in turn sends the Integers 0 to count - 1
     * with send(), then records "sent all I".
     */
    static void sendCounting(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        int count = (Integer) args[1];
        recorded(log, "child", () -> {
            for (int e = 2; e < args.length; e++) {
                Connection conn = (Connection) args[e];
                for (int i = 0; i < count; i++) {
                    conn.send(i);
                }
                log.record("sent all " + (e - 2));
            }
        });
    }

    /**
     * PIPE-09: args are the log, a seed, the sizes, the two sending ends (one-way writer, two-way end), the two
     * receiving ends (the same two-way end, one-way reader) and the size of an object message. Sends
     * {@link #payload}s of every size with sendBytes() on the writer, then on the two-way end, then one payload of
     * the object size with send() on the two-way end; records "sent all". Then receives as many messages on the
     * two-way end, then on the reader, and records each as "got ROUTE I len=N sha=HEX".
     */
    static void bigPayloads(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        long seed = (Long) args[1];
        int[] sizes = (int[]) args[2];
        Connection writer = (Connection) args[3];
        Connection twoWay = (Connection) args[4];
        Connection reader = (Connection) args[5];
        int objectSize = (Integer) args[6];
        recorded(log, "child", () -> {
            for (int i = 0; i < sizes.length; i++) {
                writer.sendBytes(payload(seed, i, sizes[i]));
            }
            for (int i = 0; i < sizes.length; i++) {
                twoWay.sendBytes(payload(seed + 1, i, sizes[i]));
            }
            twoWay.send(payload(seed + 2, 0, objectSize));
            log.record("sent all");
            for (int i = 0; i < sizes.length; i++) {
                log.record("got two-way " + i + " " + describe(twoWay.recvBytes()));
            }
            for (int i = 0; i < sizes.length; i++) {
                log.record("got one-way " + i + " " + describe(reader.recvBytes()));
            }
        });
    }

    /**
     * The property: args are the log, the end, the seed and the sizes. Sends a {@link #payload} of each size with
     * sendBytes(), in order, and records "sent all".
     */
    static void sendPayloads(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        Connection conn = (Connection) args[1];
        long seed = (Long) args[2];
        int[] sizes = (int[]) args[3];
        recorded(log, "child", () -> {
            for (int i = 0; i < sizes.length; i++) {
                conn.sendBytes(payload(seed, i, sizes[i]));
            }
            log.record("sent all");
        });
    }

    /**
     * The property: args are the log, the end and a count. Receives that many messages with recvBytes() and records
     * each as "got I len=N sha=HEX"; then records "pending=" and what poll() says.
     */
    static void receivePayloads(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        Connection conn = (Connection) args[1];
        int count = (Integer) args[2];
        recorded(log, "child", () -> {
            for (int i = 0; i < count; i++) {
                log.record("got " + i + " " + describe(conn.recvBytes()));
            }
            log.record("pending=" + conn.poll());
        });
    }

    /**
     * PIPE-11, PIPE-12: args are the log, the delay in ms, the wait bound in ms, then pairs of a name and a sending
     * end. For each pair in
     * turn: waits for the test's "kit: waiting NAME", sleeps the delay (its workload: the test's call blocks
     * meanwhile), records "sending NAME" and sends "hello NAME".
     */
    static void sendWhenAsked(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        long delay = (Long) args[1];
        long wait = (Long) args[2];
        recorded(log, "child", () -> {
            for (int e = 3; e + 1 < args.length; e += 2) {
                String name = (String) args[e];
                Connection conn = (Connection) args[e + 1];
                awaitKit(log, "kit: waiting " + name, wait);
                ChildWork.sleep(delay);
                log.record("sending " + name);
                conn.send("hello " + name);
            }
        });
    }

    /**
     * PIPE-13: args are the log, the wait bound and sending ends. Records "ready", sends the byte messages "m1",
     * "m2", "m3" on each end, closes each, records "closed", then waits for "kit: done" and returns: the ends are
     * closed by close(), not by the child's exit.
     */
    static void sendThenClose(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        long wait = (Long) args[1];
        recorded(log, "child", () -> {
            log.record("ready");
            for (int e = 2; e < args.length; e++) {
                Connection conn = (Connection) args[e];
                for (String m : new String[] {"m1", "m2", "m3"}) {
                    conn.sendBytes(bytes(m));
                }
                conn.close();
            }
            log.record("closed");
            awaitKit(log, "kit: done", wait);
        });
    }

    /**
     * PIPE-13: args are the log and receiving ends. Records "ready"; then, for each end I in turn, receives byte
     * messages until an exception, recording "I got TEXT" for each and "I ended with CLASS" for the exception.
     */
    static void receiveUntilEnd(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        recorded(log, "child", () -> {
            log.record("ready");
            for (int e = 1; e < args.length; e++) {
                Connection conn = (Connection) args[e];
                try {
                    while (true) {
                        log.record((e - 1) + " got " + text(conn.recvBytes()));
                    }
                } catch (Exception end) {
                    log.record((e - 1) + " ended with " + end.getClass().getName()
                            + (end instanceof java.io.EOFException ? "" : ": " + end.getMessage()));
                }
            }
        });
    }

    /**
     * PIPE-14, PIPE-17: args are the log, the text to send (or {@code null} for none), the ending ("return" or
     * "sleep"), the sleep in ms and the ends. Sends the text on every end that can send, records "holding", then
     * returns at once without closing anything, or sleeps until the test kills it.
     */
    static void holdThenEnd(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        String message = (String) args[1];
        String ending = (String) args[2];
        long sleep = (Long) args[3];
        recorded(log, "child", () -> {
            for (int e = 4; e < args.length; e++) {
                Connection conn = (Connection) args[e];
                if (message != null && conn.isWritable()) {
                    conn.send(message);
                }
            }
            log.record("holding");
            if (ending.equals("sleep")) {
                ChildWork.sleep(sleep);
            }
        });
    }

    /**
     * PIPE-17: args are the log and sending ends. For each end I, records "I send=" and how send("x") ended (see
     * {@link #outcome}); and then the same for sendBytes() as "I sendBytes=".
     */
    static void sendOnce(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        recorded(log, "child", () -> {
            for (int e = 1; e < args.length; e++) {
                Connection conn = (Connection) args[e];
                log.record((e - 1) + " send=" + outcome(() -> conn.send("x")));
                log.record((e - 1) + " sendBytes=" + outcome(() -> conn.sendBytes(new byte[3])));
            }
        });
    }

    /**
     * How {@code work} ended: "ok", or "threw CLASS: MESSAGE", where an IOException of any subclass but
     * EOFException is named "IOException".
     */
    static String outcome(Action work) {
        try {
            work.run();
            return "ok";
        } catch (Exception e) {
            boolean io = e instanceof java.io.IOException && !(e instanceof java.io.EOFException);
            return "threw " + (io ? "IOException" : e.getClass().getName()) + ": " + e.getMessage();
        }
    }

    /**
     * PIPE-20: args are the log, the route and the three ends of {@link #exchange}. Starts a grandchild that runs
     * {@link #exchangeTarget} with them, closes its own copies, joins the grandchild and records "grandchild exit
     * code N".
     */
    static void passOn(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        recorded(log, "child", () -> {
            dev.mpkit.ChildProcess grandchild = dev.mpkit.Multiprocessing.context().newProcess(
                    PipeTargets::exchangeTarget, log, args[1], args[2], args[3], args[4], 0L);
            grandchild.start();
            for (int e = 2; e <= 4; e++) {
                ((Connection) args[e]).close();
            }
            grandchild.join();
            log.record("grandchild exit code " + grandchild.exitCode().orElse(-1));
        });
    }

    /** PIPE-15: args are the log and ends. Records "ready", closes every end, records "closed" and returns. */
    static void closeAndExit(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        recorded(log, "child", () -> {
            log.record("ready");
            for (int e = 1; e < args.length; e++) {
                ((Connection) args[e]).close();
            }
            log.record("closed");
        });
    }

    /**
     * PIPE-21: args are the log, this sender's number, how many messages, the smallest and largest size, the wait
     * bound, then sending ends. Records "ready S", waits for "kit: go", then on each end in turn sends its
     * {@link #numbered} messages with sizes spread between the bounds, and records "sent all S".
     */
    static void numberedSender(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        int me = (Integer) args[1];
        int count = (Integer) args[2];
        int min = (Integer) args[3];
        int max = (Integer) args[4];
        long wait = (Long) args[5];
        recorded(log, "sender " + me, () -> {
            log.record("ready " + me);
            awaitKit(log, "kit: go", wait);
            SplittableRandom sizes = new SplittableRandom(me);
            for (int e = 6; e < args.length; e++) {
                Connection conn = (Connection) args[e];
                for (int i = 0; i < count; i++) {
                    conn.sendBytes(numbered(me, i, sizes.nextInt(min, max + 1)));
                }
            }
            log.record("sent all " + me);
        });
    }

    /**
     * PIPE-22: args are the log, how many messages, their size, the stall time in ms, then pairs of a name and a
     * sending end. For each pair: sends its {@link #numbered} messages at once, as fast as the pipe takes them, and
     * records "sent all NAME"; a watcher thread records "stalled NAME at I" once if no send returned for the stall
     * time (the sender waits because nobody receives).
     */
    static void outpace(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        int count = (Integer) args[1];
        int size = (Integer) args[2];
        long stall = (Long) args[3];
        recorded(log, "child", () -> {
            for (int e = 4; e + 1 < args.length; e += 2) {
                String name = (String) args[e];
                Connection conn = (Connection) args[e + 1];
                int[] sent = {0};
                boolean[] done = {false};
                Thread watcher = new Thread(() -> {
                    int seen = -1;
                    long since = System.nanoTime();
                    try {
                        while (true) {
                            ChildWork.sleep(10);
                            int now;
                            synchronized (sent) {
                                if (done[0]) {
                                    return;
                                }
                                now = sent[0];
                            }
                            if (now != seen) {
                                seen = now;
                                since = System.nanoTime();
                            } else if (System.nanoTime() - since >= stall * 1_000_000L) {
                                log.record("stalled " + name + " at " + now);
                                return;
                            }
                        }
                    } catch (InterruptedException ignored) {
                        // the child is ending
                    }
                }, "kit-stall-watcher");
                watcher.setDaemon(true);
                watcher.start();
                for (int i = 0; i < count; i++) {
                    conn.sendBytes(numbered(0, i, size));
                    synchronized (sent) {
                        sent[0] = i + 1;
                    }
                }
                synchronized (sent) {
                    done[0] = true;
                }
                log.record("sent all " + name);
            }
        });
    }
}
