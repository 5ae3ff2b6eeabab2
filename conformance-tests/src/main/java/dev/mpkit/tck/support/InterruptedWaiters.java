package dev.mpkit.tck.support;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The child side of the interrupt clauses (LOCK-18, SEM-18, QUEUE-26): threads blocked in calls of the primitive
 * under test are interrupted together, and each records in the kit's event log how its call ended.
 */
public final class InterruptedWaiters {

    /** One blocking call; what it returns describes how it ended if it was not interrupted. */
    @FunctionalInterface
    public interface Waiter {
        /**
         * Blocks in the primitive under test.
         *
         * @return what the call got instead of an interrupt, for example {@code "acquired"}
         */
        String call() throws Exception;
    }

    private InterruptedWaiters() {}

    /**
     * Runs each waiter on its own daemon thread, which records "W&lt;i&gt; waiting" and calls it; once all are about to
     * block and {@code settleMillis} have passed (the workload), interrupts them all. Each records
     * "W&lt;i&gt; got interrupted status=&lt;interrupt status&gt; after=&lt;nanos since the interrupt&gt;", or
     * "W&lt;i&gt; got &lt;what the call returned&gt;", or "W&lt;i&gt; got threw &lt;exception&gt;". Then waits at most
     * {@code waitMillis} for "kit: done", so that an abandoned waiter is still there when the test goes on.
     */
    public static void run(EventLog log, List<Waiter> calls, long settleMillis, long waitMillis)
            throws InterruptedException {
        long[] interruptedAt = new long[1];
        CountDownLatch waiting = new CountDownLatch(calls.size());
        Thread[] waiters = new Thread[calls.size()];
        for (int i = 0; i < calls.size(); i++) {
            int n = i;
            waiters[i] = new Thread(() -> {
                log.record("W" + n + " waiting");
                waiting.countDown();
                String got;
                try {
                    got = calls.get(n).call();
                } catch (InterruptedException e) {
                    long after;
                    synchronized (interruptedAt) {
                        after = System.nanoTime() - interruptedAt[0];
                    }
                    got = "interrupted status=" + Thread.currentThread().isInterrupted() + " after=" + after;
                } catch (Exception e) {
                    got = "threw " + e;
                }
                Thread.interrupted(); // a status left set would make the log's FileChannel refuse to record
                log.record("W" + n + " got " + got);
            }, "kit-interrupted-waiter-" + i);
            waiters[i].setDaemon(true);
            waiters[i].start();
        }
        waiting.await();
        ChildWork.sleep(settleMillis);
        synchronized (interruptedAt) {
            interruptedAt[0] = System.nanoTime();
            for (Thread t : waiters) {
                t.interrupt();
            }
        }
        if (!ChildWork.awaitEvents(log, "kit: done", 1, waitMillis)) {
            log.record("gave up waiting for 'kit: done'");
            throw new IllegalStateException("kit: the test never recorded 'kit: done' within " + waitMillis + " ms");
        }
    }
}
