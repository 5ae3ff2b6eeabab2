package dev.mpkit.ref.pool;

import dev.mpkit.AsyncResult;
import dev.mpkit.ChildProcess;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.PoolFunction;
import dev.mpkit.PoolOptions;
import dev.mpkit.PoolStarFunction;
import dev.mpkit.PoolTask;
import dev.mpkit.ProcessOptions;
import dev.mpkit.ResultIterator;
import dev.mpkit.WorkerPool;
import dev.mpkit.ref.codec.Codec;
import dev.mpkit.ref.os.Pids;
import dev.mpkit.ref.os.PosixPipes;
import dev.mpkit.ref.os.SharedMemoryFiles;
import dev.mpkit.ref.os.WorkerLink;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The reference's {@link WorkerPool}: worker JVMs started as daemonic children of the creator, each connected to the
 * pool by two pipes, over which it receives tasks and returns results in order.
 */
/* Overview
 *
 * Start. newPool starts `processes` workers (PoolWorker-N, daemonic, through the context's newProcess) and returns
 * without waiting for their JVMs, as CPython's Pool() does: a pool's first task goes to whichever worker is up first,
 * while the others still boot. The pool makes two pipes per worker (tasks, results) and opens its own ends by path,
 * as plain JDK streams (WorkerLink); the worker opens its ends the same way, through /proc/<pool's pid>/fd (no native
 * code in the worker), and says HELLO; it runs its initializer and says READY, or INIT_FAILED (POOL-31). Later, beside
 * its loop, it maps its progress file (and says MAPPED) and runs its warm-up, made-up tasks through its
 * decode/run/encode path (PoolWorkerMain). Until HELLO the pool holds the worker's ends too, and its reader thread
 * waits for HELLO in slices, checking that the worker lives; then it closes them, so that only the worker holds them.
 * Only workers that have said HELLO are given tasks: until one has, tasks wait in `pending`.
 *
 * Dispatch. Submitted tasks wait in `pending` (FIFO). imap iterables are `sources`: a feeder thread takes chunks from
 * them, outside the lock (an iterable may block), and appends them to `pending`, keeping at most feedAhead there.
 * pump() hands tasks to workers: an idle worker first; a busy one only gets another task when that task and all it
 * holds are map chunks, up to DEPTH tasks when tasks have been quick lately (EWMA of their run time, which the workers
 * report, below QUICK_NANOS), two when they are not slow (below MODERATE_NANOS), one otherwise or before anything is
 * known; so chunksize-1 maps stream without a round trip per task, larger chunks arrive while the one before runs, and
 * a slow task never holds up a single apply that another worker could run. Every task given to a worker is in its
 * `outstanding` deque, in the order sent; the worker runs them in that order and returns results in that order, several
 * to a message while they come quickly. Whoever assigned tasks sends them, outside the pool's lock, under the worker's
 * send lock (tryLock: a thread that finds it held leaves its tasks to the holder, which sends until none are left).
 *
 * Deaths (POOL-30). A reader thread per worker receives its results; when the worker exits, its results pipe reaches
 * end of stream (no other process holds its write end), or it exits before saying HELLO; the reader then joins the
 * child, so that it is reaped, and settles its outstanding tasks exactly, from two counters the worker keeps in a small
 * mapped file (tasks started, tasks finished), which outlive it (until the worker has mapped the file, its STARTED
 * messages and its results, sent one by one, tell the same): of the outstanding tasks, in the order sent, the one
 * it had started fails with "while running the task"; the others go back to the front of `pending`, to run in another
 * worker: those never started, and those it finished whose results died with it in its batch (only quick map chunks are
 * batched: these run twice, as with any at-least-once queue). A replacement starts only now, so that at most
 * `processes` workers are ever alive (POOL-04), and only if the pool still has work or runs.
 *
 * Functions travel once per (function, worker): a function whose class has no instance fields is serialized once per
 * class; any other is serialized once per submitting call, so a task always sees its captured values as they were when
 * submitted (POOL-34). Workers keep the last FN_CACHE forms by id, in LRU order, which the pool mirrors per worker, so
 * it knows which forms a worker has without asking. Items and results are in Codec form; a chunk of Integers as an
 * int[] (Packing).
 *
 * Stopping. shutdown() lets the work finish, then sends STOP to every worker; terminate() sends SIGTERM to every worker
 * and makes every unfinished result a CancellationException (POOL-26); join() waits until every worker started has been
 * reaped.
 */
final class ReferencePool implements WorkerPool, Serializable {

    private static final long serialVersionUID = 1L;

    /** Numbers the workers of all pools of this process: PoolWorker-1, PoolWorker-2, ... */
    private static final AtomicInteger WORKER_NUMBERS = new AtomicInteger();
    /** How many quick map chunks a worker may hold. */
    static final int DEPTH = 64;
    /** Tasks that run shorter than this on average are quick: a worker may hold DEPTH map chunks. */
    static final long QUICK_NANOS = 300_000;
    /**
     * Tasks that run shorter than this are not slow: a worker may hold two map chunks, the next one arriving while
     * it runs the first, so that it never waits a round trip between chunks.
     */
    static final long MODERATE_NANOS = 20_000_000;
    /** How many chunks of imap iterables may wait in pending. */
    private final int feedAhead;
    /** How long a reader waits for its worker's HELLO between checks that the worker still lives. */
    private static final int HELLO_SLICE_MILLIS = 100;

    /** Set in the threads that read the workers' results, which must never send (see send). */
    private static final ThreadLocal<Boolean> READER = new ThreadLocal<>();

    private enum State { RUNNING, SHUTDOWN, TERMINATED }

    /** The form of a function whose class has no instance fields, shared by every instance (one slot per class). */
    private static final ClassValue<Fn[]> STATELESS_FORMS = new ClassValue<>() {
        @Override
        protected Fn[] computeValue(Class<?> c) {
            for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
                for (Field f : k.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers())) {
                        return null;
                    }
                }
            }
            return new Fn[1];
        }
    };

    private final transient MultiprocessingContext mp;
    private final int processes;
    private final int maxTasks;
    private final byte[] initForm;
    private final transient ThreadPoolExecutor callbackThread;

    private final transient Object lock = new Object();
    // all guarded by lock
    private State state = State.RUNNING;
    private final transient ArrayDeque<Task> pending = new ArrayDeque<>();
    private final transient ArrayList<PoolResultIterator<?>> sources = new ArrayList<>();
    private final transient ArrayList<Worker> workers = new ArrayList<>();
    /** Workers started or being started and not yet reaped: never more than processes (POOL-04). */
    private int live;
    private IllegalStateException broken;
    private final transient Set<Job> open = Collections.newSetFromMap(new IdentityHashMap<>());
    private long nextTaskId;
    /** Tasks from sources in pending. */
    private int fedPending;
    /** Whether the feeder thread runs. */
    private boolean feeding;
    private long ewmaNanos = -1;
    private int earlyDeaths;

    ReferencePool(MultiprocessingContext mp, PoolOptions options) {
        this.mp = Objects.requireNonNull(mp, "mp must not be null");
        Objects.requireNonNull(options, "options must not be null");
        this.processes = options.processes().orElse(Math.max(1, mp.cpuCount())); // POOL-01
        this.maxTasks = options.maxTasksPerChild().orElse(0);
        this.feedAhead = Math.max(16, 2 * processes);
        if (options.initializer().isPresent()) {
            try {
                initForm = form(new Object[] {options.initializer().get(), options.initargs().toArray()});
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage().replace("the task", "the initializer"),
                        e.getCause());
            }
        } else {
            initForm = null;
        }
        callbackThread = new ThreadPoolExecutor(0, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "PoolCallbacks");
            t.setDaemon(true);
            return t;
        });
        synchronized (lock) {
            live = processes;
        }
        Throwable failure = startWorkers(processes);
        if (failure != null) {
            close();
            throw new IllegalStateException("[POOL-01] cannot start the pool's workers: " + failure, failure);
        }
    }

    private Throwable startWorkers(int n) {
        if (n == 1) {
            return startWorker();
        }
        Throwable[] failures = new Throwable[n];
        Thread[] starters = new Thread[n];
        for (int i = 0; i < n; i++) {
            int k = i;
            starters[i] = new Thread(() -> failures[k] = startWorker(), "PoolStarter-" + i);
            starters[i].start();
        }
        boolean interrupted = false;
        for (Thread t : starters) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        for (Throwable f : failures) {
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------ serialization

    /** The form of {@code o}, as sent to a worker; POOL-21 if it cannot be serialized, in the submitting call. */
    static byte[] form(Object o) {
        try {
            return Codec.encode(o);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("[POOL-21] cannot send the task to a worker: " + e.getMessage()
                    + " is not serializable", e);
        } catch (IllegalArgumentException e) {
            // a handle's refusal ([LOCK-17], [QUEUE-23], [SEM-17], [POOL-33] ...) keeps its text
            throw new IllegalArgumentException("[POOL-21] cannot send the task to a worker: " + e.getMessage(), e);
        } catch (IOException | RuntimeException | StackOverflowError e) {
            throw new IllegalArgumentException("[POOL-21] cannot send the task to a worker: serializing "
                    + (o == null ? "null" : o.getClass().getName()) + " failed: " + e, e);
        }
    }

    /** The function's form, shared by every call if its class has no state. */
    static Fn fnForm(Object f) {
        Fn[] slot = STATELESS_FORMS.get(f.getClass());
        if (slot == null) {
            return new Fn(functionForm(f)); // POOL-34: its captured values as they are now
        }
        Fn x = slot[0];
        if (x == null) {
            x = new Fn(functionForm(f));
            slot[0] = x;
        }
        return x;
    }

    /** A lambda's form without java.io if it has one ({@link LambdaForm}), else its Codec form. */
    private static byte[] functionForm(Object f) {
        byte[] lambda = LambdaForm.encode(f);
        return lambda != null ? lambda : form(f);
    }

    /** POOL-33: a pool stays in the process that made it. */
    private Object writeReplace() throws ObjectStreamException {
        throw new IllegalArgumentException("[POOL-33] WorkerPool objects cannot be passed between processes");
    }

    // ------------------------------------------------------------------------------------------ submitting

    private void checkAccepting() {
        if (state != State.RUNNING) {
            throw new IllegalStateException("[POOL-25] pool is not running");
        }
        if (broken != null) {
            throw new IllegalStateException(broken.getMessage(), broken.getCause()); // POOL-31
        }
    }

    private void checkAcceptingNow() {
        synchronized (lock) {
            checkAccepting();
        }
    }

    private static int checkChunksize(int chunksize) {
        if (chunksize < 1) {
            throw new IllegalArgumentException("[POOL-19] chunksize must be >= 1, was " + chunksize);
        }
        return chunksize;
    }

    private void submit(Job job, List<Task> tasks) {
        synchronized (lock) {
            checkAccepting();
            for (Task t : tasks) {
                t.id = ++nextTaskId;
                pending.add(t);
            }
            open.add(job);
        }
        pump();
    }

    @Override
    public <R> AsyncResult<R> applyAsync(PoolTask<? extends R> task) {
        Objects.requireNonNull(task, "task must not be null");
        checkAcceptingNow();
        PoolResult.Apply<R> job = new PoolResult.Apply<>(this);
        submit(job, List.of(new Task(job, Wire.CALL, fnForm(task), null, 0, 1)));
        return job;
    }

    @Override
    public <T, R> AsyncResult<R> applyAsync(PoolFunction<? super T, ? extends R> fn, T arg) {
        Objects.requireNonNull(fn, "fn must not be null");
        checkAcceptingNow();
        Fn f = fnForm(fn);
        byte[] a = form(arg);
        PoolResult.Apply<R> job = new PoolResult.Apply<>(this);
        submit(job, List.of(new Task(job, Wire.APPLY, f, a, 0, 1)));
        return job;
    }

    @Override
    public <T, R> AsyncResult<List<R>> mapAsync(PoolFunction<? super T, ? extends R> fn,
            Iterable<? extends T> items) {
        return mapAll(fn, items, 0, Wire.CHUNK);
    }

    @Override
    public <T, R> AsyncResult<List<R>> mapAsync(PoolFunction<? super T, ? extends R> fn,
            Iterable<? extends T> items, int chunksize) {
        return mapAll(fn, items, checkChunksize(chunksize), Wire.CHUNK);
    }

    @Override
    public <R> AsyncResult<List<R>> starmapAsync(PoolStarFunction<? extends R> fn,
            Iterable<? extends List<?>> argLists) {
        return mapAll(fn, argLists, 0, Wire.STAR_CHUNK);
    }

    @Override
    public <R> AsyncResult<List<R>> starmapAsync(PoolStarFunction<? extends R> fn,
            Iterable<? extends List<?>> argLists, int chunksize) {
        return mapAll(fn, argLists, checkChunksize(chunksize), Wire.STAR_CHUNK);
    }

    /** A map or starmap; chunksize 0 for the default (POOL-20). */
    private <R> AsyncResult<List<R>> mapAll(Object fn, Iterable<?> items, int chunksize, byte kind) {
        Objects.requireNonNull(fn, "fn must not be null");
        Objects.requireNonNull(items, "items must not be null");
        checkAcceptingNow();
        Object[] all = takeAll(items);
        int n = all.length;
        if (chunksize == 0) {
            long per = 4L * processes;
            chunksize = (int) Math.max(1, (n + per - 1) / per); // POOL-20: ceil(n / (4 * processes))
        }
        Fn f = fnForm(fn);
        int chunks = (int) ((n + (long) chunksize - 1) / chunksize);
        PoolResult.MapAll<R> job = new PoolResult.MapAll<>(this, n, chunks);
        if (n == 0) {
            job.complete(new ArrayList<>(), null, null); // POOL-13: ready at once
            return job;
        }
        List<Task> tasks = new ArrayList<>(chunks);
        for (int start = 0; start < n; start += chunksize) {
            int end = Math.min(n, start + chunksize);
            byte[] payload = kind == Wire.CHUNK ? Packing.intsForm(all, start, end) : null;
            if (payload == null) {
                payload = form(new ArrayList<>(Arrays.asList(all).subList(start, end)));
            }
            tasks.add(new Task(job, kind, f, payload, start, end - start)); // POOL-34: copies, now
        }
        submit(job, tasks);
        return job;
    }

    /** Every item, taken now (POOL-13); the iterable's exception passes through, nothing submitted (POOL-18). */
    private static Object[] takeAll(Iterable<?> items) {
        if (items instanceof Collection) {
            return ((Collection<?>) items).toArray(); // one copy, not an add per item
        }
        ArrayList<Object> all = new ArrayList<>();
        for (Object item : items) {
            all.add(item);
        }
        return all.toArray();
    }

    @Override
    public <T, R> ResultIterator<R> imap(PoolFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
            int chunksize) {
        return lazyMap(fn, items, chunksize, true);
    }

    @Override
    public <T, R> ResultIterator<R> imapUnordered(PoolFunction<? super T, ? extends R> fn,
            Iterable<? extends T> items, int chunksize) {
        return lazyMap(fn, items, chunksize, false);
    }

    private <R> ResultIterator<R> lazyMap(Object fn, Iterable<?> items, int chunksize, boolean ordered) {
        Objects.requireNonNull(fn, "fn must not be null");
        Objects.requireNonNull(items, "items must not be null");
        checkChunksize(chunksize);
        checkAcceptingNow();
        Fn f = fnForm(fn);
        PoolResultIterator<R> job = new PoolResultIterator<>(this, f, Wire.CHUNK, items.iterator(), chunksize,
                ordered);
        boolean startFeeder;
        synchronized (lock) {
            checkAccepting();
            sources.add(job);
            open.add(job);
            startFeeder = !feeding;
            feeding = true;
            lock.notifyAll();
        }
        if (startFeeder) {
            Thread t = new Thread(this::feed, "PoolFeeder");
            t.setDaemon(true);
            t.start();
        }
        return job;
    }

    /** The feeder thread: takes chunks from imap iterables while pending has room for them (POOL-15). */
    private void feed() {
        while (true) {
            PoolResultIterator<?> s = null;
            synchronized (lock) {
                while (true) {
                    if (state == State.TERMINATED || broken != null || sources.isEmpty()) {
                        feeding = false;
                        break;
                    }
                    if (fedPending < feedAhead) {
                        for (PoolResultIterator<?> c : sources) {
                            if (c.wantsMore()) {
                                s = c;
                                break;
                            }
                        }
                    }
                    if (s != null) {
                        break;
                    }
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        // nobody interrupts this thread; go on
                    }
                }
                if (s == null) {
                    lock.notifyAll();
                    return;
                }
                s.pulling = true;
            }
            Task t = s.pull();
            Task orphan = null;
            IllegalStateException cause;
            synchronized (lock) {
                s.pulling = false;
                sources.remove(s);
                cause = broken;
                if (cause != null) {
                    orphan = t;
                    if (!s.exhausted) {
                        s.failAt(cause);
                    }
                } else if (state != State.TERMINATED) {
                    if (!s.exhausted) {
                        sources.add(s); // to the back: round robin
                    }
                    if (t != null) {
                        t.id = ++nextTaskId;
                        pending.add(t);
                        fedPending++;
                    }
                }
            }
            if (orphan != null) {
                orphan.job.deliverFailure(orphan, cause);
            }
            pump();
            finishShutdownIfDone();
        }
    }

    /** A consumer took results: the feeder may take items again. */
    void wakeFeeder() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    // ------------------------------------------------------------------------------------------ dispatch

    /** Hands pending tasks, and chunks of imap iterables, to workers that can take them, and sends them. */
    void pump() {
        ArrayList<Worker> touched = null;
        synchronized (lock) {
            if (state == State.TERMINATED || broken != null) {
                return;
            }
            boolean fedTaken = false;
            while (true) {
                Task t = pending.peekFirst();
                if (t == null) {
                    break;
                }
                Worker w = pick(t.bulk);
                if (w == null) {
                    break;
                }
                pending.pollFirst();
                if (t.job instanceof PoolResultIterator) {
                    fedPending--;
                    fedTaken = true;
                }
                w.outstanding.add(t);
                w.unsent.add(t);
                w.assigned++;
                if (!t.bulk) {
                    w.nonBulk++;
                }
                if (touched == null) {
                    touched = new ArrayList<>(2);
                }
                if (!touched.contains(w)) {
                    touched.add(w);
                }
            }
            if (fedTaken) {
                lock.notifyAll(); // the feeder may take more
            }
        }
        if (touched != null) {
            for (Worker w : touched) {
                send(w);
            }
        }
    }

    /** The worker to give a task to, or null; lock held. */
    private Worker pick(boolean bulk) {
        int depth = ewmaNanos < 0 ? 1 : ewmaNanos < QUICK_NANOS ? DEPTH : ewmaNanos < MODERATE_NANOS ? 2 : 1;
        Worker best = null;
        for (Worker w : workers) {
            if (!w.connected || w.dead || w.stopSent) {
                continue; // still booting, or gone, or going
            }
            if (maxTasks > 0 && w.assigned >= maxTasks) {
                continue; // POOL-28: no more than maxTasksPerChild tasks per worker
            }
            int o = w.outstanding.size();
            if (o > 0 && (!bulk || o >= depth || w.nonBulk > 0)) {
                continue;
            }
            if (best == null || o < best.outstanding.size()) {
                best = w;
            }
        }
        return best;
    }

    /**
     * Sends the tasks assigned to {@code w} and not sent yet, unless another thread is doing so. A thread that reads
     * a worker's results never sends: it hands the sending to {@code w}'s sender thread. A reader blocked in a send to
     * a worker whose pipe is full, while that worker is blocked sending results to a reader (itself, or one blocked
     * in turn), would deadlock the pool; a reader that only reads always drains, so every send completes.
     */
    private void send(Worker w) {
        if (READER.get() != null) {
            handOff(w);
            return;
        }
        sendNow(w);
    }

    /** Asks {@code w}'s sender thread to send; starts it the first time. */
    private void handOff(Worker w) {
        synchronized (w.senderLock) {
            w.sendWanted = true;
            if (w.sender == null) {
                w.sender = new Thread(() -> senderLoop(w), "PoolWorker-" + w.number + "-tasks");
                w.sender.setDaemon(true);
                w.sender.start();
            }
            w.senderLock.notifyAll();
        }
    }

    private void senderLoop(Worker w) {
        while (true) {
            synchronized (w.senderLock) {
                while (!w.sendWanted && !w.senderDone) {
                    try {
                        w.senderLock.wait();
                    } catch (InterruptedException e) {
                        return; // only ours interrupt it; nothing of the pool depends on it then
                    }
                }
                if (w.senderDone) {
                    return;
                }
                w.sendWanted = false;
            }
            sendNow(w);
        }
    }

    /** Ends {@code w}'s sender thread, if it has one. */
    private static void endSender(Worker w) {
        synchronized (w.senderLock) {
            w.senderDone = true;
            w.senderLock.notifyAll();
        }
    }

    private void sendNow(Worker w) {
        while (true) {
            if (!w.sendLock.tryLock()) {
                return; // its holder sends ours too before it lets go
            }
            try {
                while (true) {
                    ArrayList<Task> batch;
                    synchronized (lock) {
                        if (w.dead || w.unsent.isEmpty()) {
                            break;
                        }
                        batch = new ArrayList<>(w.unsent);
                        w.unsent.clear();
                        for (Task t : batch) {
                            t.sent = true;
                        }
                    }
                    Wire.Out out = w.out;
                    out.reset();
                    out.put(Wire.TASKS).putInt(batch.size());
                    for (Task t : batch) {
                        out.putLong(t.id).put(t.kind).putInt(t.fn.id);
                        boolean cached = w.fnCached.get(t.fn.id) != null; // same LRU steps as the worker's
                        if (!cached) {
                            w.fnCached.put(t.fn.id, Boolean.TRUE);
                        }
                        out.putBytes(cached ? null : t.fn.form);
                        out.putBytes(t.payload);
                    }
                    try {
                        w.link.send(out.b, 0, out.n); // waits through interrupts, and keeps them (POOL-35)
                    } catch (IOException | RuntimeException e) {
                        break; // the worker is gone; its reader deals with its tasks
                    }
                    if (out.b.length > (1 << 20)) {
                        w.out = new Wire.Out(1 << 12);
                    }
                }
            } finally {
                w.sendLock.unlock();
            }
            synchronized (lock) {
                if (w.dead || w.unsent.isEmpty()) {
                    return;
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------ workers

    /** One worker process and the pool's side of its pipes. */
    private static final class Worker {
        final int number;
        final ChildProcess child;
        final long pid;
        /** The pool's ends of the worker's pipes. */
        final WorkerLink link;
        /**
         * The worker's ends (tasks read, results write) and the pool's results read end as raw descriptors, held
         * until the worker has opened its own copies (HELLO) or has exited; -1 once closed. Guarded by itself.
         */
        final int[] held;
        /** Set once the worker has said HELLO. */
        volatile boolean connected;
        /** The worker's counts of tasks started and finished (PoolWorkerMain.PROGRESS_BYTES), read after its death. */
        final ByteBuffer progress;
        /** Its file, deleted once the worker has mapped it, or has exited. */
        final String progressFile;
        /** Results received from it; guarded by the pool's lock. */
        long received;
        /** The number of the last task it said STARTED, before it mapped its progress file; its reader's only. */
        long startedSaid;
        /** Tasks given to it, in the order sent; guarded by the pool's lock. */
        final ArrayDeque<Task> outstanding = new ArrayDeque<>();
        final ArrayDeque<Task> unsent = new ArrayDeque<>();
        int assigned;
        int nonBulk;
        boolean ready;
        boolean dead;
        boolean stopSent;
        /** Guards sending, fnCached and out. */
        final ReentrantLock sendLock = new ReentrantLock();
        /** Guards sendWanted, senderDone and sender: the thread that sends for the readers (see send). */
        final Object senderLock = new Object();
        boolean sendWanted;
        boolean senderDone;
        Thread sender;
        final Map<Integer, Boolean> fnCached = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Boolean> e) {
                return size() > PoolWorkerMain.FN_CACHE;
            }
        };
        Wire.Out out = new Wire.Out(1 << 12);

        Worker(int number, ChildProcess child, WorkerLink link, int[] held, SharedMemoryFiles.Mapping progress) {
            this.number = number;
            this.child = child;
            this.pid = child.pid().orElse(-1);
            this.link = link;
            this.held = held;
            this.progress = progress.buffer();
            this.progressFile = progress.path();
        }
    }

    /** Starts a worker whose place in {@code live} is already taken; the failure, or null. */
    private Throwable startWorker() {
        int n = WORKER_NUMBERS.incrementAndGet();
        int[] tasks = {-1, -1};
        int[] results = {-1, -1};
        WorkerLink link = null;
        SharedMemoryFiles.Mapping progress = null;
        ChildProcess c;
        try {
            progress = SharedMemoryFiles.create("poolworker", PoolWorkerMain.PROGRESS_BYTES);
            tasks = PosixPipes.pipe();
            results = PosixPipes.pipe();
            long self = Pids.current();
            link = WorkerLink.open(self, results[0], tasks[1], true); // its reader is woken by close()
            PosixPipes.close(tasks[1]); // the pool writes through its link only
            tasks[1] = -1;
            c = mp.newProcess(ProcessOptions.defaults().name("PoolWorker-" + n).daemon(true), // POOL-05
                    PoolWorkerMain.target(), self, tasks[0], results[1], PoolWorkerMain.initArgument(initForm),
                    maxTasks, progress.path());
            c.start();
        } catch (IOException | RuntimeException | Error e) {
            if (link != null) {
                link.close();
            }
            PosixPipes.close(tasks[0]);
            PosixPipes.close(tasks[1]);
            PosixPipes.close(results[0]);
            PosixPipes.close(results[1]);
            if (progress != null) {
                deleteFile(progress.path());
            }
            synchronized (lock) {
                live--;
                lock.notifyAll();
            }
            return e;
        }
        Worker w = new Worker(n, c, link, new int[] {tasks[0], results[1], results[0]}, progress);
        boolean stop;
        synchronized (lock) {
            workers.add(w);
            stop = state == State.TERMINATED;
        }
        if (stop) {
            c.terminate();
        }
        Thread reader = new Thread(() -> readLoop(w), "PoolWorker-" + n + "-results");
        reader.setDaemon(true);
        reader.start();
        pump();
        finishShutdownIfDone();
        return null;
    }

    /**
     * Waits until {@code w} has opened its ends of the pipes and said HELLO; false if it exited first. Either way the
     * pool then closes what it held of the worker's ends.
     */
    private static boolean awaitHello(Worker w) throws IOException {
        try {
            while (true) {
                int fd;
                synchronized (w.held) {
                    fd = w.held[2];
                }
                if (fd < 0) {
                    return false; // released: the worker was reaped
                }
                if (PosixPipes.poll(fd, false, HELLO_SLICE_MILLIS)) {
                    byte[] m = w.link.receive();
                    if (m == null || m[0] != Wire.HELLO) {
                        throw new IOException("worker " + w.pid + " sent " + (m == null ? "nothing" : "message " + m[0])
                                + " before HELLO");
                    }
                    return true;
                }
                if (!w.child.isAlive()) {
                    return false;
                }
            }
        } finally {
            releaseHeld(w);
        }
    }

    /** Closes the raw descriptors the pool held for {@code w}, once. */
    private static void releaseHeld(Worker w) {
        synchronized (w.held) {
            for (int i = 0; i < w.held.length; i++) {
                PosixPipes.close(w.held[i]);
                w.held[i] = -1;
            }
        }
    }

    private void readLoop(Worker w) {
        READER.set(Boolean.TRUE);
        try {
            if (!awaitHello(w)) {
                onExit(w); // it exited before it said HELLO
                return;
            }
            synchronized (lock) {
                w.connected = true;
            }
            pump(); // what waits for a worker: its sender thread sends it
            finishShutdownIfDone(); // a STOP that could not be sent before
            while (true) {
                byte[] m = w.link.receive();
                if (m == null) {
                    break; // the worker exited
                }
                switch (m[0]) {
                    case Wire.STARTED:
                        w.startedSaid = new Wire.In(m, 1).getLong();
                        break;
                    case Wire.MAPPED:
                        deleteFile(w.progressFile); // mapped by both: the name is no longer needed
                        break;
                    case Wire.READY:
                        synchronized (lock) {
                            w.ready = true;
                            earlyDeaths = 0;
                        }
                        break;
                    case Wire.RESULTS:
                        onResults(w, m);
                        break;
                    case Wire.INIT_FAILED: {
                        Wire.In in = new Wire.In(m);
                        in.get();
                        Throwable e = failure(in.getBytes(), in.getBytes());
                        // POOL-31: the pool is broken; the worker exits on its own
                        markBroken(new IllegalStateException("[POOL-31] initializer failed in worker " + w.pid
                                + ": " + e, e));
                        break;
                    }
                    default:
                        throw new IllegalStateException("unknown message " + m[0] + " from worker " + w.pid);
                }
            }
        } catch (java.io.EOFException e) {
            // the worker exited in the middle of a message
        } catch (Throwable e) {
            boolean quiet;
            synchronized (lock) {
                quiet = state == State.TERMINATED;
            }
            if (!quiet) {
                System.err.println("[POOL] lost worker " + w.pid + ": " + e);
                e.printStackTrace();
                w.child.kill();
            }
        }
        onExit(w);
    }

    private void onResults(Worker w, byte[] m) {
        Wire.In in = new Wire.In(m);
        in.get();
        int n = in.getInt();
        long runNanos = in.getLong();
        long[] ids = new long[n];
        byte[] status = new byte[n];
        int[] bodies = new int[n]; // where each body starts in m, after its length
        for (int i = 0; i < n; i++) {
            ids[i] = in.getLong();
            status[i] = in.get();
            int len = in.getInt();
            bodies[i] = in.p;
            in.p += Math.max(0, len);
        }
        Task[] tasks = new Task[n];
        synchronized (lock) {
            for (int i = 0; i < n; i++) {
                Task t = w.outstanding.peekFirst();
                if (t != null && t.id == ids[i]) {
                    w.outstanding.pollFirst();
                } else {
                    t = null;
                    for (Iterator<Task> it = w.outstanding.iterator(); it.hasNext();) {
                        Task u = it.next();
                        if (u.id == ids[i]) {
                            it.remove();
                            t = u;
                            break;
                        }
                    }
                }
                if (t != null) {
                    w.received++;
                    if (!t.bulk) {
                        w.nonBulk--;
                    }
                }
                tasks[i] = t;
            }
            long perTask = runNanos / Math.max(1, n);
            ewmaNanos = ewmaNanos < 0 ? perTask : (ewmaNanos * 7 + perTask) / 8;
        }
        for (int i = 0; i < n; i++) {
            if (tasks[i] != null) {
                deliver(tasks[i], status[i], m, bodies[i], Packing.getInt(m, bodies[i] - 4));
            }
        }
        pump();
        finishShutdownIfDone();
    }

    /** Delivers a result whose body is {@code len} bytes of {@code m} at {@code off}. */
    private static void deliver(Task t, byte status, byte[] m, int off, int len) {
        switch (status) {
            case Wire.OK: {
                Object[] v = new Object[1];
                Throwable f = decodeInto(m, off, len, v, 0);
                if (f == null) {
                    t.job.deliver(t, v, null);
                } else {
                    t.job.deliverFailure(t, f);
                }
                return;
            }
            case Wire.FAILED: {
                Wire.In in = new Wire.In(m, off);
                t.job.deliverFailure(t, failure(in.getBytes(), in.getBytes()));
                return;
            }
            case Wire.CHUNK_OK: {
                int ints = Packing.intsCount(m, off, len);
                if (ints == t.count) { // the common case: Integers, boxed straight from the message
                    Object[] v = new Object[ints];
                    Packing.ints(m, off, ints, v, 0);
                    t.job.deliver(t, v, null);
                    return;
                }
                Object[] v = new Object[1];
                Throwable f = decodeInto(m, off, len, v, 0);
                if (f == null) {
                    t.job.deliver(t, Packing.unpack(v[0]).toArray(), null);
                } else {
                    t.job.deliverFailure(t, f);
                }
                return;
            }
            case Wire.CHUNK_MIXED: {
                Wire.In in = new Wire.In(m, off);
                int k = in.getInt();
                Object[] values = new Object[k];
                Throwable[] failures = new Throwable[k];
                for (int i = 0; i < k; i++) {
                    if (in.get() == Wire.OK) {
                        int vlen = in.getInt();
                        failures[i] = decodeInto(m, in.p, vlen, values, i);
                        in.p += vlen;
                    } else {
                        failures[i] = failure(in.getBytes(), in.getBytes());
                    }
                }
                t.job.deliver(t, values, failures);
                return;
            }
            default:
                t.job.deliverFailure(t, new IllegalStateException("[POOL] unknown result status " + status));
        }
    }

    /** Decodes the value at {@code off} into {@code into[i]}; the failure if it cannot be read here, else null. */
    private static Throwable decodeInto(byte[] form, int off, int len, Object[] into, int i) {
        try {
            into[i] = Codec.decode(form, off, len);
            return null;
        } catch (IOException e) {
            return new IllegalArgumentException("[POOL-22] result could not be deserialized: " + e.getMessage(), e);
        }
    }

    /** A task's exception: itself if it can be read here, else its stand-in (POOL-22). */
    private static Throwable failure(byte[] own, byte[] standIn) {
        for (byte[] form : new byte[][] {own, standIn}) {
            if (form != null && form.length > 0) {
                try {
                    Object o = Codec.decode(form, 0, form.length);
                    if (o instanceof Throwable) {
                        return (Throwable) o;
                    }
                } catch (IOException e) {
                    // try the stand-in
                }
            }
        }
        return new RuntimeException("[POOL-22] task failed with an exception that could not be read");
    }

    /** After the worker's stream ended: reap it, settle its tasks, replace it if there is still a need. */
    private void onExit(Worker w) {
        boolean interrupted = false;
        while (true) {
            try {
                w.child.join(); // reaped before any replacement starts (POOL-04)
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        int code = w.child.exitCode().orElse(-1);
        w.link.close();
        releaseHeld(w);
        deleteFile(w.progressFile);
        // the worker counted its tasks in its progress file, or, before it had mapped it, said STARTED before each
        // and sent each result at once, so that those it finished are those received
        long started = Math.max(w.progress.getLong(PoolWorkerMain.STARTED), w.startedSaid);
        long mappedFinished = w.progress.getLong(PoolWorkerMain.FINISHED);
        Task running = null;
        boolean initDeath = false;
        endSender(w);
        synchronized (lock) {
            w.dead = true;
            workers.remove(w);
            long finished = Math.max(mappedFinished, w.received);
            // POOL-30: the worker runs its tasks in the order sent, and counted each as it started and finished;
            // those it finished whose results died with it in its batch stay in outstanding and run again
            if (started > finished) {
                long index = finished - w.received; // the running task's place in outstanding
                Iterator<Task> it = w.outstanding.iterator();
                for (long i = 0; it.hasNext(); i++) {
                    Task t = it.next();
                    if (i == index) {
                        it.remove();
                        running = t;
                        break;
                    }
                }
            }
            for (Iterator<Task> it = w.outstanding.descendingIterator(); it.hasNext();) {
                Task t = it.next();
                t.sent = false;
                pending.addFirst(t); // handed to it but not started: another worker runs them
                if (t.job instanceof PoolResultIterator) {
                    fedPending++;
                }
            }
            w.outstanding.clear();
            w.unsent.clear();
            w.nonBulk = 0;
            if (!w.ready && broken == null && state != State.TERMINATED) {
                if (initForm != null) {
                    initDeath = true;
                } else {
                    earlyDeaths++;
                }
            }
        }
        if (running != null) {
            running.job.deliverFailure(running, new IllegalStateException("[POOL-30] worker " + w.pid
                    + " exited with code " + code + " while running the task"));
        }
        if (initDeath) {
            IllegalStateException cause = new IllegalStateException("worker exited with code " + code
                    + " before its initializer returned");
            markBroken(new IllegalStateException("[POOL-31] initializer failed in worker " + w.pid + ": " + cause,
                    cause));
        } else if (earlyDeaths > 2 * processes) {
            markBroken(new IllegalStateException("[POOL-30] " + earlyDeaths + " workers in a row exited before they"
                    + " were ready; the last, " + w.pid + ", with code " + code));
        }
        boolean replace;
        synchronized (lock) {
            live--;
            replace = state != State.TERMINATED && broken == null && (state == State.RUNNING || hasWork());
            if (replace) {
                live++;
            }
            lock.notifyAll();
        }
        if (replace) {
            Throwable f = startWorker();
            if (f != null) {
                markBroken(new IllegalStateException("[POOL-30] cannot start a replacement worker: " + f, f));
            }
        }
        pump();
        finishShutdownIfDone();
    }

    /** Whether anything submitted is not done; lock held. */
    private boolean hasWork() {
        if (!pending.isEmpty() || !sources.isEmpty()) {
            return true;
        }
        for (Worker w : workers) {
            if (!w.outstanding.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** POOL-31: every result not yet known fails with {@code cause}; submissions are refused from now on. */
    private void markBroken(IllegalStateException cause) {
        List<Task> failed = new ArrayList<>();
        synchronized (lock) {
            if (broken != null || state == State.TERMINATED) {
                return;
            }
            broken = cause;
            failed.addAll(pending);
            pending.clear();
            fedPending = 0;
            for (Worker w : workers) {
                failed.addAll(w.outstanding);
                w.outstanding.clear();
                w.unsent.clear();
                w.nonBulk = 0;
            }
            for (Iterator<PoolResultIterator<?>> it = sources.iterator(); it.hasNext();) {
                PoolResultIterator<?> s = it.next();
                if (!s.pulling) { // else the feeder fails it when it has pulled
                    s.failAt(cause);
                    it.remove();
                }
            }
            lock.notifyAll();
        }
        for (Task t : failed) {
            t.job.deliverFailure(t, cause);
        }
        finishShutdownIfDone();
    }

    /** After shutdown(), once all work is done: tells every worker to exit (POOL-23). */
    private void finishShutdownIfDone() {
        List<Worker> stop = new ArrayList<>();
        synchronized (lock) {
            if (state != State.SHUTDOWN || hasWork()) {
                return;
            }
            for (Worker w : workers) {
                if (!w.stopSent && !w.dead && w.connected) { // else its reader comes back after HELLO
                    w.stopSent = true;
                    stop.add(w);
                }
            }
        }
        for (Worker w : stop) {
            w.sendLock.lock();
            try {
                w.link.send(new byte[] {Wire.STOP});
            } catch (IOException | RuntimeException e) {
                // it is gone already
            } finally {
                w.sendLock.unlock();
            }
        }
    }

    private static void deleteFile(String path) {
        try {
            Files.deleteIfExists(Paths.get(path));
        } catch (IOException e) {
            // the run directory's clean-up removes it at the latest
        }
    }

    // ------------------------------------------------------------------------------------------ results

    void jobDone(Job job) {
        synchronized (lock) {
            open.remove(job);
        }
    }

    void runCallbacks(Runnable r) {
        try {
            callbackThread.execute(r); // POOL-11: in this process, on a pool thread
        } catch (RejectedExecutionException e) {
            r.run();
        }
    }

    // ------------------------------------------------------------------------------------------ lifecycle

    @Override
    public void shutdown() {
        synchronized (lock) {
            if (state != State.RUNNING) {
                return; // POOL-23: twice is a no-op
            }
            state = State.SHUTDOWN;
        }
        finishShutdownIfDone();
    }

    @Override
    public void terminate() {
        List<Job> jobs;
        List<Worker> ws;
        synchronized (lock) {
            if (state == State.TERMINATED) {
                return;
            }
            state = State.TERMINATED;
            jobs = new ArrayList<>(open);
            open.clear();
            pending.clear();
            fedPending = 0;
            sources.clear();
            ws = new ArrayList<>(workers);
            for (Worker w : ws) {
                w.outstanding.clear();
                w.unsent.clear();
            }
            lock.notifyAll();
        }
        for (Worker w : ws) {
            try {
                w.child.terminate(); // POOL-26: at once; a running task does not complete
            } catch (RuntimeException e) {
                // it has exited
            }
        }
        CancellationException ce = new CancellationException("[POOL-26] the pool was terminated");
        for (Job j : jobs) {
            j.cancel(ce);
        }
    }

    @Override
    public void join() throws InterruptedException {
        join(-1);
    }

    @Override
    public boolean join(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        return join(Math.max(0, PoolResult.nanos(timeout)));
    }

    /** Waits until no worker is left, {@code nanos} at most, forever if negative. */
    private boolean join(long nanos) throws InterruptedException {
        synchronized (lock) {
            if (state == State.RUNNING) {
                throw new IllegalStateException("[POOL-24] join() before shutdown() or terminate()");
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("[POOL-35] interrupted before joining the pool");
            }
            long deadline = System.nanoTime() + nanos;
            while (live > 0) {
                if (nanos < 0) {
                    lock.wait(); // POOL-35: throws with the status cleared
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    lock.wait(left / 1_000_000, (int) (left % 1_000_000));
                }
            }
            return true;
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "WorkerPool[" + state.name().toLowerCase(java.util.Locale.ROOT) + ", " + processes
                    + " processes, " + workers.size() + " workers, " + pending.size() + " pending]";
        }
    }
}
