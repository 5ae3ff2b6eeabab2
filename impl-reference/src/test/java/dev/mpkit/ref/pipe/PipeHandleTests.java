package dev.mpkit.ref.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.Connection;
import dev.mpkit.Pipe;
import dev.mpkit.ref.os.KeeperAcks;
import dev.mpkit.ref.os.SharedMemoryFiles;
import dev.mpkit.ref.sync.ChildStartPending;
import dev.mpkit.ref.sync.SyncPrimitives;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An end serialized while a child starts, read back in this same JVM: keepers opened, the copy's acknowledgement,
 * and every way the keepers are released, down to the last descriptor and the socket file.
 */
@Timeout(60)
class PipeHandleTests {

    @AfterAll
    static void removeTheRunDirectory() {
        SharedMemoryFiles.deleteIfOwned();
    }

    private static byte[] serializeForAChild(Object o, List<ChildStartPending> pending) throws IOException {
        SyncPrimitives.beginChildStart();
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(o);
            }
            return bytes.toByteArray();
        } finally {
            pending.addAll(SyncPrimitives.endChildStart());
        }
    }

    private static Object read(byte[] b) throws Exception {
        return new ObjectInputStream(new ByteArrayInputStream(b)).readObject();
    }

    private static void awaitNothingAwaited() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (KeeperAcks.awaited() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, KeeperAcks.awaited());
        assertFalse(Files.exists(KeeperAcks.socketPath()), "the acknowledgement socket's file is removed");
    }

    @Test
    void aCopyIsTheSameEndAndItsAcknowledgementReleasesTheKeeper() throws Exception {
        Pipes.newPipe(true).left().close();
        Set<String> before = PipeFds.open();
        Pipe p = Pipes.newPipe(false);
        List<ChildStartPending> pending = new java.util.ArrayList<>();
        byte[] form = serializeForAChild(p.reader(), pending);
        assertEquals(1, pending.size());
        assertEquals(3, PipeFds.newSince(before).size()); // reader, writer, keeper
        pending.get(0).started(new CompletableFuture<>());
        Connection copy = (Connection) read(form);
        assertNotSame(p.reader(), copy);
        awaitNothingAwaited();
        assertTrue(((Keeper) pending.get(0)).isReleased());
        assertEquals(3, PipeFds.newSince(before).size()); // reader, writer, copy
        p.writer().send("one");
        p.writer().send("two");
        assertEquals("one", copy.recv());
        assertEquals("two", p.reader().recv()); // the same pipe, each copy reading whole messages
        assertThrows(IllegalStateException.class, () -> copy.send("x")); // a reader's copy is a reader
        p.writer().close();
        assertThrows(EOFException.class, copy::recv);
        p.reader().close();
        copy.close();
        assertEquals(Set.of(), PipeFds.newSince(before));
    }

    @Test
    void copiesOfOneEndTakeTurnsForLargeMessages() throws Exception {
        Pipe p = Pipes.newPipe(false);
        List<ChildStartPending> pending = new java.util.ArrayList<>();
        Connection copy = (Connection) read(serializeForAChild(p.writer(), pending));
        awaitNothingAwaited();
        int n = 40;
        java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(2);
        try (Connection r = p.reader(); Connection w = p.writer(); Connection c = copy) {
            List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
            for (Connection sender : List.of(w, c)) {
                byte fill = (byte) (sender == w ? 'w' : 'c');
                sent.add(senders.submit(() -> {
                    byte[] m = new byte[100_000];
                    java.util.Arrays.fill(m, fill);
                    for (int i = 0; i < n; i++) {
                        sender.sendBytes(m);
                    }
                    return null;
                }));
            }
            for (int i = 0; i < 2 * n; i++) {
                byte[] m = r.recvBytes(100_000);
                for (byte b : m) {
                    assertEquals(m[0], b, "PIPE-21: message " + i + " mixes two senders' bytes");
                }
            }
            for (java.util.concurrent.Future<?> f : sent) {
                f.get();
            }
        } finally {
            senders.shutdownNow();
        }
    }

    @Test
    void aBrokenOrClosedEndTravelsAsSuchOrNotAtAll() throws Exception {
        Pipe p = Pipes.newPipe(false);
        p.reader().close();
        List<ChildStartPending> pending = new java.util.ArrayList<>();
        Connection copy = (Connection) read(serializeForAChild(p.writer(), pending));
        pending.forEach(ChildStartPending::abandoned);
        assertEquals("[PIPE-17] the other end of the pipe is closed",
                assertThrows(IOException.class, () -> copy.send("x")).getMessage());
        copy.close();
        p.writer().close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> serializeForAChild(p.writer(), new java.util.ArrayList<>()));
        assertEquals("[PIPE-16] connection is closed", e.getMessage());
        awaitNothingAwaited();
    }

    @Test
    void anAbandonedStartOrAnEndedChildReleasesTheKeepers() throws Exception {
        Pipes.newPipe(true).left().close();
        Set<String> before = PipeFds.open();
        Pipe p = Pipes.newPipe(true);
        List<ChildStartPending> abandoned = new java.util.ArrayList<>();
        serializeForAChild(p.left(), abandoned);
        List<ChildStartPending> ended = new java.util.ArrayList<>();
        serializeForAChild(p.right(), ended);
        assertEquals(4 + 4, PipeFds.newSince(before).size()); // two keepers per two-way end
        abandoned.forEach(ChildStartPending::abandoned);
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        ended.forEach(k -> k.started(exit));
        assertEquals(4 + 2, PipeFds.newSince(before).size());
        exit.complete(0);
        assertEquals(4, PipeFds.newSince(before).size());
        awaitNothingAwaited();
        // no copy was made: closing the originals is end of stream
        p.right().close();
        assertThrows(EOFException.class, p.left()::recv);
        p.left().close();
        assertEquals(Set.of(), PipeFds.newSince(before));
    }
}
