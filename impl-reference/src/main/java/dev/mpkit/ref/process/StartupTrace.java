package dev.mpkit.ref.process;

/** TEMPORARY profiling aid: stamps against the parent's launch time, printed on standard error. */
final class StartupTrace {
    static final String T0_PROPERTY = "mpkit.ref.traceT0";
    private static final String T0 = System.getProperty(T0_PROPERTY);
    static final boolean ON = T0 != null;
    private static final long BASE = ON ? Long.parseLong(T0) : 0;
    private static final String[] names = new String[32];
    private static final long[] at = new long[32];
    private static int n;

    private StartupTrace() {}

    static synchronized void mark(String what) {
        if (ON && n < names.length) {
            names[n] = what;
            at[n++] = System.nanoTime();
        }
    }

    static synchronized void print() {
        if (!ON) {
            return;
        }
        StringBuilder b = new StringBuilder("mpkit-trace child");
        for (int i = 0; i < n; i++) {
            b.append(' ').append(names[i]).append('=').append((at[i] - BASE) / 100000 / 10.0);
        }
        try {
            java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
            long total = 0;
            StringBuilder t = new StringBuilder();
            for (java.io.File task : tasks) {
                String comm = new String(java.nio.file.Files.readAllBytes(new java.io.File(task, "comm").toPath())).trim();
                String sched = new String(java.nio.file.Files.readAllBytes(new java.io.File(task, "schedstat").toPath())).trim();
                long ns = Long.parseLong(sched.split(" ")[0]);
                total += ns;
                if (ns > 500_000) {
                    t.append(' ').append(comm.replace(' ', '_')).append('=').append(ns / 100000 / 10.0);
                }
            }
            b.append(" | cpu total=").append(total / 100000 / 10.0).append(t);
        } catch (Exception e) {
            b.append(" | ").append(e);
        }
        System.err.println(b);
        System.err.flush();
    }
}
