package dev.mpkit.tck.sync;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A counter the kit owns: one {@code long} at the start of a file, read and written with plain file I/O, so that
 * processes see each other's writes at once and an update made outside the lock under test can be lost (LOCK-01).
 */
final class Counter {

    private Counter() {}

    /** Creates the file at {@code path} holding 0, and returns its path as text for a child. */
    static String create(Path path) {
        write(path.toString(), 0);
        return path.toString();
    }

    static long read(String path) {
        try (RandomAccessFile f = new RandomAccessFile(path, "r")) {
            return f.length() < Long.BYTES ? -1 : f.readLong();
        } catch (IOException e) {
            throw new UncheckedIOException("kit counter " + path + " not readable", e);
        }
    }

    static void write(String path, long value) {
        try (RandomAccessFile f = new RandomAccessFile(path, "rw")) {
            f.writeLong(value);
        } catch (IOException e) {
            throw new UncheckedIOException("kit counter " + path + " not writable", e);
        }
    }
}
