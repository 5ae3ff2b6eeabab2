package dev.mpkit.ref.pool;

import dev.mpkit.PoolFunction;
import dev.mpkit.PoolStarFunction;
import dev.mpkit.PoolTask;
import dev.mpkit.ProcessTarget;
import dev.mpkit.ref.codec.Codec;
import dev.mpkit.ref.os.Pids;
import dev.mpkit.ref.os.PosixPipes;
import dev.mpkit.ref.os.SharedMemoryFiles;
import dev.mpkit.ref.os.WorkerLink;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What a worker process runs ({@link #target()}): the initializer, then tasks from its pipe, in the order received,
 * until told to stop, the pipe closes or it has run its {@code maxTasksPerChild} tasks (POOL-28, POOL-29).
 *
 * <p>Arguments: the pool's pid and its descriptors of the worker's ends of the two pipes (tasks to read, results to
 * write), which the worker opens through {@code /proc} ({@link WorkerLink}) before it says HELLO; the initializer
 * and its arguments in Codec form as an ISO-8859-1 string (or {@code null}); the task limit (0 for none); and the
 * path of its progress file, where it counts the tasks it started and finished, so that the pool knows after its
 * death which task it was running (POOL-30). Mapping that file costs a fresh JVM a few ms (JDK 17) to about 20 ms
 * (JDK 25, whose reflection spins method handles for the mapped buffer), so a worker maps it only from
 * {@link #LATER_NANOS} after it is ready, on another thread; until then it says STARTED through the pipe before
 * each task and sends each result as soon as it has it, which tells the pool the same.
 *
 * <p>Made so that a worker costs little more to start than a plain child: pipes opened as JDK streams, not native
 * code nor a socket; a target that is a method reference with only strings and numbers for arguments, which a child
 * rebuilds without {@code java.io}; functions that are lambdas arrive in a form that needs no {@code java.io}
 * either ({@link LambdaForm}); and the warm-up runs beside the worker's loop, not before it.
 */
/* Results of tasks that ran back to back are sent in one message while they keep coming quickly (once the progress
 * file is mapped: before, each result at once): a result waits at most FLUSH_NANOS, or until a task that ran longer
 * than QUICK_NANOS has finished, or until the worker has nothing left to run. */
final class PoolWorkerMain {

    /** The size of the progress file: tasks started (long at STARTED) and finished (long at FINISHED). */
    static final int PROGRESS_BYTES = 64;
    static final int STARTED = 0;
    static final int FINISHED = 8;

    /** How many function forms a worker keeps; the pool mirrors the same LRU order per worker. */
    static final int FN_CACHE = 256;
    private static final long FLUSH_NANOS = 200_000;
    private static final long QUICK_NANOS = 50_000;
    private static final int MAX_BATCH = 512;
    private static final int WARM_UP_ROUNDS = 16;
    /**
     * The items of a made-up chunk: 2 * WARM_UP_ROUNDS chunks of each form make 512 calls of each per-item loop
     * (Packing.BLOCK items a call), enough for the workers' JIT to compile it (more than 400 calls and, with the
     * loop's turns, 8000 events, at the thresholds of ChildLauncher's CompileThresholdScaling=4).
     */
    private static final int WARM_UP_CHUNK = 512;
    /** How long after it is ready a worker maps its progress file and begins its warm-up. */
    private static final long LATER_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** The fewest tasks a worker must be allowed to run for its warm-up to pay. */
    private static final int WARM_UP_WORTH = 1000;
    private static final int WARM_UP_FN = -1;


    /** Whether this JVM has run the warm-up already: a spare JVM does before it is given a worker's work. */
    private static volatile boolean warmedUp;

    /**
     * Runs a worker's warm-up in this JVM, with no pool: a pre-started spare JVM does so before it is ready, so that
     * a worker it becomes boots without it. Idempotent; never fails.
     */
    static void prewarm() {
        warmUp();
        System.gc(); // its garbage, now rather than in the middle of the first real tasks
    }

    /** Runs the warm-up's made-up tasks on a loop of their own, then marks this JVM warm; never fails. */
    private static void warmUp() {
        try {
            Loop loop = new Loop(null, 0, ByteBuffer.allocate(PROGRESS_BYTES), null);
            for (int round = 0; round < WARM_UP_ROUNDS; round++) {
                loop.warmUpRound();
            }
            warmedUp = true;
        } catch (Throwable ignored) {
            // only an optimisation: real tasks warm the code up themselves
        }
    }

    /**
     * What a worker does from {@link #LATER_NANOS} after it is ready, on a thread of its own beside its loop: it maps
     * its progress file, then runs its warm-up if it wants one. A pool used for a moment only (made, one call,
     * closed) is over before then, and has both cores to itself meanwhile. The warm-up's tasks run while the JIT
     * compiles the task path, instead of after it (a pool is ready sooner), and the per-item loops of map chunks get
     * compiled within the first maps, which by themselves would run interpreted for several maps.
     * A class, not a lambda: no method-handle work on the way.
     */
    private static final class Later implements Runnable {
        private final Loop loop;
        private final boolean warmUp;

        Later(Loop loop, boolean warmUp) {
            this.loop = loop;
            this.warmUp = warmUp;
        }

        @Override
        public void run() {
            LockSupport.parkNanos(LATER_NANOS);
            loop.mapProgress();
            if (warmUp) {
                warmUp();
            }
        }
    }

    /** See {@link Pools#rehearseWorker()}. */
    static void rehearse() {
        prewarm();
        String progressFile = null;
        int[] tasks = {-1, -1};
        int[] results = {-1, -1};
        try {
            progressFile = SharedMemoryFiles.create("poolworker", PROGRESS_BYTES).path();
            tasks = PosixPipes.pipe();
            results = PosixPipes.pipe();
            long self = Pids.current();
            try (WorkerLink pool = WorkerLink.open(self, results[0], tasks[1], true)) {
                Thread worker = new Thread(new Rehearsal(self, tasks[0], results[1], progressFile),
                        "mpkit-pool-rehearsal");
                worker.setDaemon(true);
                worker.start();
                if (!PosixPipes.poll(results[0], false, (int) TimeUnit.SECONDS.toMillis(5))) {
                    return; // no HELLO: the rehearsal's worker failed; the finally closes what would keep us waiting
                }
                PoolFunction<Integer, Integer> fn = Math::negateExact;
                Wire.Out m = new Wire.Out(1 << 10).put(Wire.TASKS).putInt(1).putLong(1).put(Wire.APPLY).putInt(1)
                        .putBytes(LambdaForm.encode(fn)).putBytes(Codec.encode(7));
                pool.send(m.b, 0, m.n);
                for (byte[] r = pool.receive(); r != null; r = pool.receive()) {
                    if (r[0] == Wire.RESULTS) {
                        pool.send(new byte[] {Wire.STOP});
                    } else if (r[0] == Wire.HELLO) {
                        // the worker opened its ends: ours may go, so that its exit ends our stream
                        PosixPipes.close(tasks[0]);
                        PosixPipes.close(results[1]);
                        tasks[0] = -1;
                        results[1] = -1;
                    }
                }
                worker.join(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (Throwable ignored) {
            // only an optimisation
        } finally {
            for (int fd : new int[] {tasks[0], tasks[1], results[0], results[1]}) {
                PosixPipes.close(fd);
            }
            if (progressFile != null) {
                try {
                    Files.deleteIfExists(Paths.get(progressFile));
                } catch (IOException ignored) {
                    // the run directory's removal takes it
                }
            }
        }
    }

    /** The worker's side of {@link #rehearse()}, on a thread of its own. */
    private static final class Rehearsal implements Runnable {
        private final long pid;
        private final int tasksFd;
        private final int resultsFd;
        private final String progressFile;

        Rehearsal(long pid, int tasksFd, int resultsFd, String progressFile) {
            this.pid = pid;
            this.tasksFd = tasksFd;
            this.resultsFd = resultsFd;
            this.progressFile = progressFile;
        }

        @Override
        public void run() {
            try {
                work(pid, tasksFd, resultsFd, null, 0, progressFile);
            } catch (Throwable ignored) {
                // only an optimisation
            }
        }
    }

    private PoolWorkerMain() {}

    /** A worker's process target, to be given the arguments described above. */
    static ProcessTarget target() {
        return PoolWorkerMain::work;
    }

    /** The initializer's form as the argument {@link #target()} takes, or {@code null} for none. */
    static String initArgument(byte[] form) {
        return form == null ? null : new String(form, StandardCharsets.ISO_8859_1);
    }

    private static void work(Object... args) throws Exception {
        // receives and closes on this thread only: no channel needed
        WorkerLink link = WorkerLink.open((Long) args[0], (Integer) args[1], (Integer) args[2], false);
        link.send(new byte[] {Wire.HELLO});
        byte[] init = args[3] == null ? null : ((String) args[3]).getBytes(StandardCharsets.ISO_8859_1);
        int max = (Integer) args[4];
        new Loop(link, max, null, (String) args[5]).run(init);
    }

    /** One task as received; its payload stays in the message, {@code len} bytes at {@code off} (-1: none). */
    private static final class Received {
        long id;
        byte kind;
        int fnId;
        byte[] fn;
        byte[] msg;
        int off;
        int len;
    }

    private static final class Loop {
        private final WorkerLink conn;
        /** The progress file's path, to be mapped later ({@link Later}). */
        private final String progressPath;
        /** The progress file once this loop uses it; null: STARTED messages instead. */
        private ByteBuffer progress;
        /** The progress file once it is mapped, for the loop to take up between two tasks. */
        private volatile ByteBuffer mapped;
        private final Wire.Out started = new Wire.Out(16);
        private final int max;
        private final ArrayDeque<Received> queue = new ArrayDeque<>();
        /** Function id -> function, or the Throwable its form failed with; mirrored by the pool (FN_CACHE). */
        private final Map<Integer, Object> fns = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Object> e) {
                return size() > FN_CACHE;
            }
        };
        private final Wire.Out out = new Wire.Out(1 << 12);
        private int batched;
        private long firstBatched;
        private long batchRunNanos;
        private boolean stopping;
        private int done;
        /** The made-up function's form, then the made-up chunk packed and as a list; made at the first round. */
        private byte[][] warmUpForms;

        /**
         * A loop that counts in {@code progress}, or, with {@code progress} null, through STARTED messages until the
         * file at {@code progressPath} is mapped.
         */
        Loop(WorkerLink conn, int max, ByteBuffer progress, String progressPath) {
            this.conn = conn;
            this.max = max;
            this.progress = progress;
            this.progressPath = progressPath;
        }

        /** Maps the progress file, and tells the pool that its name is no longer needed; on the {@link Later} thread. */
        void mapProgress() {
            try {
                mapped = SharedMemoryFiles.attach(progressPath, PROGRESS_BYTES).buffer();
                conn.send(new byte[] {Wire.MAPPED});
            } catch (IOException | RuntimeException e) {
                // the loop goes on with STARTED messages; the pool removes the file when this worker has exited
            }
        }

        /** The progress file if the loop counts there, taking it up if it has been mapped since; else null. */
        private ByteBuffer progress() {
            if (progress == null) {
                ByteBuffer m = mapped;
                if (m != null) {
                    // every task so far has been said STARTED and has had its result sent
                    m.putLong(STARTED, done);
                    m.putLong(FINISHED, done);
                    progress = m;
                }
            }
            return progress;
        }

        /** POOL-30: says that the task numbered {@code n} (from 1) is starting, before it starts. */
        private void sayStarted(long n) throws IOException {
            started.reset();
            started.put(Wire.STARTED).putLong(n);
            conn.send(started.b, 0, started.n);
        }

        void run(byte[] init) throws Exception {
            // not for a worker that will run a few tasks only, nor in a spare that ran it already
            boolean warmUp = (max == 0 || max >= WARM_UP_WORTH) && !warmedUp;
            if (init != null) {
                try {
                    Object[] o = (Object[]) Codec.decode(init, 0, init.length);
                    ((ProcessTarget) o[0]).run((Object[]) o[1]); // POOL-29: once, before any task
                } catch (Throwable t) {
                    // POOL-31: the pool hears of it before this worker exits
                    Wire.Out m = new Wire.Out(512).put(Wire.INIT_FAILED);
                    byte[][] forms = failureForms(t);
                    m.putBytes(forms[0]).putBytes(forms[1]);
                    conn.send(m.b, 0, m.n);
                    if (t instanceof Exception) {
                        throw (Exception) t;
                    }
                    throw new IllegalStateException("the pool's initializer failed", t);
                }
            }
            send(new byte[] {Wire.READY});
            Thread later = new Thread(new Later(this, warmUp), "PoolWorker-later");
            later.setDaemon(true);
            later.start();
            try {
                while (true) {
                    if (queue.isEmpty()) {
                        flush();
                        if (stopping) {
                            return;
                        }
                        byte[] m = conn.receive();
                        if (m == null) {
                            return; // the pool closed its end: nothing more to do
                        }
                        receive(m);
                        continue;
                    }
                    if (!stopping && conn.poll()) {
                        byte[] m = conn.receive();
                        if (m == null) {
                            return;
                        }
                        receive(m);
                    }
                    Received t = queue.poll();
                    long start = System.nanoTime();
                    ByteBuffer p = progress();
                    if (p != null) {
                        p.putLong(STARTED, done + 1); // POOL-30: read by the pool if this worker dies
                    } else {
                        sayStarted(done + 1);
                    }
                    runOne(t);
                    if (p != null) {
                        p.putLong(FINISHED, done + 1);
                    }
                    Thread.interrupted(); // a task that left its thread interrupted must not break the pipe
                    long now = System.nanoTime();
                    batchRunNanos += now - start;
                    done++;
                    if (max > 0 && done >= max) {
                        flush();
                        return; // POOL-28: exits after its last task; the pool replaces it
                    }
                    if (batched == 1) {
                        firstBatched = start;
                    }
                    if (p == null || now - start > QUICK_NANOS || now - firstBatched > FLUSH_NANOS
                            || batched >= MAX_BATCH || out.n > (1 << 16)) {
                        flush();
                    }
                }
            } catch (EOFException e) {
                // the pool closed its end in the middle of a message: nothing more to do
            } finally {
                conn.close();
            }
        }

        /**
         * Runs 68 made-up tasks through the whole path (message, decode, call, encode) and discards their results, so
         * that a fresh worker's later tasks run compiled code: a cold chunksize-1 map would otherwise crawl through
         * the interpreter for its first thousands of tasks. On a loop of the warm-up's own, never the worker's, whose
         * state (queue, function cache, results) it would disturb.
         */
        private void warmUpRound() throws IOException {
            if (warmUpForms == null) {
                // a lambda, as most functions are: its deserialization (SerializedLambda, the lambda factory) is the
                // slowest step of a first task
                PoolFunction<Integer, Integer> lambda = x -> x + 1;
                // chunks long enough that their per-item loops (Packing.BLOCK items a call) are compiled by the end
                ArrayList<Integer> chunk = new ArrayList<>();
                for (int i = 0; i < WARM_UP_CHUNK; i++) {
                    chunk.add(i);
                }
                warmUpForms = new byte[][] {LambdaForm.encode(lambda), Codec.encode(Packing.pack(chunk)),
                    Codec.encode(chunk)};
            }
            byte[] fn = warmUpForms[0];
            Wire.Out m = new Wire.Out(1 << 14);
            m.put(Wire.TASKS).putInt(68);
            for (int i = 0; i < 68; i++) {
                m.putLong(-1 - i).put(i < 64 ? Wire.APPLY : Wire.CHUNK).putInt(WARM_UP_FN);
                m.putBytes(i == 0 ? fn : null);
                m.putBytes(i < 64 ? Codec.encode(i) : i < 66 ? warmUpForms[1] : warmUpForms[2]);
            }
            receive(Arrays.copyOf(m.b, m.n));
            while (!queue.isEmpty()) {
                runOne(queue.poll());
            }
            out.reset();
            batched = 0;
            fns.remove(WARM_UP_FN);
        }

        private void send(byte[] m) throws IOException {
            conn.send(m);
        }

        private void receive(byte[] msg) {
            Wire.In in = new Wire.In(msg);
            byte tag = in.get();
            if (tag == Wire.STOP) {
                stopping = true;
                return;
            }
            int n = in.getInt();
            for (int i = 0; i < n; i++) {
                Received r = new Received();
                r.id = in.getLong();
                r.kind = in.get();
                r.fnId = in.getInt();
                r.fn = in.getBytes();
                r.len = in.getInt();
                r.msg = msg;
                r.off = in.p;
                in.p += Math.max(0, r.len);
                queue.add(r);
            }
        }

        private void flush() throws IOException {
            if (batched == 0) {
                return;
            }
            out.putIntAt(1, batched);
            out.putIntAt(5, (int) (batchRunNanos >>> 32));
            out.putIntAt(9, (int) batchRunNanos);
            conn.send(out.b, 0, out.n);
            out.reset();
            batched = 0;
            batchRunNanos = 0;
        }

        private Object function(Received t) throws Throwable {
            Object f;
            if (t.fn != null) {
                try {
                    f = t.fn[0] == LambdaForm.TAG ? LambdaForm.decode(t.fn) : Codec.decode(t.fn, 0, t.fn.length);
                } catch (IOException e) {
                    f = e;
                }
                fns.put(t.fnId, f);
            } else {
                f = fns.get(t.fnId);
                if (f == null) {
                    throw new IllegalStateException("[POOL] function " + t.fnId + " is not cached in this worker");
                }
            }
            if (f instanceof Throwable) {
                throw (Throwable) f;
            }
            return f;
        }

        private void runOne(Received t) {
            if (batched == 0) {
                out.put(Wire.RESULTS).putInt(0).putLong(0);
            }
            batched++;
            out.putLong(t.id);
            Object fn;
            try {
                fn = function(t);
            } catch (Throwable e) {
                fail(e);
                return;
            }
            switch (t.kind) {
                case Wire.CALL:
                case Wire.APPLY: {
                    Object value;
                    try {
                        if (t.kind == Wire.CALL) {
                            value = ((PoolTask<?>) fn).call();
                        } else {
                            @SuppressWarnings("unchecked")
                            PoolFunction<Object, ?> f = (PoolFunction<Object, ?>) fn;
                            value = f.apply(Codec.decode(t.msg, t.off, t.len));
                        }
                    } catch (Throwable e) {
                        fail(e);
                        return;
                    }
                    byte[] form = valueForm(value);
                    if (form == null) {
                        fail(notSerializable(value));
                    } else {
                        out.put(Wire.OK).putBytes(form);
                    }
                    return;
                }
                default:
                    runChunk(t, fn);
            }
        }

        private void runChunk(Received t, Object fn) {
            boolean star = t.kind == Wire.STAR_CHUNK;
            int n = star ? -1 : Packing.intsCount(t.msg, t.off, t.len);
            Object[] values;
            Throwable[] failures = null;
            if (n >= 0) {
                // Integers: boxed straight from the message, no list in between
                values = new Object[n];
                @SuppressWarnings("unchecked")
                PoolFunction<Object, ?> f = (PoolFunction<Object, ?>) fn;
                int p = t.off + Packing.INTS_HEADER;
                for (int i = 0; i < n; i += Packing.BLOCK) {
                    failures = applyInts(f, t.msg, p + 4 * i, values, i, Math.min(n, i + Packing.BLOCK), failures);
                }
            } else {
                List<?> items;
                try {
                    items = Packing.unpack(Codec.decode(t.msg, t.off, t.len));
                } catch (Throwable e) {
                    fail(e);
                    return;
                }
                n = items.size();
                values = new Object[n];
                for (int i = 0; i < n; i += Packing.BLOCK) {
                    failures = applyItems(fn, star, items, values, i, Math.min(n, i + Packing.BLOCK), failures);
                }
            }
            if (failures == null) {
                int at = out.n;
                out.put(Wire.CHUNK_OK);
                if (Packing.putInts(out, values, n)) {
                    return;
                }
                byte[] form = valueForm(new ArrayList<>(Arrays.asList(values)));
                if (form != null) {
                    out.putBytes(form);
                    return;
                }
                out.n = at;
            }
            // some item failed or cannot be sent: each item on its own
            Wire.Out body = new Wire.Out(256);
            body.putInt(n);
            for (int i = 0; i < n; i++) {
                Throwable e = failures == null ? null : failures[i];
                byte[] form = null;
                if (e == null) {
                    form = valueForm(values[i]);
                    if (form == null) {
                        e = notSerializable(values[i]);
                    }
                }
                if (e == null) {
                    body.put(Wire.OK).putBytes(form);
                } else {
                    byte[][] forms = failureForms(e);
                    body.put(Wire.FAILED).putBytes(forms[0]).putBytes(forms[1]);
                }
            }
            out.put(Wire.CHUNK_MIXED).putBytes(Arrays.copyOf(body.b, body.n));
        }

        /**
         * {@code values[i] = f(item i)} for {@code i} in {@code [from, to)}, the items being the ints at {@code p};
         * a failure goes to {@code failures}, made on the first; returns {@code failures}.
         */
        private static Throwable[] applyInts(PoolFunction<Object, ?> f, byte[] b, int p, Object[] values, int from,
                int to, Throwable[] failures) {
            for (int i = from; i < to; i++, p += 4) {
                try {
                    values[i] = f.apply(((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8)
                            | (b[p + 3] & 0xFF));
                } catch (Throwable e) {
                    if (failures == null) {
                        failures = new Throwable[values.length];
                    }
                    failures[i] = e;
                }
            }
            return failures;
        }

        /** As {@link #applyInts}, for items in a list, and star functions. */
        private static Throwable[] applyItems(Object fn, boolean star, List<?> items, Object[] values, int from,
                int to, Throwable[] failures) {
            @SuppressWarnings("unchecked")
            PoolFunction<Object, ?> f = star ? null : (PoolFunction<Object, ?>) fn;
            PoolStarFunction<?> sf = star ? (PoolStarFunction<?>) fn : null;
            for (int i = from; i < to; i++) {
                Object item = items.get(i);
                try {
                    values[i] = star ? sf.apply(((List<?>) item).toArray()) : f.apply(item);
                } catch (Throwable e) {
                    if (failures == null) {
                        failures = new Throwable[values.length];
                    }
                    failures[i] = e;
                }
            }
            return failures;
        }

        private void fail(Throwable e) {
            byte[][] forms = failureForms(e);
            Wire.Out body = new Wire.Out(256);
            body.putBytes(forms[0]).putBytes(forms[1]);
            out.put(Wire.FAILED).putBytes(Arrays.copyOf(body.b, body.n));
        }
    }

    /** The value's form, or {@code null} if it cannot be serialized (POOL-22). */
    static byte[] valueForm(Object value) {
        try {
            return Codec.encode(value);
        } catch (IOException | RuntimeException | StackOverflowError e) {
            return null;
        }
    }

    static IllegalArgumentException notSerializable(Object value) {
        // POOL-22: the worker keeps serving
        return new IllegalArgumentException("[POOL-22] result could not be serialized: "
                + value.getClass().getName());
    }

    /**
     * The exception's own form (empty if it cannot be serialized), and that of a stand-in RuntimeException naming
     * its class and message, with its stack trace, for when the first cannot be sent or read (POOL-22, POOL-10).
     */
    static byte[][] failureForms(Throwable e) {
        byte[] own;
        try {
            own = Codec.encode(e);
        } catch (IOException | RuntimeException | StackOverflowError x) {
            own = new byte[0];
        }
        RuntimeException standIn = new RuntimeException("[POOL-22] task failed with " + e.getClass().getName() + ": "
                + e.getMessage());
        standIn.setStackTrace(e.getStackTrace());
        byte[] stand;
        try {
            stand = Codec.encode(standIn);
        } catch (IOException | RuntimeException x) {
            stand = new byte[0];
        }
        return new byte[][] {own, stand};
    }
}
