package dev.mpkit.tck.pool;

import dev.mpkit.AsyncResult;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.PoolFunction;
import dev.mpkit.PoolOptions;
import dev.mpkit.PoolStarFunction;
import dev.mpkit.PoolTask;
import dev.mpkit.ResultIterator;
import dev.mpkit.WorkerPool;
import dev.mpkit.Multiprocessing;
import dev.mpkit.tck.support.ChildWork;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.InterruptedWaiters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The worker side of the POOL tests: the tasks, functions and initializers the tests submit, as serializable lambdas
 * made by static methods (so that they capture only what they are given), and the classes they throw or return.
 * Each task records into the kit's {@link EventLog}, which is how the test sees where (pid) and when (nanos) a task
 * ran, never through the pool under test; a task that must take a while waits for the test's {@code "release …"}
 * event or sleeps as its workload ({@link ChildWork}). Every duration arrives in milliseconds, already scaled.
 */
final class PoolTargets {

    private PoolTargets() {}

    /** POOL-29: what the initializer of this worker set, read by its tasks. */
    static volatile String initState;

    // ------------------------------------------------------------------------------------------ tasks

    /**
     * Records "start TAG", waits at most {@code waitMillis} for the test's "release TAG" or "release all", records
     * "end TAG" and returns TAG; throws if it is never released.
     */
    static PoolTask<String> held(EventLog log, String tag, long waitMillis) {
        return () -> {
            log.record("start " + tag);
            awaitRelease(log, tag, waitMillis);
            log.record("end " + tag);
            return tag;
        };
    }

    /** Records "start TAG", sleeps {@code millis} (its workload), records "end TAG" and returns TAG. */
    static PoolTask<String> sleeping(EventLog log, String tag, long millis) {
        return () -> {
            log.record("start " + tag);
            ChildWork.sleep(millis);
            log.record("end " + tag);
            return tag;
        };
    }

    /**
     * Records "start TAG", waits at most {@code waitMillis} until {@code together} tasks recorded "start " (so that
     * they are known to run at the same time), sleeps {@code millis}, records "end TAG" and returns TAG.
     */
    static PoolTask<String> startedTogether(EventLog log, String tag, int together, long millis, long waitMillis) {
        return () -> {
            log.record("start " + tag);
            if (!ChildWork.awaitEvents(log, "start ", together, waitMillis)) {
                log.record("alone " + tag);
            }
            ChildWork.sleep(millis);
            log.record("end " + tag);
            return tag;
        };
    }

    /** Records "ran TAG" and returns this worker's pid. */
    static PoolTask<Long> pid(EventLog log, String tag) {
        return () -> {
            log.record("ran " + tag);
            return ProcessHandle.current().pid();
        };
    }

    /** Returns {@code value}. */
    static <R> PoolTask<R> returning(R value) {
        return () -> value;
    }

    /**
     * Throws, from a method of this class whose frame the test looks for in the stack trace, an exception made in the
     * worker: {@code "IAE"} an IllegalArgumentException, {@code "Error"} an AssertionError, {@code "checked"} a
     * {@link TaskFailure}, {@code "unserializable"} an {@link UnserializableFailure}; each with {@code message}.
     */
    static PoolTask<Object> throwing(String kind, String message) {
        return () -> PoolTargets.throwFromTask(kind, message);
    }

    /** Records "start TAG", waits for "release TAG" or "release all", then throws as {@link #throwing} does. */
    static PoolTask<Object> heldThenFails(EventLog log, String tag, String kind, String message, long waitMillis) {
        return () -> {
            log.record("start " + tag);
            awaitRelease(log, tag, waitMillis);
            log.record("end " + tag);
            return PoolTargets.throwFromTask(kind, message);
        };
    }

    /** The frame POOL-10 looks for in the stack trace of a task's exception. */
    static final String TASK_FRAME = "throwFromTask";

    static Object throwFromTask(String kind, String message) throws Exception {
        switch (kind) {
            case "IAE":
                throw new IllegalArgumentException(message);
            case "Error":
                throw new AssertionError(message);
            case "checked":
                throw new TaskFailure(message);
            case "unserializable":
                throw new UnserializableFailure(message);
            default:
                throw new IllegalStateException("kit: unknown kind " + kind);
        }
    }

    /** The function form of {@link #held}: records "start X", waits for "release X" or "release all", returns X. */
    static PoolFunction<String, String> heldFn(EventLog log, long waitMillis) {
        return x -> {
            log.record("start " + x);
            awaitRelease(log, x, waitMillis);
            log.record("end " + x);
            return x;
        };
    }

    /**
     * POOL-30: records "start TAG", then ends its worker: {@code "exit"} by System.exit(3), {@code "halt"} by
     * Runtime.halt(4); {@code "kill"} sleeps {@code waitMillis} until the test kills the worker.
     */
    static PoolTask<String> dies(EventLog log, String tag, String how, long waitMillis) {
        return () -> {
            log.record("start " + tag);
            switch (how) {
                case "exit":
                    System.exit(3);
                    break;
                case "halt":
                    Runtime.getRuntime().halt(4);
                    break;
                default:
                    ChildWork.sleep(waitMillis);
            }
            log.record("end " + tag);
            return tag;
        };
    }

    /** POOL-29: records "task TAG saw=STATE" with what this worker's initializer set, and returns that state. */
    static PoolTask<String> readsInitState(EventLog log, String tag, long millis) {
        return () -> {
            String seen = initState;
            log.record("task " + tag + " saw=" + seen);
            ChildWork.sleep(millis);
            return seen;
        };
    }

    /** POOL-34: adds "task" to the list it was given and returns the list as it then is. */
    static PoolFunction<ArrayList<String>, List<String>> appends() {
        return list -> {
            list.add("task");
            return new ArrayList<>(list);
        };
    }

    /** POOL-34: waits for the test's "release TAG", then returns a copy of the list it was given. */
    static PoolFunction<ArrayList<String>, List<String>> heldCopy(EventLog log, String tag, long waitMillis) {
        return list -> {
            log.record("start " + tag);
            awaitRelease(log, tag, waitMillis);
            return new ArrayList<>(list);
        };
    }

    /**
     * POOL-26, POOL-27: records "start TAG", sleeps {@code delayMillis} (its workload), then records "side effect
     * TAG" and returns TAG: a task that must not complete when the pool is terminated.
     */
    static PoolTask<String> sideEffect(EventLog log, String tag, long delayMillis) {
        return () -> {
            log.record("start " + tag);
            ChildWork.sleep(delayMillis);
            log.record("side effect " + tag);
            return tag;
        };
    }

    /** POOL-21, POOL-33: a task that captures {@code o}, and so cannot be serialized if {@code o} cannot. */
    static PoolTask<String> capturing(Object o) {
        return () -> String.valueOf(o);
    }

    /** POOL-21, POOL-33: a function that captures {@code o}. */
    static PoolFunction<Object, String> capturingFn(Object o) {
        return x -> o + ":" + x;
    }

    /** POOL-21, POOL-33: records "ran X" and returns X as text. */
    static PoolFunction<Object, String> recordingAny(EventLog log) {
        return x -> {
            log.record("ran " + x);
            return String.valueOf(x);
        };
    }

    /** POOL-22: returns an object that cannot be serialized. */
    static PoolTask<Object> returnsUnserializable() {
        return Unserializable::new;
    }

    /** POOL-34: records "start TAG", waits for "release TAG" or "release all", returns a copy of {@code captured}. */
    static PoolTask<List<String>> heldCapture(EventLog log, String tag, ArrayList<String> captured, long waitMillis) {
        return () -> {
            log.record("start " + tag);
            awaitRelease(log, tag, waitMillis);
            return new ArrayList<>(captured);
        };
    }

    // ------------------------------------------------------------------------------------------ map functions

    /** The function the map tests apply: {@code x -> 31 * x + 7}, computed here too for the expected results. */
    static int f(int x) {
        return 31 * x + 7;
    }

    /** {@link #f} as a PoolFunction. */
    static PoolFunction<Integer, Integer> plain() {
        return x -> f(x);
    }

    /**
     * {@link #f}, after sleeping {@code (n - 1 - x) * unitMillis} for item {@code x} of {@code n} (its workload), so
     * that later items finish first; records "ran X" with this worker's pid.
     */
    static PoolFunction<Integer, Integer> slowerFirst(EventLog log, int n, long unitMillis) {
        return x -> {
            log.record("ran " + x);
            ChildWork.sleep(Math.max(0, (n - 1 - x)) * unitMillis);
            return f(x);
        };
    }

    /**
     * {@link #f}, after sleeping {@code x % 3} ms (its workload, so that completion order varies); fails with
     * IllegalArgumentException("fail X") for items in {@code failing}.
     */
    static PoolFunction<Integer, Integer> jittered(Set<Integer> failing) {
        return x -> {
            ChildWork.sleep(Math.floorMod(x, 3));
            if (failing.contains(x)) {
                throw new IllegalArgumentException("fail " + x);
            }
            return f(x);
        };
    }

    /**
     * POOL-16, POOL-17: records "ran X"; fails with IllegalArgumentException("fail X") for items in {@code failing};
     * otherwise sleeps {@code slowMillis} if {@code x >= slowFrom} (its workload), records "done X" and returns
     * {@link #f}(x).
     */
    static PoolFunction<Integer, Integer> failingAt(EventLog log, Set<Integer> failing, int slowFrom,
            long slowMillis) {
        return x -> {
            log.record("ran " + x);
            if (failing.contains(x)) {
                throw new IllegalArgumentException("fail " + x);
            }
            if (x >= slowFrom) {
                ChildWork.sleep(slowMillis);
            }
            log.record("done " + x);
            return f(x);
        };
    }

    /**
     * POOL-30: records "ran X"; item {@code dying} ends its worker with System.exit({@code code}); the others sleep
     * {@code millis} (their workload), record "done X" and return {@link #f}(x).
     */
    static PoolFunction<Integer, Integer> exitsAt(EventLog log, int dying, int code, long millis) {
        return x -> {
            log.record("ran " + x);
            if (x == dying) {
                System.exit(code);
            }
            ChildWork.sleep(millis);
            log.record("done " + x);
            return f(x);
        };
    }

    /** Records "ran X" with this worker's pid and returns {@link #f}(x). */
    static PoolFunction<Integer, Integer> recording(EventLog log) {
        return x -> {
            log.record("ran " + x);
            return f(x);
        };
    }

    /** POOL-14: the arguments it received, as "LENGTH:[A, B, …]". */
    static PoolStarFunction<String> unpacks() {
        return args -> args.length + ":" + Arrays.toString(args);
    }

    /** POOL-14: the sum of its Integer arguments, after recording "ran FIRST" with this worker's pid if given a log. */
    static PoolStarFunction<Integer> sums(EventLog log) {
        return args -> {
            if (log != null) {
                log.record("ran " + args[0]);
            }
            int s = 0;
            for (Object a : args) {
                s += (Integer) a;
            }
            return s;
        };
    }

    /** What {@link #sums} returns for {@code args}. */
    static int sum(List<?> args) {
        return args.stream().mapToInt(a -> (Integer) a).sum();
    }

    // ------------------------------------------------------------------------------------------ initializers

    /** POOL-29: records "init A,B" (args 1 and 2) and sets {@link #initState} to "A:B:PID". */
    static void init(Object... args) {
        EventLog log = (EventLog) args[0];
        log.record("init " + args[1] + "," + args[2]);
        initState = args[1] + ":" + args[2] + ":" + ProcessHandle.current().pid();
    }

    /** POOL-31: the message of the initializer's exception. */
    static final String INIT_FAILURE = "kit: the initializer fails on purpose";

    /** POOL-31: records "init" and throws UnsupportedOperationException({@link #INIT_FAILURE}). */
    static void failingInit(Object... args) {
        ((EventLog) args[0]).record("init");
        throw new UnsupportedOperationException(INIT_FAILURE);
    }

    // ------------------------------------------------------------------------------------------ POOL-35 child

    /**
     * POOL-35, in a child: args are the log and the wait bound. Creates a pool of one worker, submits a task held
     * until "release", an imap of one such item, and shuts the pool down; then four threads block in get() and
     * await() of the result, next() of the iterator and join() of the pool, and are interrupted together (see
     * {@link InterruptedWaiters}). After the test's "kit: done", records "release", and then "after get=… next=…
     * join=…" with what those calls did once the work was released.
     */
    static void interruptedPoolWaiters(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        long settle = (Long) args[1];
        long wait = (Long) args[2];
        MultiprocessingContext mp = Multiprocessing.context();
        WorkerPool pool = mp.newPool(PoolOptions.defaults().processes(1));
        try {
            AsyncResult<String> r = pool.applyAsync(held(log, "r", wait));
            ResultIterator<Integer> it = pool.imap(heldItem(log, wait), List.of(5));
            pool.shutdown();
            ChildWork.awaitEvents(log, "start r", 1, wait);
            InterruptedWaiters.run(log, List.of(() -> "returned " + r.get(), () -> {
                r.await();
                return "returned";
            }, () -> "returned " + it.next(), () -> {
                pool.join();
                return "returned";
            }), settle, wait);
            log.record("release all");
            String get;
            String next;
            String join;
            try {
                get = String.valueOf(r.get(Duration.ofMillis(wait)));
            } catch (Exception e) {
                get = "threw-" + e.getClass().getName();
            }
            try {
                next = String.valueOf(it.next(Duration.ofMillis(wait)));
            } catch (Exception e) {
                next = "threw-" + e.getClass().getName();
            }
            try {
                join = pool.join(Duration.ofMillis(wait)) ? "ok" : "timed-out";
            } catch (Exception e) {
                join = "threw-" + e.getClass().getName();
            }
            log.record("after get=" + get + " next=" + next + " join=" + join);
        } finally {
            pool.close();
        }
    }

    /** POOL-35: records "start item X", waits for "release all", returns X. */
    static PoolFunction<Integer, Integer> heldItem(EventLog log, long waitMillis) {
        return x -> {
            log.record("start item" + x);
            awaitRelease(log, "item" + x, waitMillis);
            return x;
        };
    }

    // ------------------------------------------------------------------------------------------ shared

    /** In a worker: waits for "release TAG" or "release all"; throws if neither comes within {@code millis}. */
    static void awaitRelease(EventLog log, String tag, long millis) throws InterruptedException {
        if (!ChildWork.pollUntil(() -> log.has("release " + tag) || log.has("release all"), millis)) {
            log.record("never released " + tag);
            throw new IllegalStateException("kit: the test never recorded 'release " + tag + "' within " + millis
                    + " ms");
        }
    }

    /** A class that is not serializable. */
    static final class Unserializable {
        @Override
        public String toString() {
            return "Unserializable@" + Integer.toHexString(hashCode());
        }
    }

    /** POOL-22: an exception that cannot be serialized, for a field it holds. */
    static final class UnserializableFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        @SuppressWarnings("serial")
        final Object detail = new Unserializable();

        UnserializableFailure(String message) {
            super(message);
        }
    }

    /** POOL-10: a checked exception of the kit's own, so that its class must travel back from the worker. */
    static final class TaskFailure extends Exception {
        private static final long serialVersionUID = 1L;

        TaskFailure(String message) {
            super(message);
        }
    }

    /** POOL-13, POOL-15: an iterable that counts how many items were taken from it, and whether it was exhausted. */
    static final class CountingIterable<T> implements Iterable<T> {
        private final List<T> items;
        private final boolean endless;
        private final RuntimeException failAfter;
        final java.util.concurrent.atomic.AtomicInteger taken = new java.util.concurrent.atomic.AtomicInteger();
        volatile boolean exhausted;

        private CountingIterable(List<T> items, boolean endless, RuntimeException failAfter) {
            this.items = items;
            this.endless = endless;
            this.failAfter = failAfter;
        }

        /** Hands out {@code items}, then ends. */
        static <T> CountingIterable<T> of(List<T> items) {
            return new CountingIterable<>(items, false, null);
        }

        /** Hands out 0, 1, 2, … for ever. */
        static CountingIterable<Integer> endless() {
            return new CountingIterable<>(List.of(), true, null);
        }

        /** Hands out {@code items}, then throws {@code failure} from next() (and from hasNext()). */
        static <T> CountingIterable<T> failingAfter(List<T> items, RuntimeException failure) {
            return new CountingIterable<>(items, false, failure);
        }

        @Override
        @SuppressWarnings("unchecked")
        public java.util.Iterator<T> iterator() {
            return new java.util.Iterator<>() {
                int i;

                @Override
                public boolean hasNext() {
                    if (endless || i < items.size() || failAfter != null) {
                        return true;
                    }
                    exhausted = true;
                    return false;
                }

                @Override
                public T next() {
                    if (endless) {
                        taken.incrementAndGet();
                        return (T) Integer.valueOf(i++);
                    }
                    if (i < items.size()) {
                        taken.incrementAndGet();
                        return items.get(i++);
                    }
                    if (failAfter != null) {
                        throw failAfter;
                    }
                    exhausted = true;
                    throw new java.util.NoSuchElementException();
                }
            };
        }
    }
}
