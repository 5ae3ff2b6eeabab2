package dev.mpkit.ref.os;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A child's report to its parent, as frames ({@link Frames}) appended to a file in the parent's private
 * directory; the parent reads it once the child's process has ended.
 *
 * <p>A file, not a connection: the child writes it with the {@code java.io} classes it has loaded anyway, and
 * the parent needs no connection to close before it knows how the child ended. Everything written before the
 * child's process ends is there when the parent reads it.
 */
public final class ReportFile {

    private ReportFile() {}

    /** Appends one frame to the report file {@code path} (called in the child). */
    public static void append(String path, byte type, byte[] body) throws IOException {
        byte[] frame = new byte[5 + body.length];
        frame[0] = type;
        System.arraycopy(Frames.intBody(body.length), 0, frame, 1, 4);
        System.arraycopy(body, 0, frame, 5, body.length);
        try (FileOutputStream out = new FileOutputStream(path, true)) {
            out.write(frame);
        }
    }

    /**
     * The frames of the report file {@code path}, which is then deleted; none if there is no such file (the child
     * reported nothing). A truncated last frame is ignored.
     */
    public static List<Frames.Frame> readAndDelete(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            return List.of();
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // the directory is removed at exit
        }
        List<Frames.Frame> frames = new ArrayList<>();
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        try {
            Frames.Frame f;
            while ((f = Frames.read(in)) != null) {
                frames.add(f);
            }
        } catch (IOException ignored) {
            // a torn last frame: the child died while writing it
        }
        return frames;
    }
}
