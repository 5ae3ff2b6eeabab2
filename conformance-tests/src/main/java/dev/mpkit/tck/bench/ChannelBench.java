package dev.mpkit.tck.bench;

import dev.mpkit.ChildProcess;
import dev.mpkit.Connection;
import dev.mpkit.Multiprocessing;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.Pipe;
import dev.mpkit.SharedQueue;
import dev.mpkit.SharedSemaphore;
import dev.mpkit.tck.grading.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One measurement JVM of {@code ./mpkit bench} for pipes and queues: the provider found through the spec API, the
 * same four operations as {@code bench/cpython_ipc_bench.py}, printed as one JSON object.
 *
 * <pre>
 *   ChannelBench REPS [quick]
 *     pipe_rtt_8b_us              a child echoes 8-byte sendBytes messages on a two-way pipe, us per round trip
 *     pipe_bandwidth_1mib_mb_s    a child sends 1 MiB sendBytes messages on a one-way pipe, MB/s (10^6 bytes)
 *     queue_throughput_1to1       one child puts the Integers 0..n-1 into an unbounded queue, this JVM gets them;
 *                                 msgs/s from the producer's go to the last get; the same producer every round
 *     queue_throughput_4to1       four children put n/4 Integers each, this JVM gets them all
 * </pre>
 *
 * <p>Every row checks its own result: the echo must be the message sent, every MiB must arrive with its length,
 * and the queue rows must get exactly the multiset put, or the bench fails rather than report the speed of a
 * channel that loses or changes data. Each row keeps its child processes for all its repetitions, of which the
 * first is not measured: the figures are steady-state ones, on both sides (CPython's script does the same).
 */
public final class ChannelBench {

    static final int RTT_ROUNDS = 5_000;
    static final int BANDWIDTH_MIB = 256;
    static final int QUEUE_ITEMS = 200_000;
    static final int MIB = 1 << 20;

    private ChannelBench() {}

    public static void main(String[] args) throws Exception {
        int reps = Integer.parseInt(args[0]);
        int scale = args.length > 1 && args[1].equals("quick") ? 20 : 1;
        MultiprocessingContext mp = Multiprocessing.context();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jdk", System.getProperty("java.version"));
        out.put("provider", Multiprocessing.provider().id());
        out.put("pipe_rtt_8b_us", rtt(mp, reps, RTT_ROUNDS / scale));
        out.put("pipe_bandwidth_1mib_mb_s", bandwidth(mp, reps, Math.max(8, BANDWIDTH_MIB / scale)));
        out.put("queue_throughput_1to1", queue(mp, reps, QUEUE_ITEMS / scale, 1));
        out.put("queue_throughput_4to1", queue(mp, reps, QUEUE_ITEMS / scale, 4));
        System.out.print(Json.write(out));
        System.out.flush();
    }

    private static Map<String, Object> rtt(MultiprocessingContext mp, int reps, int rounds) throws Exception {
        Pipe pipe = mp.newPipe(true);
        ChildProcess echo = mp.newProcess(ChannelBench::echo, pipe.right(), rounds * (1 + reps));
        echo.start();
        pipe.right().close();
        Connection conn = pipe.left();
        byte[] msg = {1, 2, 3, 4, 5, 6, 7, 8};
        List<Double> us = new ArrayList<>();
        for (int r = 0; r < 1 + reps; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                msg[0] = (byte) i;
                conn.sendBytes(msg);
                byte[] back = conn.recvBytes();
                if (back.length != 8 || back[0] != msg[0]) {
                    throw new IllegalStateException("the echo of round " + i + " is not the message sent");
                }
            }
            double perRound = (System.nanoTime() - t0) / 1e3 / rounds;
            if (r >= 1) {
                us.add(perRound);
            }
        }
        conn.close();
        echo.join();
        SyncBench.check(echo, "the echo child");
        return Stats.summary(us);
    }

    private static void echo(Object[] args) throws IOException, InterruptedException {
        Connection conn = (Connection) args[0];
        int rounds = (Integer) args[1];
        for (int i = 0; i < rounds; i++) {
            conn.sendBytes(conn.recvBytes());
        }
        conn.close();
    }

    private static Map<String, Object> bandwidth(MultiprocessingContext mp, int reps, int mib) throws Exception {
        Pipe data = mp.newPipe(false);
        Pipe control = mp.newPipe(true);
        ChildProcess sender = mp.newProcess(ChannelBench::send, data.writer(), control.right(), 1 + reps, mib);
        sender.start();
        data.writer().close();
        control.right().close();
        List<Double> rates = new ArrayList<>();
        byte[] buf = new byte[MIB];
        for (int r = 0; r < 1 + reps; r++) {
            long t0 = System.nanoTime();
            control.left().send(r); // go
            for (int i = 0; i < mib; i++) {
                int n = data.reader().recvBytesInto(buf, 0);
                if (n != MIB || buf[0] != (byte) i) {
                    throw new IllegalStateException("message " + i + " of round " + r + " arrived with " + n
                            + " bytes or out of order");
                }
            }
            double mbPerS = (double) mib * MIB / 1e6 / ((System.nanoTime() - t0) / 1e9);
            if (r >= 1) {
                rates.add(mbPerS);
            }
        }
        data.reader().close();
        control.left().close();
        sender.join();
        SyncBench.check(sender, "the sending child");
        return Stats.summary(rates);
    }

    private static void send(Object[] args) throws IOException, InterruptedException {
        Connection data = (Connection) args[0];
        Connection control = (Connection) args[1];
        int rounds = (Integer) args[2];
        int mib = (Integer) args[3];
        byte[] buf = new byte[MIB];
        for (int r = 0; r < rounds; r++) {
            control.recv();
            for (int i = 0; i < mib; i++) {
                buf[0] = (byte) i;
                data.sendBytes(buf);
            }
        }
        data.close();
        control.close();
    }

    private static Map<String, Object> queue(MultiprocessingContext mp, int reps, int items, int producers)
            throws Exception {
        List<Double> rates = new ArrayList<>();
        int each = items / producers;
        SharedQueue<Integer> q = mp.newQueue();
        SharedSemaphore ready = mp.newSemaphore(0);
        List<SharedSemaphore> go = new ArrayList<>(); // one each: a fast producer must not take another's go
        List<ChildProcess> ps = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            go.add(mp.newSemaphore(0));
            ps.add(mp.newProcess(ChannelBench::produce, q, ready, go.get(p), p * each, each, 1 + reps));
        }
        for (ChildProcess p : ps) {
            p.start();
        }
        for (int r = 0; r < 1 + reps; r++) {
            for (int i = 0; i < producers; i++) {
                ready.acquire();
            }
            long t0 = System.nanoTime();
            for (SharedSemaphore g : go) {
                g.release();
            }
            boolean[] seen = new boolean[each * producers];
            for (int i = 0; i < seen.length; i++) {
                int v = q.get();
                if (v < 0 || v >= seen.length || seen[v]) {
                    throw new IllegalStateException("got " + v + " in round " + r + ", which was not put or was"
                            + " got twice");
                }
                seen[v] = true;
            }
            double perS = seen.length / ((System.nanoTime() - t0) / 1e9);
            if (r >= 1) {
                rates.add(perS);
            }
        }
        for (ChildProcess p : ps) {
            p.join();
            SyncBench.check(p, "a producer");
        }
        q.close();
        return Stats.summary(rates);
    }

    /** A producer: for each round, says it is ready, waits for the go and puts its share. */
    @SuppressWarnings("unchecked")
    private static void produce(Object[] args) throws InterruptedException {
        SharedQueue<Integer> q = (SharedQueue<Integer>) args[0];
        SharedSemaphore ready = (SharedSemaphore) args[1];
        SharedSemaphore go = (SharedSemaphore) args[2];
        int from = (Integer) args[3];
        int n = (Integer) args[4];
        int rounds = (Integer) args[5];
        for (int r = 0; r < rounds; r++) {
            ready.release();
            go.acquire();
            for (int i = from; i < from + n; i++) {
                q.put(i);
            }
        }
        q.close();
        q.joinThread();
    }
}
