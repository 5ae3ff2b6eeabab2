package dev.mpkit.tck.selftest;

import dev.mpkit.Acquirable;
import dev.mpkit.ChildProcess;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.ProcessOptions;
import dev.mpkit.SharedLock;
import dev.mpkit.SharedRLock;
import dev.mpkit.SharedSemaphore;
import dev.mpkit.spi.ProcessControl;
import dev.mpkit.tck.selftest.ForwardingSync.Tweak;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The gallery of broken providers. Each is a small variation of the reference; the selftest asserts that the kit
 * rejects each one by a clause it breaks.
 */
public final class Mutants {

    private Mutants() {}

    /** Every mutant of the gallery. */
    public static List<Class<? extends MutantProvider>> all() {
        return List.of(ThreadsNotProcesses.class, EarlyJoin.class, DaemonsSurviveParent.class,
                TerminateReports143.class, JoinIgnoresTimeout.class, SilentSecondStart.class,
                AliveUntilJoined.class, ExitCodeBeforeExit.class, CloseWhileRunning.class,
                UnserializableStartsNothing.class, WrongDefaultNames.class, DaemonFlagAfterStart.class,
                SequentialStarts.class, NonDaemonsAbandoned.class, UninterruptibleJoin.class,
                JoinTimeoutWaitsInFull.class,
                LockPerJvm.class, SemaphoreAdmitsOneMore.class, TimeoutReturnsEarly.class, TimeoutReturnsTrue.class,
                SilentReleaseOfUnlocked.class, RLockWithoutOwnerCheck.class, BoundedNotBounded.class,
                PollingWaiters.class, UninterruptibleWaits.class,
                ChannelMutants.QueueReordersItems.class, ChannelMutants.QueueDropsItems.class,
                ChannelMutants.QueueDuplicatesItems.class, ChannelMutants.GetTimeoutReturnsAtOnce.class,
                ChannelMutants.GetTimeoutNeverReturns.class, ChannelMutants.DuplexCarriesOneWay.class,
                ChannelMutants.PipeTruncatesLargeMessages.class, ChannelMutants.RecvHangsAtEndOfStream.class,
                PoolMutants.PoolStartsOneMore.class, PoolMutants.MapInCompletionOrder.class,
                PoolMutants.ExceptionSwallowed.class, PoolMutants.TerminateWaits.class,
                PoolMutants.MaxTasksIgnored.class, PoolMutants.WorkerDeathHangs.class,
                PoolMutants.ManagerAcceptsAnyKey.class);
    }

    /** join() returns at once, before the child has exited. */
    public static final class EarlyJoin extends MutantProvider {
        @Override
        String[] breaks() {
            return new String[] {"JOIN-01"};
        }

        @Override
        String description() {
            return "join() returns before the child exits";
        }

        @Override
        ProcessControl wrap(ProcessControl c, ChildProcess process, ProcessOptions options) {
            return new ForwardingControl(c) {
                @Override
                public void join() {
                    // returns at once
                }
            };
        }
    }

    /** Daemonic children are started as non-daemonic ones, while still reporting isDaemon() true. */
    public static final class DaemonsSurviveParent extends MutantProvider {
        @Override
        String[] breaks() {
            return new String[] {"DAEMON-03", "DAEMON-08"};
        }

        @Override
        String description() {
            return "daemonic children survive their parent";
        }

        @Override
        ProcessOptions adjust(ProcessOptions options) {
            return options.daemon(false);
        }

        @Override
        ProcessControl wrap(ProcessControl c, ChildProcess process, ProcessOptions options) {
            boolean asked = options.daemon().orElse(false);
            return new ForwardingControl(c) {
                private volatile boolean daemon = asked;

                @Override
                public boolean isDaemon() {
                    return daemon;
                }

                @Override
                public void setDaemon(boolean d) {
                    base.setDaemon(base.isDaemon());
                    daemon = d;
                }
            };
        }
    }

    /** After terminate(), the exit code is the JVM's 143 instead of -15. */
    public static final class TerminateReports143 extends MutantProvider {
        @Override
        String[] breaks() {
            return new String[] {"PROC-15"};
        }

        @Override
        String description() {
            return "a terminated child reports exit code 143, not -15";
        }

        @Override
        ProcessControl wrap(ProcessControl c, ChildProcess process, ProcessOptions options) {
            return new ForwardingControl(c) {
                @Override
                public OptionalInt exitCode() {
                    OptionalInt code = base.exitCode();
                    return code.isPresent() && code.getAsInt() < 0 ? OptionalInt.of(128 - code.getAsInt()) : code;
                }
            };
        }
    }

    /** join(timeout) ignores the timeout and waits for the child. */
    public static final class JoinIgnoresTimeout extends MutantProvider {
        @Override
        String[] breaks() {
            return new String[] {"JOIN-03"};
        }

        @Override
        String description() {
            return "join(timeout) ignores its timeout";
        }

        @Override
        ProcessControl wrap(ProcessControl c, ChildProcess process, ProcessOptions options) {
            return new ForwardingControl(c) {
                @Override
                public boolean join(Duration timeout) throws InterruptedException {
                    base.join();
                    return true;
                }
            };
        }
    }

    /** A second start() is silently ignored instead of refused. */
    public static final class SilentSecondStart extends MutantProvider {
        @Override
        String[] breaks() {
            return new String[] {"PROC-20"};
        }

        @Override
        String description() {
            return "start() twice does not throw";
        }

        @Override
        ProcessControl wrap(ProcessControl c, ChildProcess process, ProcessOptions options) {
            return new ForwardingControl(c) {
                private boolean started;

                @Override
                public synchronized void start() {
                    if (!started) {
                        started = true;
                        base.start();
                    }
                }
            };
        }
    }

    /** isAlive() stays true after the child exits, until join() is called. */
    public static final class AliveUntilJoined extends MutantProvider {
        @Override
        String[] breaks() {
            return new String[] {"PROC-10"};
        }

        @Override
        String description() {
            return "isAlive() is true until join(), even after the child exited";
        }

        @Override
        ProcessControl wrap(ProcessControl c, ChildProcess process, ProcessOptions options) {
            return new ForwardingControl(c) {
                private volatile boolean joined;

                @Override
                public void join() throws InterruptedException {
                    base.join();
                    joined = true;
                }

                @Override
                public boolean join(Duration timeout) throws InterruptedException {
                    boolean done = base.join(timeout);
                    joined |= done;
                    return done;
                }

                @Override
                public boolean isAlive() {
                    return base.pid().isPresent() && !joined;
                }
            };
        }
    }

    /** exitCode() says 0 while the child is still running. */
    public static final class ExitCodeBeforeExit extends MutantProvider {
        @Override
        String[] breaks() {
            return new String[] {"PROC-11"};
        }

        @Override
        String description() {
            return "exitCode() is 0 while the child runs";
        }

        @Override
        ProcessControl wrap(ProcessControl c, ChildProcess process, ProcessOptions options) {
            return new ForwardingControl(c) {
                @Override
                public OptionalInt exitCode() {
                    OptionalInt code = base.exitCode();
                    return code.isEmpty() && base.pid().isPresent() ? OptionalInt.of(0) : code;
                }
            };
        }
    }

    /** close() of a running child succeeds silently instead of being refused. */
    public static final class CloseWhileRunning extends MutantProvider {
        @Override
        String[] breaks() {
            return new String[] {"PROC-22"};
        }

        @Override
        String description() {
            return "close() is accepted while the child runs";
        }

        @Override
        ProcessControl wrap(ProcessControl c, ChildProcess process, ProcessOptions options) {
            return new ForwardingControl(c) {
                @Override
                public void close() {
                    try {
                        base.close();
                    } catch (IllegalStateException e) {
                        // swallowed: the mutant pretends all is well
                    }
                }
            };
        }
    }

    /** start() with something unserializable silently starts nothing instead of failing. */
    public static final class UnserializableStartsNothing extends MutantProvider {
        @Override
        String[] breaks() {
            return new String[] {"PROC-29"};
        }

        @Override
        String description() {
            return "an unserializable argument makes start() do nothing, silently";
        }

        @Override
        ProcessControl wrap(ProcessControl c, ChildProcess process, ProcessOptions options) {
            return new ForwardingControl(c) {
                @Override
                public void start() {
                    try {
                        base.start();
                    } catch (IllegalArgumentException e) {
                        // swallowed
                    }
                }
            };
        }
    }

    /** Default names are counted from zero and without the Process- prefix. */
    public static final class WrongDefaultNames extends MutantProvider {
        private static final java.util.concurrent.atomic.AtomicInteger COUNTER =
                new java.util.concurrent.atomic.AtomicInteger();

        @Override
        String[] breaks() {
            return new String[] {"PROC-05"};
        }

        @Override
        String description() {
            return "default names are 'Worker-N' counted from 0";
        }

        @Override
        ProcessOptions adjust(ProcessOptions options) {
            return options.name().isPresent() ? options : options.name("Worker-" + COUNTER.getAndIncrement());
        }
    }

    /** setDaemon() after start() is accepted silently. */
    public static final class DaemonFlagAfterStart extends MutantProvider {
        @Override
        String[] breaks() {
            return new String[] {"DAEMON-02"};
        }

        @Override
        String description() {
            return "setDaemon() after start() does not throw";
        }

        @Override
        ProcessControl wrap(ProcessControl c, ChildProcess process, ProcessOptions options) {
            return new ForwardingControl(c) {
                @Override
                public void setDaemon(boolean daemon) {
                    try {
                        base.setDaemon(daemon);
                    } catch (IllegalStateException e) {
                        // swallowed
                    }
                }
            };
        }
    }

    /** Processes are threads of the parent JVM: same pid, same heap. */
    public static final class ThreadsNotProcesses extends MutantProvider {
        @Override
        String[] breaks() {
            return new String[] {"ISO-01", "ISO-02", "ISO-03"};
        }

        @Override
        String description() {
            return "processes are threads in the parent JVM";
        }

        @Override
        MultiprocessingContext wrapContext(MultiprocessingContext base) {
            return new ThreadContext(base);
        }
    }

    /** start() first waits for the previously started child to finish: children never overlap. */
    public static final class SequentialStarts extends MutantProvider {
        private static volatile ProcessControl previous;

        @Override
        String[] breaks() {
            return new String[] {"JOIN-09"};
        }

        @Override
        String description() {
            return "start() waits for the previous child, so children run one at a time";
        }

        @Override
        ProcessControl wrap(ProcessControl c, ChildProcess process, ProcessOptions options) {
            return new ForwardingControl(c) {
                @Override
                public void start() {
                    ProcessControl p = previous;
                    if (p != null) {
                        try {
                            p.join();
                        } catch (InterruptedException | RuntimeException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    base.start();
                    previous = base;
                }
            };
        }
    }

    /** Every child is started daemonic, so the parent's exit terminates the children it should wait for. */
    public static final class NonDaemonsAbandoned extends MutantProvider {
        @Override
        String[] breaks() {
            return new String[] {"DAEMON-04"};
        }

        @Override
        String description() {
            return "non-daemonic children are terminated, not joined, when the parent exits";
        }

        @Override
        ProcessOptions adjust(ProcessOptions options) {
            return options.daemon(true);
        }

        @Override
        ProcessControl wrap(ProcessControl c, ChildProcess process, ProcessOptions options) {
            boolean asked = options.daemon().orElse(false);
            return new ForwardingControl(c) {
                @Override
                public boolean isDaemon() {
                    return asked;
                }
            };
        }
    }

    /** join() swallows interrupts and goes on waiting. */
    public static final class UninterruptibleJoin extends MutantProvider {
        @Override
        String[] breaks() {
            return new String[] {"JOIN-11"};
        }

        @Override
        String description() {
            return "join() cannot be interrupted";
        }

        @Override
        ProcessControl wrap(ProcessControl c, ChildProcess process, ProcessOptions options) {
            return new ForwardingControl(c) {
                @Override
                public void join() {
                    while (true) {
                        try {
                            base.join();
                            return;
                        } catch (InterruptedException e) {
                            // swallowed: keeps waiting
                        }
                    }
                }
            };
        }
    }

    /** join(timeout) waits out the whole timeout even when the child exits early. */
    public static final class JoinTimeoutWaitsInFull extends MutantProvider {
        @Override
        String[] breaks() {
            return new String[] {"JOIN-04"};
        }

        @Override
        String description() {
            return "join(timeout) always waits the full timeout";
        }

        @Override
        ProcessControl wrap(ProcessControl c, ChildProcess process, ProcessOptions options) {
            return new ForwardingControl(c) {
                @Override
                public boolean join(Duration timeout) throws InterruptedException {
                    long end = System.nanoTime() + timeout.toNanos();
                    boolean done = base.join(timeout);
                    long left = end - System.nanoTime();
                    if (left > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(left);
                    }
                    return done;
                }
            };
        }
    }

    /**
     * A lock that is only a lock inside each JVM: a {@link java.util.concurrent.Semaphore} of one permit, made
     * afresh wherever the object is deserialized, so two processes never exclude each other.
     */
    public static final class LockPerJvm extends MutantProvider {
        @Override
        String[] breaks() {
            return new String[] {"LOCK-01", "LOCK-02", "LOCK-06", "LOCK-16"};
        }

        @Override
        String description() {
            return "a lock that excludes threads of one JVM only";
        }

        @Override
        SharedLock newLock(MultiprocessingContext base) {
            return new JvmLocalLock();
        }

        /** Mutual exclusion within one JVM, and correct there: release of an unlocked lock still fails. */
        static final class JvmLocalLock implements SharedLock {
            private static final long serialVersionUID = 1L;
            private transient java.util.concurrent.Semaphore permit = new java.util.concurrent.Semaphore(1);

            private Object readResolve() {
                JvmLocalLock fresh = new JvmLocalLock();
                return fresh;
            }

            @Override
            public void acquire() throws InterruptedException {
                permit.acquire();
            }

            @Override
            public boolean tryAcquire() {
                return permit.tryAcquire();
            }

            @Override
            public boolean tryAcquire(Duration timeout) throws InterruptedException {
                return permit.tryAcquire(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            }

            @Override
            public synchronized void release() {
                if (permit.availablePermits() > 0) {
                    throw new IllegalStateException("[LOCK-07] release() of an unlocked lock");
                }
                permit.release();
            }
        }
    }

    /** A semaphore that admits one holder more than its value, while value() reports the value asked for. */
    public static final class SemaphoreAdmitsOneMore extends MutantProvider {
        @Override
        String[] breaks() {
            return new String[] {"SEM-01", "SEM-08"};
        }

        @Override
        String description() {
            return "a semaphore that admits value + 1 holders";
        }

        @Override
        SharedSemaphore newSemaphore(MultiprocessingContext base, int value, boolean bounded) {
            return new ForwardingSync.Semaphore(super.newSemaphore(base, value + 1, bounded), ForwardingSync.NONE,
                    bounded ? value : -1, 1);
        }
    }

    /** A mutant that changes how locks and semaphores are acquired or released, through one {@link Tweak}. */
    abstract static class TweakedSync extends MutantProvider {
        /** The change; the same object serves every lock and semaphore. */
        abstract Tweak tweak();

        @Override
        SharedLock newLock(MultiprocessingContext base) {
            return new ForwardingSync.Lock(base.newLock(), tweak());
        }

        @Override
        SharedSemaphore newSemaphore(MultiprocessingContext base, int value, boolean bounded) {
            return new ForwardingSync.Semaphore(super.newSemaphore(base, value, bounded), tweak());
        }
    }

    /** tryAcquire(timeout) gives up after half its timeout. */
    public static final class TimeoutReturnsEarly extends TweakedSync {
        @Override
        String[] breaks() {
            return new String[] {"LOCK-04", "SEM-06"};
        }

        @Override
        String description() {
            return "tryAcquire(timeout) returns false after half the timeout";
        }

        @Override
        Tweak tweak() {
            return new HalfTimeout();
        }

        static final class HalfTimeout implements Tweak {
            private static final long serialVersionUID = 1L;

            @Override
            public boolean tryAcquire(Acquirable base, Duration timeout) throws InterruptedException {
                return base.tryAcquire(timeout.dividedBy(2));
            }
        }
    }

    /** tryAcquire(timeout) waits its timeout, then says true whether or not it acquired. */
    public static final class TimeoutReturnsTrue extends TweakedSync {
        @Override
        String[] breaks() {
            return new String[] {"LOCK-04", "SEM-06"};
        }

        @Override
        String description() {
            return "tryAcquire(timeout) returns true when the timeout elapses";
        }

        @Override
        Tweak tweak() {
            return new AlwaysTrue();
        }

        static final class AlwaysTrue implements Tweak {
            private static final long serialVersionUID = 1L;

            @Override
            public boolean tryAcquire(Acquirable base, Duration timeout) throws InterruptedException {
                base.tryAcquire(timeout);
                return true;
            }
        }
    }

    /** Releasing an unlocked lock is silently accepted (and changes nothing). */
    public static final class SilentReleaseOfUnlocked extends MutantProvider {
        @Override
        String[] breaks() {
            return new String[] {"LOCK-07"};
        }

        @Override
        String description() {
            return "release() of an unlocked lock does not throw";
        }

        @Override
        SharedLock newLock(MultiprocessingContext base) {
            return new ForwardingSync.Lock(base.newLock(), new SilentRelease());
        }

        static final class SilentRelease implements Tweak {
            private static final long serialVersionUID = 1L;

            @Override
            public void release(Acquirable base) {
                try {
                    base.release();
                } catch (IllegalStateException unlocked) {
                    // silently accepted: the bug
                }
            }
        }
    }

    /** An RLock whose release() does not check the owner: a non-owner's release is silently accepted. */
    public static final class RLockWithoutOwnerCheck extends MutantProvider {
        @Override
        String[] breaks() {
            return new String[] {"LOCK-13"};
        }

        @Override
        String description() {
            return "RLock.release() by a thread that does not own it does not throw";
        }

        @Override
        SharedRLock newRLock(MultiprocessingContext base) {
            return new ForwardingSync.RLock(base.newRLock(), new OwnerOnly());
        }

        static final class OwnerOnly implements Tweak {
            private static final long serialVersionUID = 1L;

            @Override
            public void release(Acquirable base) {
                if (((SharedRLock) base).isHeldByCurrentThread()) {
                    base.release();
                }
            }
        }
    }

    /** A BoundedSemaphore that is a plain Semaphore, while bound() reports the bound. */
    public static final class BoundedNotBounded extends MutantProvider {
        @Override
        String[] breaks() {
            return new String[] {"SEM-09"};
        }

        @Override
        String description() {
            return "a BoundedSemaphore that can be released above its initial value";
        }

        @Override
        SharedSemaphore newSemaphore(MultiprocessingContext base, int value, boolean bounded) {
            SharedSemaphore plain = base.newSemaphore(value);
            return bounded ? new ForwardingSync.Semaphore(plain, ForwardingSync.NONE, value, 0) : plain;
        }
    }

    /**
     * Waiters poll: acquire() retries tryAcquire() every millisecond instead of sleeping until a release wakes it.
     * Cheap in CPU, so only the count of wake-ups gives it away.
     */
    public static final class PollingWaiters extends TweakedSync {
        @Override
        String[] breaks() {
            return new String[] {"LOCK-11", "SEM-12"};
        }

        @Override
        String description() {
            return "a blocked acquire() polls every millisecond";
        }

        @Override
        Tweak tweak() {
            return new Poll();
        }

        static final class Poll implements Tweak {
            private static final long serialVersionUID = 1L;

            @Override
            public void acquire(Acquirable base) throws InterruptedException {
                poll(base, null);
            }

            @Override
            public boolean tryAcquire(Acquirable base, Duration timeout) throws InterruptedException {
                return poll(base, timeout);
            }

            /** Retries every millisecond until acquired, interrupted or past the timeout ({@code null}: none). */
            private static boolean poll(Acquirable a, Duration timeout) throws InterruptedException {
                long deadline = timeout == null ? 0 : System.nanoTime() + Math.max(0, timeout.toNanos());
                while (!a.tryAcquire()) {
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                    if (timeout != null && System.nanoTime() - deadline >= 0) {
                        return false;
                    }
                    LockSupport.parkNanos(1_000_000);
                }
                return true;
            }
        }
    }

    /** Waits ignore Thread.interrupt(): the waiter keeps waiting and only sets its interrupt status again after. */
    public static final class UninterruptibleWaits extends TweakedSync {
        @Override
        String[] breaks() {
            return new String[] {"LOCK-18", "SEM-18"};
        }

        @Override
        String description() {
            return "acquire() and tryAcquire(timeout) do not end when the waiting thread is interrupted";
        }

        @Override
        Tweak tweak() {
            return new IgnoreInterrupts();
        }

        static final class IgnoreInterrupts implements Tweak {
            private static final long serialVersionUID = 1L;

            @Override
            public void acquire(Acquirable base) throws InterruptedException {
                tryAcquire(base, null);
            }

            /** Waits until acquired or past the timeout ({@code null}: none), whatever interrupts come. */
            @Override
            public boolean tryAcquire(Acquirable base, Duration timeout) {
                long deadline = timeout == null ? 0 : System.nanoTime() + Math.max(0, timeout.toNanos());
                boolean interrupted = false;
                try {
                    for (;;) {
                        Duration left = timeout == null ? Duration.ofDays(1)
                                : Duration.ofNanos(deadline - System.nanoTime());
                        try {
                            if (base.tryAcquire(left)) {
                                return true;
                            }
                            if (timeout != null) {
                                return false;
                            }
                        } catch (InterruptedException e) {
                            interrupted = true; // swallowed: the bug
                        }
                    }
                } finally {
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }
    }
}
