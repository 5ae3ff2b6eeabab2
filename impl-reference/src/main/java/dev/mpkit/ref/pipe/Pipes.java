package dev.mpkit.ref.pipe;

import dev.mpkit.Pipe;
import dev.mpkit.ref.os.PosixPipes;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The pipe package's seam: makes pipes whose ends are OS pipes, one per direction, which child JVMs reopen through
 * {@code /proc} (PIPE-01, PIPE-02, PIPE-20).
 */
public final class Pipes {

    private Pipes() {}

    /**
     * A new pipe: for {@code duplex}, two OS pipes, each end reading one and writing the other (PIPE-01; CPython
     * uses a socket pair, a JVM adaptation); otherwise one OS pipe, read by {@code left} and written by
     * {@code right} (PIPE-02).
     *
     * @throws UncheckedIOException if the OS refuses a pipe (too many open descriptors)
     */
    public static Pipe newPipe(boolean duplex) {
        try {
            int[] a = PosixPipes.pipe();
            if (!duplex) {
                return new Pipe(new FdConnection(a[0], -1, true, false, false, false),
                        new FdConnection(-1, a[1], false, true, false, false));
            }
            int[] b;
            try {
                b = PosixPipes.pipe();
            } catch (IOException e) {
                PosixPipes.close(a[0]);
                PosixPipes.close(a[1]);
                throw e;
            }
            return new Pipe(new FdConnection(a[0], b[1], true, true, true, false),
                    new FdConnection(b[0], a[1], true, true, true, false));
        } catch (IOException e) {
            throw new UncheckedIOException("[PIPE-01] cannot create a pipe: " + e.getMessage(), e);
        }
    }
}
