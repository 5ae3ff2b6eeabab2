package dev.mpkit.ref.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.AsyncResult;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.PoolFunction;
import dev.mpkit.PoolOptions;
import dev.mpkit.ResultIterator;
import dev.mpkit.WorkerPool;
import dev.mpkit.ref.process.ReferenceContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pool's basic behaviour, with real worker JVMs. */
@Timeout(60)
class PoolBasicsTests {

    private static final MultiprocessingContext MP = new ReferenceContext("reference");

    static long pid() {
        return ProcessHandle.current().pid();
    }

    @Test
    void appliesMapsAndIteratesInWorkers() throws Exception {
        try (WorkerPool pool = MP.newPool(PoolOptions.defaults().processes(2))) {
            assertEquals(42, (int) pool.apply(() -> 6 * 7));
            assertEquals(49, (int) pool.<Integer, Integer>apply(x -> x * x, 7));
            long taskPid = pool.apply(PoolBasicsTests::pid);
            assertNotEquals(pid(), taskPid);
            List<Integer> in = IntStream.range(0, 1000).boxed().collect(Collectors.toList());
            List<Integer> squares = in.stream().map(x -> x * x).collect(Collectors.toList());
            assertEquals(squares, pool.map(x -> x * x, in));
            assertEquals(squares, pool.map(x -> x * x, in, 1));
            assertEquals(squares, pool.map(x -> x * x, in, 7));
            assertEquals(List.of(2, 12), pool.starmap(a -> (Integer) a[0] * (Integer) a[1],
                    List.of(List.of(1, 2), List.of(3, 4))));
            ResultIterator<Integer> it = pool.imap(x -> x + 1, in, 3);
            List<Integer> got = new ArrayList<>();
            while (it.hasNext()) {
                got.add(it.next());
            }
            assertEquals(in.stream().map(x -> x + 1).collect(Collectors.toList()), got);
            assertThrows(NoSuchElementException.class, it::next);
            ResultIterator<Integer> un = pool.imapUnordered(x -> x + 1, in);
            Set<Integer> set = new HashSet<>();
            while (un.hasNext()) {
                set.add(un.next());
            }
            assertEquals(new HashSet<>(got), set);
            assertTrue(pool.mapAsync(x -> x, List.of()).isReady());
            // chunks of Integers travel packed; anything else, null included, as lists
            assertEquals(java.util.Arrays.asList(1, "none", 3), pool.map(x -> x == null ? "none" : x,
                    java.util.Arrays.asList(1, null, 3)));
            assertEquals(List.of(1, 2), pool.map(String::length, List.of("a", "bb")));
            assertEquals(java.util.Arrays.asList(null, 2L), pool.map(x -> x == 1 ? null : (long) x, List.of(1, 2)));
        }
    }

    /**
     * Quick tasks with large items and results fill both pipes of a worker at once: the pool's reader of that worker
     * must keep reading while more tasks are sent, or the worker, blocked sending results, never reads the tasks
     * the reader is blocked sending (a map of 3000 items of 40 000 characters once hung here for good).
     */
    @Test
    void largeQuickItemsFillingBothPipesDoNotDeadlock() throws Exception {
        String big = "x".repeat(40_000);
        List<String> in = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            in.add(i + big);
        }
        try (WorkerPool pool = MP.newPool(PoolOptions.defaults().processes(1))) {
            List<String> out = pool.<String, String>mapAsync(s -> s, in, 1).get(Duration.ofSeconds(60));
            assertEquals(in, out);
        }
    }

    @Test
    void failuresComeBackWithTheWorkersStackTrace() throws Exception {
        try (WorkerPool pool = MP.newPool(PoolOptions.defaults().processes(1))) {
            AsyncResult<Object> r = pool.applyAsync(() -> {
                throw new IllegalStateException("boom");
            });
            ExecutionException e = assertThrows(ExecutionException.class, r::get);
            assertEquals(IllegalStateException.class, e.getCause().getClass());
            assertEquals("boom", e.getCause().getMessage());
            assertTrue(e.getCause().getStackTrace().length > 0);
            assertEquals(e.getCause(), assertThrows(ExecutionException.class, r::get).getCause());
            assertFalse(r.isSuccessful());
            ExecutionException m = assertThrows(ExecutionException.class,
                    () -> pool.map(x -> 10 / x, List.of(1, 0, 2), 1));
            assertEquals(ArithmeticException.class, m.getCause().getClass());
            Object notSerializable = new Object();
            IllegalArgumentException iae = assertThrows(IllegalArgumentException.class,
                    () -> pool.apply(() -> notSerializable.hashCode()));
            assertTrue(iae.getMessage().startsWith("[POOL-21] cannot send the task to a worker: "), iae.getMessage());
            ExecutionException bad = assertThrows(ExecutionException.class, () -> pool.apply(Object::new));
            assertTrue(bad.getCause().getMessage().startsWith("[POOL-22] result could not be serialized"));
            assertEquals(3, (int) pool.apply(() -> 3));
            long self = pool.apply(() -> {
                Thread.currentThread().interrupt(); // left set: the worker must still send its result
                return pid();
            });
            assertEquals(self, (long) pool.apply(PoolBasicsTests::pid));
        }
    }

    @Test
    void aWorkerThatDiesFailsExactlyItsTaskAndIsReplaced() throws Exception {
        try (WorkerPool pool = MP.newPool(PoolOptions.defaults().processes(1))) {
            long first = pool.apply(PoolBasicsTests::pid);
            AsyncResult<Object> dies = pool.applyAsync(() -> {
                System.exit(3);
                return null;
            });
            AsyncResult<Long> next = pool.applyAsync(PoolBasicsTests::pid);
            ExecutionException e = assertThrows(ExecutionException.class, () -> dies.get(Duration.ofSeconds(20)));
            assertEquals("[POOL-30] worker " + first + " exited with code 3 while running the task",
                    e.getCause().getMessage());
            assertNotEquals(first, (long) next.get(Duration.ofSeconds(30)));
        }
    }

    @Test
    void aChildCanMakeAPoolOfItsOwn() throws Exception {
        dev.mpkit.SharedQueue<Object> q = MP.newQueue();
        dev.mpkit.ChildProcess c = MP.newProcess(args -> {
            @SuppressWarnings("unchecked")
            dev.mpkit.SharedQueue<Object> out = (dev.mpkit.SharedQueue<Object>) args[0];
            try (WorkerPool pool = new ReferenceContext("reference").newPool(PoolOptions.defaults().processes(1))) {
                out.put(pool.apply(() -> ProcessHandle.current().parent().get().pid()));
                out.put(pid());
            }
        }, q);
        c.start();
        Object parentOfWorker = q.get(Duration.ofSeconds(30));
        assertEquals(q.get(Duration.ofSeconds(30)), parentOfWorker);
        c.join();
        assertEquals(0, c.exitCode().getAsInt());
    }

    @Test
    void aWorkerThatDiesAmongPipelinedTasksFailsOnlyTheOneItWasRunning() throws Exception {
        try (WorkerPool pool = MP.newPool(PoolOptions.defaults().processes(2))) {
            List<Integer> items = IntStream.range(0, 2000).boxed().collect(Collectors.toList());
            ResultIterator<Integer> it = pool.imap(x -> {
                if (x == 1500) {
                    System.exit(3); // quick tasks before it stream to the workers, several held at once
                }
                return x * 10;
            }, items);
            for (int i = 0; i < items.size(); i++) {
                if (i == 1500) {
                    ExecutionException e = assertThrows(ExecutionException.class,
                            () -> it.next(Duration.ofSeconds(30)));
                    assertTrue(e.getCause().getMessage().matches("\\[POOL-30] worker \\d+ exited with code 3 while"
                            + " running the task"), e.getCause().getMessage());
                } else {
                    assertEquals(i * 10, (int) it.next(Duration.ofSeconds(30)), "item " + i);
                }
            }
            assertFalse(it.hasNext());
        }
    }

    @Test
    void maxTasksPerChildReplacesWorkers() throws Exception {
        try (WorkerPool pool = MP.newPool(PoolOptions.defaults().processes(1).maxTasksPerChild(2))) {
            List<Long> pids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                pids.add(pool.apply(PoolBasicsTests::pid));
            }
            assertEquals(pids.get(0), pids.get(1));
            assertEquals(pids.get(2), pids.get(3));
            assertEquals(pids.get(4), pids.get(5));
            assertEquals(3, new HashSet<>(pids).size());
        }
    }

    @Test
    void terminateCancelsWhatIsNotDone() throws Exception {
        WorkerPool pool = MP.newPool(PoolOptions.defaults().processes(1));
        AsyncResult<Object> slow = pool.applyAsync(() -> {
            Thread.sleep(60_000);
            return null;
        });
        AsyncResult<Integer> queued = pool.applyAsync(() -> 1);
        List<dev.mpkit.ChildProcess> workers = MP.activeChildren();
        assertEquals(1, workers.size());
        assertTrue(workers.get(0).isDaemon());
        pool.terminate();
        assertTrue(pool.join(Duration.ofSeconds(10)));
        assertThrows(CancellationException.class, slow::get);
        assertThrows(CancellationException.class, queued::get);
        assertThrows(IllegalStateException.class, () -> pool.applyAsync(() -> 1));
        assertTrue(MP.activeChildren().isEmpty());
        assertFalse(workers.get(0).isAlive()); // the pool joined its worker, and left it usable
        assertTrue(workers.get(0).exitCode().isPresent());
    }

    @Test
    void shutdownLetsWorkFinish() throws Exception {
        WorkerPool pool = MP.newPool(PoolOptions.defaults().processes(2));
        assertThrows(IllegalStateException.class, pool::join);
        PoolFunction<Integer, Integer> slowSquare = x -> {
            Thread.sleep(20);
            return x * x;
        };
        AsyncResult<List<Integer>> r = pool.mapAsync(slowSquare, List.of(1, 2, 3, 4), 1);
        pool.shutdown();
        pool.join();
        assertTrue(r.isReady());
        assertEquals(List.of(1, 4, 9, 16), r.get());
        assertTrue(MP.activeChildren().isEmpty());
    }
}
