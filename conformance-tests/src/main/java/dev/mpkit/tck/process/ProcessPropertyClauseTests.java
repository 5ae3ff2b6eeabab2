package dev.mpkit.tck.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.ChildProcess;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.tck.support.ChildWork;
import dev.mpkit.tck.support.Children;
import dev.mpkit.tck.support.Clause;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.Kit;
import dev.mpkit.tck.support.KitPropertyHook;
import dev.mpkit.tck.support.ShrinkRecheckHook;
import dev.mpkit.tck.support.TimeScale;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Properties over generated inputs: ISO-03 and JOIN-01. Each try starts real children, so tries are few; a failing
 * property prints its seed, and the grading report repeats it.
 */
@AddLifecycleHook(KitPropertyHook.class)
@AddLifecycleHook(ShrinkRecheckHook.class)
class ProcessPropertyClauseTests {

    /**
     * Any lists of ints and strings passed as arguments arrive in the child equal to what the parent passed
     * (PROC-04), and the child's changes to them leave the parent's lists as they were.
     * <p>If this fails, check that the arguments are serialized into the child, not shared with it; the seed in the
     * report replays the same lists.
     */
    @Clause("ISO-03")
    @Property(tries = 5)
    void iso03_generatedArgumentsArriveEqualAndStayUnchangedInParent(
            @ForAll @Size(max = 8) List<Integer> ints,
            @ForAll @Size(max = 5) List<@StringLength(max = 12) String> strings,
            MultiprocessingContext mp, Kit kit) throws Exception {
        ArrayList<Integer> a = new ArrayList<>(ints);
        ArrayList<String> b = new ArrayList<>(strings);
        String passed = encode(a, b);
        EventLog log = kit.newEventLog();
        ChildProcess p = mp.newProcess(args -> {
            EventLog l = (EventLog) args[0];
            @SuppressWarnings("unchecked")
            List<Integer> i = (List<Integer>) args[1];
            @SuppressWarnings("unchecked")
            List<String> s = (List<String>) args[2];
            l.record("arrived " + encode(i, s));
            i.add(42);
            if (!i.isEmpty()) {
                i.set(0, i.get(0) == null ? 1 : i.get(0) + 1);
            }
            s.add("child");
            s.set(0, s.get(0) + "!");
            l.record("changed " + encode(i, s));
        }, log, a, b);
        try {
            p.start();
            p.join();
            assertEquals(OptionalInt.of(0), p.exitCode(), "[ISO-03] exit code of the child that changed its"
                    + " arguments");
            assertEquals(passed, kit.awaitValue(log, "arrived "), "[ISO-03] arguments as the child received them"
                    + " (PROC-04); ints=" + ints + " strings=" + strings);
            assertTrue(log.startingWith("changed ").size() == 1, "[ISO-03] the child did not change its arguments");
            assertEquals(passed, encode(a, b), "[ISO-03] the parent's arguments after the child changed its copies;"
                    + " ints=" + ints + " strings=" + strings);
        } finally {
            Children.stop(p);
        }
    }

    /**
     * Whatever the child's running time, when join() returns its last event is already recorded, exitCode() is 0
     * and isAlive() is false.
     * <p>If this fails, check that join() waits for the child's exit, whatever the child's timing; the seed in the
     * report replays the same durations.
     */
    @Clause("JOIN-01")
    @Property(tries = 5)
    void join01_afterJoinTheChildsLastEventIsRecorded(@ForAll @IntRange(min = 0, max = 400) int millis,
            MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess p = mp.newProcess(args -> {
            ChildWork.sleep((Long) args[1]);
            ((EventLog) args[0]).record("done");
        }, log, TimeScale.millis(millis).toMillis());
        try {
            p.start();
            p.join();
            long joined = System.nanoTime();
            EventLog.Event done = log.find("done").orElse(null);
            assertTrue(done != null && done.nanos < joined, "[JOIN-01] join() returned before a child that ran "
                    + millis + " ms recorded its last event; events: " + log.events());
            assertEquals(OptionalInt.of(0), p.exitCode(), "[JOIN-01] exitCode() after join()");
            assertFalse(p.isAlive(), "[JOIN-01] isAlive() after join()");
        } finally {
            Children.stop(p);
        }
    }

    /** An exact text form of the lists: ints in decimal, each string as the hex code of every char. */
    static String encode(List<Integer> ints, List<String> strings) {
        return ints + " " + strings.stream()
                .map(s -> s.chars().mapToObj(c -> String.format("%04x", c)).collect(Collectors.joining("", "<", ">")))
                .collect(Collectors.joining(",", "[", "]"));
    }
}
