package dev.mpkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Immutable options for a new {@link ChildProcess}: Python's {@code name=} and {@code daemon=} keyword arguments.
 *
 * <pre>{@code
 * ChildProcess p = mp.newProcess(ProcessOptions.defaults().name("worker").daemon(true), args -> work());
 * }</pre>
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ProcessOptions {

    private static final ProcessOptions DEFAULTS = new ProcessOptions(null, null);

    private final String name;
    private final Boolean daemon;

    private ProcessOptions(String name, Boolean daemon) {
        this.name = name;
        this.daemon = daemon;
    }

    /**
     * Options that leave the name and the daemon flag to their defaults (PROC-05, DAEMON-01).
     *
     * @return the default options; never {@code null}
     */
    public static ProcessOptions defaults() {
        return DEFAULTS;
    }

    /**
     * These options with the given name.
     *
     * @param name the process's name; never {@code null}
     * @return new options; never {@code null}
     */
    public ProcessOptions name(String name) {
        return new ProcessOptions(Objects.requireNonNull(name, "name must not be null"), daemon);
    }

    /**
     * These options with the given daemon flag.
     *
     * @param daemon whether the process is daemonic
     * @return new options; never {@code null}
     */
    public ProcessOptions daemon(boolean daemon) {
        return new ProcessOptions(name, daemon);
    }

    /**
     * The name given, if any.
     *
     * @return the name; empty when the default applies
     */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /**
     * The daemon flag given, if any.
     *
     * @return the flag; empty when it is inherited from the creating process (DAEMON-01)
     */
    public Optional<Boolean> daemon() {
        return Optional.ofNullable(daemon);
    }

    @Override
    public String toString() {
        return "ProcessOptions[name=" + name + ", daemon=" + daemon + "]";
    }
}
