package dev.mpkit.tck.sync;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.Acquirable;
import dev.mpkit.ChildProcess;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.tck.support.Children;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.Kit;
import dev.mpkit.tck.support.Timeouts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Children that acquire something and then die while they hold it, in each of the three ways a process ends:
 * returning, throwing, being killed (LOCK-09, LOCK-15, SEM-15). All of them run at once; the test then looks at
 * what each left behind.
 */
final class HolderDeaths {

    /** How the holder ends: returns normally, throws out of its target, or is killed by the test. */
    static final List<String> ENDINGS = List.of("exit", "throw", "kill");

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
        long sleep = (ending.equals("kill") ? Timeouts.LONG_SLEEP : Timeouts.MUST_HAPPEN).toMillis();
        ChildProcess p = mp.newProcess(SyncTargets::holdThenEnd, log, a, ending, sleep);
        children.put(ending, p);
        logs.put(ending, log);
        held.put(ending, a);
        p.start();
    }

    /** Waits until the child of {@code ending} has acquired and is gone (killing it first if so), and returns what it held. */
    Acquirable awaitDead(String ending) throws InterruptedException {
        EventLog log = logs.get(ending);
        ChildProcess p = children.get(ending);
        Timeouts.eventually(clause + " a child acquires before it " + describe(ending))
                .until(() -> log.has("acquired") || log.has("could not acquire"));
        assertTrue(log.has("acquired"), "[" + clause + "] a child could not acquire a new primitive: "
                + log.events());
        if (ending.equals("kill")) {
            p.kill();
        }
        assertTrue(p.join(Timeouts.MUST_HAPPEN), "[" + clause + "] the child that " + describe(ending) + " while"
                + " holding did not end within " + Timeouts.MUST_HAPPEN);
        return held.get(ending);
    }

    /** How {@code ending} reads in a message: "returned normally", "threw", "was killed". */
    static String describe(String ending) {
        switch (ending) {
            case "exit":
                return "returned normally";
            case "throw":
                return "threw";
            default:
                return "was killed";
        }
    }

    /** Stops whatever still runs. */
    void stop() {
        Children.stop(children.values().toArray(new ChildProcess[0]));
    }
}
