package dev.mpkit.ref.process;

import dev.mpkit.ChildProcess;
import dev.mpkit.ProcessInfo;
import dev.mpkit.ref.os.ControlChannel;
import dev.mpkit.ref.os.ControlServer;
import dev.mpkit.ref.os.Frames;
import dev.mpkit.ref.os.JvmProcess;
import dev.mpkit.ref.os.Pids;
import dev.mpkit.ref.os.QuietProcess;
import dev.mpkit.ref.os.RuntimeDirs;
import dev.mpkit.ref.os.SelectorProviderHint;
import dev.mpkit.ref.os.SharedMemoryFiles;
import dev.mpkit.ref.sync.SyncPrimitives;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reference's per-JVM process state: who this process is, the children it started, the control socket
 * they connect back to, and the exit sequence that runs when this JVM ends.
 */
/* Overview
 *
 * A child is a fresh JVM running ChildMain. A cold child is launched with a pipe as its standard input, and the
 * parent writes the PAYLOAD into it at once: the ChildBoot record holding the serialized ChildProcess. The child
 * runs it, then appends EXIT with its exit code to its report file in this JVM's private mpkit-<pid>-<nonce>
 * directory and halts; a child leaving through System.exit appends ORDERLY from a shutdown hook instead, so that
 * its OS status counts as its exit code. The parent decides the exit code once the OS process has ended, from the
 * report and the status (ExitCodes).
 *
 * The pipe doubles as the child's view of its parent: only the parent holds its other end, so the child reads end
 * of stream when the parent has died, by any death; a daemonic child then halts (DAEMON-08).
 *
 * Spare JVMs (SpareJvms) start before there is work for them, so they cannot get it on standard input at launch:
 * a spare connects back over this JVM's Unix-domain control socket, says HELLO with its random token once it is
 * ready, and receives its PAYLOAD, sends its EXIT or ORDERLY, and sees its parent's death on that connection.
 *
 * Start-up. A child JVM starts from the class-data archive of its bootstrap when one exists (ChildArchive), and
 * start() hands the payload to a pre-started spare JVM when one is ready, else launches a cold one.
 */
final class ProcessRuntime {

    static final String REPORT_PROPERTY = "mpkit.ref.report";
    static final String REHEARSE_PROPERTY = "mpkit.ref.rehearseSpare";
    /** Set for a training JVM (ChildArchive): it rehearses deserializing a process from a stream too. */
    static final String TRAINING_PROPERTY = "mpkit.ref.training";
    static final String SOCKET_PROPERTY = "mpkit.ref.socket";
    static final String TOKEN_PROPERTY = "mpkit.ref.token";
    static final String SPARE_PROPERTY = "mpkit.ref.spare";
    static final String SELECTOR_PROVIDER_PROPERTY = "mpkit.ref.selectorProvider";

    private static final ProcessRuntime INSTANCE = new ProcessRuntime();

    private volatile String name = "MainProcess";
    private volatile boolean daemon;
    private volatile int[] identity = new int[0];
    private volatile String parentName;
    private volatile long parentPid = -1;
    private volatile boolean parentGone;
    private final long pid = Pids.current();
    private final AtomicInteger counter = new AtomicInteger();
    private final Set<JvmChildControl> children = new CopyOnWriteArraySet<>();
    private final AtomicInteger reports = new AtomicInteger();
    private final Map<Long, SocketChildLink> pending = new ConcurrentHashMap<>();
    private Path dir;
    private ControlServer server;
    private String selectorProvider;
    private ChildArchive archive;
    private SpareJvms spares;
    private volatile boolean exitSequenceDone;

    private ProcessRuntime() {
        Runtime.getRuntime().addShutdownHook(new Thread(new ExitSequence(this), "mpkit-exit"));
    }

    /** This JVM's runtime. */
    static ProcessRuntime get() {
        return INSTANCE;
    }

    static boolean isChildOnlyProperty(String key) {
        return key.equals(REPORT_PROPERTY) || key.equals(REHEARSE_PROPERTY) || key.equals(TRAINING_PROPERTY)
                || key.equals(SOCKET_PROPERTY) || key.equals(TOKEN_PROPERTY)
                || key.equals(SPARE_PROPERTY) || key.equals(SELECTOR_PROVIDER_PROPERTY);
    }

    // ------------------------------------------------------------------------------------------ identity

    void becomeChild(ChildBoot boot) {
        this.name = boot.name;
        this.daemon = boot.daemon;
        this.identity = boot.identity.clone();
        this.parentName = boot.parentName;
        this.parentPid = boot.parentPid;
        SyncPrimitives.nameThisProcess(boot.name); // LOCK-19
    }

    void parentGone() {
        parentGone = true;
    }

    boolean isDaemon() {
        return daemon;
    }

    /** Whether this JVM is a child started by a parent, rather than the main process. */
    boolean isChild() {
        return parentPid >= 0;
    }

    String name() {
        return name;
    }

    long pid() {
        return pid;
    }

    /** Python's name for the next process: {@code Process-N[:M…]}, N counted per creating process (PROC-05). */
    String nextName(Class<?> type) {
        int n = counter.incrementAndGet();
        int[] id = identity;
        StringBuilder b = new StringBuilder();
        String simple = type.getSimpleName();
        b.append(type == ChildProcess.class || simple.isEmpty() ? "Process" : simple).append('-'); // PROC-07
        for (int i : id) {
            b.append(i).append(':'); // PROC-06: a child's children carry its identity
        }
        b.append(n);
        return b.toString();
    }

    int[] childIdentity(String assignedName) {
        int[] id = identity;
        int[] r = java.util.Arrays.copyOf(id, id.length + 1);
        int colon = assignedName.lastIndexOf(':');
        int dash = assignedName.lastIndexOf('-');
        int start = Math.max(colon, dash) + 1;
        try {
            r[id.length] = Integer.parseInt(assignedName.substring(start));
        } catch (NumberFormatException e) {
            r[id.length] = counter.get();
        }
        return r;
    }

    ProcessInfo currentProcess() {
        return new Info(name, OptionalLong.of(pid), daemon, () -> true);
    }

    Optional<ProcessInfo> parentProcess() {
        if (parentPid < 0) {
            return Optional.empty(); // PROC-27: the main process has no parent
        }
        long ppid = parentPid;
        return Optional.of(new Info(parentName, OptionalLong.of(ppid), false, // PROC-28: adopted means orphaned
                () -> !parentGone && Pids.parentOfCurrent() == ppid && JvmProcess.isRunning(ppid)));
    }

    // ------------------------------------------------------------------------------------------ children

    /** A JVM for a process about to start: a ready spare if there is one, else a cold child. */
    ChildLink acquire() {
        SpareJvms s = sparesIfEnabled();
        ChildLink spare = s == null ? null : s.take();
        return spare != null ? spare : launch(false);
    }

    /** Fills the spare pool, if one is configured; called when this process makes a process object. */
    void prepareSpares() {
        if (!daemon) { // DAEMON-06: a daemonic process starts no children
            SpareJvms s = sparesIfEnabled();
            if (s != null) {
                s.start();
            }
        }
    }

    /** Launches a child JVM: a spare, which connects back and waits for work, or a cold child for work at hand. */
    ChildLink launch(boolean spare) {
        try {
            ChildArchive a = archive();
            ChildLink link = spare ? launchSpare(a.useFlags()) : launchCold(a.useFlags());
            a.trainIfMissing(this, (flags, payload) -> QuietProcess.startPiped(
                    ChildLauncher.command(trainingProperties(), flags), Frames.PAYLOAD, payload));
            return link;
        } catch (IOException e) {
            throw new UncheckedIOException("[PROC-01] could not start a child JVM: " + e.getMessage(), e);
        }
    }

    private ChildLink launchCold(List<String> archiveFlags) throws IOException {
        Path report = newReportFile();
        return new PipeChildLink(JvmProcess.startPiped(ChildLauncher.command(coldProperties(report), archiveFlags)),
                report);
    }

    /** The path of a new cold child's report file, in this JVM's private directory; the child creates it. */
    private Path newReportFile() throws IOException {
        return dir().resolve("exit-" + reports.incrementAndGet());
    }

    /** A cold child's own {@code -D} options: where it reports how it ended. */
    private static List<String> coldProperties(Path report) {
        return List.of("-D" + REPORT_PROPERTY + "=" + report);
    }

    /**
     * A training JVM's own {@code -D} options: a cold child's, and what it needs if it rehearses a spare's path
     * ({@link Prewarm#rehearseSpareLink()}).
     */
    private List<String> trainingProperties() throws IOException {
        List<String> properties = new ArrayList<>(coldProperties(newReportFile()));
        String provider = SelectorProviderHint.builtInProviderName();
        if (provider != null) {
            properties.add("-D" + SELECTOR_PROVIDER_PROPERTY + "=" + provider);
        }
        return properties;
    }

    private ChildLink launchSpare(List<String> archiveFlags) throws IOException {
        long token = Tokens.RANDOM.nextLong();
        Path socket = server().socket();
        List<String> properties = new ArrayList<>();
        properties.add("-D" + SOCKET_PROPERTY + "=" + socket);
        properties.add("-D" + TOKEN_PROPERTY + "=" + token);
        properties.add("-D" + SPARE_PROPERTY + "=true");
        if (selectorProvider != null) {
            properties.add("-D" + SELECTOR_PROVIDER_PROPERTY + "=" + selectorProvider);
        }
        SocketChildLink link = new SocketChildLink(token,
                JvmProcess.start(ChildLauncher.command(properties, archiveFlags)));
        pending.put(token, link);
        link.exit.whenComplete((c, e) -> pending.remove(token));
        return link;
    }

    private synchronized ChildArchive archive() {
        if (archive == null) {
            archive = ChildArchive.of(ChildLauncher.options(), ChildLauncher.userOptions());
        }
        return archive;
    }

    private synchronized SpareJvms sparesIfEnabled() {
        if (spares == null) {
            spares = SpareJvms.of(this);
        }
        return spares.enabled() && !exitSequenceDone ? spares : null;
    }

    void register(JvmChildControl c) {
        children.add(c);
    }

    void unregister(JvmChildControl c) {
        children.remove(c);
    }

    List<JvmChildControl> children() {
        return new ArrayList<>(children);
    }

    /** This JVM's private directory, made on first use. */
    private synchronized Path dir() throws IOException {
        if (dir == null) {
            RuntimeDirs.sweepStale();
            dir = RuntimeDirs.create();
        }
        return dir;
    }

    private synchronized ControlServer server() throws IOException {
        if (server == null) {
            server = ControlServer.open(dir(), this::onHello);
            selectorProvider = SelectorProviderHint.builtInProviderName();
        }
        return server;
    }

    private void onHello(long token, ControlChannel channel) {
        SocketChildLink link = pending.get(token);
        if (link == null) {
            channel.close(); // not a child of ours: refuse
            return;
        }
        link.connected(channel);
        SpareJvms s;
        synchronized (this) {
            s = spares;
        }
        if (s != null) {
            s.connected(link);
        }
    }

    // ------------------------------------------------------------------------------------------ exit

    /**
     * Python's exit function (P-26): terminate the daemonic children first, then join all children. Runs once,
     * from the shutdown hook or at the end of a child's run().
     */
    void runExitSequence() {
        SpareJvms s;
        ChildArchive a;
        synchronized (this) {
            if (exitSequenceDone) {
                return;
            }
            exitSequenceDone = true;
            s = spares;
            a = archive;
        }
        List<ChildLink> unusedSpares = s == null ? null : s.close(); // spares are nobody's children
        List<JvmChildControl> all = children();
        for (JvmChildControl c : all) {
            if (c.daemonFlag()) {
                c.terminateQuietly(); // DAEMON-03, DAEMON-05: daemons first
            }
        }
        for (JvmChildControl c : all) {
            c.awaitExitQuietly(); // DAEMON-04: then wait for every child
        }
        if (unusedSpares != null) {
            SpareJvms.awaitEnded(unusedSpares, Duration.ofSeconds(5));
        }
        if (a != null) {
            a.awaitTraining(); // nothing of a training is left running or half-written
        }
        synchronized (this) {
            if (server != null) {
                server.close();
            }
            RuntimeDirs.delete(dir); // SPI-07
        }
        if (!isChild()) {
            SharedMemoryFiles.deleteIfOwned(); // no lock or semaphore file outlives the run, once children are joined
        }
    }

    /** The exit sequence as a shutdown hook; a class, not a lambda, to keep a child's start-up lean. */
    private static final class ExitSequence implements Runnable {
        private final ProcessRuntime runtime;

        ExitSequence(ProcessRuntime runtime) {
            this.runtime = runtime;
        }

        @Override
        public void run() {
            runtime.runExitSequence();
        }
    }

    /** Child tokens; a holder, so that a child, which makes none, never initializes a SecureRandom for them. */
    private static final class Tokens {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    /** A snapshot of a process's identity. */
    private static final class Info implements ProcessInfo {
        private final String name;
        private final OptionalLong pid;
        private final boolean daemon;
        private final java.util.function.BooleanSupplier alive;

        Info(String name, OptionalLong pid, boolean daemon, java.util.function.BooleanSupplier alive) {
            this.name = name;
            this.pid = pid;
            this.daemon = daemon;
            this.alive = alive;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public OptionalLong pid() {
            return pid;
        }

        @Override
        public boolean isDaemon() {
            return daemon;
        }

        @Override
        public boolean isAlive() {
            return alive.getAsBoolean();
        }

        @Override
        public OptionalInt exitCode() {
            return OptionalInt.empty();
        }

        @Override
        public String toString() {
            return "<ProcessInfo name='" + name + "' pid=" + pid.orElse(-1) + (daemon ? " daemon>" : ">");
        }
    }

    static Duration orZero(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
