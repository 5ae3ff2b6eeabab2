package dev.mpkit.tck.support;

import dev.mpkit.ChildProcess;

/**
 * The kit's cleanup of the children a test started, for {@code finally} blocks: it never throws, so that the test's
 * own failure shows, and {@link ProviderExtension} kills whatever a failed test still leaves behind.
 */
public final class Children {

    private Children() {}

    /** Kills every started child that still runs and joins it, each within {@link Timeouts#MUST_HAPPEN}. */
    public static void stop(ChildProcess... children) {
        for (ChildProcess p : children) {
            try {
                if (p == null || p.pid().isEmpty()) {
                    continue;
                }
                if (p.isAlive()) {
                    p.kill();
                }
                p.join(Timeouts.MUST_HAPPEN);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // closed or broken: the extension kills what a failed test leaves behind
            }
        }
    }

    /** Kills a process the kit knows only by its pid (a grandchild) if it still runs; a pid below 1 is none. */
    public static void killPid(long pid) {
        if (pid > 0) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
