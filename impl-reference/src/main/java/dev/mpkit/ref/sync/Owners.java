package dev.mpkit.ref.sync;

/** Names for the holder of a lock, as CPython's {@code repr} gives them (LOCK-19), and for error messages. */
final class Owners {

    /** This process's name, as {@code current_process().name}; set when a child takes its identity. */
    static volatile String processName = "MainProcess";

    private Owners() {}

    /**
     * The holder as CPython's {@code repr} names it: this process's name (with {@code |thread} off the main
     * thread) if the current thread holds it, {@code SomeOtherThread} for another thread of this process,
     * {@code SomeOtherProcess(pid)} otherwise.
     */
    static String reprName(long token) {
        long pid = SemaphoreCore.pidOf(token);
        if (token != 0 && pid == SemaphoreCore.PID) {
            return token == SemaphoreCore.currentToken() ? currentName() : "SomeOtherThread";
        }
        return token == 0 ? "SomeOtherProcess" : "SomeOtherProcess(" + pid + ")";
    }

    /** This process's name, and the current thread's unless it is {@code main}, as CPython's repr shows them. */
    static String currentName() {
        String thread = Thread.currentThread().getName();
        return "main".equals(thread) ? processName : processName + "|" + thread;
    }

    /** {@code pid N, thread T} for error messages. */
    static String describe(long token) {
        return "pid " + SemaphoreCore.pidOf(token) + ", thread " + SemaphoreCore.tidOf(token);
    }
}
