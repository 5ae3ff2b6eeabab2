package dev.mpkit.ref.pipe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The pipe descriptors this JVM holds open, from {@code /proc/self/fd}, as {@code "<fd> pipe:[<inode>]"}; other
 * code of the JVM (child links, the Cleaner) may close its own meanwhile, so tests compare what is new.
 */
final class PipeFds {

    private PipeFds() {}

    static Set<String> open() {
        try (Stream<Path> fds = Files.list(Paths.get("/proc/self/fd"))) {
            return fds.map(PipeFds::describe).filter(s -> s != null).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pipe descriptors open now that were not in {@code before}. */
    static Set<String> newSince(Set<String> before) {
        Set<String> now = new HashSet<>(open());
        now.removeAll(before);
        return now;
    }

    private static String describe(Path fd) {
        try {
            String target = Files.readSymbolicLink(fd).toString();
            return target.startsWith("pipe:") ? fd.getFileName() + " " + target : null;
        } catch (IOException | UnsupportedOperationException e) {
            return null; // the directory's own descriptor, closed meanwhile
        }
    }
}
