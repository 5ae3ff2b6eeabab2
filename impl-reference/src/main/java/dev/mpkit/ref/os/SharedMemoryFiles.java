package dev.mpkit.ref.os;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Small files mapped into every process that uses them: the shared state of locks and semaphores, kept in one
 * run directory per run of a program, {@code /dev/shm/mpkit-<rootpid>-<nonce>/} (or under
 * {@code java.io.tmpdir} where there is no {@code /dev/shm}).
 */
/* Overview
 *
 * The top-level JVM of a run (the one started without RUN_DIR_PROPERTY) decides the run directory's path when this
 * class is initialized and publishes it as a system property; ChildLauncher copies mpkit.* properties onto each
 * child's command line, so that children and grandchildren put their files in the same directory. Whoever first
 * needs the directory creates it (mode 0700). The top-level JVM deletes it in its exit sequence, after its
 * children have been joined; a file deleted while still mapped stays usable to those who map it.
 *
 * A run whose top-level JVM was killed leaves its directory behind. When a top-level JVM creates its own, it
 * sweeps those of earlier runs whose root pid is dead and whose files no live process maps (/proc/<pid>/maps).
 */
public final class SharedMemoryFiles {

    /** The run directory's path, passed to children. */
    public static final String RUN_DIR_PROPERTY = "mpkit.ref.shmDir";

    static final String PREFIX = "mpkit-";

    private static final Path DEV_SHM = Paths.get("/dev/shm");
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final RunDir RUN = RunDir.decide();

    private SharedMemoryFiles() {}

    /** Makes sure the run directory's path is among the {@code mpkit.*} system properties children inherit. */
    public static void publish() {
        if (RUN.owned) {
            System.setProperty(RUN_DIR_PROPERTY, RUN.path.toString());
        }
    }

    /** This run's directory; it may not exist yet. */
    public static Path runDirectory() {
        return RUN.path;
    }

    /**
     * Creates a zero-filled file of {@code size} bytes in the run directory and maps it.
     *
     * @param kind a word for the file name, such as {@code lock}
     * @return the mapping, a direct buffer in native byte order
     */
    public static Mapping create(String kind, int size) {
        Path file = RUN.ensureCreated().resolve(kind + "-" + Pids.current() + "-" + COUNTER.incrementAndGet());
        try {
            return createFile(file, size);
        } catch (NoSuchFileException gone) {
            RUN.forget(); // the directory was removed under us (a test's clean-up, a user's rm): make it again
            RUN.ensureCreated();
            try {
                return createFile(file, size);
            } catch (IOException e) {
                throw new UncheckedIOException("could not create shared state file " + file + ": " + e, e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not create shared state file " + file + ": " + e, e);
        }
    }

    private static Mapping createFile(Path file, int size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(1), size - 1); // zero-filled to its length before it is mapped
            return new Mapping(file.toString(), ch.map(FileChannel.MapMode.READ_WRITE, 0, size)
                    .order(ByteOrder.nativeOrder()));
        }
    }

    /**
     * Maps an existing file made by {@link #create}, in this or another process.
     *
     * @throws IllegalStateException if the file is gone: the run that made it has ended
     */
    public static Mapping attach(String path, int size) {
        try (FileChannel ch = FileChannel.open(Paths.get(path), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (ch.size() < size) {
                throw new IllegalStateException("shared state file " + path + " has " + ch.size()
                        + " bytes; expected " + size);
            }
            return new Mapping(path, ch.map(FileChannel.MapMode.READ_WRITE, 0, size).order(ByteOrder.nativeOrder()));
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("shared state file " + path + " is gone: the run that created it has"
                    + " ended", e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not map shared state file " + path + ": " + e, e);
        }
    }

    /**
     * Creates a new private directory (mode 0700) in the run directory, for files that other processes of the run
     * reach by path, such as a manager's socket; it goes with the run directory at the latest. Those of the same
     * kind whose creating process has died are removed first: a process killed, or a child that exits, runs no
     * clean-up of its own.
     *
     * @param kind a word for the directory name, such as {@code manager}
     */
    public static Path createPrivateDirectory(String kind) {
        sweepPrivateDirectories(RUN.ensureCreated(), kind);
        for (int attempt = 0; ; attempt++) {
            Path dir = RUN.ensureCreated().resolve(kind + "-" + Pids.current() + "-" + COUNTER.incrementAndGet());
            try {
                return Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } catch (NoSuchFileException gone) {
                RUN.forget(); // the run directory was removed under us: make it again
                if (attempt > 0) {
                    throw new UncheckedIOException("could not create directory " + dir + ": " + gone, gone);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not create directory " + dir + ": " + e, e);
            }
        }
    }

    /** Removes the {@code <kind>-<pid>-<n>} directories in {@code dir} whose process is no longer running. */
    static void sweepPrivateDirectories(Path dir, String kind) {
        String prefix = kind + "-";
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, prefix + "*")) {
            for (Path d : ds) {
                String name = d.getFileName().toString();
                int dash = name.indexOf('-', prefix.length());
                try {
                    long pid = dash < 0 ? -1 : Long.parseLong(name.substring(prefix.length(), dash));
                    if (pid > 0 && Files.isDirectory(d) && (!JvmProcess.isRunning(pid) || isZombie(pid))) {
                        RuntimeDirs.delete(d);
                    }
                } catch (NumberFormatException ignored) {
                    // not one of ours
                }
            }
        } catch (IOException | SecurityException ignored) {
            // nothing to sweep
        }
    }

    /**
     * In the top-level JVM's exit sequence: removes the run directory, if this JVM decided it. A child's call does
     * nothing.
     */
    public static void deleteIfOwned() {
        if (RUN.owned) {
            RuntimeDirs.delete(RUN.path);
        }
    }

    /**
     * Removes the run directories under {@code base} whose top-level JVM is dead and whose files no live process
     * maps.
     *
     * @return the directories removed
     */
    static List<Path> sweepStale(Path base) {
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(base, PREFIX + "*")) {
            for (Path d : ds) {
                long pid = rootPid(d.getFileName().toString());
                if (pid > 0 && Files.isDirectory(d) && (!JvmProcess.isRunning(pid) || isZombie(pid))) {
                    stale.add(d);
                }
            }
        } catch (IOException | SecurityException e) {
            return List.of(); // nothing to sweep
        }
        if (stale.isEmpty()) {
            return stale;
        }
        stale.removeAll(mappedBySomeone(stale));
        for (Path d : stale) {
            RuntimeDirs.delete(d);
        }
        return stale;
    }

    /** Whether {@code pid} has ended but its parent has not reaped it yet: it maps nothing any more. */
    static boolean isZombie(long pid) {
        try {
            String stat = new String(Files.readAllBytes(Paths.get("/proc/" + pid + "/stat")),
                    StandardCharsets.US_ASCII);
            int close = stat.lastIndexOf(')'); // the command name may hold spaces and parentheses
            return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** The pid in {@code mpkit-<pid>-<nonce>}, or -1. */
    static long rootPid(String name) {
        if (!name.startsWith(PREFIX)) {
            return -1;
        }
        int dash = name.indexOf('-', PREFIX.length());
        try {
            return dash < 0 ? -1 : Long.parseLong(name.substring(PREFIX.length(), dash));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Those of {@code dirs} that hold a file some live process maps, by reading every {@code /proc/<pid>/maps}
     * this user may read. (A process of another user could not have opened a file in a 0700 directory.)
     */
    static List<Path> mappedBySomeone(List<Path> dirs) {
        List<Path> inUse = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Paths.get("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                if (inUse.size() == dirs.size()) {
                    break;
                }
                try (Stream<String> lines = Files.lines(proc.resolve("maps"))) {
                    lines.forEach(line -> {
                        for (Path d : dirs) {
                            if (!inUse.contains(d) && line.contains(d + "/")) {
                                inUse.add(d);
                            }
                        }
                    });
                } catch (IOException | UncheckedIOException | SecurityException ignored) {
                    // the process ended, or is not ours
                }
            }
        } catch (IOException | SecurityException e) {
            return new ArrayList<>(dirs); // cannot tell: keep them all
        }
        return inUse;
    }

    /** A mapped shared state file. */
    public static final class Mapping {
        private final String path;
        private final ByteBuffer buffer;

        Mapping(String path, ByteBuffer buffer) {
            this.path = path;
            this.buffer = buffer;
        }

        /** The file's absolute path, as other processes attach it. */
        public String path() {
            return path;
        }

        /** The mapping: a direct, read-write buffer in native byte order, for atomic view var handles. */
        public ByteBuffer buffer() {
            return buffer;
        }
    }

    /** The run directory of this JVM: decided here (owned) or inherited from the parent. */
    private static final class RunDir {
        final Path path;
        final boolean owned;
        private boolean created;

        private RunDir(Path path, boolean owned) {
            this.path = path;
            this.owned = owned;
        }

        static RunDir decide() {
            String inherited = System.getProperty(RUN_DIR_PROPERTY);
            if (inherited != null && !inherited.isBlank()) {
                return new RunDir(Paths.get(inherited), false);
            }
            Path base = Files.isDirectory(DEV_SHM) && Files.isWritable(DEV_SHM) ? DEV_SHM : RuntimeDirs.base();
            long nonce = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
            return new RunDir(base.resolve(PREFIX + Pids.current() + "-" + Long.toString(nonce, 36)), true);
        }

        synchronized void forget() {
            created = false;
        }

        synchronized Path ensureCreated() {
            if (!created) {
                if (owned) {
                    sweepStale(path.getParent());
                }
                try {
                    Files.createDirectories(path.getParent());
                    Files.createDirectory(path, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                } catch (FileAlreadyExistsException e) {
                    // made by another process of this run
                } catch (IOException e) {
                    throw new UncheckedIOException("could not create the shared state directory " + path + ": "
                            + e, e);
                }
                created = true;
            }
            return path;
        }
    }
}
