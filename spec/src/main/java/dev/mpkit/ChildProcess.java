package dev.mpkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.mpkit.spi.ProcessControl;
import dev.mpkit.spi.ProcessControls;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apiguardian.api.API;

/**
 * A process started by this one: Python's {@code multiprocessing.Process}.
 *
 * <p>A child process runs in a separate operating-system process with its own memory (ISO-01, ISO-02). Its work
 * is either a {@link ProcessTarget} with arguments, or the {@link #run()} method of a subclass, as with
 * {@link Thread}:
 *
 * <pre>{@code
 * MultiprocessingContext mp = Multiprocessing.context();
 * ChildProcess p = mp.newProcess(args -> System.out.println("hello " + args[0]), "bob");
 * p.start();
 * p.join();
 * assert p.exitCode().getAsInt() == 0;
 *
 * class Clock extends ChildProcess {
 *     private final int ticks;
 *     Clock(MultiprocessingContext mp, int ticks) { super(mp); this.ticks = ticks; }
 *     @Override public void run() throws Exception {
 *         for (int i = 0; i < ticks; i++) { System.out.println(name() + " tick " + i); Thread.sleep(100); }
 *     }
 * }
 * new Clock(mp, 3).start();
 * }</pre>
 *
 * <p>{@code start()} serializes this object, so a subclass's fields travel to the child (PROC-02), and the
 * target and arguments with them (PROC-01). A field or argument that cannot be serialized makes {@code start()}
 * fail in the parent (PROC-29).
 *
 * <h2>Lifecycle</h2>
 * A process is <em>initial</em> until {@link #start()}, <em>started</em> until it exits, then <em>stopped</em>
 * with an {@link #exitCode() exit code}, and <em>closed</em> after {@link #close()}. Misuse that Python reports
 * with an {@code AssertionError} (start twice, join before start, daemon after start) throws
 * {@link IllegalStateException} whose message starts with the clause ID (PROC-20, JOIN-02, DAEMON-02).
 *
 * <h2>Cross-process visibility</h2>
 * Nothing is shared: the child works on copies of this object, its target and its arguments (ISO-03). What the
 * child does is seen by the parent only through its exit code, its output, and the shared primitives it was given.
 *
 * <h2>When the parent exits</h2>
 * Daemonic children are terminated and non-daemonic children are joined when the parent exits normally
 * (DAEMON-03, DAEMON-04); daemonic children end even when the parent is killed (DAEMON-08).
 *
 * <h2>Implementation Considerations</h2>
 * This class is a thin, serializable handle. Every operation is delegated to the {@link ProcessControl} that the
 * provider attaches when the handle is constructed (in the parent) or deserialized (in the child).
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public class ChildProcess implements ProcessInfo, Serializable {

    private static final long serialVersionUID = 1L;
    private static final Object[] NO_ARGS = new Object[0];

    static {
        ProcessControls.setAccess(new ProcessControls.Access() {
            @Override
            public void attach(ChildProcess process, ProcessControl control) {
                process.control = Objects.requireNonNull(control, "control");
            }

            @Override
            public ProcessControl control(ChildProcess process) {
                return process.control;
            }

            @Override
            public ProcessTarget target(ChildProcess process) {
                return process.target;
            }

            @Override
            public Object[] args(ChildProcess process) {
                return process.args.clone();
            }
        });
    }

    private final ProcessTarget target;
    private final Object[] args;
    private transient ProcessControl control;

    /**
     * Creates a process whose work is this subclass's {@link #run()} method, with default options.
     *
     * @param mp the context that will start it; never {@code null}
     */
    protected ChildProcess(MultiprocessingContext mp) {
        this(mp, ProcessOptions.defaults());
    }

    /**
     * Creates a process whose work is this subclass's {@link #run()} method.
     *
     * @param mp the context that will start it; never {@code null}
     * @param options name and daemon flag; never {@code null}
     */
    protected ChildProcess(MultiprocessingContext mp, ProcessOptions options) {
        this(mp, options, null, NO_ARGS);
    }

    /**
     * Creates a process that runs {@code target} with {@code args}. Users call
     * {@link MultiprocessingContext#newProcess(ProcessOptions, ProcessTarget, Object...)} instead.
     *
     * @param mp the context that will start it; never {@code null}
     * @param options name and daemon flag; never {@code null}
     * @param target the work, or {@code null} for none (PROC-03)
     * @param args the target's arguments; never {@code null}
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public ChildProcess(MultiprocessingContext mp, ProcessOptions options, ProcessTarget target, Object... args) {
        Objects.requireNonNull(mp, "context must not be null");
        Objects.requireNonNull(options, "options must not be null");
        this.target = target;
        this.args = Objects.requireNonNull(args, "args must not be null").clone();
        this.control = Objects.requireNonNull(mp.newProcessControl(this, options), "newProcessControl returned null");
    }

    /**
     * The work of the child, run in the child. The default runs the target with the arguments, or does nothing
     * if there is no target (PROC-01, PROC-03); a subclass may override it, and then the target is ignored
     * (PROC-02).
     *
     * @throws Exception anything; it ends the child with exit code 1 (PROC-13)
     */
    public void run() throws Exception {
        if (target != null) {
            target.run(args.clone());
        }
    }

    /**
     * Starts the child process, which then runs {@link #run()} (PROC-01). Returns without waiting for the child
     * to begin work.
     *
     * @throws IllegalStateException if already started or closed (PROC-20, PROC-22), or if this process is
     *     daemonic (DAEMON-06)
     * @throws IllegalArgumentException if this object, its target or an argument cannot be serialized (PROC-29)
     */
    public final void start() {
        control().start();
    }

    /**
     * Waits until the child has exited; its exit code is then set (JOIN-01).
     *
     * @throws InterruptedException if interrupted while waiting; the child is unaffected (JOIN-11)
     * @throws IllegalStateException if not started (JOIN-02) or closed (PROC-22)
     */
    public final void join() throws InterruptedException {
        control().join();
    }

    /**
     * Waits at most {@code timeout} for the child to exit (JOIN-03, JOIN-04). Python's {@code join(timeout)}
     * returns {@code None} either way; this returns whether the child has exited.
     *
     * @param timeout how long to wait; zero or negative means do not wait (JOIN-05)
     * @return {@code true} if the child has exited
     * @throws InterruptedException if interrupted while waiting (JOIN-11)
     * @throws IllegalStateException if not started (JOIN-02) or closed (PROC-22)
     */
    public final boolean join(Duration timeout) throws InterruptedException {
        return control().join(Objects.requireNonNull(timeout, "timeout must not be null"));
    }

    /**
     * Asks the child to stop with SIGTERM; its exit code becomes {@code -15} (PROC-15). Finally blocks and
     * shutdown hooks in the child do not run (PROC-18). A no-op once the child has exited (PROC-19).
     *
     * @throws IllegalStateException if not started (PROC-21) or closed (PROC-22)
     */
    public final void terminate() {
        control().terminate();
    }

    /**
     * Stops the child with SIGKILL; its exit code becomes {@code -9} (PROC-16). A no-op once the child has
     * exited (PROC-19).
     *
     * @throws IllegalStateException if not started (PROC-21) or closed (PROC-22)
     */
    public final void kill() {
        control().kill();
    }

    /**
     * Releases what this handle holds. Afterwards every operation but {@link #name()}, {@link #toString()} and
     * {@code close()} itself (a no-op, as in CPython) throws {@link IllegalStateException} (PROC-22).
     *
     * @throws IllegalStateException if the child is still running (PROC-22)
     */
    public final void close() {
        control().close();
    }

    @Override
    public final String name() {
        return control().name();
    }

    /**
     * Renames this process. Python allows this at any time; the child sees the name it had when started.
     *
     * @param name the new name; never {@code null}
     */
    public final void setName(String name) {
        control().setName(Objects.requireNonNull(name, "name must not be null"));
    }

    @Override
    public final OptionalLong pid() {
        return control().pid();
    }

    @Override
    public final boolean isDaemon() {
        return control().isDaemon();
    }

    /**
     * Sets the daemon flag (DAEMON-01).
     *
     * @param daemon whether the process is daemonic
     * @throws IllegalStateException if already started (DAEMON-02)
     */
    public final void setDaemon(boolean daemon) {
        control().setDaemon(daemon);
    }

    @Override
    public final boolean isAlive() {
        return control().isAlive();
    }

    @Override
    public final OptionalInt exitCode() {
        return control().exitCode();
    }

    /**
     * Shows the name and the lifecycle state, as Python's {@code repr} does (PROC-31), for example
     * {@code <ChildProcess name='Process-1' pid=4242 stopped exitcode=-SIGTERM daemon>}.
     */
    @Override
    public String toString() {
        ProcessControl c = control;
        return c == null ? "<" + getClass().getSimpleName() + " detached>" : c.describe();
    }

    private ProcessControl control() {
        ProcessControl c = control;
        if (c == null) {
            throw new IllegalStateException("[SPI-05] this ChildProcess has no provider attached; "
                    + "was it deserialized outside a child started by a provider?");
        }
        return c;
    }
}
