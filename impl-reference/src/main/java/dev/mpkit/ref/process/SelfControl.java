package dev.mpkit.ref.process;

import dev.mpkit.spi.ProcessControl;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The control attached, inside the child, to the child's own deserialized {@code ChildProcess}: it reports the
 * child's identity, and refuses what only the creating process may do (Python's P-09).
 */
final class SelfControl implements ProcessControl {

    private final ProcessRuntime runtime;
    private volatile String name;

    SelfControl(ProcessRuntime runtime) {
        this.runtime = runtime;
        this.name = runtime.name();
    }

    private IllegalStateException onlyTheCreator(String what) {
        return new IllegalStateException("[PROC-26] can only " + what + " a child process from the process that"
                + " created it; this is " + name + " itself (pid " + runtime.pid() + ")");
    }

    @Override
    public void start() {
        throw onlyTheCreator("start");
    }

    @Override
    public void join() {
        throw onlyTheCreator("join");
    }

    @Override
    public boolean join(Duration timeout) {
        throw onlyTheCreator("join");
    }

    @Override
    public void terminate() {
        throw onlyTheCreator("terminate");
    }

    @Override
    public void kill() {
        throw onlyTheCreator("kill");
    }

    @Override
    public void close() {
        throw onlyTheCreator("close");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void setName(String name) {
        this.name = name;
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.of(runtime.pid());
    }

    @Override
    public boolean isDaemon() {
        return runtime.isDaemon();
    }

    @Override
    public void setDaemon(boolean daemon) {
        throw new IllegalStateException("[DAEMON-02] process has already started: " + name + " is running");
    }

    @Override
    public boolean isAlive() {
        return true;
    }

    @Override
    public OptionalInt exitCode() {
        return OptionalInt.empty();
    }

    @Override
    public String describe() {
        return "<" + name + " pid=" + runtime.pid() + " started" + (runtime.isDaemon() ? " daemon>" : ">");
    }
}
