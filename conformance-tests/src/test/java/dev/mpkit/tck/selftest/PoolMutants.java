package dev.mpkit.tck.selftest;

import dev.mpkit.AsyncResult;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.PoolFunction;
import dev.mpkit.PoolOptions;
import dev.mpkit.ResultIterator;
import dev.mpkit.SyncManager;
import dev.mpkit.WorkerPool;
import dev.mpkit.tck.selftest.ForwardingPools.ForwardingManager;
import dev.mpkit.tck.selftest.ForwardingPools.ForwardingPool;
import dev.mpkit.tck.selftest.ForwardingPools.ForwardingResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The broken pools and managers of the gallery (issue 5): each changes one behaviour of the reference's, and the
 * kit must reject each by a clause it breaks. Listed in {@link Mutants#all()}. Each names only the clauses whose
 * tests catch it fastest.
 */
final class PoolMutants {

    private PoolMutants() {}

    /** The same options with another number of processes, and with or without the task limit. */
    static PoolOptions copy(PoolOptions options, int processes, boolean keepMaxTasks) {
        PoolOptions copy = PoolOptions.defaults().processes(processes);
        if (options.initializer().isPresent()) {
            copy = copy.initializer(options.initializer().get(), options.initargs().toArray());
        }
        if (keepMaxTasks && options.maxTasksPerChild().isPresent()) {
            copy = copy.maxTasksPerChild(options.maxTasksPerChild().getAsInt());
        }
        return copy;
    }

    /** A pool that starts one worker more than it was asked for. */
    public static final class PoolStartsOneMore extends MutantProvider {
        @Override
        String[] breaks() {
            return new String[] {"POOL-01", "POOL-04"};
        }

        @Override
        String description() {
            return "a pool that starts processes + 1 workers";
        }

        @Override
        WorkerPool newPool(MultiprocessingContext base, PoolOptions options) {
            int n = options.processes().orElse(base.cpuCount());
            return base.newPool(copy(options, n + 1, true));
        }
    }

    /** maxTasksPerChild is dropped: workers live as long as the pool. */
    public static final class MaxTasksIgnored extends MutantProvider {
        @Override
        String[] breaks() {
            return new String[] {"POOL-28"};
        }

        @Override
        String description() {
            return "a pool that ignores maxTasksPerChild";
        }

        @Override
        WorkerPool newPool(MultiprocessingContext base, PoolOptions options) {
            return base.newPool(copy(options, options.processes().orElse(base.cpuCount()), false));
        }
    }

    /** map and mapAsync list the results in the order they arrive, not in the order of the items. */
    public static final class MapInCompletionOrder extends MutantProvider {
        @Override
        String[] breaks() {
            return new String[] {"POOL-13"};
        }

        @Override
        String description() {
            return "a pool whose map returns the results in completion order";
        }

        @Override
        WorkerPool newPool(MultiprocessingContext base, PoolOptions options) {
            return new ForwardingPool(base.newPool(options)) {
                @Override
                public <T, R> AsyncResult<List<R>> mapAsync(PoolFunction<? super T, ? extends R> fn,
                        Iterable<? extends T> items) {
                    return mapAsync(fn, items, 1);
                }

                @Override
                public <T, R> AsyncResult<List<R>> mapAsync(PoolFunction<? super T, ? extends R> fn,
                        Iterable<? extends T> items, int chunksize) {
                    ResultIterator<R> it = base.imapUnordered(fn, items, chunksize);
                    CompletableFuture<List<R>> all = new CompletableFuture<>();
                    Thread collector = new Thread(() -> {
                        List<R> out = new ArrayList<>();
                        try {
                            while (it.hasNext()) {
                                out.add(it.next());
                            }
                            all.complete(out);
                        } catch (ExecutionException e) {
                            all.completeExceptionally(e.getCause());
                        } catch (Throwable e) {
                            all.completeExceptionally(e);
                        }
                    }, "mutant-map-collector");
                    collector.setDaemon(true);
                    collector.start();
                    return new FutureResult<>(all);
                }
            };
        }
    }

    /** A failed task's get() returns null instead of throwing. */
    public static final class ExceptionSwallowed extends MutantProvider {
        @Override
        String[] breaks() {
            return new String[] {"POOL-10"};
        }

        @Override
        String description() {
            return "a pool whose get() swallows the task's exception and returns null";
        }

        @Override
        WorkerPool newPool(MultiprocessingContext base, PoolOptions options) {
            return new ForwardingPool(base.newPool(options)) {
                @Override
                <R> AsyncResult<R> wrap(AsyncResult<R> result) {
                    return new ForwardingResult<>(result) {
                        @Override
                        public R get() throws InterruptedException {
                            try {
                                return base.get();
                            } catch (ExecutionException e) {
                                return null;
                            }
                        }

                        @Override
                        public R get(Duration timeout) throws InterruptedException, TimeoutException {
                            try {
                                return base.get(timeout);
                            } catch (ExecutionException e) {
                                return null;
                            }
                        }
                    };
                }
            };
        }
    }

    /** terminate() lets the outstanding tasks finish first, as shutdown() and join() would. */
    public static final class TerminateWaits extends MutantProvider {
        @Override
        String[] breaks() {
            return new String[] {"POOL-26"};
        }

        @Override
        String description() {
            return "a pool whose terminate() waits for the outstanding tasks";
        }

        @Override
        WorkerPool newPool(MultiprocessingContext base, PoolOptions options) {
            return new ForwardingPool(base.newPool(options)) {
                @Override
                public void terminate() {
                    base.shutdown();
                    try {
                        base.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    base.terminate();
                }
            };
        }
    }

    /** A result whose worker died never becomes ready: CPython's behaviour (PL-20). */
    public static final class WorkerDeathHangs extends MutantProvider {
        @Override
        String[] breaks() {
            return new String[] {"POOL-30"};
        }

        @Override
        String description() {
            return "a pool whose result hangs forever when its worker dies";
        }

        static boolean died(AsyncResult<?> r) {
            if (!r.isReady() || r.isSuccessful()) {
                return false;
            }
            try {
                r.get();
                return false;
            } catch (ExecutionException e) {
                return e.getCause() != null && String.valueOf(e.getCause().getMessage()).startsWith("[POOL-30]");
            } catch (CancellationException | InterruptedException e) {
                return false;
            }
        }

        @Override
        WorkerPool newPool(MultiprocessingContext base, PoolOptions options) {
            return new ForwardingPool(base.newPool(options)) {
                @Override
                <R> AsyncResult<R> wrap(AsyncResult<R> result) {
                    return new ForwardingResult<>(result) {
                        @Override
                        public boolean isReady() {
                            return base.isReady() && !died(base);
                        }

                        @Override
                        public boolean isSuccessful() {
                            if (died(base)) {
                                throw new IllegalStateException("[POOL-07] result is not ready");
                            }
                            return base.isSuccessful();
                        }

                        @Override
                        public void await() throws InterruptedException {
                            base.await();
                            if (died(base)) {
                                new CountDownLatch(1).await();
                            }
                        }

                        @Override
                        public boolean await(Duration timeout) throws InterruptedException {
                            long deadline = System.nanoTime() + timeout.toNanos();
                            if (!base.await(timeout)) {
                                return false;
                            }
                            if (died(base)) {
                                TimeUnit.NANOSECONDS.sleep(Math.max(0, deadline - System.nanoTime()));
                                return false;
                            }
                            return true;
                        }

                        @Override
                        public R get() throws InterruptedException, ExecutionException {
                            await();
                            return base.get();
                        }

                        @Override
                        public R get(Duration timeout)
                                throws InterruptedException, ExecutionException, TimeoutException {
                            if (!await(timeout)) {
                                throw new TimeoutException("[POOL-08] result not ready within " + timeout);
                            }
                            return base.get();
                        }

                        @Override
                        public AsyncResult<R> whenReady(Consumer<? super R> callback,
                                Consumer<? super Throwable> errorCallback) {
                            base.whenReady(callback, e -> {
                                if (!String.valueOf(e.getMessage()).startsWith("[POOL-30]")) {
                                    errorCallback.accept(e);
                                }
                            });
                            return this;
                        }
                    };
                }
            };
        }
    }

    /** The manager lets in a client whatever key it proves. */
    public static final class ManagerAcceptsAnyKey extends MutantProvider {
        private final Map<String, byte[]> keys = new ConcurrentHashMap<>();

        @Override
        String[] breaks() {
            return new String[] {"MGR-08"};
        }

        @Override
        String description() {
            return "a manager that accepts connections without its authentication key";
        }

        @Override
        SyncManager newManager(MultiprocessingContext base) {
            SyncManager m = base.newManager();
            keys.put(m.address(), m.authKey());
            return new ForwardingManager(m);
        }

        @Override
        SyncManager connectManager(MultiprocessingContext base, String address, byte[] authKey) {
            return base.connectManager(address, keys.getOrDefault(address, authKey));
        }
    }

    /** An {@link AsyncResult} over a {@link CompletableFuture}, for the mutants that compute results themselves. */
    static final class FutureResult<R> implements AsyncResult<R> {
        private final CompletableFuture<R> future;

        FutureResult(CompletableFuture<R> future) {
            this.future = future;
        }

        @Override
        public boolean isReady() {
            return future.isDone();
        }

        @Override
        public boolean isSuccessful() {
            if (!future.isDone()) {
                throw new IllegalStateException("[POOL-07] result is not ready");
            }
            return !future.isCompletedExceptionally();
        }

        @Override
        public void await() throws InterruptedException {
            try {
                future.get();
            } catch (ExecutionException | CancellationException e) {
                // ready
            }
        }

        @Override
        public boolean await(Duration timeout) throws InterruptedException {
            try {
                future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | CancellationException e) {
                // ready
            } catch (TimeoutException e) {
                return false;
            }
            return true;
        }

        @Override
        public R get() throws InterruptedException, ExecutionException {
            return future.get();
        }

        @Override
        public R get(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
            try {
                return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new TimeoutException("[POOL-08] result not ready within " + timeout);
            }
        }

        @Override
        public AsyncResult<R> whenReady(Consumer<? super R> callback, Consumer<? super Throwable> errorCallback) {
            future.whenComplete((v, e) -> {
                if (e == null) {
                    callback.accept(v);
                } else {
                    errorCallback.accept(e);
                }
            });
            return this;
        }
    }
}
