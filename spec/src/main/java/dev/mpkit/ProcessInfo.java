package dev.mpkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apiguardian.api.API;

/**
 * What any process, the current one included, says about itself: Python's {@code Process} object as returned by
 * {@code current_process()} and {@code parent_process()}.
 *
 * <p>{@link ChildProcess} implements it for the processes this process started;
 * {@link MultiprocessingContext#currentProcess()} and {@link MultiprocessingContext#parentProcess()} return it
 * for the current process and its parent.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface ProcessInfo {

    /**
     * The process's name: {@code "MainProcess"} for the main process, {@code Process-N} or
     * {@code Process-N:M} by default for children (PROC-05, PROC-06).
     *
     * @return the name; never {@code null}
     */
    String name();

    /**
     * The operating system's process ID.
     *
     * @return the pid; empty before the process is started (PROC-09)
     */
    OptionalLong pid();

    /**
     * Whether the process is daemonic (DAEMON-01).
     *
     * @return {@code true} if daemonic
     */
    boolean isDaemon();

    /**
     * Whether the process is running: {@code false} before start and after exit (PROC-10).
     *
     * @return {@code true} from the return of {@code start()} until the process exits
     */
    boolean isAlive();

    /**
     * The exit code: {@code 0} after a normal return, {@code 1} after an uncaught exception, {@code n} after
     * {@code System.exit(n)} and {@code -N} after death by signal {@code N} (PROC-11 to PROC-17).
     *
     * @return the exit code; empty before start and while running
     */
    OptionalInt exitCode();
}
