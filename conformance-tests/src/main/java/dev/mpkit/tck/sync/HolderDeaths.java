package dev.mpkit.tck.sync;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.Acquirable;
import dev.mpkit.ChildProcess;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.tck.support.Children;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.Kit;
import dev.mpkit.tck.support.Timeouts;
import dev.mpkit.tck.support.Timed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Children that acquire something and then die while they hold it, in each of the ways of LOCK-09: returning,
 * throwing, System.exit, Runtime.halt, SIGTERM and SIGKILL (LOCK-09, LOCK-15, SEM-15). All of them run at once; the
 * test then looks at what each left behind.
 */
final class HolderDeaths {

    /** How the holder ends: see {@link SyncTargets#holdThenEnd}. */
    static final List<String> ENDINGS = List.of("return", "throw", "exit", "halt", "terminate", "kill");

    private final MultiprocessingContext mp;
    private final Kit kit;
    private final String clause;
    private final Map<String, ChildProcess> children = new HashMap<>();
    private final Map<String, EventLog> logs = new HashMap<>();
    private final Map<String, Acquirable> held = new HashMap<>();

    HolderDeaths(MultiprocessingContext mp, Kit kit, String clause) {
        this.mp = mp;
        this.kit = kit;
        this.clause = clause;
    }

    /** Starts a child that acquires {@code a} and ends as {@code ending} says. */
    void start(String ending, Acquirable a) {
        EventLog log = kit.newEventLog();
        boolean stopped = ending.equals("terminate") || ending.equals("kill");
        long sleep = (stopped ? Timeouts.LONG_SLEEP : Timeouts.MUST_HAPPEN).toMillis();
        ChildProcess p = mp.newProcess(SyncTargets::holdThenEnd, log, a, ending, sleep);
        children.put(ending, p);
        logs.put(ending, log);
        held.put(ending, a);
        p.start();
    }

    /**
     * Waits until the child of {@code ending} has acquired and is gone, killing it first if that is its ending, and
     * returns what it held.
     */
    Acquirable awaitDead(String ending) throws InterruptedException {
        EventLog log = logs.get(ending);
        ChildProcess p = children.get(ending);
        Timeouts.eventually(clause + " a child acquires before it " + describe(ending))
                .until(() -> log.has("acquired") || log.has("could not acquire"));
        assertTrue(log.has("acquired"), "[" + clause + "] a child could not acquire a new primitive: "
                + log.events());
        if (ending.equals("terminate")) {
            p.terminate();
        } else if (ending.equals("kill")) {
            p.kill();
        }
        assertTrue(p.join(Timeouts.MUST_HAPPEN), "[" + clause + "] the child that " + describe(ending) + " while"
                + " holding did not end within " + Timeouts.MUST_HAPPEN);
        return held.get(ending);
    }

    /** How {@code ending} reads in a message, for example "was killed (SIGKILL)". */
    static String describe(String ending) {
        switch (ending) {
            case "return":
                return "returned normally";
            case "throw":
                return "threw";
            case "exit":
                return "called System.exit(3)";
            case "halt":
                return "called Runtime.halt(4)";
            case "terminate":
                return "was terminated (SIGTERM)";
            default:
                return "was killed (SIGKILL)";
        }
    }

    /**
     * Waits until every holder is gone, then calls tryAcquire(timeout) on what each held, all at once, each on a
     * thread of its own; returns the results by ending.
     */
    Map<String, Timed<Boolean>> awaitAllDeadThenTry(Duration timeout) throws Exception {
        List<Acquirable> on = new ArrayList<>();
        for (String ending : ENDINGS) {
            on.add(awaitDead(ending));
        }
        List<Timed<Boolean>> tries = SyncChecks.timedTries(on, timeout, "[" + clause + "] tryAcquire(" + timeout
                + ") of what a child held when it died");
        Map<String, Timed<Boolean>> r = new LinkedHashMap<>();
        for (int i = 0; i < ENDINGS.size(); i++) {
            r.put(ENDINGS.get(i), tries.get(i));
        }
        return r;
    }

    /** What the child of {@code ending} held. */
    Acquirable held(String ending) {
        return held.get(ending);
    }

    /** Stops whatever still runs. */
    void stop() {
        Children.stop(children.values().toArray(new ChildProcess[0]));
    }
}
