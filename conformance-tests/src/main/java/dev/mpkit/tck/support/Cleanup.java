package dev.mpkit.tck.support;

import dev.mpkit.SharedQueue;
import dev.mpkit.SimpleQueue;

/**
 * For {@code finally} blocks: releasing what a test made (pools, managers, queue handles, pipe ends) without ever
 * throwing, so that the test's own failure shows; {@link ProviderExtension} kills whatever a failed test still leaves
 * behind. The children a test started are stopped by {@link Children}.
 */
public final class Cleanup {

    private Cleanup() {}

    /**
     * Runs {@code call} bounded by {@link Timeouts#MUST_HAPPEN}; returns what it threw (or the failure of a call that
     * did not return in time), or {@code null}.
     */
    public static Throwable quietly(String what, BoundedCalls.Action call) {
        try {
            Timed.within(Timeouts.MUST_HAPPEN, what, () -> {
                call.run();
                return null;
            });
            return null;
        } catch (Throwable e) {
            return e;
        }
    }

    /** Lets this process exit without flushing each queue, and closes each handle; {@code null}s are skipped. */
    public static void discard(SharedQueue<?>... queues) {
        for (SharedQueue<?> q : queues) {
            if (q == null) {
                continue;
            }
            try {
                q.cancelJoinThread();
            } catch (RuntimeException e) {
                // the test's own failure shows
            }
            try {
                q.close();
            } catch (RuntimeException e) {
                // the test's own failure shows
            }
        }
    }

    /** Closes each handle; {@code null}s are skipped. */
    public static void discard(SimpleQueue<?>... queues) {
        for (SimpleQueue<?> q : queues) {
            try {
                if (q != null) {
                    q.close();
                }
            } catch (RuntimeException e) {
                // the test's own failure shows
            }
        }
    }

    /** Closes each end, a pipe's {@code Connection} for example. */
    public static void closeQuietly(AutoCloseable... ends) {
        for (AutoCloseable c : ends) {
            try {
                c.close();
            } catch (Exception e) {
                // the test's own failure shows
            }
        }
    }
}
