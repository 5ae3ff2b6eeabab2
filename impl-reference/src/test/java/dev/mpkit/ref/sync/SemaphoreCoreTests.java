package dev.mpkit.ref.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.ref.os.SharedMemoryFiles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shared-state core, with threads standing in for processes: each thread maps the file on its own, as another
 * JVM would, so that CAS and futex go through separate mappings of one file.
 */
@Timeout(60)
class SemaphoreCoreTests {

    @AfterAll
    static void removeTheRunDirectory() {
        SharedMemoryFiles.deleteIfOwned();
    }

    private static SemaphoreCore otherMapping(SemaphoreCore core) {
        return SemaphoreCore.attach(core.path(), core.kind());
    }

    @Test
    void twoMappingsOfOneFileShareTheValue() {
        SemaphoreCore a = SemaphoreCore.create(SemaphoreCore.SEMAPHORE, 2, Integer.MAX_VALUE);
        SemaphoreCore b = otherMapping(a);
        assertTrue(a.tryAcquire());
        assertEquals(1, b.value());
        assertTrue(b.tryAcquire());
        assertFalse(a.tryAcquire());
        assertTrue(b.release());
        assertEquals(1, a.value());
    }

    @Test
    void attachingTheWrongKindIsRefused() {
        SemaphoreCore lock = SemaphoreCore.create(SemaphoreCore.LOCK, 1, 1);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SemaphoreCore.attach(lock.path(), SemaphoreCore.RLOCK));
        assertTrue(e.getMessage().contains("holds a lock; expected a rlock"), e.getMessage());
    }

    @Test
    void releaseAtTheMaximumChangesNothing() {
        SemaphoreCore core = SemaphoreCore.create(SemaphoreCore.BOUNDED_SEMAPHORE, 1, 1);
        assertFalse(core.release());
        assertEquals(1, core.value());
    }

    @Test
    void releaseWakesAWaiterSleepingOnAnotherMapping() throws Exception {
        SemaphoreCore core = SemaphoreCore.create(SemaphoreCore.SEMAPHORE, 0, Integer.MAX_VALUE);
        SemaphoreCore other = otherMapping(core);
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return other.acquire(SemaphoreCore.FOREVER);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitWaiters(core, 1); // asleep in the kernel, or about to be
        assertFalse(waiter.isDone());
        assertTrue(core.release());
        assertTrue(waiter.get(10, TimeUnit.SECONDS));
        assertEquals(0, core.value());
        assertEquals(0, core.waiters());
    }

    @Test
    void timedAcquireReturnsFalseNoEarlierThanTheTimeout() throws Exception {
        SemaphoreCore core = SemaphoreCore.create(SemaphoreCore.LOCK, 0, 1);
        for (long millis : new long[] {1, 30, 250}) {
            long start = System.nanoTime();
            assertFalse(core.acquire(TimeUnit.MILLISECONDS.toNanos(millis)));
            long waited = System.nanoTime() - start;
            assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(millis), "waited " + waited + " ns of " + millis
                    + " ms");
        }
        assertEquals(0, core.waiters());
    }

    @Test
    void anInterruptedWaiterThrowsAndTakesNothing() throws Exception {
        SemaphoreCore core = SemaphoreCore.create(SemaphoreCore.SEMAPHORE, 0, Integer.MAX_VALUE);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                core.acquire(SemaphoreCore.FOREVER);
                outcome.complete(null);
            } catch (InterruptedException e) {
                outcome.complete(Thread.currentThread().isInterrupted() ? new AssertionError("status kept") : e);
            }
        });
        t.start();
        awaitWaiters(core, 1);
        t.interrupt();
        Throwable thrown = outcome.get(10, TimeUnit.SECONDS);
        assertTrue(thrown instanceof InterruptedException, String.valueOf(thrown));
        assertEquals(0, core.value());
        assertEquals(0, core.waiters());
        assertTrue(core.release());
        assertEquals(1, core.value()); // nobody took the permit
    }

    @Test
    void aCounterGuardedByTheLockLosesNoUpdateAndNoWakeUp() throws Exception {
        SemaphoreCore lock = SemaphoreCore.create(SemaphoreCore.LOCK, 1, 1);
        int threads = 4;
        int rounds = 20_000;
        int[] counter = new int[1]; // plain memory, ordered only by the lock
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            SemaphoreCore mine = otherMapping(lock);
            boolean timed = i % 2 == 0;
            done.add(CompletableFuture.runAsync(() -> {
                try {
                    for (int r = 0; r < rounds; r++) {
                        if (!mine.tryAcquire()) {
                            while (!mine.acquire(timed ? TimeUnit.MILLISECONDS.toNanos(5) : SemaphoreCore.FOREVER)) {
                                // a timed acquire that gave up: try again
                            }
                        }
                        counter[0]++;
                        if (!mine.release()) {
                            throw new IllegalStateException("release of a held lock refused");
                        }
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, runner()));
        }
        for (Future<?> f : done) {
            f.get(50, TimeUnit.SECONDS);
        }
        assertEquals(threads * rounds, counter[0]);
        assertEquals(1, lock.value());
        assertEquals(0, lock.waiters());
    }

    @Test
    void timeoutsInNanoseconds() {
        assertEquals(0, SemaphoreCore.nanos(Duration.ofMillis(-5)));
        assertEquals(0, SemaphoreCore.nanos(Duration.ZERO));
        assertEquals(0, SemaphoreCore.nanos(Duration.ofSeconds(Long.MIN_VALUE)));
        assertEquals(1_500_000, SemaphoreCore.nanos(Duration.ofNanos(1_500_000)));
        assertEquals(SemaphoreCore.FOREVER, SemaphoreCore.nanos(Duration.ofSeconds(Long.MAX_VALUE)));
    }

    @Test
    void anOwnerTokenCarriesPidAndThread() {
        long token = SemaphoreCore.currentToken();
        assertEquals(SemaphoreCore.PID, SemaphoreCore.pidOf(token));
        assertEquals(Thread.currentThread().getId(), SemaphoreCore.tidOf(token));
    }

    /** A thread per task: the common pool may have a single thread on a two-core machine. */
    static java.util.concurrent.Executor runner() {
        return r -> new Thread(r).start();
    }

    static void awaitWaiters(SemaphoreCore core, int n) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (core.waiters() < n) {
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException("waiters stayed at " + core.waiters() + ", expected " + n);
            }
            Thread.sleep(1);
        }
    }

}
