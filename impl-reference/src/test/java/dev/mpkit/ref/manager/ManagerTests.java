package dev.mpkit.ref.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mpkit.ChildProcess;
import dev.mpkit.JoinableQueue;
import dev.mpkit.Multiprocessing;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.Pipe;
import dev.mpkit.QueueEmptyException;
import dev.mpkit.QueueFullException;
import dev.mpkit.SharedLock;
import dev.mpkit.SharedQueue;
import dev.mpkit.SharedRLock;
import dev.mpkit.SharedSemaphore;
import dev.mpkit.SyncManager;
import dev.mpkit.ref.process.ReferenceContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The manager: its server JVM, proxies across JVMs, the key, shutdown, and the server's end with its creator. */
@Timeout(60)
class ManagerTests {

    private static final MultiprocessingContext MP = new ReferenceContext("reference");
    private static SyncManager shared;

    @BeforeAll
    static void startSharedManager() {
        shared = MP.newManager();
    }

    @AfterAll
    static void stopSharedManager() {
        shared.shutdown();
    }

    private static long serverPid(SyncManager m) {
        return m.process().pid().orElseThrow();
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail(what + " did not happen within 10 s");
            }
            Thread.sleep(20); // polling an outcome, not synchronizing with it
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T object) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void theServerIsADaemonicChildListedAmongTheActiveChildren() {
        assertTrue(shared.process().name().startsWith("SyncManager-"), shared.process().name());
        assertTrue(shared.process().isDaemon());
        assertTrue(shared.process().isAlive());
        assertNotEquals(ProcessHandle.current().pid(), serverPid(shared));
        assertTrue(MP.activeChildren().stream().anyMatch(c -> c.pid().equals(shared.process().pid())),
                "the server is among " + MP.activeChildren());
        assertTrue(ProcessHandle.of(serverPid(shared)).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void queueItemsTravelBothWaysBetweenJvmsInOrderAndALockExcludesAcrossThem() throws Exception {
        SharedQueue<Object> toChild = shared.newQueue();
        SharedQueue<Object> fromChild = shared.newQueue();
        SharedLock lock = shared.newLock();
        lock.acquire();
        ChildProcess child = MP.newProcess(args -> {
            @SuppressWarnings("unchecked")
            SharedQueue<Object> in = (SharedQueue<Object>) args[0];
            @SuppressWarnings("unchecked")
            SharedQueue<Object> out = (SharedQueue<Object>) args[1];
            SharedLock l = (SharedLock) args[2];
            out.put(in.get());
            for (int i = 0; i < 100; i++) {
                out.put(i);
            }
            long t0 = System.nanoTime();
            boolean got = l.tryAcquire(Duration.ofMillis(300)); // held by the parent
            out.put(got ? -1L : System.nanoTime() - t0);
            out.put(in.get()); // the parent has released it
            out.put(l.tryAcquire(Duration.ofSeconds(10)));
            l.release();
        }, toChild, fromChild, lock);
        child.start();
        toChild.put("hello");
        assertEquals("hello", fromChild.get(Duration.ofSeconds(30)));
        for (int i = 0; i < 100; i++) {
            assertEquals(i, fromChild.get(Duration.ofSeconds(10)));
        }
        long waited = (Long) fromChild.get(Duration.ofSeconds(10));
        assertTrue(waited >= Duration.ofMillis(300).toNanos(), "the child's tryAcquire(300 ms) returned after "
                + waited + " ns, or acquired (-1) a lock the parent held");
        lock.release();
        toChild.put("released");
        assertEquals("released", fromChild.get(Duration.ofSeconds(10)));
        assertEquals(true, fromChild.get(Duration.ofSeconds(10)));
        child.join();
        assertEquals(0, child.exitCode().getAsInt());
        assertTrue(lock.tryAcquire(), "the child released the lock");
        lock.release();
    }

    @Test
    void queueTimeoutsBoundsAndSizes() throws Exception {
        SharedQueue<String> q = shared.newQueue(1);
        assertTrue(q.isEmpty());
        assertFalse(q.isFull());
        long t0 = System.nanoTime();
        assertThrows(QueueEmptyException.class, () -> q.get(Duration.ofMillis(250)));
        assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(250).toNanos());
        QueueEmptyException empty = assertThrows(QueueEmptyException.class, q::getNowait);
        assertTrue(empty.getMessage().startsWith("[QUEUE-04]"), empty.getMessage());
        q.putNowait(null); // null is an item
        assertEquals(1, q.qsize());
        assertTrue(q.isFull());
        t0 = System.nanoTime();
        assertThrows(QueueFullException.class, () -> q.put("x", Duration.ofMillis(250)));
        assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(250).toNanos());
        assertThrows(QueueFullException.class, () -> q.putNowait("x"));
        assertEquals(null, q.getNowait());
        @SuppressWarnings({"unchecked", "rawtypes"})
        SharedQueue<Object> raw = (SharedQueue) q;
        assertThrows(IllegalArgumentException.class, () -> raw.put(new Object())); // QUEUE-14: not serializable
        assertThrows(IllegalStateException.class, q::joinThread); // QUEUE-17: before close()
        q.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> q.put("x"));
        assertTrue(closed.getMessage().startsWith("[QUEUE-13]"), closed.getMessage());
        q.joinThread(); // returns at once: no feeder
        assertEquals(0, q.qsize()); // works on a closed proxy
    }

    @Test
    void aJoinableQueueCountsUnfinishedItemsAndRefusesOneTaskDoneTooMany() throws Exception {
        JoinableQueue<Integer> q = shared.newJoinableQueue(0);
        q.put(1);
        q.put(2);
        assertFalse(q.join(Duration.ofMillis(150)));
        assertEquals(1, q.get());
        q.taskDone();
        assertEquals(2, roundTrip(q).get()); // another proxy to the same queue
        q.taskDone();
        assertTrue(q.join(Duration.ZERO));
        q.join();
        IllegalStateException e = assertThrows(IllegalStateException.class, q::taskDone);
        assertEquals("[MGR-06] taskDone() called more times than items were put", e.getMessage());
    }

    @Test
    void locksAndSemaphoresKeepTheirRules() throws Exception {
        SharedLock lock = shared.newLock();
        IllegalStateException unlocked = assertThrows(IllegalStateException.class, lock::release);
        assertEquals("[MGR-04] release of an unlocked lock", unlocked.getMessage());
        assertTrue(lock.tryAcquire());
        assertFalse(lock.tryAcquire(Duration.ofMillis(120)));
        lock.release();

        SharedRLock rlock = shared.newRLock();
        rlock.acquire();
        assertTrue(rlock.tryAcquire());
        assertEquals(2, rlock.holdCount());
        CompletableFuture<Boolean> other = CompletableFuture.supplyAsync(() -> {
            assertThrows(IllegalStateException.class, rlock::release); // LOCK-13: not the owner thread
            return rlock.tryAcquire() || rlock.isHeldByCurrentThread();
        });
        assertFalse(other.get());
        rlock.release();
        rlock.release();
        assertFalse(rlock.isHeldByCurrentThread());
        assertTrue(CompletableFuture.supplyAsync(() -> {
            boolean got = rlock.tryAcquire();
            rlock.release();
            return got;
        }).get());

        SharedSemaphore sem = shared.newSemaphore(2);
        assertTrue(sem.tryAcquire());
        assertTrue(sem.tryAcquire());
        assertFalse(sem.tryAcquire(Duration.ofMillis(120)));
        assertEquals(0, sem.value());
        sem.release();
        sem.release();
        sem.release(); // unbounded
        assertEquals(3, sem.value());
        assertFalse(sem.bound().isPresent());

        SharedSemaphore bounded = shared.newBoundedSemaphore(1);
        assertEquals(1, bounded.bound().getAsInt());
        IllegalStateException over = assertThrows(IllegalStateException.class, bounded::release);
        assertTrue(over.getMessage().startsWith("[MGR-05] semaphore released too many times"), over.getMessage());
        assertEquals(1, bounded.value());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> shared.newSemaphore(-1));
        assertEquals("value must be >= 0, was -1", negative.getMessage());
    }

    @Test
    void aThreadWaitingOnTheServerSeesItsInterrupt() throws Exception {
        SharedQueue<String> q = shared.newQueue();
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            waiting.countDown();
            try {
                q.get();
                outcome.complete("returned");
            } catch (InterruptedException e) {
                outcome.complete("interrupted, status " + Thread.currentThread().isInterrupted());
            } catch (Throwable e) {
                outcome.completeExceptionally(e);
            }
        });
        t.start();
        waiting.await();
        Thread.sleep(150); // the workload: let the get() wait on the server a while
        long t0 = System.nanoTime();
        t.interrupt();
        assertEquals("interrupted, status false", outcome.get());
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(1).toNanos());
        q.put("after"); // the queue and the connection are fine
        assertEquals("after", q.get(Duration.ofSeconds(5)));
    }

    @Test
    void threadsSharingAProxyLoseAndDuplicateNothing() throws Exception {
        SharedQueue<Integer> q = shared.newQueue(16);
        int threads = 6;
        int each = 300;
        List<CompletableFuture<Long>> sums = new ArrayList<>();
        ExecutorService pool = Executors.newCachedThreadPool();
        for (int t = 0; t < threads; t++) {
            int base = t * each;
            CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < each; i++) {
                        q.put(base + i); // waits while 16 are queued
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, pool);
            sums.add(CompletableFuture.supplyAsync(() -> {
                long sum = 0;
                try {
                    for (int i = 0; i < each; i++) {
                        sum += q.get(Duration.ofSeconds(20));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return sum;
            }, pool));
        }
        long total = 0;
        for (CompletableFuture<Long> f : sums) {
            total += f.get();
        }
        pool.shutdown();
        long n = (long) threads * each;
        assertEquals(n * (n - 1) / 2, total);
        assertTrue(q.isEmpty());
    }

    @Test
    void aWrongKeyIsRefusedAndChangesNothing() throws Exception {
        SharedQueue<String> q = shared.newQueue();
        q.put("kept");
        byte[] wrong = shared.authKey();
        wrong[0] ^= 1;
        byte[] longer = Arrays.copyOf(shared.authKey(), 33); // HMAC's zero padding must not let it pass
        for (byte[] key : new byte[][] {wrong, new byte[0], longer}) {
            SecurityException e = assertThrows(SecurityException.class,
                    () -> MP.connectManager(shared.address(), key));
            assertTrue(e.getMessage().startsWith("[MGR-08] authentication failed"), e.getMessage());
        }
        assertEquals(1, q.qsize());
        try (SyncManager client = MP.connectManager(shared.address(), shared.authKey())) {
            assertEquals(serverPid(shared), serverPid(client));
            assertEquals(shared.process().name(), client.process().name());
            SharedQueue<String> mine = client.newQueue();
            mine.put("x");
            assertEquals("x", mine.get());
        }
        assertTrue(shared.process().isAlive(), "closing a client leaves the server running");
        assertEquals("kept", q.get(Duration.ofSeconds(5)));
    }

    @Test
    void theSocketAndItsDirectoryAreTheUsersAlone() throws Exception {
        Path socket = Paths.get(shared.address());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
        assertEquals(32, shared.authKey().length);
    }

    @Test
    void shutdownStopsTheServerRemovesItsFilesAndFailsEveryProxy() throws Exception {
        SyncManager m = MP.newManager();
        SharedQueue<String> q = m.newQueue();
        q.put("x");
        long pid = serverPid(m);
        Path socket = Paths.get(m.address());
        SharedQueue<String> empty = m.newQueue();
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<String> waiter = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                empty.get(Duration.ofMillis(1)); // connected
                fail("got an item from an empty queue");
            } catch (QueueEmptyException expected) {
                waiting.countDown();
            } catch (Exception e) {
                waiter.completeExceptionally(e);
            }
            try {
                empty.get();
                waiter.complete("returned");
            } catch (Exception e) {
                waiter.complete(e.getMessage());
            }
        });
        t.start();
        waiting.await();
        m.shutdown();
        assertTrue(waiter.get().startsWith("[MGR-09] manager is not running"), waiter.get());
        assertFalse(m.process().isAlive());
        assertTrue(m.process().exitCode().isPresent());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertFalse(MP.activeChildren().stream().anyMatch(c -> c.pid().equals(m.process().pid())));
        assertFalse(Files.exists(socket.getParent()), "the socket's directory is removed");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> q.put("y"));
        assertTrue(e.getMessage().startsWith("[MGR-09] manager is not running"), e.getMessage());
        assertThrows(IllegalStateException.class, m::newQueue);
        m.shutdown(); // no-op
        m.close();
        // in another process: the proxy arrives, and its first call finds no server
        SharedQueue<String> verdict = shared.newQueue();
        ChildProcess child = MP.newProcess(args -> {
            @SuppressWarnings("unchecked")
            SharedQueue<String> gone = (SharedQueue<String>) args[0];
            @SuppressWarnings("unchecked")
            SharedQueue<String> out = (SharedQueue<String>) args[1];
            try {
                gone.qsize();
                out.put("returned");
            } catch (IllegalStateException ex) {
                out.put(ex.getMessage());
            }
        }, q, verdict);
        child.start();
        String message = verdict.get(Duration.ofSeconds(30));
        assertTrue(message.startsWith("[MGR-09] manager is not running"), message);
        child.join();
    }

    @Test
    void theServerEndsWithItsCreatorWhetherItReturnsOrIsKilled() throws Exception {
        SharedQueue<Long> pids = shared.newQueue();
        SharedQueue<String> proceed = shared.newQueue();
        ChildProcess returns = MP.newProcess(args -> {
            SyncManager m = Multiprocessing.context().newManager();
            @SuppressWarnings("unchecked")
            SharedQueue<Long> out = (SharedQueue<Long>) args[0];
            out.put(m.process().pid().orElseThrow());
        }, pids);
        ChildProcess killed = MP.newProcess(args -> {
            SyncManager m = Multiprocessing.context().newManager();
            @SuppressWarnings("unchecked")
            SharedQueue<Long> out = (SharedQueue<Long>) args[0];
            @SuppressWarnings("unchecked")
            SharedQueue<String> in = (SharedQueue<String>) args[1];
            out.put(m.process().pid().orElseThrow());
            in.get(); // killed while it waits
        }, pids, proceed);
        returns.start();
        killed.start();
        long a = pids.get(Duration.ofSeconds(30));
        long b = pids.get(Duration.ofSeconds(30));
        returns.join();
        killed.kill();
        killed.join();
        eventually("the servers of a creator that returned and of one that was killed end", () ->
                !ProcessHandle.of(a).map(ProcessHandle::isAlive).orElse(false)
                        && !ProcessHandle.of(b).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void aProxyThroughAnotherManagersQueueOrSerializationStillWorks() throws Exception {
        SharedLock lock = shared.newLock();
        SharedQueue<Object> carrier = shared.newQueue();
        carrier.put(lock);
        SharedLock arrived = (SharedLock) carrier.get();
        assertTrue(arrived.tryAcquire());
        assertFalse(lock.tryAcquire(), "the same lock, through both proxies");
        roundTrip(lock).release();
        assertTrue(lock.tryAcquire());
        lock.release();
        SharedQueue<Object> contextQueue = MP.newQueue(); // the context's own queue: ref.queue's Codec path
        contextQueue.put(lock);
        assertTrue(((SharedLock) contextQueue.get(Duration.ofSeconds(5))).tryAcquire());
        assertFalse(lock.tryAcquire());
        Pipe pipe = MP.newPipe(true); // a Connection: ref.pipe's path
        pipe.left().send(lock);
        ((SharedLock) pipe.right().recv()).release();
        assertTrue(lock.tryAcquire());
        lock.release();
        pipe.left().close();
        pipe.right().close();
    }
}
