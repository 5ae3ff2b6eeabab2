package dev.mpkit.tck.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What a kit test gets besides the provider's context: event logs it owns, a scratch directory, and the OS's
 * view of processes. Injected as a test method parameter by {@link ProviderExtension}.
 */
public final class Kit {

    private final Path dir;
    private final String clause;
    private int logs;

    Kit(Path dir, String clause) {
        this.dir = dir;
        this.clause = clause;
    }

    /** The clause of the running test. */
    public String clause() {
        return clause;
    }

    /** A new, empty event log for children to record into. */
    public synchronized EventLog newEventLog() {
        return new EventLog(dir.resolve("events-" + (++logs) + ".log"));
    }

    /** This test's scratch directory, removed after the test. */
    public Path dir() {
        return dir;
    }

    /** A path in the scratch directory. */
    public Path file(String name) {
        return dir.resolve(name);
    }

    /** Whether the OS says {@code pid} is running. */
    public boolean isRunning(long pid) {
        return ProcessTree.isAlive(pid);
    }

    /** Waits until the OS says {@code pid} is gone; the alias starts with the clause ID. */
    public void awaitGone(long pid, Duration atMost, String alias) {
        Timeouts.eventually(alias).atMost(atMost).until(() -> !ProcessTree.isAlive(pid));
    }

    /** Waits until {@code log} has an event with exactly {@code text}, and returns it. */
    public EventLog.Event awaitEvent(EventLog log, String text) {
        Timeouts.eventually(clause + " event '" + text + "' recorded by a child").until(() -> log.has(text));
        return log.find(text).orElseThrow();
    }

    /** Waits until {@code log} has an event starting with {@code prefix}, and returns its text after the prefix. */
    public String awaitValue(EventLog log, String prefix) {
        Timeouts.eventually(clause + " event '" + prefix + "…' recorded by a child")
                .until(() -> log.valueOf(prefix).isPresent());
        return log.valueOf(prefix).orElseThrow();
    }

    static Kit create(String clause) {
        try {
            return new Kit(Files.createTempDirectory(KitSession.get().scratch(), clause + "-"), clause);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void cleanup() {
        KitSession.delete(dir);
    }
}
