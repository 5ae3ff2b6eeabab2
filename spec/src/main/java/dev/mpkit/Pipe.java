package dev.mpkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The two connected ends of a new pipe, in Python's order: what {@code multiprocessing.Pipe(duplex)} returns as the
 * pair {@code (conn1, conn2)}.
 *
 * <p>Whatever one end sends, the other receives. From {@link MultiprocessingContext#newPipe(boolean)
 * newPipe(true)} both ends send and receive (PIPE-01). From {@code newPipe(false)} the {@link #left()} end only
 * receives and the {@link #right()} end only sends (PIPE-02); {@link #reader()} and {@link #writer()} name them so.
 *
 * <pre>{@code
 * Pipe pipe = mp.newPipe(true);
 * Connection parentEnd = pipe.left();
 * Connection childEnd = pipe.right();
 * ChildProcess p = mp.newProcess(args -> {
 *     Connection conn = (Connection) args[0];
 *     conn.send(Arrays.asList(42, null, "hello"));
 *     conn.close();
 * }, childEnd);
 * p.start();
 * childEnd.close();                        // the child has its own copy (PIPE-15)
 * System.out.println(parentEnd.recv());    // [42, null, hello]
 * p.join();
 * }</pre>
 *
 * <p>A pipe is a plain pair: it holds no resources of its own, and closing its connections is closing the pipe.
 *
 * @param left the first end: Python's {@code conn1}, the receiving end of a one-way pipe
 * @param right the second end: Python's {@code conn2}, the sending end of a one-way pipe
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record Pipe(Connection left, Connection right) {

    /**
     * Pairs two connected ends; providers call it from {@link MultiprocessingContext#newPipe(boolean)}.
     *
     * @param left the first end; never {@code null}
     * @param right the second end, connected to {@code left}; never {@code null} and not {@code left}
     */
    public Pipe {
        Objects.requireNonNull(left, "left must not be null");
        Objects.requireNonNull(right, "right must not be null");
        if (left == right) {
            throw new IllegalArgumentException("left and right must be two different connections, were both " + left);
        }
    }

    /**
     * The first end: Python's {@code conn1}.
     *
     * @return the first end; never {@code null}
     */
    @Override
    public Connection left() {
        return left;
    }

    /**
     * The second end: Python's {@code conn2}.
     *
     * @return the second end; never {@code null}
     */
    @Override
    public Connection right() {
        return right;
    }

    /**
     * The receiving end of a one-way pipe: the same as {@link #left()}. For a two-way pipe the name means only
     * "the first end".
     *
     * @return {@link #left()}; never {@code null}
     */
    public Connection reader() {
        return left;
    }

    /**
     * The sending end of a one-way pipe: the same as {@link #right()}. For a two-way pipe the name means only
     * "the second end".
     *
     * @return {@link #right()}; never {@code null}
     */
    public Connection writer() {
        return right;
    }
}
