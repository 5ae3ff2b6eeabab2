package dev.mpkit.ref.process;

/** Turns what the parent saw of a child's end into Python's exit code. */
final class ExitCodes {

    private ExitCodes() {}

    /**
     * The exit code.
     *
     * @param reported the code the child reported just before halting, or {@code null}
     * @param orderly whether the child reported that it was exiting through {@code System.exit}
     * @param raw Java's exit value: the status, or 128 + N after death by signal N
     */
    static int of(Integer reported, boolean orderly, int raw) {
        if (reported != null) {
            return reported; // PROC-12, PROC-13: the child said how its run() ended
        }
        if (orderly) {
            return raw; // PROC-14, PROC-17: System.exit(143) is 143, not a signal
        }
        if (raw > 128 && raw <= 128 + 64) {
            return -(raw - 128); // PROC-15, PROC-16: no report and a signal status: -N
        }
        return raw;
    }

    /** Python's repr of an exit code: {@code -SIGTERM} for -15. */
    static String describe(int code) {
        if (code >= 0) {
            return Integer.toString(code);
        }
        switch (-code) {
            case 1: return "-SIGHUP";
            case 2: return "-SIGINT";
            case 6: return "-SIGABRT";
            case 9: return "-SIGKILL";
            case 10: return "-SIGUSR1";
            case 11: return "-SIGSEGV";
            case 12: return "-SIGUSR2";
            case 15: return "-SIGTERM";
            default: return Integer.toString(code);
        }
    }
}
