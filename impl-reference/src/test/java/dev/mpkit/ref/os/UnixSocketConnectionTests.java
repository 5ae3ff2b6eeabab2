package dev.mpkit.ref.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a {@link UnixSocketConnection} ends: a peer's close is the end of the stream however it closes. */
class UnixSocketConnectionTests {

    @TempDir
    Path dir;

    @Test
    void aPeerThatClosesWithOurBytesUnreadIsTheEndOfTheStream() throws Exception {
        try (UnixSocketListener listener = UnixSocketListener.bind(dir.resolve("a.sock"))) {
            CompletableFuture<UnixSocketConnection> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return listener.accept();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            UnixSocketConnection client = UnixSocketConnection.connect(listener.path());
            UnixSocketConnection server = accepted.get(10, TimeUnit.SECONDS);
            client.send((byte) 4, new byte[] {4});
            server.send((byte) 7, new byte[] {7}); // never read by the client: its close resets the connection
            client.close();
            Frames.Frame f = server.receive(TimeUnit.SECONDS.toNanos(10));
            assertEquals(4, f.type);
            assertArrayEquals(new byte[] {4}, f.body);
            assertNull(server.receive(TimeUnit.SECONDS.toNanos(10)), "a reset is the end of the stream, not an error");
            server.close();
        }
    }
}
