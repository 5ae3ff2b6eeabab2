package dev.mpkit.ref.process;

import dev.mpkit.ChildProcess;
import dev.mpkit.ProcessOptions;
import dev.mpkit.ref.sync.ChildStartPending;
import dev.mpkit.ref.sync.SyncPrimitives;
import dev.mpkit.spi.ProcessControl;
import java.io.IOException;
import java.io.NotSerializableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** The parent's control of one {@link ChildProcess}: each process is a fresh JVM (ISO-01). */
final class JvmChildControl implements ProcessControl {

    private enum State { INITIAL, STARTED, CLOSED }

    private final ProcessRuntime runtime;
    private final ChildProcess process;
    private volatile String name;
    private volatile boolean daemon;
    private volatile State state = State.INITIAL;
    private volatile ChildLink link;

    JvmChildControl(ProcessRuntime runtime, ChildProcess process, ProcessOptions options) {
        this.runtime = runtime;
        this.process = process;
        String assigned = runtime.nextName(process.getClass()); // PROC-05: every object counts
        this.name = options.name().orElse(assigned);
        this.daemon = options.daemon().orElse(runtime.isDaemon()); // DAEMON-01, DAEMON-07
        this.identityName = assigned;
        runtime.prepareSpares(); // a process that makes process objects will want spare JVMs
    }

    private final String identityName;

    @Override
    public void start() {
        byte[] payload;
        synchronized (this) {
            checkNotClosed();
            if (state != State.INITIAL) {
                throw new IllegalStateException("[PROC-20] cannot start a process twice: " + name + " is already "
                        + (link != null && link.exit.isDone() ? "stopped" : "started") + " with pid " + link.jvm.pid());
            }
            if (runtime.isDaemon()) {
                throw new IllegalStateException("[DAEMON-06] daemonic processes are not allowed to have children: "
                        + runtime.name() + " (pid " + runtime.pid() + ") is daemonic and cannot start " + name);
            }
            List<ChildStartPending> pending = new ArrayList<>();
            ChildLink l;
            try {
                payload = payload(pending); // PROC-29: fails here, in the parent, before any JVM starts
                l = runtime.acquire(); // a ready spare JVM, else a cold one
            } catch (RuntimeException | Error e) {
                pending.forEach(ChildStartPending::abandoned);
                throw e;
            }
            pending.forEach(p -> p.started(l.exit)); // PIPE: keepers held until the child has its copies
            link = l;
            state = State.STARTED;
            runtime.register(this);
            l.exit.whenComplete((code, e) -> runtime.unregister(this));
        }
        link.deliver(payload);
    }

    /** The PAYLOAD body: the boot record, with this process object serialized in it (PROC-29). */
    private byte[] payload(List<ChildStartPending> pending) {
        byte[] bytes;
        List<String> classes = new ArrayList<>();
        SyncPrimitives.beginChildStart(); // LOCK-16: locks and semaphores may travel only to a starting child
        boolean serialized = false;
        try {
            bytes = Serialization.serialize(process, classes);
            serialized = true;
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("[PROC-29] cannot start " + name + ": its target, a field or an"
                    + " argument is not serializable: " + e.getMessage() + " does not implement java.io.Serializable", e);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("[PROC-29] cannot start " + name + ": serializing its target,"
                    + " fields and arguments failed: " + e, e);
        } finally {
            List<ChildStartPending> registered = SyncPrimitives.endChildStart();
            if (serialized) {
                pending.addAll(registered);
            } else {
                registered.forEach(ChildStartPending::abandoned);
            }
        }
        Map<String, String> props = new HashMap<>();
        try {
            return BootCodec.encode(new ChildBoot(name, daemon, runtime.childIdentity(identityName),
                    runtime.name(), runtime.pid(), props, classes.toArray(new String[0]), bytes));
        } catch (IOException e) {
            throw new IllegalStateException("[PROC-01] could not encode the boot record of " + name, e);
        }
    }

    @Override
    public void join() throws InterruptedException {
        ChildLink l = started("[JOIN-02] can only join a started process: " + name + " was never started");
        l.awaitExit(Long.MAX_VALUE); // JOIN-01
    }

    @Override
    public boolean join(Duration timeout) throws InterruptedException {
        ChildLink l = started("[JOIN-02] can only join a started process: " + name + " was never started");
        if (timeout.isNegative() || timeout.isZero()) {
            return settled(l); // JOIN-05
        }
        return l.awaitExit(timeout.toNanos()); // JOIN-04; false: JOIN-03
    }

    /** Whether the child has exited; once the OS process is gone, waits briefly for its connection to close. */
    private static boolean settled(ChildLink l) {
        if (l.exit.isDone()) {
            return true;
        }
        if (l.jvm.isAlive()) {
            return false;
        }
        try {
            return l.awaitExit(TimeUnit.SECONDS.toNanos(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return l.exit.isDone();
        } catch (IllegalStateException e) {
            return l.exit.isDone();
        }
    }

    @Override
    public void terminate() {
        ChildLink l = started("[PROC-21] cannot terminate " + name + ": it was never started");
        if (!l.exit.isDone()) {
            l.jvm.sigterm(); // PROC-15; PROC-19: nothing once it has exited
        }
    }

    @Override
    public void kill() {
        ChildLink l = started("[PROC-21] cannot kill " + name + ": it was never started");
        if (!l.exit.isDone()) {
            l.jvm.sigkill(); // PROC-16
        }
    }

    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        ChildLink l = link;
        if (l != null && !settled(l)) {
            throw new IllegalStateException("[PROC-22] cannot close " + name + " (pid " + l.jvm.pid()
                    + ") while it is still running; call join() or terminate() first");
        }
        state = State.CLOSED;
        runtime.unregister(this);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void setName(String name) {
        checkNotClosed(); // PROC-22
        this.name = name;
    }

    @Override
    public OptionalLong pid() {
        checkNotClosed();
        ChildLink l = link;
        return l == null ? OptionalLong.empty() : OptionalLong.of(l.jvm.pid()); // PROC-09
    }

    @Override
    public boolean isDaemon() {
        checkNotClosed(); // PROC-22
        return daemon;
    }

    @Override
    public synchronized void setDaemon(boolean daemon) {
        checkNotClosed();
        if (state != State.INITIAL) {
            throw new IllegalStateException("[DAEMON-02] process has already started: cannot change the daemon"
                    + " flag of " + name + " after start()");
        }
        this.daemon = daemon;
    }

    @Override
    public boolean isAlive() {
        checkNotClosed();
        ChildLink l = link;
        return l != null && !settled(l); // PROC-10
    }

    @Override
    public OptionalInt exitCode() {
        checkNotClosed();
        ChildLink l = link;
        if (l == null || !settled(l)) {
            return OptionalInt.empty(); // PROC-11
        }
        return OptionalInt.of(l.exit.join());
    }

    @Override
    public String describe() {
        StringBuilder b = new StringBuilder("<").append(process.getClass() == ChildProcess.class
                ? "ChildProcess" : process.getClass().getSimpleName());
        b.append(" name='").append(name).append("'");
        ChildLink l = link;
        if (state == State.CLOSED) {
            b.append(" closed");
        } else if (l == null) {
            b.append(" parent=").append(runtime.pid()).append(" initial");
        } else if (l.exit.isDone()) {
            b.append(" pid=").append(l.jvm.pid()).append(" parent=").append(runtime.pid())
                    .append(" stopped exitcode=").append(ExitCodes.describe(l.exit.join()));
        } else {
            b.append(" pid=").append(l.jvm.pid()).append(" parent=").append(runtime.pid()).append(" started");
        }
        if (daemon) {
            b.append(" daemon");
        }
        return b.append('>').toString();
    }

    /** The daemon flag, readable even after close() (for the exit sequence). */
    boolean daemonFlag() {
        return daemon;
    }

    void terminateQuietly() {
        ChildLink l = link;
        if (l != null && !l.exit.isDone()) {
            l.jvm.sigterm();
        }
    }

    void awaitExitQuietly() {
        ChildLink l = link;
        if (l == null) {
            return;
        }
        try {
            l.exit.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException ignored) {
            // nothing to wait for
        }
    }

    boolean reap() {
        ChildLink l = link;
        return l != null && state == State.STARTED && !settled(l);
    }

    ChildProcess process() {
        return process;
    }

    private ChildLink started(String notStartedMessage) {
        checkNotClosed();
        ChildLink l = link;
        if (l == null) {
            throw new IllegalStateException(notStartedMessage);
        }
        return l;
    }

    private void checkNotClosed() {
        if (state == State.CLOSED) {
            throw new IllegalStateException("[PROC-22] process object is closed: " + name);
        }
    }
}
