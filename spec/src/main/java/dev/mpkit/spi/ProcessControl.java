package dev.mpkit.spi;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apiguardian.api.API;

/**
 * A provider's side of one {@link dev.mpkit.ChildProcess}: every operation of the handle is delegated here.
 *
 * <p>The clause each method must honour is named on the matching method of {@link dev.mpkit.ChildProcess}.
 * A provider creates one in {@link dev.mpkit.MultiprocessingContext#newProcessControl} for a handle built in
 * the parent, and attaches one with {@link ProcessControls#attach} to the handle it deserializes in the child.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface ProcessControl {

    /** See {@link dev.mpkit.ChildProcess#start()}. */
    void start();

    /**
     * See {@link dev.mpkit.ChildProcess#join()}.
     *
     * @throws InterruptedException if interrupted
     */
    void join() throws InterruptedException;

    /**
     * See {@link dev.mpkit.ChildProcess#join(Duration)}.
     *
     * @param timeout how long to wait
     * @return whether the child has exited
     * @throws InterruptedException if interrupted
     */
    boolean join(Duration timeout) throws InterruptedException;

    /** See {@link dev.mpkit.ChildProcess#terminate()}. */
    void terminate();

    /** See {@link dev.mpkit.ChildProcess#kill()}. */
    void kill();

    /** See {@link dev.mpkit.ChildProcess#close()}. */
    void close();

    /**
     * See {@link dev.mpkit.ChildProcess#name()}.
     *
     * @return the name
     */
    String name();

    /**
     * See {@link dev.mpkit.ChildProcess#setName(String)}.
     *
     * @param name the name
     */
    void setName(String name);

    /**
     * See {@link dev.mpkit.ChildProcess#pid()}.
     *
     * @return the pid
     */
    OptionalLong pid();

    /**
     * See {@link dev.mpkit.ChildProcess#isDaemon()}.
     *
     * @return the daemon flag
     */
    boolean isDaemon();

    /**
     * See {@link dev.mpkit.ChildProcess#setDaemon(boolean)}.
     *
     * @param daemon the daemon flag
     */
    void setDaemon(boolean daemon);

    /**
     * See {@link dev.mpkit.ChildProcess#isAlive()}.
     *
     * @return whether running
     */
    boolean isAlive();

    /**
     * See {@link dev.mpkit.ChildProcess#exitCode()}.
     *
     * @return the exit code
     */
    OptionalInt exitCode();

    /**
     * The text of {@link dev.mpkit.ChildProcess#toString()} (PROC-31).
     *
     * @return a description; never {@code null}
     */
    String describe();
}
