package dev.mpkit.ref.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.SharedLock;
import dev.mpkit.SharedRLock;
import dev.mpkit.SharedSemaphore;
import dev.mpkit.ref.os.SharedMemoryFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The shells' contracts that one JVM can check: bounds, ownership, messages, serialization, toString. */
@Timeout(60)
class SyncPrimitivesTests {

    @AfterAll
    static void removeTheRunDirectory() {
        SharedMemoryFiles.deleteIfOwned();
    }

    @Test
    void aLockIsNotRecursiveAndAnyThreadMayReleaseIt() throws Exception {
        SharedLock lock = SyncPrimitives.newLock();
        assertTrue(lock.tryAcquire());
        assertFalse(lock.tryAcquire());
        assertFalse(lock.tryAcquire(Duration.ZERO));
        assertFalse(lock.tryAcquire(Duration.ofSeconds(-1)));
        CompletableFuture.runAsync(lock::release, SemaphoreCoreTests.runner()).get(10, TimeUnit.SECONDS);
        assertTrue(lock.tryAcquire());
        lock.release();
    }

    @Test
    void releasingAnUnlockedLockFailsAndChangesNothing() {
        SharedLock lock = SyncPrimitives.newLock();
        IllegalStateException e = assertThrows(IllegalStateException.class, lock::release);
        assertEquals("[LOCK-07] release() of an unlocked lock", e.getMessage());
        assertTrue(lock.tryAcquire());
        assertFalse(lock.tryAcquire());
        lock.release();
    }

    @Test
    void aHugeTimeoutWaitsUntilReleased() throws Exception {
        SharedLock lock = SyncPrimitives.newLock();
        lock.acquire();
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return lock.tryAcquire(Duration.ofSeconds(Long.MAX_VALUE));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, SemaphoreCoreTests.runner());
        Thread.sleep(50);
        assertFalse(waiter.isDone());
        lock.release();
        assertTrue(waiter.get(10, TimeUnit.SECONDS));
    }

    @Test
    void anInterruptedThreadAcquiresNothing() {
        SharedSemaphore sem = SyncPrimitives.newSemaphore(1);
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, sem::acquire);
        assertFalse(Thread.currentThread().isInterrupted());
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> sem.tryAcquire(Duration.ofMillis(10)));
        assertEquals(1, sem.value());
    }

    @Test
    void anRLockCountsItsOwnersAcquisitions() throws Exception {
        SharedRLock lock = SyncPrimitives.newRLock();
        assertEquals("<SharedRLock(None, 0)>", lock.toString());
        lock.acquire();
        assertTrue(lock.tryAcquire());
        assertTrue(lock.tryAcquire(Duration.ZERO));
        assertEquals(3, lock.holdCount());
        assertTrue(lock.isHeldByCurrentThread());
        assertEquals("<SharedRLock(" + Owners.currentName() + ", 3)>", lock.toString());
        String seen = CompletableFuture.supplyAsync(() -> lock.tryAcquire() + " " + lock.holdCount() + " "
                + lock.isHeldByCurrentThread() + " " + lock, SemaphoreCoreTests.runner()).get(10, TimeUnit.SECONDS);
        assertEquals("false 0 false <SharedRLock(SomeOtherThread, nonzero)>", seen);
        lock.release();
        lock.release();
        assertEquals(1, lock.holdCount());
        lock.release();
        assertFalse(lock.isHeldByCurrentThread());
        assertEquals(0, lock.holdCount());
    }

    @Test
    void releasingAnRLockOneDoesNotOwnFailsAndNamesTheOwner() throws Exception {
        SharedRLock lock = SyncPrimitives.newRLock();
        IllegalStateException unowned = assertThrows(IllegalStateException.class, lock::release);
        assertTrue(unowned.getMessage().startsWith("[LOCK-13] release() of a recursive lock not owned by this"
                + " thread: it is not owned"), unowned.getMessage());
        lock.acquire();
        String message = CompletableFuture.supplyAsync(() -> {
            try {
                lock.release();
                return "released";
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        }, SemaphoreCoreTests.runner()).get(10, TimeUnit.SECONDS);
        assertTrue(message.startsWith("[LOCK-13] release() of a recursive lock not owned by this thread: it is"
                + " owned by pid " + SemaphoreCore.PID + ", thread " + Thread.currentThread().getId()), message);
        assertEquals(1, lock.holdCount());
        lock.release();
    }

    @Test
    void aNegativeInitialValueIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SyncPrimitives.newSemaphore(-1));
        assertEquals("[SEM-02] initial value must be at least 0, was -1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SyncPrimitives.newBoundedSemaphore(-7));
    }

    @Test
    void aBoundedSemaphoreRefusesToRiseAboveItsInitialValue() throws Exception {
        SharedSemaphore sem = SyncPrimitives.newBoundedSemaphore(2);
        assertEquals(OptionalInt.of(2), sem.bound());
        IllegalStateException e = assertThrows(IllegalStateException.class, sem::release);
        assertEquals("[SEM-09] release() would raise a bounded semaphore above its initial value 2", e.getMessage());
        assertEquals(2, sem.value());
        sem.acquire();
        sem.release();
        assertEquals("<SharedBoundedSemaphore(value=2, maxvalue=2)>", sem.toString());
    }

    @Test
    void aPlainSemaphoreRisesUpToIntegerMaxValue() {
        SharedSemaphore sem = SyncPrimitives.newSemaphore(0);
        assertEquals(OptionalInt.empty(), sem.bound());
        sem.release();
        sem.release();
        assertEquals(2, sem.value());
        assertEquals("<SharedSemaphore(value=2)>", sem.toString());
        SharedSemaphore full = SyncPrimitives.newSemaphore(Integer.MAX_VALUE);
        IllegalStateException e = assertThrows(IllegalStateException.class, full::release);
        assertTrue(e.getMessage().startsWith("[SEM-10] "), e.getMessage());
        assertEquals(Integer.MAX_VALUE, full.value());
    }

    @Test
    void aLockNamesItsHolder() throws Exception {
        SharedLock lock = SyncPrimitives.newLock();
        assertEquals("<SharedLock(owner=None)>", lock.toString());
        lock.acquire();
        assertEquals("<SharedLock(owner=" + Owners.currentName() + ")>", lock.toString());
        assertEquals("<SharedLock(owner=SomeOtherThread)>",
                CompletableFuture.supplyAsync(lock::toString, SemaphoreCoreTests.runner()).get(10, TimeUnit.SECONDS));
        lock.release();
        assertEquals("SomeOtherProcess(4177)", Owners.reprName(4177L << 40 | 1));
    }

    @Test
    void serializationIsRefusedOutsideAChildsStart() {
        assertRefused(SyncPrimitives.newLock(), "[LOCK-17] SharedLock objects should only be shared between"
                + " processes through inheritance");
        assertRefused(SyncPrimitives.newRLock(), "[LOCK-17] SharedRLock objects should only be shared between"
                + " processes through inheritance");
        assertRefused(SyncPrimitives.newBoundedSemaphore(1), "[SEM-17] SharedSemaphore objects should only be"
                + " shared between processes through inheritance");
    }

    private static void assertRefused(Object primitive, String start) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> serialize(primitive));
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }

    @Test
    void aChildsStartCarriesTheSameLock() throws Exception {
        SharedLock lock = SyncPrimitives.newLock();
        SharedSemaphore sem = SyncPrimitives.newSemaphore(3);
        byte[] bytes;
        SyncPrimitives.beginChildStart();
        try {
            SyncPrimitives.beginChildStart(); // scopes nest
            SyncPrimitives.endChildStart();
            bytes = serialize(new Object[] {lock, sem});
        } finally {
            SyncPrimitives.endChildStart();
        }
        assertThrows(IllegalArgumentException.class, () -> serialize(lock)); // closed again
        Object[] copies = (Object[]) new ObjectInputStream(new ByteArrayInputStream(bytes)).readObject();
        SharedLock lockCopy = (SharedLock) copies[0];
        SharedSemaphore semCopy = (SharedSemaphore) copies[1];
        assertNotSame(lock, lockCopy);
        assertEquals(lock, lockCopy);
        assertTrue(lockCopy.tryAcquire());
        assertFalse(lock.tryAcquire()); // the same lock: its state is in the file, not in the object
        lock.release();
        assertTrue(semCopy.tryAcquire());
        assertEquals(2, sem.value());
    }

    private static byte[] serialize(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }
}
