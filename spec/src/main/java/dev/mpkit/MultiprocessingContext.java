package dev.mpkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.INTERNAL;

import dev.mpkit.spi.ProcessControl;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Everything a program asks of multiprocessing, from one provider: Python's {@code multiprocessing} module
 * (or a context from {@code get_context()}).
 *
 * <p>Get it from {@link Multiprocessing#context()} and ask for things with {@code new…} verbs:
 *
 * <pre>{@code
 * MultiprocessingContext mp = Multiprocessing.context();
 * ChildProcess p = mp.newProcess(args -> System.out.println("child of " + args[0]), "main");
 * p.start();
 * p.join();
 * }</pre>
 *
 * <p>Each JVM has one context per provider; inside a child, {@code Multiprocessing.context()} returns the
 * child's own context, whose {@link #currentProcess()} is the child (PROC-26, SPI-05).
 *
 * <h2>Areas a provider does not implement</h2>
 * A provider that does not implement an area throws {@link UnsupportedOperationException} from that area's
 * {@code new…} method, with a message that starts with the area's name in brackets, for example
 * {@code "[LOCK] locks are not implemented by provider 'x'"} (SPI-06). The kit reports that area's clauses as
 * NOT_IMPLEMENTED.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface MultiprocessingContext {

    // ---------------------------------------------------------------- processes (PROC, DAEMON, JOIN, ISO)

    /**
     * A new, unstarted process that will run {@code target} with {@code args} (PROC-01).
     *
     * @param target the work; never {@code null}
     * @param args its arguments, each serializable (PROC-29); never {@code null} but potentially empty
     * @return the process; never {@code null}
     */
    default ChildProcess newProcess(ProcessTarget target, Object... args) {
        return newProcess(ProcessOptions.defaults(), target, args);
    }

    /**
     * A new, unstarted process with the given name and daemon flag that will run {@code target} with
     * {@code args} (PROC-01, PROC-08, DAEMON-01).
     *
     * @param options name and daemon flag; never {@code null}
     * @param target the work, or {@code null} for a process that does nothing (PROC-03)
     * @param args its arguments, each serializable (PROC-29); never {@code null} but potentially empty
     * @return the process; never {@code null}
     */
    default ChildProcess newProcess(ProcessOptions options, ProcessTarget target, Object... args) {
        return new ChildProcess(this, options, target, args);
    }

    /**
     * The current process: {@code "MainProcess"} in the main process, the child itself inside a child
     * (PROC-25, PROC-26).
     *
     * @return the current process; never {@code null}
     */
    ProcessInfo currentProcess();

    /**
     * The process that started this one.
     *
     * @return the parent; empty in the main process (PROC-27)
     */
    Optional<ProcessInfo> parentProcess();

    /**
     * The children of this process that are still running, daemonic ones included. Finished children are
     * reaped as a side effect: their exit codes are set (PROC-24).
     *
     * @return a new list; never {@code null} but potentially empty
     */
    List<ChildProcess> activeChildren();

    /**
     * The number of CPUs of the machine (PROC-23).
     *
     * @return at least 1
     */
    int cpuCount();

    /**
     * Called by {@link ChildProcess}'s constructor to obtain the provider's control for a new process. Not for
     * users.
     *
     * @param process the handle being constructed; never {@code null}
     * @param options its options; never {@code null}
     * @return the control; never {@code null}
     */
    @API(status = INTERNAL, since = "0.1")
    ProcessControl newProcessControl(ChildProcess process, ProcessOptions options);

    // ---------------------------------------------------------------- locks and semaphores (LOCK, SEM)

    /**
     * A new, unlocked, non-recursive lock shared with the children it is passed to: Python's
     * {@code multiprocessing.Lock()} (LOCK-02, LOCK-16).
     *
     * @return the lock; never {@code null}
     * @throws UnsupportedOperationException if the provider does not implement LOCK (SPI-06)
     */
    SharedLock newLock();

    /**
     * A new, unowned recursive lock shared with the children it is passed to: Python's
     * {@code multiprocessing.RLock()} (LOCK-12, LOCK-16).
     *
     * @return the lock; never {@code null}
     * @throws UnsupportedOperationException if the provider does not implement LOCK (SPI-06)
     */
    SharedRLock newRLock();

    /**
     * A new semaphore with {@code value} permits, unbounded up to {@link Integer#MAX_VALUE}: Python's
     * {@code multiprocessing.Semaphore(value)} (SEM-01, SEM-04).
     *
     * @param value the initial number of permits, at least 0
     * @return the semaphore; never {@code null}
     * @throws IllegalArgumentException if {@code value} is negative, with a message starting
     *     {@code "[SEM-02] initial value must be at least 0, was -1"}; CPython raises {@code OSError(EINVAL)}
     *     (SEM-02)
     * @throws UnsupportedOperationException if the provider does not implement SEM (SPI-06)
     */
    SharedSemaphore newSemaphore(int value);

    /**
     * A new semaphore that refuses to be released above its initial {@code value}: Python's
     * {@code multiprocessing.BoundedSemaphore(value)} (SEM-01, SEM-09).
     *
     * @param value the initial and maximum number of permits, at least 0
     * @return the semaphore; never {@code null}
     * @throws IllegalArgumentException if {@code value} is negative, with a message starting
     *     {@code "[SEM-02] initial value must be at least 0, was -1"}; CPython raises {@code OSError(EINVAL)}
     *     (SEM-02)
     * @throws UnsupportedOperationException if the provider does not implement SEM (SPI-06)
     */
    SharedSemaphore newBoundedSemaphore(int value);

    // ---------------------------------------------------------------- pipes and queues (PIPE, QUEUE)

    /**
     * A new pipe: Python's {@code multiprocessing.Pipe(duplex)}.
     *
     * @param duplex {@code true} for two ends that both send and receive (PIPE-01); {@code false} for a reader and a
     *     writer (PIPE-02)
     * @return the pipe; never {@code null}
     * @throws UnsupportedOperationException if the provider does not implement PIPE (SPI-06)
     */
    Pipe newPipe(boolean duplex);

    /**
     * A new unbounded queue: Python's {@code multiprocessing.Queue()} (QUEUE-07).
     *
     * @param <E> the element type
     * @return the queue; never {@code null}
     * @throws UnsupportedOperationException if the provider does not implement QUEUE (SPI-06)
     */
    <E> SharedQueue<E> newQueue();

    /**
     * A new queue holding at most {@code maxSize} items; {@code maxSize <= 0} means unbounded: Python's
     * {@code multiprocessing.Queue(maxsize)} (QUEUE-05, QUEUE-07).
     *
     * @param <E> the element type
     * @param maxSize the bound, or zero or less for none
     * @return the queue; never {@code null}
     * @throws UnsupportedOperationException if the provider does not implement QUEUE (SPI-06)
     */
    <E> SharedQueue<E> newQueue(int maxSize);

    /**
     * A new queue whose consumers acknowledge each item: Python's {@code multiprocessing.JoinableQueue(maxsize)}
     * (QUEUE-18, QUEUE-20).
     *
     * @param <E> the element type
     * @param maxSize the bound, or zero or less for none
     * @return the queue; never {@code null}
     * @throws UnsupportedOperationException if the provider does not implement QUEUE (SPI-06)
     */
    <E> JoinableQueue<E> newJoinableQueue(int maxSize);

    /**
     * A new simple queue: Python's {@code multiprocessing.SimpleQueue()} (QUEUE-21).
     *
     * @param <E> the element type
     * @return the queue; never {@code null}
     * @throws UnsupportedOperationException if the provider does not implement QUEUE (SPI-06)
     */
    <E> SimpleQueue<E> newSimpleQueue();

    // ---------------------------------------------------------------- pools and the manager (POOL, MGR)

    /**
     * A new pool of worker processes: Python's {@code multiprocessing.Pool(...)}, with exactly
     * {@code options.processes()} workers, or {@link #cpuCount()} if not given (POOL-01).
     *
     * @param options size, initializer and worker lifetime; never {@code null}
     * @return the pool, its workers started; never {@code null}
     * @throws UnsupportedOperationException if the provider does not implement POOL (SPI-06)
     */
    WorkerPool newPool(PoolOptions options);

    /**
     * A new, started manager with its own server process: Python's {@code multiprocessing.Manager()} (MGR-01).
     *
     * @return the manager; never {@code null}
     * @throws UnsupportedOperationException if the provider does not implement MGR (SPI-06)
     */
    SyncManager newManager();

    /**
     * Connects to the server of a manager started elsewhere: Python's
     * {@code BaseManager(address=..., authkey=...).connect()}. The connection proves that it holds {@code authKey};
     * the server refuses it otherwise, and the refused attempt changes nothing on the server (MGR-08). The returned
     * manager creates new objects in that server; its {@link SyncManager#close()} and
     * {@link SyncManager#shutdown()} only drop this connection and leave the server running.
     *
     * @param address the server's address, from {@link SyncManager#address()}; never {@code null}
     * @param authKey the key to prove; never {@code null}
     * @return a manager connected to that server; never {@code null}
     * @throws SecurityException if the server refused the key, with a message starting
     *     {@code "[MGR-08] authentication failed"}; CPython's client raises
     *     {@code AuthenticationError('digest sent was rejected')} (MGR-08)
     * @throws IllegalStateException if nothing listens at {@code address}, with a message starting
     *     {@code "[MGR-09] manager is not running"} (MGR-09)
     * @throws UnsupportedOperationException if the provider does not implement MGR (SPI-06)
     */
    SyncManager connectManager(String address, byte[] authKey);
}
