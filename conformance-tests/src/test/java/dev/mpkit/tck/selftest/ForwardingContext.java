package dev.mpkit.tck.selftest;

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
import dev.mpkit.spi.ProcessControl;
import java.util.List;
import java.util.Optional;

/** A context that forwards everything to another; mutants override the one thing they break. */
class ForwardingContext implements MultiprocessingContext {

    final MultiprocessingContext base;

    ForwardingContext(MultiprocessingContext base) {
        this.base = base;
    }

    @Override
    public ProcessControl newProcessControl(ChildProcess process, ProcessOptions options) {
        return base.newProcessControl(process, options);
    }

    @Override
    public ProcessInfo currentProcess() {
        return base.currentProcess();
    }

    @Override
    public Optional<ProcessInfo> parentProcess() {
        return base.parentProcess();
    }

    @Override
    public List<ChildProcess> activeChildren() {
        return base.activeChildren();
    }

    @Override
    public int cpuCount() {
        return base.cpuCount();
    }

    @Override
    public SharedLock newLock() {
        return base.newLock();
    }

    @Override
    public SharedRLock newRLock() {
        return base.newRLock();
    }

    @Override
    public SharedSemaphore newSemaphore(int value) {
        return base.newSemaphore(value);
    }

    @Override
    public SharedSemaphore newBoundedSemaphore(int value) {
        return base.newBoundedSemaphore(value);
    }

    @Override
    public Pipe newPipe(boolean duplex) {
        return base.newPipe(duplex);
    }

    @Override
    public <E> SharedQueue<E> newQueue() {
        return base.newQueue();
    }

    @Override
    public <E> SharedQueue<E> newQueue(int maxSize) {
        return base.newQueue(maxSize);
    }

    @Override
    public <E> JoinableQueue<E> newJoinableQueue(int maxSize) {
        return base.newJoinableQueue(maxSize);
    }

    @Override
    public <E> SimpleQueue<E> newSimpleQueue() {
        return base.newSimpleQueue();
    }

    @Override
    public WorkerPool newPool(PoolOptions options) {
        return base.newPool(options);
    }

    @Override
    public SyncManager newManager() {
        return base.newManager();
    }

    @Override
    public SyncManager connectManager(String address, byte[] authKey) {
        return base.connectManager(address, authKey);
    }
}
