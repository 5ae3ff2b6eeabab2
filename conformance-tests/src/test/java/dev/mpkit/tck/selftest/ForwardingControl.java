package dev.mpkit.tck.selftest;

import dev.mpkit.spi.ProcessControl;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** A process control that forwards everything to another; mutants override the one thing they break. */
class ForwardingControl implements ProcessControl {

    final ProcessControl base;

    ForwardingControl(ProcessControl base) {
        this.base = base;
    }

    @Override
    public void start() {
        base.start();
    }

    @Override
    public void join() throws InterruptedException {
        base.join();
    }

    @Override
    public boolean join(Duration timeout) throws InterruptedException {
        return base.join(timeout);
    }

    @Override
    public void terminate() {
        base.terminate();
    }

    @Override
    public void kill() {
        base.kill();
    }

    @Override
    public void close() {
        base.close();
    }

    @Override
    public String name() {
        return base.name();
    }

    @Override
    public void setName(String name) {
        base.setName(name);
    }

    @Override
    public OptionalLong pid() {
        return base.pid();
    }

    @Override
    public boolean isDaemon() {
        return base.isDaemon();
    }

    @Override
    public void setDaemon(boolean daemon) {
        base.setDaemon(daemon);
    }

    @Override
    public boolean isAlive() {
        return base.isAlive();
    }

    @Override
    public OptionalInt exitCode() {
        return base.exitCode();
    }

    @Override
    public String describe() {
        return base.describe();
    }
}
