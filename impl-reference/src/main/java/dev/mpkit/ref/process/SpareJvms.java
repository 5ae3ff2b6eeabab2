package dev.mpkit.ref.process;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Child JVMs started ahead of need, connected and prewarmed, each waiting for exactly one process: the JVM's
 * answer to CPython's forkserver. {@code mpkit.ref.spares=N} keeps N of them; 0, the default, keeps none.
 */
/* Overview
 *
 * A spare is a child JVM launched with -Dmpkit.ref.spare=true: ChildMain prewarms (decodes a sample boot record,
 * deserializes and runs a sample process), then connects and says HELLO, and waits for its PAYLOAD. HELLO thus
 * means ready. start() takes the oldest ready spare and sends it the payload; the spare then runs exactly as a
 * cold child does, so every process still starts from a fresh JVM state (ISO-01), and a spare serves one
 * process. With no ready spare, start() launches a cold child. Taken spares are replaced in the background once
 * no process has been started for REFILL_DELAY: a starting JVM takes a core for tens of milliseconds, and on a
 * small machine it would slow down the processes just started, or a burst still starting.
 *
 * A spare is nobody's child until taken: it is not in ProcessRuntime's children, so activeChildren() and the
 * exit sequence's joins never see it. When the parent dies, the spare reads end of stream before any payload
 * and halts (ChildMain); a spare still booting finds no one to connect to and halts too. The exit sequence ends
 * unused spares: it closes the connection of ready ones and sends SIGTERM to those still booting. A spare that
 * dies unused is replaced, at most MAX_REPLACEMENTS times in a row, so that a broken JVM does not loop.
 *
 * The pool fills when this process first makes a process object, not at start-up: a process that never starts
 * children never pays for spares.
 */
final class SpareJvms {

    static final String PROPERTY = "mpkit.ref.spares";

    private static final int MAX_REPLACEMENTS = 3;
    private static final long REFILL_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ProcessRuntime runtime;
    private final int size;
    private final ScheduledExecutorService launcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mpkit-spares");
        t.setDaemon(true);
        return t;
    });
    private final ArrayDeque<ChildLink> ready = new ArrayDeque<>();
    private final Set<ChildLink> booting = new HashSet<>();
    private int scheduled;
    private int deathsInARow;
    private boolean closed;
    private long lastStart;
    private boolean refillPending;
    private boolean started;

    private SpareJvms(ProcessRuntime runtime, int size) {
        this.runtime = runtime;
        this.size = size;
    }

    static SpareJvms of(ProcessRuntime runtime) {
        int n;
        try {
            n = Integer.parseInt(System.getProperty(PROPERTY, "0").trim());
        } catch (NumberFormatException e) {
            n = 0;
        }
        return new SpareJvms(runtime, Math.max(0, n));
    }

    boolean enabled() {
        return size > 0;
    }

    /** Fills the pool the first time; later, take() and the loss of a spare refill it. */
    synchronized void start() {
        if (!started) {
            started = true;
            fill();
        }
    }

    /** Launches spares in the background until {@code size} are ready or booting. */
    private synchronized void fill() {
        if (closed || size == 0) {
            return;
        }
        int missing = size - ready.size() - booting.size() - scheduled;
        for (int i = 0; i < missing; i++) {
            scheduled++;
            launcher.execute(this::launchOne);
        }
    }

    /**
     * A ready spare, no longer a spare, or {@code null}; called for every process started, so that the pool is
     * refilled once starts pause.
     */
    synchronized ChildLink take() {
        if (size == 0) {
            return null;
        }
        ChildLink l;
        while ((l = ready.pollFirst()) != null) {
            if (!l.exit.isDone() && l.jvm.isAlive()) {
                deathsInARow = 0;
                break;
            }
        }
        lastStart = System.nanoTime();
        if (!refillPending && !closed) {
            refillPending = true;
            launcher.schedule(this::refillWhenQuiet, REFILL_DELAY_NANOS, TimeUnit.NANOSECONDS);
        }
        return l;
    }

    private synchronized void refillWhenQuiet() {
        long quiet = System.nanoTime() - lastStart;
        if (quiet < REFILL_DELAY_NANOS && !closed) {
            launcher.schedule(this::refillWhenQuiet, REFILL_DELAY_NANOS - quiet, TimeUnit.NANOSECONDS);
            return;
        }
        refillPending = false;
        fill();
    }

    /** Called when a child's HELLO arrived: a spare that says HELLO is ready. */
    synchronized void connected(ChildLink l) {
        if (booting.remove(l)) {
            ready.addLast(l);
        }
    }

    private void launchOne() {
        ChildLink l;
        try {
            l = runtime.launch(true);
        } catch (RuntimeException e) {
            synchronized (this) {
                scheduled--;
                deathsInARow = MAX_REPLACEMENTS; // cannot launch at all: stop trying
            }
            return;
        }
        synchronized (this) {
            scheduled--;
            if (closed) {
                l.jvm.sigterm();
                return;
            }
            booting.add(l);
        }
        l.exit.whenComplete((code, e) -> died(l));
    }

    private synchronized void died(ChildLink l) {
        boolean unused = booting.remove(l) | ready.remove(l);
        if (unused && !closed && ++deathsInARow <= MAX_REPLACEMENTS) {
            fill();
        }
    }

    /** In the exit sequence: no more spares; ready ones are disconnected, booting ones terminated. */
    List<ChildLink> close() {
        List<ChildLink> ending;
        synchronized (this) {
            closed = true;
            ending = new ArrayList<>(ready);
            ending.addAll(booting);
            for (ChildLink l : ready) {
                l.disconnect(); // the spare halts at end of stream
            }
            for (ChildLink l : booting) {
                l.jvm.sigterm(); // -Xrs: ends at once, silently
            }
            ready.clear();
            booting.clear();
        }
        return ending;
    }

    /** Waits for the ended spares' exit, at most {@code budget} in all; kills those still running then. */
    static void awaitEnded(List<ChildLink> ending, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        for (ChildLink l : ending) {
            try {
                l.exit.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                l.jvm.sigkill();
            }
        }
    }
}
