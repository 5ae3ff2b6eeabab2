package dev.mpkit.tck.pool;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;

/**
 * POOL-04: the OS's own count of a pool's live workers, never the pool's word. A kit thread samples {@code /proc}
 * about every millisecond and keeps, for every process that descends from the kit JVM and appeared after the census
 * began, the first and the last sample in which it was alive and not a zombie. That span lies within the process's
 * real life, so the number of spans that share a sample never overstates how many were alive at once: a count
 * above the pool's size is a real one.
 *
 * <p>Which of those processes are workers is decided afterwards, from the pids that tasks reported in the kit's event
 * log ({@link #peak(Set)}); {@link #peakAll()} counts every new descendant.
 *
 * <pre>{@code
 * try (WorkerCensus census = WorkerCensus.start()) {
 *     … run the pool …
 *     census.close();
 *     WorkerCensus.Peak p = census.peak(pidsTasksReported);
 * }
 * }</pre>
 */
final class WorkerCensus implements AutoCloseable {

    /** The pause between two samples: short enough to see a worker that overlaps its replacement by a few ms. */
    static final long PAUSE_NANOS = 1_000_000L;

    /** The most processes of a set alive in one sample, which they were, and when. */
    static final class Peak {
        final int count;
        final Set<Long> pids;
        final long nanos;

        Peak(int count, Set<Long> pids, long nanos) {
            this.count = count;
            this.pids = pids;
            this.nanos = nanos;
        }

        @Override
        public String toString() {
            return count + " alive at once " + pids;
        }
    }

    private final long self = ProcessHandle.current().pid();
    /** Pids that are not ours to count: there before the census, or not descendants of the kit JVM. */
    private final Set<Long> ignored = new HashSet<>();
    private final Set<Long> descendants = new HashSet<>();
    /** pid → {first sample, last sample} in which it was alive and not a zombie. */
    private final Map<Long, int[]> lives = new HashMap<>();
    private final Set<Long> ended = new HashSet<>();
    /** pid → its command name when first seen alive, and its parent, for failure messages. */
    private final Map<Long, String> names = new HashMap<>();
    private final List<Long> sampleNanos = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean stopped;
    private volatile RuntimeException failure;

    private WorkerCensus() {
        ignored.addAll(pids());
        sampler = new Thread(this::loop, "mpkit-kit-worker-census");
        sampler.setDaemon(true);
    }

    /** Starts sampling; every process present now is left out of the count. */
    static WorkerCensus start() {
        WorkerCensus c = new WorkerCensus();
        c.sampler.start();
        return c;
    }

    private void loop() {
        try {
            while (!stopped) {
                sample();
                LockSupport.parkNanos(PAUSE_NANOS); // the sampling period, not a wait for anything
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /** Stops sampling, after one last sample; idempotent. */
    @Override
    public void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        LockSupport.unpark(sampler);
        boolean interrupted = false;
        while (sampler.isAlive()) {
            try {
                sampler.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        sample();
        if (failure != null) {
            throw new IllegalStateException("kit: the worker census failed", failure);
        }
    }

    private synchronized void sample() {
        int idx = sampleNanos.size();
        long now = System.nanoTime();
        Set<Long> present = pids();
        Map<Long, Long> parentOfNew = new HashMap<>();
        for (Long pid : present) {
            if (!ignored.contains(pid) && !descendants.contains(pid) && !ended.contains(pid)) {
                String stat = stat(pid);
                if (stat != null) {
                    parentOfNew.put(pid, ppid(stat));
                }
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (var it = parentOfNew.entrySet().iterator(); it.hasNext();) {
                Map.Entry<Long, Long> e = it.next();
                if (e.getValue() == self || descendants.contains(e.getValue())) {
                    descendants.add(e.getKey());
                    it.remove();
                    changed = true;
                }
            }
        }
        ignored.addAll(parentOfNew.keySet());
        for (Long pid : descendants) {
            if (ended.contains(pid)) {
                continue;
            }
            String stat = present.contains(pid) ? stat(pid) : null;
            char state = stat == null ? 'X' : state(stat);
            if (state == 'Z' || state == 'X' || state == 'x') {
                ended.add(pid);
                continue;
            }
            int[] life = lives.computeIfAbsent(pid, p -> new int[] {idx, idx});
            life[1] = idx;
            String known = names.get(pid);
            if (known == null || known.startsWith("jspawnhelper")) {
                names.put(pid, comm(stat) + ", parent " + ppid(stat)); // jspawnhelper execs the JVM
            }
        }
        sampleNanos.add(now);
    }

    /** The pids alive (not zombies) in the latest sample, among the processes that appeared since the start. */
    synchronized Set<Long> aliveNow() {
        int last = sampleNanos.size() - 1;
        Set<Long> r = new TreeSet<>();
        lives.forEach((pid, life) -> {
            if (life[1] == last && !ended.contains(pid)) {
                r.add(pid);
            }
        });
        return r;
    }

    /** Every process seen alive since the start that descends from the kit JVM. */
    synchronized Set<Long> seen() {
        return new TreeSet<>(lives.keySet());
    }

    /** Each pid with its command name and parent when first seen, for failure messages. */
    synchronized String describe(Set<Long> pids) {
        StringBuilder b = new StringBuilder("[");
        for (Long pid : new TreeSet<>(pids)) {
            b.append(b.length() > 1 ? ", " : "").append(pid).append(" (").append(names.getOrDefault(pid, "?"))
                    .append(")");
        }
        return b.append("]").toString();
    }

    /** The most processes of {@code pids} alive in one sample. */
    synchronized Peak peak(Set<Long> pids) {
        int samples = sampleNanos.size();
        int[] delta = new int[samples + 1];
        for (Map.Entry<Long, int[]> e : lives.entrySet()) {
            if (pids.contains(e.getKey())) {
                delta[e.getValue()[0]]++;
                delta[e.getValue()[1] + 1]--;
            }
        }
        int best = 0;
        int at = -1;
        int n = 0;
        for (int s = 0; s < samples; s++) {
            n += delta[s];
            if (n > best) {
                best = n;
                at = s;
            }
        }
        Set<Long> who = new TreeSet<>();
        if (at >= 0) {
            for (Map.Entry<Long, int[]> e : lives.entrySet()) {
                if (pids.contains(e.getKey()) && e.getValue()[0] <= at && at <= e.getValue()[1]) {
                    who.add(e.getKey());
                }
            }
        }
        return new Peak(best, who, at >= 0 ? sampleNanos.get(at) : 0);
    }

    /** The most new descendants of the kit JVM alive in one sample, workers or not. */
    synchronized Peak peakAll() {
        return peak(lives.keySet());
    }

    /** How many samples were taken, and their mean period, for failure messages. */
    synchronized String quality() {
        int n = sampleNanos.size();
        if (n < 2) {
            return n + " sample(s)";
        }
        long span = sampleNanos.get(n - 1) - sampleNanos.get(0);
        return n + " samples over " + Duration.ofNanos(span).toMillis() + " ms, one every "
                + String.format("%.2f", span / 1e6 / (n - 1)) + " ms on average";
    }

    private static Set<Long> pids() {
        Set<Long> r = new HashSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Paths.get("/proc"), "[0-9]*")) {
            for (Path p : ds) {
                try {
                    r.add(Long.parseLong(p.getFileName().toString()));
                } catch (NumberFormatException ignoredName) {
                    // not a process
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("kit: cannot list /proc, which the worker census needs", e);
        }
        return r;
    }

    /** /proc/PID/stat, or null if the process is gone. */
    private static String stat(long pid) {
        try {
            return Files.readString(Paths.get("/proc/" + pid + "/stat"));
        } catch (IOException e) {
            return null;
        }
    }

    private static char state(String stat) {
        int close = stat.lastIndexOf(')');
        return close > 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : 'X';
    }

    private static String comm(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        return open >= 0 && close > open ? stat.substring(open + 1, close) : "?";
    }

    private static long ppid(String stat) {
        int close = stat.lastIndexOf(')');
        String[] f = stat.substring(close + 2).split(" ", 3);
        try {
            return Long.parseLong(f[1]);
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
