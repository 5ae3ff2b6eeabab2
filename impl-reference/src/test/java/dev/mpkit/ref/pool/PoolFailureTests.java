package dev.mpkit.ref.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.AsyncResult;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.PoolOptions;
import dev.mpkit.ResultIterator;
import dev.mpkit.WorkerPool;
import dev.mpkit.ref.os.SharedMemoryFiles;
import dev.mpkit.ref.process.ReferenceContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How the pool fails, and that it leaves nothing behind. */
@Timeout(60)
class PoolFailureTests {

    private static final MultiprocessingContext MP = new ReferenceContext("reference");

    static int initialized;

    @Test
    void anInitializerRunsOnceInEveryWorkerBeforeItsTasks() throws Exception {
        try (WorkerPool pool = MP.newPool(PoolOptions.defaults().processes(1).maxTasksPerChild(1)
                .initializer(args -> initialized += (Integer) args[0], 5))) {
            for (int i = 0; i < 3; i++) {
                assertEquals(5, (int) pool.apply(() -> initialized));
            }
        }
    }

    @Test
    void aThrowingInitializerBreaksThePoolAtOnce() throws Exception {
        try (WorkerPool pool = MP.newPool(PoolOptions.defaults().processes(2).initializer(args -> {
            throw new IllegalArgumentException("no database");
        }))) {
            AsyncResult<Integer> r;
            try {
                r = pool.applyAsync(() -> 1);
            } catch (IllegalStateException known) {
                r = null; // the pool knew already: the workers boot before newPool returns
                assertTrue(known.getMessage().startsWith("[POOL-31] initializer failed in worker "));
            }
            if (r != null) {
                AsyncResult<Integer> submitted = r;
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> submitted.get(Duration.ofSeconds(20)));
                assertTrue(e.getCause().getMessage().startsWith("[POOL-31] initializer failed in worker "),
                        e.getCause().getMessage());
                assertEquals(IllegalArgumentException.class, e.getCause().getCause().getClass());
                assertEquals("no database", e.getCause().getCause().getMessage());
            }
            IllegalStateException later = assertThrows(IllegalStateException.class, () -> pool.applyAsync(() -> 2));
            assertTrue(later.getMessage().startsWith("[POOL-31] initializer failed"));
            assertEquals(IllegalArgumentException.class, later.getCause().getClass());
            assertEquals("no database", later.getCause().getMessage());
        }
        assertTrue(MP.activeChildren().isEmpty());
    }

    @Test
    void aPoolCannotBeSerializedNorSentAsAnArgument() throws Exception {
        try (WorkerPool pool = MP.newPool(PoolOptions.defaults().processes(1))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(pool));
            assertTrue(e.getMessage().startsWith("[POOL-33] WorkerPool objects cannot be passed between processes"));
            IllegalArgumentException arg = assertThrows(IllegalArgumentException.class,
                    () -> pool.applyAsync(x -> x.toString(), pool));
            assertTrue(arg.getMessage().startsWith("[POOL-21] cannot send the task to a worker: [POOL-33]"),
                    arg.getMessage());
            IllegalArgumentException lock = assertThrows(IllegalArgumentException.class,
                    () -> pool.applyAsync(x -> x.toString(), MP.newLock()));
            assertTrue(lock.getMessage().startsWith("[POOL-21] cannot send the task to a worker: [LOCK-17]"),
                    lock.getMessage());
            assertThrows(IllegalArgumentException.class, () -> pool.map(x -> x, List.of(1), 0));
            assertEquals(1, (int) pool.apply(() -> 1));
        }
    }

    @Test
    void callbacksRunOnceAndAThrowingOneDoesNotStopThePool() throws Exception {
        try (WorkerPool pool = MP.newPool(PoolOptions.defaults().processes(1))) {
            BlockingQueue<Object> seen = new ArrayBlockingQueue<>(10);
            pool.applyAsync(() -> 1).whenReady(v -> {
                seen.add(v);
                throw new IllegalStateException("callback bug");
            });
            assertEquals(1, seen.poll(20, TimeUnit.SECONDS));
            AsyncResult<Object> bad = pool.applyAsync(() -> {
                throw new ArithmeticException("x");
            });
            bad.whenReady(v -> seen.add("value"), seen::add);
            assertEquals(ArithmeticException.class, seen.poll(20, TimeUnit.SECONDS).getClass());
            AsyncResult<List<Integer>> m = pool.mapAsync(x -> x + 1, List.of(1, 2));
            m.get();
            m.whenReady(seen::add);
            assertEquals(List.of(2, 3), seen.poll()); // ready: in this thread
            assertEquals(7, (int) pool.apply(() -> 7));
        }
    }

    @Test
    void waitsAreInterruptible() throws Exception {
        try (WorkerPool pool = MP.newPool(PoolOptions.defaults().processes(1))) {
            AsyncResult<Object> slow = pool.applyAsync(() -> {
                Thread.sleep(30_000);
                return null;
            });
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, slow::get);
            assertFalse(Thread.interrupted());
            AtomicReference<Throwable> caught = new AtomicReference<>();
            Thread waiter = new Thread(() -> {
                try {
                    slow.await();
                } catch (Throwable t) {
                    caught.set(t);
                }
            });
            waiter.start();
            waiter.interrupt();
            waiter.join(10_000);
            assertEquals(InterruptedException.class, caught.get().getClass());
            assertFalse(slow.isReady());
            ResultIterator<Object> it = pool.imap(x -> x, List.of(1));
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, it::next);
            pool.terminate();
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, pool::join);
            assertTrue(pool.join(Duration.ofSeconds(10)));
        }
    }

    @Test
    void anImapIterableThatThrowsEndsTheIterationAtItsPosition() throws Exception {
        RuntimeException boom = new RuntimeException("iterable broke");
        Iterable<Integer> items = () -> new Iterator<Integer>() {
            int i;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                if (i == 3) {
                    throw boom;
                }
                return i++;
            }
        };
        try (WorkerPool pool = MP.newPool(PoolOptions.defaults().processes(1))) {
            ResultIterator<Integer> it = pool.imap(x -> x * 10, items);
            assertEquals(0, (int) it.next());
            assertEquals(10, (int) it.next());
            assertEquals(20, (int) it.next());
            assertSame(boom, assertThrows(ExecutionException.class, it::next).getCause());
            assertFalse(it.hasNext());
            assertSame(boom, assertThrows(RuntimeException.class, () -> pool.map(x -> x, items)));
        }
    }

    @Test
    void anImapIterableThatBlocksHoldsUpNothingElse() throws Exception {
        java.util.concurrent.LinkedBlockingQueue<Integer> source = new java.util.concurrent.LinkedBlockingQueue<>();
        Iterable<Integer> items = () -> new Iterator<Integer>() {
            Integer next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    try {
                        next = source.take(); // blocks until the test gives an item
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return next >= 0;
            }

            @Override
            public Integer next() {
                hasNext();
                Integer v = next;
                next = null;
                return v;
            }
        };
        try (WorkerPool pool = MP.newPool(PoolOptions.defaults().processes(1))) {
            ResultIterator<Integer> it = pool.imap(x -> x * 10, items);
            source.add(1);
            assertEquals(10, (int) it.next(Duration.ofSeconds(20)));
            // the iterable now blocks in hasNext(): results and other tasks still flow
            assertEquals(5, (int) pool.applyAsync(() -> 5).get(Duration.ofSeconds(20)));
            source.add(2);
            assertEquals(20, (int) it.next(Duration.ofSeconds(20)));
            source.add(-1);
            assertFalse(it.hasNext());
        }
    }

    /**
     * POOL-30, both ways a worker tells the pool which task it was running: STARTED messages while it is fresh, its
     * mapped progress file once it has run a while (PoolWorkerMain.LATER_NANOS).
     */
    @Test
    void aWorkerThatDiesFailsExactlyTheTaskItWasRunningFreshOrNot() throws Exception {
        for (boolean fresh : new boolean[] {true, false}) {
            try (WorkerPool pool = MP.newPool(PoolOptions.defaults().processes(1))) {
                if (!fresh) {
                    pool.apply(() -> {
                        Thread.sleep(500); // long enough for the worker to map its progress file
                        return null;
                    });
                }
                ResultIterator<Integer> it = pool.imap(x -> {
                    if (x == 5) {
                        Runtime.getRuntime().halt(9);
                    }
                    return 2 * x;
                }, List.of(1, 2, 3, 4, 5, 6, 7, 8), 1);
                for (int x = 1; x <= 8; x++) {
                    if (x == 5) {
                        ExecutionException e = assertThrows(ExecutionException.class, it::next, "fresh " + fresh);
                        assertTrue(e.getCause().getMessage().contains("[POOL-30]")
                                && e.getCause().getMessage().contains("while running the task"),
                                "fresh " + fresh + ": " + e.getCause());
                    } else {
                        assertEquals(2 * x, (int) it.next(), "fresh " + fresh + ", item " + x);
                    }
                }
                assertFalse(it.hasNext());
            }
        }
    }

    @Test
    void aClosedPoolLeavesNoProcessDescriptorOrFile() throws Exception {
        Set<String> pipes = channelFds();
        Set<Path> files = runFiles();
        try (WorkerPool pool = MP.newPool(PoolOptions.defaults().processes(2).maxTasksPerChild(3))) {
            assertEquals(9, pool.map(x -> x, java.util.Collections.nCopies(9, 1), 1).size()); // three workers replaced
            pool.applyAsync(() -> {
                Runtime.getRuntime().halt(9);
                return null;
            });
            assertEquals(1, (int) pool.apply(() -> 1));
        }
        assertEquals(Set.of(), ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .collect(Collectors.toSet()));
        assertTrue(MP.activeChildren().isEmpty());
        Set<String> newPipes = new HashSet<>(channelFds());
        newPipes.removeAll(pipes);
        assertEquals(Set.of(), newPipes);
        Set<Path> newFiles = new HashSet<>(runFiles());
        newFiles.removeAll(files);
        assertEquals(Set.of(), newFiles);
    }

    /** This process's pipes, sockets and selectors' descriptors (epoll, eventfd). */
    private static Set<String> channelFds() throws IOException {
        try (Stream<Path> fds = Files.list(Paths.get("/proc/self/fd"))) {
            return fds.map(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    return target.startsWith("pipe:") || target.startsWith("socket:")
                            || target.startsWith("anon_inode:") ? fd.getFileName() + " " + target : null;
                } catch (IOException | UnsupportedOperationException e) {
                    return null;
                }
            }).filter(s -> s != null).collect(Collectors.toSet());
        }
    }

    private static Set<Path> runFiles() throws IOException {
        Path dir = SharedMemoryFiles.runDirectory();
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.collect(Collectors.toSet());
        }
    }
}
