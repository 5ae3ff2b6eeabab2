package dev.mpkit.tck.process;

import static dev.mpkit.tck.support.Timed.within;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.ChildProcess;
import dev.mpkit.Multiprocessing;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.tck.support.ChildTargets;
import dev.mpkit.tck.support.ChildWork;
import dev.mpkit.tck.support.Children;
import dev.mpkit.tck.support.Clause;
import dev.mpkit.tck.support.ClauseTests;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.Kit;
import dev.mpkit.tck.support.KitMainJvm;
import dev.mpkit.tck.support.TimeScale;
import dev.mpkit.tck.support.Timed;
import dev.mpkit.tck.support.Timeouts;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;

/** Waiting for a child to exit, and the start/join patterns of the tutorials: JOIN-01 to JOIN-11. */
@ClauseTests
class JoinClauseTests {

    /** JOIN-05 and JOIN-06: what "returns at once" may take. */
    private static final Duration AT_ONCE = TimeScale.millis(500);

    /**
     * join() returns only after the child has exited: its last event is already recorded, exitCode() is present,
     * isAlive() is false, and the OS no longer runs it.
     * <p>If this fails, check that join() waits for the child's OS process to end, not for a message it sends.
     */
    @Clause("JOIN-01")
    @Test
    void join01_joinReturnsOnlyAfterTheChildExited(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess p = mp.newProcess(args -> {
            ((EventLog) args[0]).record("started");
            ChildWork.sleep((Long) args[1]);
            ((EventLog) args[0]).record("done");
        }, log, TimeScale.millis(500).toMillis());
        try {
            p.start();
            long pid = p.pid().orElseThrow();
            p.join();
            long joined = System.nanoTime();
            EventLog.Event done = log.find("done").orElse(null);
            assertTrue(done != null, "[JOIN-01] join() returned before the child recorded its last event; events: "
                    + log.events());
            assertTrue(done.nanos < joined, "[JOIN-01] the child's last event is later than join()'s return");
            assertEquals(OptionalInt.of(0), p.exitCode(), "[JOIN-01] exitCode() right after join()");
            assertFalse(p.isAlive(), "[JOIN-01] isAlive() right after join()");
            assertFalse(kit.isRunning(pid), "[JOIN-01] the OS still runs the child's pid " + pid + " after join()");
        } finally {
            Children.stop(p);
        }
    }

    /**
     * join() and join(timeout) on a process that was never started throw IllegalStateException naming JOIN-02,
     * without waiting.
     * <p>If this fails, check that join() checks the lifecycle state before it waits on anything.
     */
    @Clause("JOIN-02")
    @Test
    void join02_joinBeforeStartMustThrow(MultiprocessingContext mp) throws Exception {
        ChildProcess p = mp.newProcess(args -> { });
        Throwable untimed = within(Timeouts.PROMPT, "[JOIN-02] join() on a never-started process", () -> {
            try {
                p.join();
                return null;
            } catch (IllegalStateException e) {
                return e;
            }
        }).value;
        assertRefused("JOIN-02", untimed, "join() on a never-started process");
        Throwable timed = within(Timeouts.PROMPT, "[JOIN-02] join(timeout) on a never-started process", () -> {
            try {
                p.join(Timeouts.MUST_HAPPEN);
                return null;
            } catch (IllegalStateException e) {
                return e;
            }
        }).value;
        assertRefused("JOIN-02", timed, "join(" + Timeouts.MUST_HAPPEN + ") on a never-started process");
        assertTrue(p.pid().isEmpty(), "[JOIN-02] a refused join() launched a process: pid " + p.pid());
    }

    /**
     * join(timeout) on a child that keeps running waits at least the timeout, returns false, and leaves the child
     * running: it is alive, has no exit code, and later exits normally.
     * <p>If this fails, check that the timed wait neither returns early nor stops the child.
     */
    @Clause("JOIN-03")
    @Test
    void join03_timedJoinOnRunningChildWaitsAndReturnsFalse(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess p = releasable(mp, log);
        Duration timeout = TimeScale.millis(200);
        try {
            p.start();
            kit.awaitEvent(log, "running");
            long pid = p.pid().orElseThrow();
            Timed<Boolean> r = within(timeout.plus(TimeScale.seconds(2)), "[JOIN-03] join(" + timeout + ") on a"
                    + " running child", () -> p.join(timeout));
            assertFalse(r.value, "[JOIN-03] join(" + timeout + ") on a running child returned true");
            assertTrue(r.nanos >= timeout.toNanos(), "[JOIN-03] join(" + timeout + ") returned after "
                    + Duration.ofNanos(r.nanos) + ", before its timeout");
            assertTrue(p.isAlive(), "[JOIN-03] isAlive() false after a timed-out join()");
            assertTrue(p.exitCode().isEmpty(), "[JOIN-03] exitCode() " + p.exitCode() + " after a timed-out join()");
            assertTrue(kit.isRunning(pid), "[JOIN-03] the OS no longer runs the child after a timed-out join()");
            log.record("release");
            p.join();
            assertEquals(OptionalInt.of(0), p.exitCode(), "[JOIN-03] the child did not exit normally after a"
                    + " timed-out join(); it was disturbed");
        } finally {
            Children.stop(p);
        }
    }

    /**
     * join(timeout) returns true within 2 s of the child's last act, whatever the timeout, and returns true at
     * once on a child that has already exited.
     * <p>If this fails, check that the timed wait wakes on the child's exit instead of waiting out the timeout.
     */
    @Clause("JOIN-04")
    @Test
    void join04_timedJoinReturnsSoonAfterExit(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        Duration timeout = TimeScale.seconds(10);
        ChildProcess p = mp.newProcess(args -> {
            ChildWork.sleep((Long) args[1]);
            ((EventLog) args[0]).record("last");
        }, log, TimeScale.millis(300).toMillis());
        ChildProcess q = mp.newProcess(args -> { });
        try {
            p.start();
            Timed<Boolean> r = within(timeout.plus(Timeouts.PROMPT), "[JOIN-04] join(" + timeout + ")",
                    () -> p.join(timeout));
            assertTrue(r.value, "[JOIN-04] join(" + timeout + ") on a child that exited returned false");
            EventLog.Event last = log.find("last").orElse(null);
            assertTrue(last != null, "[JOIN-04] join(timeout) returned true before the child's last act");
            Duration after = Duration.ofNanos(r.end - last.nanos);
            assertTrue(after.compareTo(TimeScale.seconds(2)) <= 0, "[JOIN-04] join(" + timeout + ") returned "
                    + after + " after the child's last act; expected within " + TimeScale.seconds(2));
            assertTrue(p.exitCode().isPresent(), "[JOIN-04] exitCode() empty after join(timeout) returned true");

            q.start();
            long pid = q.pid().orElseThrow();
            kit.awaitGone(pid, Timeouts.MUST_HAPPEN, "JOIN-04 child pid " + pid + " exits by itself");
            Timed<Boolean> done = within(Timeouts.PROMPT, "[JOIN-04] join(" + timeout + ") on an exited child",
                    () -> q.join(timeout));
            assertTrue(done.value, "[JOIN-04] join(" + timeout + ") on an exited child returned false");
            assertTrue(q.exitCode().isPresent(), "[JOIN-04] exitCode() empty after join(timeout) returned true");
        } finally {
            Children.stop(p, q);
        }
    }

    /**
     * join(ZERO) and join with a negative timeout never wait: false at once on a running child, which goes on
     * unaffected, and true, with the exit code, on a child that has exited.
     * <p>If this fails, check that a zero or negative timeout means "poll", not "wait forever" or an error.
     */
    @Clause("JOIN-05")
    @Test
    void join05_zeroOrNegativeTimeoutReturnsAtOnce(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess p = releasable(mp, log);
        Duration negative = Duration.ofMillis(-1000);
        try {
            p.start();
            kit.awaitEvent(log, "running");
            long pid = p.pid().orElseThrow();
            for (Duration d : new Duration[] {Duration.ZERO, negative}) {
                Timed<Boolean> r = within(AT_ONCE, "[JOIN-05] join(" + d + ") on a running child", () -> p.join(d));
                assertFalse(r.value, "[JOIN-05] join(" + d + ") on a running child returned true");
            }
            assertTrue(p.isAlive() && kit.isRunning(pid), "[JOIN-05] the child stopped after join(ZERO)");
            assertTrue(p.exitCode().isEmpty(), "[JOIN-05] exitCode() present on a running child after join(ZERO)");
            log.record("release");
            kit.awaitGone(pid, Timeouts.MUST_HAPPEN, "JOIN-05 child pid " + pid + " exits once released");
            Timeouts.eventually("JOIN-05 join(ZERO) returns true once the OS reports the child gone")
                    .atMost(Timeouts.PROMPT)
                    .until(() -> within(AT_ONCE, "[JOIN-05] join(ZERO) on an exited child",
                            () -> p.join(Duration.ZERO)).value);
            assertEquals(OptionalInt.of(0), p.exitCode(), "[JOIN-05] exitCode() after join(ZERO) returned true");
            Timed<Boolean> r = within(AT_ONCE, "[JOIN-05] join(" + negative + ") on an exited child",
                    () -> p.join(negative));
            assertTrue(r.value, "[JOIN-05] join(" + negative + ") on an exited child returned false");
        } finally {
            Children.stop(p);
        }
    }

    /**
     * A joined process can be joined again, many times, each call returning at once with the exit code unchanged.
     * <p>If this fails, check that join() remembers the exit code instead of waiting for the OS process again.
     */
    @Clause("JOIN-06")
    @Test
    void join06_processCanBeJoinedManyTimes(MultiprocessingContext mp) throws Exception {
        ChildProcess p = mp.newProcess(args -> System.exit(3));
        try {
            p.start();
            p.join();
            OptionalInt code = p.exitCode();
            assertEquals(OptionalInt.of(3), code, "[JOIN-06] exitCode() after the first join()");
            for (int i = 0; i < 3; i++) {
                within(AT_ONCE, "[JOIN-06] join() number " + (i + 2), () -> {
                    p.join();
                    return null;
                });
                Timed<Boolean> r = within(AT_ONCE, "[JOIN-06] join(timeout) after the child was joined",
                        () -> p.join(Timeouts.MUST_HAPPEN));
                assertTrue(r.value, "[JOIN-06] join(timeout) after the child was joined returned false");
                assertEquals(code, p.exitCode(), "[JOIN-06] exitCode() changed after a further join()");
            }
        } finally {
            Children.stop(p);
        }
    }

    /**
     * Three threads joining the same child all return once it exits, none throws, and each sees the exit code.
     * <p>If this fails, check that the exit is published to every waiter, not consumed by the first reaper.
     */
    @Clause("JOIN-07")
    @Test
    void join07_severalThreadsMayJoinTheSameChild(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess p = releasable(mp, log);
        AtomicReferenceArray<String> results = new AtomicReferenceArray<>(3);
        List<Thread> joiners = new ArrayList<>();
        try {
            p.start();
            kit.awaitEvent(log, "running");
            for (int i = 0; i < 3; i++) {
                int n = i;
                Thread t = new Thread(() -> {
                    try {
                        String how;
                        if (n == 1) {
                            how = "join(timeout)=" + p.join(Timeouts.MUST_HAPPEN);
                        } else {
                            p.join();
                            how = "join()";
                        }
                        results.set(n, how + " exit=" + p.exitCode());
                    } catch (Throwable e) {
                        results.set(n, "threw " + e);
                    }
                }, "mpkit-kit-JOIN-07-joiner-" + i);
                t.setDaemon(true);
                joiners.add(t);
                t.start();
            }
            Timeouts.eventually("JOIN-07 three threads blocked in join()").until(() -> joiners.stream().allMatch(
                    t -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING
                            || t.getState() == Thread.State.TERMINATED));
            for (int i = 0; i < 3; i++) {
                assertEquals(null, results.get(i), "[JOIN-07] a thread's join() ended while the child still ran");
            }
            log.record("release");
            long deadline = System.nanoTime() + TimeScale.seconds(10).toNanos();
            for (Thread t : joiners) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                assertFalse(t.isAlive(), "[JOIN-07] " + t.getName() + " still blocked in join() "
                        + TimeScale.seconds(10) + " after the child was released; results " + results);
            }
            String exit = " exit=" + OptionalInt.of(0);
            assertEquals("join()" + exit, results.get(0), "[JOIN-07] first thread's join()");
            assertEquals("join(timeout)=true" + exit, results.get(1), "[JOIN-07] second thread's join(timeout)");
            assertEquals("join()" + exit, results.get(2), "[JOIN-07] third thread's join()");
        } finally {
            Children.stop(p);
        }
    }

    /**
     * Tutorial 004's "join的作用": start a child and join it before starting the next; the children's run()
     * intervals do not overlap.
     * <p>If this fails, check that join() waits for the child's exit, not only for its start.
     */
    @Clause("JOIN-08")
    @Test
    void join08_startThenJoinRunsChildrenOneAfterAnother(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        String[] names = {"bob", "lis", "amy"};
        long sleep = TimeScale.millis(200).toMillis();
        List<ChildProcess> started = new ArrayList<>();
        try {
            for (int i = 0; i < names.length; i++) {
                ChildProcess p = mp.newProcess(JoinClauseTests::hello, log, i, names[i], sleep);
                started.add(p);
                p.start();
                p.join();
            }
            for (int i = 0; i + 1 < names.length; i++) {
                EventLog.Event end = kit.awaitEvent(log, "end " + i);
                EventLog.Event next = kit.awaitEvent(log, "start " + (i + 1));
                assertTrue(end.nanos <= next.nanos, "[JOIN-08] child " + (i + 1) + " ('" + names[i + 1] + "')"
                        + " started " + Duration.ofNanos(end.nanos - next.nanos) + " before child " + i + " ('"
                        + names[i] + "') ended, although it was joined first; events: " + log.events());
            }
        } finally {
            Children.stop(started.toArray(new ChildProcess[0]));
        }
    }

    /**
     * Tutorial 004's "基本使用": start all children, then join all; every child is inside run() at one instant (the
     * latest start is before the earliest end). Each child waits for the others to start, not a fixed time.
     * <p>If this fails, check that start() does not wait for the child to finish and that children are not run
     * one at a time.
     */
    @Clause("JOIN-09")
    @Test
    void join09_startAllThenJoinAllRunsChildrenTogether(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        int n = 3;
        List<ChildProcess> children = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ChildProcess p = mp.newProcess(args -> {
                    EventLog l = (EventLog) args[0];
                    l.record("start " + args[1]);
                    boolean all = ChildWork.awaitEvents(l, "start ", (Integer) args[2], (Long) args[3]);
                    l.record("end " + args[1] + " sawAll=" + all);
                }, log, i, n, TimeScale.seconds(10).toMillis());
                children.add(p);
                p.start();
            }
            for (ChildProcess p : children) {
                p.join();
            }
            assertEquals(n, log.startingWith("end ").size(), "[JOIN-09] children that had recorded their end when"
                    + " join() returned; events: " + log.events());
            long latestStart = log.startingWith("start ").stream().mapToLong(e -> e.nanos).max().orElseThrow();
            long earliestEnd = log.startingWith("end ").stream().mapToLong(e -> e.nanos).min().orElseThrow();
            assertTrue(latestStart < earliestEnd, "[JOIN-09] no instant at which all " + n + " children were inside"
                    + " run(): the latest start is " + Duration.ofNanos(latestStart - earliestEnd) + " after the"
                    + " earliest end; events: " + log.events());
        } finally {
            Children.stop(children.toArray(new ChildProcess[0]));
        }
    }

    /**
     * Everything a child wrote to System.out and System.err, including what was still buffered when run() ended,
     * is in the parent's stdout and stderr when join() returns, and before what the parent prints afterwards.
     * <p>The parent is a main process the kit starts with its stdout and stderr sent to files, so that the kit
     * can read them; it checks the files right after join() and then prints "after join". One child prints through
     * the JVM's own System.out (whose last, newline-free bytes stay in its buffer), the other through a 1 MiB
     * buffered System.out and System.err that nobody flushes.
     * <p>If this fails, check that the child flushes System.out and System.err after run() and that a provider
     * that copies output finishes copying before join() returns.
     */
    @Clause("JOIN-10")
    @Test
    void join10_childOutputIsWrittenBeforeJoinReturns(Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        int lines = 2000;
        KitMainJvm main = KitMainJvm.start(kit, "join10", List.of(), args -> {
            EventLog l = (EventLog) args[0];
            int n = (Integer) args[3];
            for (String kind : new String[] {"plain", "buffered"}) {
                ChildProcess p = Multiprocessing.context().newProcess(JoinClauseTests::printBlock, kind, n);
                p.start();
                p.join();
                String out = Files.readString(Paths.get((String) args[1]));
                String err = Files.readString(Paths.get((String) args[2]));
                l.record(kind + " stdout at join=" + out.contains(block(kind, "out", n)));
                l.record(kind + " stderr at join=" + err.contains(block(kind, "err", n)));
            }
            System.out.print("after join\n");
            System.out.flush();
        }, log, kit.file("join10.out").toString(), kit.file("join10.err").toString(), lines);
        try {
            assertEquals(0, main.await("JOIN-10"), "[JOIN-10] exit status of the kit's main"
                    + " process; stderr: " + main.stderr());
            for (String kind : new String[] {"plain", "buffered"}) {
                for (String stream : new String[] {"stdout", "stderr"}) {
                    assertEquals("true", kit.awaitValue(log, kind + " " + stream + " at join="), "[JOIN-10] the"
                            + " parent's " + stream + " held everything the child (" + kind + " System.out) wrote"
                            + " when join() returned");
                }
            }
            String out = Files.readString(kit.file("join10.out"));
            int after = out.indexOf("after join");
            assertTrue(after >= 0, "[JOIN-10] the main process's own line is missing from its stdout");
            for (String kind : new String[] {"plain", "buffered"}) {
                int child = out.indexOf(block(kind, "out", lines));
                assertTrue(child >= 0 && child < after, "[JOIN-10] the " + kind + " child's output is not entirely"
                        + " before the parent's 'after join' line");
            }
        } finally {
            main.destroy();
        }
    }

    /**
     * An interrupt of a thread waiting in join() or join(timeout) makes it throw InterruptedException within 1 s,
     * with its interrupt status cleared; the child goes on and a later join() reports its ordinary exit.
     * <p>If this fails, check that join() waits interruptibly and that cancelling the wait does not touch the
     * child.
     */
    @Clause("JOIN-11")
    @Test
    void join11_interruptedJoinThrowsAndLeavesTheChildAlone(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess p = releasable(mp, log);
        AtomicReferenceArray<String> results = new AtomicReferenceArray<>(2);
        AtomicLong interruptedAt = new AtomicLong();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mpkit-kit-JOIN-11-interrupter");
            t.setDaemon(true);
            return t;
        });
        try {
            p.start();
            kit.awaitEvent(log, "running");
            long pid = p.pid().orElseThrow();
            Thread[] joiners = new Thread[2];
            for (int i = 0; i < 2; i++) {
                int n = i;
                joiners[i] = new Thread(() -> {
                    try {
                        if (n == 0) {
                            p.join();
                            results.set(n, "join() returned");
                        } else {
                            results.set(n, "join(timeout) returned " + p.join(Timeouts.MUST_HAPPEN));
                        }
                    } catch (InterruptedException e) {
                        long late = System.nanoTime() - interruptedAt.get();
                        results.set(n, "interrupted status=" + Thread.currentThread().isInterrupted()
                                + (Duration.ofNanos(late).compareTo(TimeScale.seconds(1)) <= 0 ? " promptly"
                                        : " after " + Duration.ofNanos(late)));
                    } catch (Throwable e) {
                        results.set(n, "threw " + e);
                    }
                }, "mpkit-kit-JOIN-11-joiner-" + i);
                joiners[i].setDaemon(true);
                joiners[i].start();
            }
            timer.schedule(() -> {
                interruptedAt.set(System.nanoTime());
                for (Thread t : joiners) {
                    t.interrupt();
                }
            }, TimeScale.millis(200).toNanos(), TimeUnit.NANOSECONDS);
            for (Thread t : joiners) {
                t.join(TimeScale.millis(200).plus(TimeScale.seconds(1)).plus(Timeouts.PROMPT).toMillis());
                assertFalse(t.isAlive(), "[JOIN-11] " + t.getName() + " still blocked in join() after it was"
                        + " interrupted; results " + results);
            }
            assertEquals("interrupted status=false promptly", results.get(0), "[JOIN-11] outcome of an interrupted"
                    + " join()");
            assertEquals("interrupted status=false promptly", results.get(1), "[JOIN-11] outcome of an interrupted"
                    + " join(timeout)");
            assertTrue(p.isAlive() && kit.isRunning(pid), "[JOIN-11] the child stopped when a join() was"
                    + " interrupted");
            assertTrue(p.exitCode().isEmpty(), "[JOIN-11] exitCode() present after an interrupted join()");
            log.record("release");
            p.join();
            assertEquals(OptionalInt.of(0), p.exitCode(), "[JOIN-11] exit code of the child after interrupted"
                    + " joins: it was disturbed");
            assertTrue(log.has("released"), "[JOIN-11] the later join() returned before the child finished");
        } finally {
            timer.shutdownNow();
            Children.stop(p);
        }
    }

    /**
     * join() and join(timeout) called with the interrupt status already set throw InterruptedException at once,
     * and the child goes on.
     * <p>If this fails, check that join() checks Thread.interrupted() before it waits.
     */
    @Clause("JOIN-11")
    @Test
    void join11_joinWithInterruptStatusSetThrowsAtOnce(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess p = releasable(mp, log);
        try {
            p.start();
            kit.awaitEvent(log, "running");
            for (boolean timed : new boolean[] {false, true}) {
                String call = timed ? "join(timeout)" : "join()";
                String outcome = within(TimeScale.seconds(1), "[JOIN-11] " + call + " with the interrupt status set",
                        () -> {
                            Thread.currentThread().interrupt();
                            try {
                                if (timed) {
                                    return "returned " + p.join(Timeouts.MUST_HAPPEN);
                                }
                                p.join();
                                return "returned";
                            } catch (InterruptedException e) {
                                return "interrupted status=" + Thread.currentThread().isInterrupted();
                            }
                        }).value;
                assertEquals("interrupted status=false", outcome, "[JOIN-11] outcome of " + call + " called with the"
                        + " interrupt status set");
            }
            assertTrue(p.isAlive(), "[JOIN-11] the child stopped when an interrupted join() threw");
            log.record("release");
            p.join();
            assertEquals(OptionalInt.of(0), p.exitCode(), "[JOIN-11] exit code of the child after interrupted joins");
        } finally {
            Children.stop(p);
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** A child that records "running", waits for the kit's "release" event, records "released" and returns. */
    private static ChildProcess releasable(MultiprocessingContext mp, EventLog log) {
        return mp.newProcess(ChildTargets::runningUntilReleased, log, Timeouts.LONG_SLEEP.toMillis());
    }

    /** Tutorial 004's {@code f(name)}: records "start I", sleeps, records "end I". */
    static void hello(Object... args) throws InterruptedException {
        EventLog log = (EventLog) args[0];
        log.record("start " + args[1]);
        ChildWork.sleep((Long) args[3]);
        log.record("end " + args[1]);
    }

    /** What {@link #printBlock} writes to one stream: numbered lines, then a tail without a newline. */
    static String block(String kind, String stream, int lines) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            b.append("JOIN-10 ").append(kind).append(' ').append(stream).append(" line ").append(i).append('\n');
        }
        return b.append("JOIN-10 ").append(kind).append(' ').append(stream).append(" tail").toString();
    }

    /** A target: writes {@link #block} to System.out and System.err and returns without flushing. */
    static void printBlock(Object... args) {
        String kind = (String) args[0];
        int lines = (Integer) args[1];
        if ("buffered".equals(kind)) {
            System.setOut(new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 20),
                    false));
            System.setErr(new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.err), 1 << 20),
                    false));
        }
        for (int i = 0; i < lines; i++) {
            System.out.print("JOIN-10 " + kind + " out line " + i + "\n");
            System.err.print("JOIN-10 " + kind + " err line " + i + "\n");
        }
        System.out.print("JOIN-10 " + kind + " out tail");
        System.err.print("JOIN-10 " + kind + " err tail");
    }

    private static void assertRefused(String clause, Throwable t, String what) {
        assertTrue(t != null, "[" + clause + "] " + what + " returned normally; expected IllegalStateException");
        assertTrue(t.getMessage() != null && t.getMessage().startsWith("[" + clause + "]"), "[" + clause + "] "
                + what + " threw IllegalStateException whose message does not start with [" + clause + "]: "
                + t.getMessage());
    }
}
