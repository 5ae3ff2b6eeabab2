package dev.mpkit.ref.process;

import dev.mpkit.ChildProcess;
import dev.mpkit.JoinableQueue;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.Pipe;
import dev.mpkit.PoolOptions;
import dev.mpkit.ProcessInfo;
import dev.mpkit.ProcessOptions;
import dev.mpkit.SharedLock;
import dev.mpkit.SharedQueue;
import dev.mpkit.SharedRLock;
import dev.mpkit.SharedSemaphore;
import dev.mpkit.SimpleQueue;
import dev.mpkit.SyncManager;
import dev.mpkit.WorkerPool;
import dev.mpkit.ref.pipe.Pipes;
import dev.mpkit.ref.pool.Pools;
import dev.mpkit.ref.queue.Queues;
import dev.mpkit.ref.sync.SyncPrimitives;
import dev.mpkit.spi.ProcessControl;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The reference's context: processes are JVMs, locks, semaphores and queues live in mapped files; the other areas
 * arrive with their issues (SPI-06).
 */
public final class ReferenceContext implements MultiprocessingContext {

    private final ProcessRuntime runtime;
    private final String providerId;

    public ReferenceContext(String providerId) {
        this.runtime = ProcessRuntime.get();
        this.providerId = providerId;
    }

    @Override
    public ProcessControl newProcessControl(ChildProcess process, ProcessOptions options) {
        return new JvmChildControl(runtime, Objects.requireNonNull(process), Objects.requireNonNull(options));
    }

    @Override
    public ProcessInfo currentProcess() {
        return runtime.currentProcess();
    }

    @Override
    public Optional<ProcessInfo> parentProcess() {
        return runtime.parentProcess();
    }

    @Override
    public List<ChildProcess> activeChildren() {
        List<ChildProcess> live = new ArrayList<>();
        for (JvmChildControl c : runtime.children()) {
            if (c.reap()) { // PROC-24: finished children are reaped here
                live.add(c.process());
            }
        }
        return live;
    }

    @Override
    public int cpuCount() {
        return Runtime.getRuntime().availableProcessors(); // PROC-23
    }

    private UnsupportedOperationException notYet(String area, String what) {
        return new UnsupportedOperationException("[" + area + "] " + what + " are not implemented by provider '"
                + providerId + "' yet"); // SPI-06
    }

    @Override
    public SharedLock newLock() {
        return SyncPrimitives.newLock();
    }

    @Override
    public SharedRLock newRLock() {
        return SyncPrimitives.newRLock();
    }

    @Override
    public SharedSemaphore newSemaphore(int value) {
        return SyncPrimitives.newSemaphore(value);
    }

    @Override
    public SharedSemaphore newBoundedSemaphore(int value) {
        return SyncPrimitives.newBoundedSemaphore(value);
    }

    @Override
    public Pipe newPipe(boolean duplex) {
        return Pipes.newPipe(duplex);
    }

    @Override
    public <E> SharedQueue<E> newQueue() {
        return Queues.newQueue(0); // QUEUE-07: unbounded
    }

    @Override
    public <E> SharedQueue<E> newQueue(int maxSize) {
        return Queues.newQueue(maxSize);
    }

    @Override
    public <E> JoinableQueue<E> newJoinableQueue(int maxSize) {
        return Queues.newJoinableQueue(maxSize);
    }

    @Override
    public <E> SimpleQueue<E> newSimpleQueue() {
        return Queues.newSimpleQueue();
    }

    @Override
    public WorkerPool newPool(PoolOptions options) {
        return Pools.newPool(this, Objects.requireNonNull(options, "options must not be null"));
    }

    @Override
    public SyncManager newManager() {
        throw notYet("MGR", "managers");
    }

    @Override
    public SyncManager connectManager(String address, byte[] authKey) {
        throw notYet("MGR", "managers");
    }

    @Override
    public String toString() {
        return "ReferenceContext[" + runtime.name() + ", pid " + runtime.pid() + "]";
    }
}
