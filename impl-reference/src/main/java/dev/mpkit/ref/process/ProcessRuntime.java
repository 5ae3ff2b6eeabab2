package dev.mpkit.ref.process;

import dev.mpkit.ChildProcess;
import dev.mpkit.ProcessInfo;
import dev.mpkit.ref.os.ControlChannel;
import dev.mpkit.ref.os.ControlServer;
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
 * A child is a fresh JVM running ChildMain. The parent binds one Unix-domain control socket per JVM (in a
 * private mpkit-<pid>-<nonce> directory), starts the child with a random token, and when the child connects and
 * says HELLO with that token, sends it a PAYLOAD: the ChildBoot record holding the serialized ChildProcess.
 * The child runs it, then sends EXIT with its exit code and halts; a child leaving through System.exit sends
 * ORDERLY from a shutdown hook instead, so that its OS status counts as its exit code. The parent decides the
 * exit code once the OS process has ended and the connection has closed (ExitCodes).
 *
 * The connection doubles as the child's view of its parent: when it closes without the parent having said
 * anything, the parent has died; a daemonic child then halts (DAEMON-08).
 *
 * Start-up. A child JVM starts from the class-data archive of its bootstrap when one exists (ChildArchive), and
 * start() hands the payload to a pre-started spare JVM when one is ready (SpareJvms), else launches a cold one.
 */
final class ProcessRuntime {

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
    private final Map<Long, ChildLink> pending = new ConcurrentHashMap<>();
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
        return key.equals(SOCKET_PROPERTY) || key.equals(TOKEN_PROPERTY) || key.equals(SPARE_PROPERTY)
                || key.equals(SELECTOR_PROVIDER_PROPERTY);
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
        return Optional.of(new Info(parentName, OptionalLong.of(ppid), false,
                () -> !parentGone && JvmProcess.isRunning(ppid))); // PROC-28
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

    ChildLink launch(boolean spare) {
        long token = Tokens.RANDOM.nextLong();
        try {
            Path socket = server().socket();
            ChildArchive a = archive();
            JvmProcess jvm = JvmProcess.start(ChildLauncher.command(socket, token, spare, a.useFlags(),
                    selectorProvider));
            ChildLink link = new ChildLink(token, jvm);
            pending.put(token, link);
            link.exit.whenComplete((c, e) -> pending.remove(token));
            a.trainIfMissing(this, (flags, t) -> QuietProcess.start(
                    ChildLauncher.command(socket, t, false, flags, selectorProvider)));
            return link;
        } catch (IOException e) {
            throw new UncheckedIOException("[PROC-01] could not start a child JVM: " + e.getMessage(), e);
        }
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

    private synchronized ControlServer server() throws IOException {
        if (server == null) {
            RuntimeDirs.sweepStale();
            dir = RuntimeDirs.create();
            server = ControlServer.open(dir, this::onHello);
            selectorProvider = SelectorProviderHint.builtInProviderName();
        }
        return server;
    }

    private void onHello(long token, ControlChannel channel) {
        ChildLink link = pending.get(token);
        if (link == null) {
            ChildArchive a;
            synchronized (this) {
                a = archive;
            }
            if (a == null || !a.onHello(token, channel)) {
                channel.close(); // not a child of ours: refuse
            }
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
