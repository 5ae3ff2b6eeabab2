package dev.mpkit.ref.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pipes between a pool and a worker, both ends opened by path as a worker opens them, the pool's side reading
 * through a channel and the worker's through the stream: whole messages of any size, a poll that never waits, a
 * reader and a writer at once, and the end of the stream once every writer is gone.
 */
class WorkerLinkTests {

    private int[] tasks;
    private int[] results;
    private WorkerLink pool;
    private WorkerLink worker;

    @BeforeEach
    void open() throws IOException {
        tasks = PosixPipes.pipe();
        results = PosixPipes.pipe();
        long self = Pids.current();
        pool = WorkerLink.open(self, results[0], tasks[1], true); // reads through a channel
        worker = WorkerLink.open(self, tasks[0], results[1], false); // through the stream
        for (int fd : new int[] {tasks[0], tasks[1], results[0], results[1]}) {
            PosixPipes.close(fd); // as the pool does after HELLO: only the links hold the pipes
        }
    }

    @AfterEach
    void close() {
        pool.close();
        worker.close();
    }

    private static byte[] message(byte type, int restLength, int seed) {
        byte[] m = new byte[1 + restLength];
        m[0] = type;
        for (int i = 1; i < m.length; i++) {
            m[i] = (byte) (i * 31 + seed);
        }
        return m;
    }

    @Test
    void messagesOfEverySizeArriveWholeAndInOrder() throws Exception {
        int[] sizes = {0, 1, 4, 5, 1000, 65_531, 65_535, 65_536, 65_537, 1 << 20};
        CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < sizes.length; i++) {
                    byte[] m = message((byte) (i + 1), sizes[i], i);
                    byte[] padded = new byte[m.length + 7]; // from the middle of a larger array
                    System.arraycopy(m, 0, padded, 3, m.length);
                    pool.send(padded, 3, m.length);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        for (int i = 0; i < sizes.length; i++) {
            assertArrayEquals(message((byte) (i + 1), sizes[i], i), worker.receive(), "message " + i);
        }
        sent.get(10, TimeUnit.SECONDS);
        pool.close();
        assertNull(worker.receive(), "end of stream once the only writer closed");
    }

    @Test
    void pollNeverWaitsAndSaysWhetherAMessageBegan() throws Exception {
        long t0 = System.nanoTime();
        assertFalse(worker.poll());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1), "poll() waited");
        pool.send(new byte[] {9, 1, 2});
        assertTrue(worker.poll(), "a message written to a pipe is readable at once");
        assertArrayEquals(new byte[] {9, 1, 2}, worker.receive());
        assertFalse(worker.poll());
    }

    @Test
    void bothDirectionsFullAtOnceNeverDeadlockWithAReaderAndAWriterOnEachSide() {
        // each direction carries far more than a pipe holds, so each writer waits for the other side's reader
        int count = 64;
        byte[] big = message((byte) 3, 1 << 18, 5);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            CompletableFuture<?>[] all = new CompletableFuture<?>[4];
            WorkerLink[] sides = {pool, worker};
            for (int s = 0; s < 2; s++) {
                WorkerLink link = sides[s];
                all[2 * s] = CompletableFuture.runAsync(() -> {
                    try {
                        for (int i = 0; i < count; i++) {
                            link.send(big);
                        }
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                all[2 * s + 1] = CompletableFuture.runAsync(() -> {
                    try {
                        for (int i = 0; i < count; i++) {
                            if (!Arrays.equals(big, link.receive())) {
                                throw new IllegalStateException("message " + i + " differs");
                            }
                        }
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
            CompletableFuture.allOf(all).get();
        });
    }

    @Test
    void closingWakesAThreadWaitingToReceive() throws Exception {
        CompletableFuture<Object> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.receive();
            } catch (IOException e) {
                return e;
            }
        });
        assertThrows(java.util.concurrent.TimeoutException.class, () -> waiting.get(200, TimeUnit.MILLISECONDS));
        pool.close();
        Object r = waiting.get(10, TimeUnit.SECONDS);
        assertTrue(r instanceof IOException, "receive() after close: " + r);
    }

    @Test
    void aDescriptorThatIsGoneCannotBeOpened() {
        assertThrows(IOException.class, () -> WorkerLink.open(Pids.current(), 1 << 20, 1 << 20, true));
        assertThrows(IOException.class, () -> WorkerLink.open(Pids.current(), 1 << 20, 1 << 20, false));
    }
}
