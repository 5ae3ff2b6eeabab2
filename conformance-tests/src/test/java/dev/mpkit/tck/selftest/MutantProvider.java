package dev.mpkit.tck.selftest;

import dev.mpkit.ChildProcess;
import dev.mpkit.JoinableQueue;
import dev.mpkit.Multiprocessing;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.Pipe;
import dev.mpkit.PoolOptions;
import dev.mpkit.ProcessOptions;
import dev.mpkit.SharedLock;
import dev.mpkit.SharedQueue;
import dev.mpkit.SharedRLock;
import dev.mpkit.SharedSemaphore;
import dev.mpkit.SyncManager;
import dev.mpkit.WorkerPool;
import dev.mpkit.spi.MultiprocessingProvider;
import dev.mpkit.spi.ProcessControl;
import java.util.function.UnaryOperator;

/**
 * A broken provider made from a correct one: the reference, found through the SPI by its id, with one behaviour
 * changed. Each subclass is one mutant of the gallery; it is chosen with {@code -Dmpkit.provider=CLASS} and its
 * children (which inherit that property) run the same mutant.
 */
abstract class MutantProvider implements MultiprocessingProvider {

    private volatile MultiprocessingContext context;

    /** The clause IDs this mutant breaks: the kit must fail at least one of them. */
    abstract String[] breaks();

    /** One sentence: what is broken. */
    abstract String description();

    /** Wraps each process control; identity by default. */
    ProcessControl wrap(ProcessControl c, ChildProcess process, ProcessOptions options) {
        return c;
    }

    /** Changes the options a process is created with; identity by default. */
    ProcessOptions adjust(ProcessOptions options) {
        return options;
    }

    /** Makes a lock; the reference's by default. */
    SharedLock newLock(MultiprocessingContext base) {
        return base.newLock();
    }

    /** Makes a recursive lock; the reference's by default. */
    SharedRLock newRLock(MultiprocessingContext base) {
        return base.newRLock();
    }

    /** Makes a semaphore, bounded or not; the reference's by default. */
    SharedSemaphore newSemaphore(MultiprocessingContext base, int value, boolean bounded) {
        return bounded ? base.newBoundedSemaphore(value) : base.newSemaphore(value);
    }

    /** Changes a new pipe; identity by default. */
    Pipe wrapPipe(Pipe pipe, boolean duplex) {
        return pipe;
    }

    /** Changes a new queue, bounded or not; identity by default. */
    <E> SharedQueue<E> wrapQueue(SharedQueue<E> queue) {
        return queue;
    }

    /** Changes a new joinable queue; identity by default. */
    <E> JoinableQueue<E> wrapJoinableQueue(JoinableQueue<E> queue) {
        return queue;
    }

    /** Makes a pool; the reference's by default. */
    WorkerPool newPool(MultiprocessingContext base, PoolOptions options) {
        return base.newPool(options);
    }

    /** Starts a manager; the reference's by default. */
    SyncManager newManager(MultiprocessingContext base) {
        return base.newManager();
    }

    /** Connects to a manager; the reference's way by default. */
    SyncManager connectManager(MultiprocessingContext base, String address, byte[] authKey) {
        return base.connectManager(address, authKey);
    }

    /** Wraps the whole context; by default forwards, wrapping process controls and making primitives as above. */
    MultiprocessingContext wrapContext(MultiprocessingContext base) {
        UnaryOperator<ProcessOptions> adjust = this::adjust;
        MutantProvider mutant = this;
        return new ForwardingContext(base) {
            @Override
            public ProcessControl newProcessControl(ChildProcess process, ProcessOptions options) {
                return wrap(base.newProcessControl(process, adjust.apply(options)), process, options);
            }

            @Override
            public SharedLock newLock() {
                return mutant.newLock(base);
            }

            @Override
            public SharedRLock newRLock() {
                return mutant.newRLock(base);
            }

            @Override
            public SharedSemaphore newSemaphore(int value) {
                return mutant.newSemaphore(base, value, false);
            }

            @Override
            public SharedSemaphore newBoundedSemaphore(int value) {
                return mutant.newSemaphore(base, value, true);
            }

            @Override
            public Pipe newPipe(boolean duplex) {
                return mutant.wrapPipe(base.newPipe(duplex), duplex);
            }

            @Override
            public <E> SharedQueue<E> newQueue() {
                return mutant.wrapQueue(base.newQueue());
            }

            @Override
            public <E> SharedQueue<E> newQueue(int maxSize) {
                return mutant.wrapQueue(base.newQueue(maxSize));
            }

            @Override
            public <E> JoinableQueue<E> newJoinableQueue(int maxSize) {
                return mutant.wrapJoinableQueue(base.newJoinableQueue(maxSize));
            }

            @Override
            public WorkerPool newPool(PoolOptions options) {
                return mutant.newPool(base, options);
            }

            @Override
            public SyncManager newManager() {
                return mutant.newManager(base);
            }

            @Override
            public SyncManager connectManager(String address, byte[] authKey) {
                return mutant.connectManager(base, address, authKey);
            }
        };
    }

    @Override
    public String id() {
        return "mutant:" + getClass().getSimpleName();
    }

    @Override
    public MultiprocessingContext context() {
        MultiprocessingContext c = context;
        if (c == null) {
            synchronized (this) {
                c = context;
                if (c == null) {
                    c = wrapContext(Multiprocessing.provider("reference").context());
                    context = c;
                }
            }
        }
        return c;
    }
}
