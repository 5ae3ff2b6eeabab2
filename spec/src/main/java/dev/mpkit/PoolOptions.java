package dev.mpkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.apiguardian.api.API;

/**
 * Immutable options for a new {@link WorkerPool}: Python's {@code Pool(processes, initializer, initargs,
 * maxtasksperchild)} arguments.
 *
 * <pre>{@code
 * WorkerPool pool = mp.newPool(PoolOptions.defaults()
 *         .processes(4)
 *         .initializer(args -> Worker.connect((String) args[0]), "db://jobs")
 *         .maxTasksPerChild(100));
 * }</pre>
 *
 * <p>Each method that sets an option returns new options and leaves these unchanged. Arguments that cannot be
 * checked here, such as whether the initializer and its arguments can be serialized, are checked by
 * {@link MultiprocessingContext#newPool(PoolOptions)}.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class PoolOptions {

    private static final Object[] NO_ARGS = new Object[0];
    private static final PoolOptions DEFAULTS = new PoolOptions(0, null, NO_ARGS, 0);

    /** The number of workers, or 0 for {@link MultiprocessingContext#cpuCount()}. */
    private final int processes;
    private final ProcessTarget initializer;
    private final Object[] initargs;
    /** Tasks per worker before it is replaced, or 0 for no limit. */
    private final int maxTasksPerChild;

    private PoolOptions(int processes, ProcessTarget initializer, Object[] initargs, int maxTasksPerChild) {
        this.processes = processes;
        this.initializer = initializer;
        this.initargs = initargs;
        this.maxTasksPerChild = maxTasksPerChild;
    }

    /**
     * Options that leave everything to its default: {@link MultiprocessingContext#cpuCount()} workers, no
     * initializer, and workers that live as long as the pool (POOL-01, POOL-03).
     *
     * @return the default options; never {@code null}
     */
    public static PoolOptions defaults() {
        return DEFAULTS;
    }

    /**
     * These options with the given number of worker processes: Python's {@code processes}. It may exceed the
     * number of CPUs (POOL-01).
     *
     * @param processes how many workers the pool keeps, at least 1
     * @return new options; never {@code null}
     * @throws IllegalArgumentException if {@code processes} is less than 1, for example
     *     {@code "[POOL-02] processes must be >= 1, was 0"}; CPython raises
     *     {@code ValueError('Number of processes must be at least 1')} (POOL-02)
     */
    public PoolOptions processes(int processes) {
        if (processes < 1) {
            throw new IllegalArgumentException("[POOL-02] processes must be >= 1, was " + processes);
        }
        return new PoolOptions(processes, initializer, initargs, maxTasksPerChild);
    }

    /**
     * These options with an initializer: Python's {@code initializer} and {@code initargs}. Every worker, the
     * replacements included, runs {@code initializer.run(initargs)} once before its first task; what it sets in
     * static fields is visible to the tasks that worker runs (POOL-29). An initializer that throws makes the pool
     * fail fast: its results fail with a cause whose message starts {@code "[POOL-31] initializer failed in worker "},
     * and it accepts no more work; CPython instead starts worker after worker forever (POOL-31).
     *
     * @param initializer what each worker runs first; never {@code null}
     * @param initargs its arguments, each serializable; never {@code null} but potentially empty
     * @return new options; never {@code null}
     */
    public PoolOptions initializer(ProcessTarget initializer, Object... initargs) {
        Objects.requireNonNull(initializer, "initializer must not be null");
        Objects.requireNonNull(initargs, "initargs must not be null");
        return new PoolOptions(processes, initializer, initargs.clone(), maxTasksPerChild);
    }

    /**
     * These options with a limit on how many tasks a worker runs before it exits and is replaced: Python's
     * {@code maxtasksperchild}. A chunk of a map counts as one task (POOL-28, POOL-20).
     *
     * @param maxTasksPerChild the number of tasks, at least 1
     * @return new options; never {@code null}
     * @throws IllegalArgumentException if {@code maxTasksPerChild} is less than 1, for example
     *     {@code "[POOL-03] maxTasksPerChild must be >= 1, was 0"}; CPython raises
     *     {@code ValueError('maxtasksperchild must be a positive int or None')} (POOL-03)
     */
    public PoolOptions maxTasksPerChild(int maxTasksPerChild) {
        if (maxTasksPerChild < 1) {
            throw new IllegalArgumentException("[POOL-03] maxTasksPerChild must be >= 1, was " + maxTasksPerChild);
        }
        return new PoolOptions(processes, initializer, initargs, maxTasksPerChild);
    }

    /**
     * The number of workers given, if any.
     *
     * @return the number; empty when {@link MultiprocessingContext#cpuCount()} applies (POOL-01)
     */
    public OptionalInt processes() {
        return processes == 0 ? OptionalInt.empty() : OptionalInt.of(processes);
    }

    /**
     * The initializer given, if any.
     *
     * @return the initializer; empty when workers start without one
     */
    public Optional<ProcessTarget> initializer() {
        return Optional.ofNullable(initializer);
    }

    /**
     * The initializer's arguments.
     *
     * @return an unmodifiable list; never {@code null} but potentially empty, and empty when there is no
     *     initializer
     */
    public List<Object> initargs() {
        return Collections.unmodifiableList(Arrays.asList(initargs.clone()));
    }

    /**
     * The limit on tasks per worker given, if any.
     *
     * @return the limit; empty when workers live as long as the pool
     */
    public OptionalInt maxTasksPerChild() {
        return maxTasksPerChild == 0 ? OptionalInt.empty() : OptionalInt.of(maxTasksPerChild);
    }

    @Override
    public String toString() {
        return "PoolOptions[processes=" + (processes == 0 ? "cpuCount" : processes)
                + ", initializer=" + initializer
                + ", initargs=" + Arrays.toString(initargs)
                + ", maxTasksPerChild=" + (maxTasksPerChild == 0 ? "none" : maxTasksPerChild) + "]";
    }
}
