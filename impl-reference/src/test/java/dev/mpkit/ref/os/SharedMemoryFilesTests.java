package dev.mpkit.ref.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep of run directories left by killed runs. */
class SharedMemoryFilesTests {

    @Test
    void theRootPidIsReadFromTheName() {
        assertEquals(4177, SharedMemoryFiles.rootPid("mpkit-4177-1xz9"));
        assertEquals(-1, SharedMemoryFiles.rootPid("mpkit-x-1"));
        assertEquals(-1, SharedMemoryFiles.rootPid("other-4177-1"));
    }

    @Test
    void aDeadRunsDirectoryIsSweptUnlessSomeoneStillMapsIt(@TempDir Path base) throws Exception {
        long dead = deadPid();
        long alive = ProcessHandle.current().pid();
        Path unused = directory(base, dead, "a");
        Path mapped = directory(base, dead, "b");
        Path living = directory(base, alive, "c");
        Path notOurs = Files.createDirectory(base.resolve("something-else"));
        MappedByteBuffer held = map(Files.createFile(mapped.resolve("lock-1")));

        List<Path> swept = SharedMemoryFiles.sweepStale(base);

        assertEquals(List.of(unused), swept);
        assertFalse(Files.exists(unused));
        assertTrue(Files.exists(mapped), "a directory whose file a live process maps is in use");
        assertTrue(Files.exists(living));
        assertTrue(Files.exists(notOurs));
        held.put(0, (byte) 1); // keeps the mapping reachable until here
    }

    @Test
    void aDeadProcesssPrivateDirectoryIsSweptAndALivingOnesKept(@TempDir Path run) throws Exception {
        Path dead = Files.createDirectory(run.resolve("manager-" + deadPid() + "-1"));
        Files.write(dead.resolve("manager.sock"), new byte[1]);
        Path living = Files.createDirectory(run.resolve("manager-" + ProcessHandle.current().pid() + "-2"));
        Path otherKind = Files.createDirectory(run.resolve("queue-" + deadPid() + "-3"));

        SharedMemoryFiles.sweepPrivateDirectories(run, "manager");

        assertFalse(Files.exists(dead));
        assertTrue(Files.exists(living));
        assertTrue(Files.exists(otherKind));
    }

    private static Path directory(Path base, long pid, String nonce) throws IOException {
        Path d = Files.createDirectory(base.resolve(SharedMemoryFiles.PREFIX + pid + "-" + nonce));
        Files.write(d.resolve("semaphore-" + pid + "-1"), new byte[64]);
        return d;
    }

    private static MappedByteBuffer map(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(64));
            return ch.map(FileChannel.MapMode.READ_WRITE, 0, 64);
        }
    }

    @Test
    void onlyAnEndedUnreapedProcessIsAZombie() throws Exception {
        assertFalse(SharedMemoryFiles.isZombie(ProcessHandle.current().pid()));
        assertFalse(SharedMemoryFiles.isZombie(deadPid()), "reaped: no /proc entry left");
    }

    /** The pid of a process that has ended. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
