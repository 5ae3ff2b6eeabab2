package dev.mpkit.ref.os;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Private per-JVM directories ({@code mpkit-<pid>-<nonce>}, mode 0700) under the temp directory, and the
 * sweep that removes those whose owner JVM has died (a JVM killed with SIGKILL cannot remove its own).
 */
public final class RuntimeDirs {

    public static final String PREFIX = "mpkit-";

    private RuntimeDirs() {}

    public static Path base() {
        return Paths.get(System.getProperty("java.io.tmpdir", "/tmp"));
    }

    /** Creates this JVM's directory. */
    public static Path create() throws IOException {
        long nonce = new SecureRandom().nextLong() & Long.MAX_VALUE;
        Path dir = base().resolve(PREFIX + ProcessHandle.current().pid() + "-" + Long.toString(nonce, 36));
        return Files.createDirectory(dir,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /** Removes a directory tree, quietly. */
    public static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** Removes the directories of JVMs that are no longer running. */
    public static void sweepStale() {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(base(), PREFIX + "*")) {
            for (Path d : ds) {
                String n = d.getFileName().toString();
                int dash = n.indexOf('-', PREFIX.length());
                if (dash < 0 || !Files.isDirectory(d)) {
                    continue;
                }
                try {
                    long pid = Long.parseLong(n.substring(PREFIX.length(), dash));
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        continue;
                    }
                    delete(d);
                } catch (NumberFormatException ignored) {
                    // not ours
                }
            }
        } catch (IOException | SecurityException ignored) {
            // nothing to sweep
        }
    }
}
