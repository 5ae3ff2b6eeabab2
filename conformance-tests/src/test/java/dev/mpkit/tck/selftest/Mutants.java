package dev.mpkit.tck.selftest;

import dev.mpkit.ChildProcess;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.ProcessOptions;
import dev.mpkit.spi.ProcessControl;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

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
                JoinTimeoutWaitsInFull.class);
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
}
