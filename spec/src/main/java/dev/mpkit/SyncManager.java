package dev.mpkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * A server process that holds shared objects for other processes, which use them through proxies: Python's
 * {@code multiprocessing.Manager()}, a {@code SyncManager}.
 *
 * <p>{@link MultiprocessingContext#newManager()} starts the server as a child of the creating process, named
 * like {@code SyncManager-1}, which appears in {@link MultiprocessingContext#activeChildren()} (MGR-01). Each
 * {@code new…} method creates an object in the server and returns a proxy to it: an ordinary
 * {@link SharedQueue}, {@link SharedLock} or {@link SharedSemaphore} whose every call is a request to the server.
 * Unlike the context's own primitives, a proxy can be passed anywhere an object can: as a {@link WorkerPool} task
 * argument, through a {@link SharedQueue} or a {@link Connection}, as well as to a child (MGR-03). The context's own
 * primitives cannot be task arguments: the pool refuses them in Python's words (MGR-07).
 *
 * <pre>{@code
 * try (SyncManager manager = mp.newManager();
 *         WorkerPool pool = mp.newPool(PoolOptions.defaults())) {
 *     SharedQueue<String> results = manager.newQueue();
 *     pool.apply(q -> {
 *         q.put("put ok");
 *         return null;
 *     }, results);
 *     System.out.println(results.get());   // put ok
 * }   // the pool is closed first, then the manager shuts down
 * }</pre>
 *
 * <h2>How proxies differ</h2>
 * A proxy has the interface's contract, with these differences:
 * <ul>
 *   <li>A queue proxy has no feeder: a {@code put} is complete when it returns, so {@code isEmpty()} and
 *       {@code qsize()} are up to date at once, and {@code joinThread()} returns at once.</li>
 *   <li>{@code close()} on a proxy closes only this process's proxy, as for the context's queues.</li>
 *   <li>A request made after the server stopped throws {@link IllegalStateException} whose message starts
 *       {@code "[MGR-09] manager is not running"}; CPython raises a connection error such as
 *       {@code BrokenPipeError} (MGR-09).</li>
 *   <li>A lock proxy's {@code release()} of an unlocked lock throws {@link IllegalStateException} with the message
 *       {@code "[MGR-04] release of an unlocked lock"}; CPython's manager raises
 *       {@code RuntimeError('release unlocked lock')} (MGR-04). Any process or thread may release it, as for
 *       any {@link SharedLock} (LOCK-06).</li>
 *   <li>A bounded semaphore proxy released above its initial value throws {@link IllegalStateException} with the
 *       message {@code "[MGR-05] semaphore released too many times"} (MGR-05).</li>
 *   <li>A joinable queue proxy's {@code taskDone()} called more times than items were put throws
 *       {@link IllegalStateException} with the message
 *       {@code "[MGR-06] taskDone() called more times than items were put"} (MGR-06).</li>
 * </ul>
 *
 * <h2>Cross-process visibility</h2>
 * As for the interface each proxy implements, with the server between the two processes: actions prior to a
 * {@code put} or {@code release()} through one proxy happen-before actions following the matching {@code get} or
 * acquire through another (MGR-02, MGR-04).
 *
 * <h2>When a holder dies</h2>
 * A proxy lock acquired by a process that then dies stays locked, as with {@link SharedLock}. When the server
 * itself dies or is shut down, every object it held is gone, and every later call on its proxies throws
 * {@link IllegalStateException}.
 *
 * <h2>Implementation Considerations</h2>
 * A proxy serializes to the server's address, the key and the object's identity, and connects to the server on
 * first use in the receiving process (MGR-03). The server is a daemonic child (MGR-01); it ends with the process
 * that created it, however that process ends (MGR-10). It acts on no request from a connection that has not proved
 * it holds the key (MGR-08).
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface SyncManager extends AutoCloseable {

    /**
     * A new unbounded queue in the server: Python's {@code manager.Queue()} (MGR-02).
     *
     * @param <E> the type of the items
     * @return a proxy to it; never {@code null}
     * @throws IllegalStateException if the manager has shut down
     */
    <E> SharedQueue<E> newQueue();

    /**
     * A new queue in the server holding at most {@code maxSize} items; {@code maxSize <= 0} means unbounded:
     * Python's {@code manager.Queue(maxsize)} (MGR-02).
     *
     * @param <E> the type of the items
     * @param maxSize the bound, or zero or less for none
     * @return a proxy to it; never {@code null}
     * @throws IllegalStateException if the manager has shut down
     */
    <E> SharedQueue<E> newQueue(int maxSize);

    /**
     * A new queue in the server whose consumers acknowledge each item: Python's {@code manager.JoinableQueue()}
     * (MGR-06).
     *
     * @param <E> the type of the items
     * @param maxSize the bound, or zero or less for none
     * @return a proxy to it; never {@code null}
     * @throws IllegalStateException if the manager has shut down
     */
    <E> JoinableQueue<E> newJoinableQueue(int maxSize);

    /**
     * A new, unlocked, non-recursive lock in the server: Python's {@code manager.Lock()} (MGR-04).
     *
     * @return a proxy to it; never {@code null}
     * @throws IllegalStateException if the manager has shut down
     */
    SharedLock newLock();

    /**
     * A new, unowned recursive lock in the server: Python's {@code manager.RLock()}. The owner is the thread and
     * process that acquired it through a proxy.
     *
     * @return a proxy to it; never {@code null}
     * @throws IllegalStateException if the manager has shut down
     */
    SharedRLock newRLock();

    /**
     * A new semaphore with {@code value} permits in the server: Python's {@code manager.Semaphore(value)} (MGR-05).
     *
     * @param value the initial number of permits, at least 0
     * @return a proxy to it; never {@code null}
     * @throws IllegalArgumentException if {@code value} is negative: {@code "value must be >= 0, was -1"}
     * @throws IllegalStateException if the manager has shut down
     */
    SharedSemaphore newSemaphore(int value);

    /**
     * A new semaphore in the server that refuses to be released above its initial {@code value}: Python's
     * {@code manager.BoundedSemaphore(value)} (MGR-05).
     *
     * @param value the initial and maximum number of permits, at least 0
     * @return a proxy to it; never {@code null}
     * @throws IllegalArgumentException if {@code value} is negative: {@code "value must be >= 0, was -1"}
     * @throws IllegalStateException if the manager has shut down
     */
    SharedSemaphore newBoundedSemaphore(int value);

    /**
     * Where the server listens, in a form {@link MultiprocessingContext#connectManager(String, byte[])} accepts:
     * Python's {@code manager.address}. The reference gives the path of a Unix domain socket that only the current
     * user can reach (MGR-11).
     *
     * @return the address; never {@code null}
     */
    String address();

    /**
     * The key a process must prove it holds to connect to the server: Python's {@code authkey}, which defaults to
     * {@code current_process().authkey}. Proxies carry it, so a process that received a proxy can use it; any
     * other connection without it is refused (MGR-08).
     *
     * @return a copy of the key; never {@code null} or empty
     */
    byte[] authKey();

    /**
     * The server process.
     *
     * @return what the server says about itself: name, pid, whether it is alive, its exit code; never {@code null}
     *     (MGR-01)
     */
    ProcessInfo process();

    /**
     * Stops the server process and waits for it to exit: Python's {@code shutdown()}. Every object it held is gone,
     * and later calls on its proxies, in any process, throw {@link IllegalStateException} whose message starts
     * {@code "[MGR-09] manager is not running"}. Does nothing if the manager has already shut down (MGR-09).
     */
    void shutdown();

    /**
     * The same as {@link #shutdown()}, which is also what leaving Python's {@code with Manager() as m:} does.
     */
    @Override
    default void close() {
        shutdown();
    }
}
