package dev.mpkit.tck.selftest;

import dev.mpkit.ChildProcess;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.ProcessOptions;
import dev.mpkit.spi.ProcessControl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The "threads are processes" mutant: every child runs as a thread of this JVM, sharing its heap and pid. */
final class ThreadContext extends ForwardingContext {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private final List<ThreadControl> children = new CopyOnWriteArrayList<>();

    ThreadContext(MultiprocessingContext base) {
        super(base);
    }

    @Override
    public ProcessControl newProcessControl(ChildProcess process, ProcessOptions options) {
        return new ThreadControl(process, options.name().orElse("Process-" + COUNTER.incrementAndGet()),
                options.daemon().orElse(false));
    }

    @Override
    public List<ChildProcess> activeChildren() {
        List<ChildProcess> r = new ArrayList<>();
        for (ThreadControl c : children) {
            if (c.isAlive()) {
                r.add(c.process);
            }
        }
        return r;
    }

    private final class ThreadControl implements ProcessControl {
        final ChildProcess process;
        private volatile String name;
        private volatile boolean daemon;
        private volatile Thread thread;
        private volatile Integer code;

        ThreadControl(ChildProcess process, String name, boolean daemon) {
            this.process = process;
            this.name = name;
            this.daemon = daemon;
        }

        @Override
        public synchronized void start() {
            if (thread != null) {
                throw new IllegalStateException("[PROC-20] cannot start a process twice");
            }
            Thread t = new Thread(() -> {
                try {
                    process.run();
                    code = 0;
                } catch (Throwable e) {
                    code = 1;
                }
            }, name);
            t.setDaemon(true);
            thread = t;
            children.add(this);
            t.start();
        }

        private Thread started(String clause) {
            Thread t = thread;
            if (t == null) {
                throw new IllegalStateException("[" + clause + "] not started");
            }
            return t;
        }

        @Override
        public void join() throws InterruptedException {
            started("JOIN-02").join();
        }

        @Override
        public boolean join(Duration timeout) throws InterruptedException {
            Thread t = started("JOIN-02");
            t.join(Math.max(1, timeout.toMillis()));
            return !t.isAlive();
        }

        @Override
        public void terminate() {
            started("PROC-21").interrupt();
        }

        @Override
        public void kill() {
            started("PROC-21").interrupt();
        }

        @Override
        public void close() {
            // nothing to release
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void setName(String name) {
            this.name = name;
        }

        @Override
        public OptionalLong pid() {
            return thread == null ? OptionalLong.empty() : OptionalLong.of(ProcessHandle.current().pid());
        }

        @Override
        public boolean isDaemon() {
            return daemon;
        }

        @Override
        public void setDaemon(boolean daemon) {
            if (thread != null) {
                throw new IllegalStateException("[DAEMON-02] process has already started");
            }
            this.daemon = daemon;
        }

        @Override
        public boolean isAlive() {
            Thread t = thread;
            return t != null && t.isAlive();
        }

        @Override
        public OptionalInt exitCode() {
            Integer c = code;
            return thread == null || isAlive() || c == null ? OptionalInt.empty() : OptionalInt.of(c);
        }

        @Override
        public String describe() {
            return "<ThreadProcess name='" + name + "'>";
        }
    }
}
