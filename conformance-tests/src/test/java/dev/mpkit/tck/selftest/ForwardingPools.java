package dev.mpkit.tck.selftest;

import dev.mpkit.AsyncResult;
import dev.mpkit.JoinableQueue;
import dev.mpkit.PoolFunction;
import dev.mpkit.PoolStarFunction;
import dev.mpkit.PoolTask;
import dev.mpkit.ProcessInfo;
import dev.mpkit.ResultIterator;
import dev.mpkit.SharedLock;
import dev.mpkit.SharedQueue;
import dev.mpkit.SharedRLock;
import dev.mpkit.SharedSemaphore;
import dev.mpkit.SyncManager;
import dev.mpkit.WorkerPool;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Pools, results and managers that forward every call to the reference's, for the mutants of issue 5 to override
 * one behaviour each. Every result a {@link ForwardingPool} hands out goes through {@link ForwardingPool#wrap}, so
 * that a mutant can change results as well as the pool.
 */
final class ForwardingPools {

    private ForwardingPools() {}

    /** Forwards every abstract method of {@link WorkerPool}; the default methods then use these. */
    static class ForwardingPool implements WorkerPool {
        final WorkerPool base;

        ForwardingPool(WorkerPool base) {
            this.base = base;
        }

        /** Changes a result before it is handed out; identity by default. */
        <R> AsyncResult<R> wrap(AsyncResult<R> result) {
            return result;
        }

        @Override
        public <R> AsyncResult<R> applyAsync(PoolTask<? extends R> task) {
            return wrap(base.applyAsync(task));
        }

        @Override
        public <T, R> AsyncResult<R> applyAsync(PoolFunction<? super T, ? extends R> fn, T arg) {
            return wrap(base.applyAsync(fn, arg));
        }

        @Override
        public <T, R> AsyncResult<List<R>> mapAsync(PoolFunction<? super T, ? extends R> fn,
                Iterable<? extends T> items) {
            return wrap(base.mapAsync(fn, items));
        }

        @Override
        public <T, R> AsyncResult<List<R>> mapAsync(PoolFunction<? super T, ? extends R> fn,
                Iterable<? extends T> items, int chunksize) {
            return wrap(base.mapAsync(fn, items, chunksize));
        }

        @Override
        public <T, R> ResultIterator<R> imap(PoolFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
                int chunksize) {
            return base.imap(fn, items, chunksize);
        }

        @Override
        public <T, R> ResultIterator<R> imapUnordered(PoolFunction<? super T, ? extends R> fn,
                Iterable<? extends T> items, int chunksize) {
            return base.imapUnordered(fn, items, chunksize);
        }

        @Override
        public <R> AsyncResult<List<R>> starmapAsync(PoolStarFunction<? extends R> fn,
                Iterable<? extends List<?>> argLists) {
            return wrap(base.starmapAsync(fn, argLists));
        }

        @Override
        public <R> AsyncResult<List<R>> starmapAsync(PoolStarFunction<? extends R> fn,
                Iterable<? extends List<?>> argLists, int chunksize) {
            return wrap(base.starmapAsync(fn, argLists, chunksize));
        }

        @Override
        public void shutdown() {
            base.shutdown();
        }

        @Override
        public void terminate() {
            base.terminate();
        }

        @Override
        public void join() throws InterruptedException {
            base.join();
        }

        @Override
        public boolean join(Duration timeout) throws InterruptedException {
            return base.join(timeout);
        }

        @Override
        public String toString() {
            return base.toString();
        }
    }

    /** Forwards every method of {@link AsyncResult}. */
    static class ForwardingResult<R> implements AsyncResult<R> {
        final AsyncResult<R> base;

        ForwardingResult(AsyncResult<R> base) {
            this.base = base;
        }

        @Override
        public boolean isReady() {
            return base.isReady();
        }

        @Override
        public boolean isSuccessful() {
            return base.isSuccessful();
        }

        @Override
        public void await() throws InterruptedException {
            base.await();
        }

        @Override
        public boolean await(Duration timeout) throws InterruptedException {
            return base.await(timeout);
        }

        @Override
        public R get() throws InterruptedException, ExecutionException {
            return base.get();
        }

        @Override
        public R get(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
            return base.get(timeout);
        }

        @Override
        public AsyncResult<R> whenReady(Consumer<? super R> callback, Consumer<? super Throwable> errorCallback) {
            base.whenReady(callback, errorCallback);
            return this;
        }

        @Override
        public String toString() {
            return base.toString();
        }
    }

    /** Forwards every abstract method of {@link SyncManager}. */
    static class ForwardingManager implements SyncManager {
        final SyncManager base;

        ForwardingManager(SyncManager base) {
            this.base = base;
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
        public String address() {
            return base.address();
        }

        @Override
        public byte[] authKey() {
            return base.authKey();
        }

        @Override
        public ProcessInfo process() {
            return base.process();
        }

        @Override
        public void shutdown() {
            base.shutdown();
        }

        @Override
        public void close() {
            base.close();
        }

        @Override
        public String toString() {
            return base.toString();
        }
    }
}
