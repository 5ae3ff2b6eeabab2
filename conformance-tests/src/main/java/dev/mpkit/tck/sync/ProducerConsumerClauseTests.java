package dev.mpkit.tck.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mpkit.ChildProcess;
import dev.mpkit.Multiprocessing;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.SharedLock;
import dev.mpkit.SharedSemaphore;
import dev.mpkit.tck.support.ChildWork;
import dev.mpkit.tck.support.Children;
import dev.mpkit.tck.support.Clause;
import dev.mpkit.tck.support.ClauseTests;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.Kit;
import dev.mpkit.tck.support.TimeScale;
import dev.mpkit.tck.support.Timeouts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The producer–consumer of tutorial 002 ({@code empty = Semaphore(2)}, {@code full = Semaphore(0)},
 * {@code lock = Lock()}, a {@code Producer} and a {@code Consumer} process): SEM-13 with the primitives passed to
 * the children, as it works under fork; SEM-14 with the primitives in static fields, which each child JVM makes
 * for itself, as under spawn, where the tutorial's author saw "only two producer lines". The tutorial's buffer is
 * an {@code mp.Queue}; here it is a file the kit owns, written under the lock, since QUEUE is tested on its own.
 */
@ClauseTests
class ProducerConsumerClauseTests {

    /** Items the producer makes and the consumer takes (the tutorial loops for ever). */
    static final int ITEMS = 20;
    /** How long each side holds the lock per item (the tutorial sleeps 1 s). */
    static final Duration HOLD = TimeScale.millis(3);
    /** SEM-14: how long nothing more may happen after the producer's two items. */
    static final Duration NOTHING_MORE = TimeScale.seconds(2);

    /**
     * The tutorial's producer and consumer, daemonic children that get empty = Semaphore(2), full = Semaphore(0)
     * and the lock as fields of their ChildProcess subclasses, pass 20 items through a two-slot buffer: in the
     * order of the event log, 0 ≤ puts − gets ≤ 2 at every point, and the consumer takes every item exactly once,
     * in the order it was put.
     * <p>If this fails, check SEM-03, SEM-05 and SEM-07 first: the consumer must see the producer's release() of
     * full, and the producer the consumer's release() of empty, across processes.
     */
    @Clause("SEM-13")
    @Test
    void sem13_tutorialProducerConsumerAlternatesAndLosesNothing(MultiprocessingContext mp, Kit kit)
            throws Exception {
        EventLog log = kit.newEventLog();
        Path buffer = Files.createFile(kit.file("buffer"));
        SharedSemaphore empty = mp.newSemaphore(2);
        SharedSemaphore full = mp.newSemaphore(0);
        SharedLock lock = mp.newLock();
        Producer p = new Producer(mp, new Shared(log, buffer.toString(), empty, full, lock));
        Consumer c = new Consumer(mp, new Shared(log, buffer.toString(), empty, full, lock));
        p.setDaemon(true);
        c.setDaemon(true);
        try {
            p.start();
            c.start();
            assertTrue(p.join(Timeouts.MUST_HAPPEN), "[SEM-13] the producer did not put its " + ITEMS + " items"
                    + " within " + Timeouts.MUST_HAPPEN + "; events: " + log.events());
            assertTrue(c.join(Timeouts.MUST_HAPPEN), "[SEM-13] the consumer did not get " + ITEMS + " items within "
                    + Timeouts.MUST_HAPPEN + "; events: " + log.events());
            assertEquals(0, p.exitCode().orElse(-1), "[SEM-13] exit code of the producer; events: " + log.events());
            assertEquals(0, c.exitCode().orElse(-1), "[SEM-13] exit code of the consumer; events: " + log.events());
            int puts = 0;
            int gets = 0;
            for (EventLog.Event e : log.events()) {
                if (e.text.startsWith("put ")) {
                    assertEquals("put item-" + puts, e.text, "[SEM-13] the producer's items out of order; events: "
                            + log.events());
                    puts++;
                } else if (e.text.startsWith("get ")) {
                    assertEquals("get item-" + gets, e.text, "[SEM-13] the consumer did not take the items exactly"
                            + " once each, in the order they were put; events: " + log.events());
                    gets++;
                } else {
                    continue;
                }
                if (puts - gets < 0 || puts - gets > 2) {
                    fail("[SEM-13] " + puts + " puts and " + gets + " gets at one point of the log: the buffer of"
                            + " two slots held " + (puts - gets) + " items; events: " + log.events());
                }
            }
            assertEquals(ITEMS, puts, "[SEM-13] items the producer put; events: " + log.events());
            assertEquals(ITEMS, gets, "[SEM-13] items the consumer got; events: " + log.events());
            assertEquals(List.of(), Files.readAllLines(buffer), "[SEM-13] items left in the buffer at the end");
        } finally {
            Children.stop(p, c);
        }
    }

    /**
     * The tutorial under spawn: the producer and the consumer use empty, full and lock from static fields of the
     * target class, so each child JVM makes its own. The producer puts exactly two items into its own empty and
     * then blocks for ever; the consumer waits for ever on its own full and gets nothing; for 2 s after the second
     * put nothing more happens, and both are still running, blocked, when the kit stops them.
     * <p>If this fails, check that a primitive made in a child is that child's own: it must not be found by
     * another JVM through a name derived from creation order or from the class that made it.
     */
    @Clause("SEM-14")
    @Test
    void sem14_primitivesAChildMakesForItselfAreNotShared(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        Path buffer = Files.createFile(kit.file("buffer"));
        ChildProcess p = mp.newProcess(ProducerConsumerClauseTests::producerOfStatics, log, buffer.toString(),
                HOLD.toMillis());
        ChildProcess c = mp.newProcess(ProducerConsumerClauseTests::consumerOfStatics, log, buffer.toString(),
                HOLD.toMillis());
        p.setDaemon(true);
        c.setDaemon(true);
        try {
            p.start();
            c.start();
            kit.awaitEvent(log, "consumer waiting");
            Timeouts.eventually("SEM-14 the producer puts two items into its own empty = Semaphore(2)")
                    .until(() -> log.startingWith("put ").size() >= 2);
            try {
                Timeouts.eventually("SEM-14 nothing more after the producer's two items").during(NOTHING_MORE)
                        .atMost(NOTHING_MORE.plus(Timeouts.PROMPT))
                        .until(() -> log.startingWith("put ").size() == 2 && log.startingWith("get ").isEmpty());
            } catch (ConditionTimeoutException e) {
                fail("[SEM-14] the children's own primitives (static fields, made in each child JVM) were shared:"
                        + " expected exactly 2 puts and no get; events: " + log.events());
            }
            assertEquals(2, log.startingWith("put ").size(), "[SEM-14] puts by a producer whose empty ="
                    + " Semaphore(2) is its own; events: " + log.events());
            assertEquals(0, log.startingWith("get ").size(), "[SEM-14] gets by a consumer whose full = Semaphore(0)"
                    + " is its own; events: " + log.events());
            assertTrue(p.isAlive() && c.isAlive(), "[SEM-14] the producer and the consumer should both be blocked"
                    + " in acquire(), but one has ended: producer exit code " + p.exitCode() + ", consumer exit"
                    + " code " + c.exitCode() + "; events: " + log.events());
        } finally {
            Children.stop(p, c);
        }
    }

    // ------------------------------------------------------------------------------------------ the tutorial

    /** What the producer and the consumer share in SEM-13: the log, the buffer file and the three primitives. */
    static final class Shared implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        final EventLog log;
        final String buffer;
        final SharedSemaphore empty;
        final SharedSemaphore full;
        final SharedLock lock;
        final long hold = HOLD.toMillis();

        Shared(EventLog log, String buffer, SharedSemaphore empty, SharedSemaphore full, SharedLock lock) {
            this.log = log;
            this.buffer = buffer;
            this.empty = empty;
            this.full = full;
            this.lock = lock;
        }
    }

    /** The tutorial's {@code Producer(Process)}, for {@link #ITEMS} items. */
    static final class Producer extends ChildProcess {
        private static final long serialVersionUID = 1L;

        private final Shared s;

        Producer(MultiprocessingContext mp, Shared s) {
            super(mp);
            this.s = s;
        }

        @Override
        public void run() throws Exception {
            for (int i = 0; i < ITEMS; i++) {
                s.empty.acquire();
                s.lock.acquire();
                put(s.log, s.buffer, i, s.hold);
                s.lock.release();
                s.full.release();
            }
        }
    }

    /** The tutorial's {@code Consumer(Process)}, for {@link #ITEMS} items. */
    static final class Consumer extends ChildProcess {
        private static final long serialVersionUID = 1L;

        private final Shared s;

        Consumer(MultiprocessingContext mp, Shared s) {
            super(mp);
            this.s = s;
        }

        @Override
        public void run() throws Exception {
            for (int i = 0; i < ITEMS; i++) {
                s.full.acquire();
                s.lock.acquire();
                get(s.log, s.buffer, s.hold);
                s.lock.release();
                s.empty.release();
            }
        }
    }

    /**
     * {@code buffer.put(1); print('Producer append an element'); time.sleep(1)}: appends "item-I" to the buffer and
     * records "put item-I".
     */
    static void put(EventLog log, String buffer, int i, long hold) throws IOException, InterruptedException {
        Files.writeString(Paths.get(buffer), "item-" + i + "\n", StandardOpenOption.APPEND);
        log.record("put item-" + i);
        ChildWork.sleep(hold);
    }

    /**
     * {@code buffer.get(); print('Consumer pop an element'); time.sleep(1)}: takes the first line of the buffer and
     * records "get " and that line.
     */
    static void get(EventLog log, String buffer, long hold) throws IOException, InterruptedException {
        List<String> items = Files.readAllLines(Paths.get(buffer));
        if (items.isEmpty()) {
            log.record("get nothing: the buffer was empty");
        } else {
            Files.write(Paths.get(buffer), items.subList(1, items.size()));
            log.record("get " + items.get(0));
        }
        ChildWork.sleep(hold);
    }

    /**
     * The tutorial's module-level {@code empty}, {@code full} and {@code lock} as Java statics: initialized in
     * each JVM that uses them, as a spawned child re-imports the module. The test's own JVM never touches them.
     */
    static final class TutorialGlobals {
        static final SharedSemaphore EMPTY = Multiprocessing.context().newSemaphore(2);
        static final SharedSemaphore FULL = Multiprocessing.context().newSemaphore(0);
        static final SharedLock LOCK = Multiprocessing.context().newLock();

        private TutorialGlobals() {}
    }

    /** SEM-14's producer: the tutorial's loop on {@link TutorialGlobals}, for {@link #ITEMS} items. */
    static void producerOfStatics(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        log.record("producer started");
        for (int i = 0; i < ITEMS; i++) {
            TutorialGlobals.EMPTY.acquire();
            TutorialGlobals.LOCK.acquire();
            put(log, (String) args[1], i, (Long) args[2]);
            TutorialGlobals.LOCK.release();
            TutorialGlobals.FULL.release();
        }
    }

    /** SEM-14's consumer: records "consumer waiting" once its statics exist, then the tutorial's loop. */
    static void consumerOfStatics(Object... args) throws Exception {
        EventLog log = (EventLog) args[0];
        SharedSemaphore full = TutorialGlobals.FULL;
        log.record("consumer waiting");
        for (int i = 0; i < ITEMS; i++) {
            full.acquire();
            TutorialGlobals.LOCK.acquire();
            get(log, (String) args[1], (Long) args[2]);
            TutorialGlobals.LOCK.release();
            TutorialGlobals.EMPTY.release();
        }
    }
}
