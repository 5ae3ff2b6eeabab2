package dev.mpkit.ref.pipe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;

/** How many pipe descriptors this JVM holds open, from {@code /proc/self/fd}. */
final class PipeFds {

    private PipeFds() {}

    static long count() {
        try (Stream<Path> fds = Files.list(Paths.get("/proc/self/fd"))) {
            return fds.filter(PipeFds::isPipe).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isPipe(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString().startsWith("pipe:");
        } catch (IOException | UnsupportedOperationException e) {
            return false; // the directory's own descriptor, closed meanwhile
        }
    }
}
