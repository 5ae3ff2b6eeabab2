package dev.mpkit.ref.process;

import dev.mpkit.ChildProcess;
import dev.mpkit.ref.os.ControlChannel;
import dev.mpkit.ref.os.Frames;
import dev.mpkit.ref.os.JvmProcess;
import dev.mpkit.ref.os.Pids;
import dev.mpkit.ref.os.SelectorProviderHint;
import dev.mpkit.spi.ProcessControls;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Paths;
import java.util.Arrays;

/**
 * The main class of every child JVM: connects back to the parent, receives its process object, runs it, reports
 * how it ended and halts.
 */
public final class ChildMain {

    private static volatile boolean exiting;
    private static volatile Thread watcher;

    private ChildMain() {}

    public static void main(String[] args) {
        ControlChannel channel = null;
        boolean spare = Boolean.getBoolean(ProcessRuntime.SPARE_PROPERTY);
        try {
            if (!spare) {
                Prewarm.startInBackground(); // overlaps with connecting
            }
            SelectorProviderHint.install(System.getProperty(ProcessRuntime.SELECTOR_PROVIDER_PROPERTY));
            if (spare) {
                Prewarm.run(); // before HELLO, so that a spare that has said HELLO is ready
            }
            try {
                channel = ControlChannel.connect(Paths.get(System.getProperty(ProcessRuntime.SOCKET_PROPERTY)));
            } catch (IOException e) {
                if (spare) {
                    JvmProcess.halt(0); // the parent ended while this spare was starting: nobody needs it
                }
                throw e;
            }
            long token = Long.parseLong(System.getProperty(ProcessRuntime.TOKEN_PROPERTY));
            channel.send(Frames.HELLO, Frames.longs(token, Pids.current()));
            Frames.Frame frame = channel.receive();
            if (frame == null || frame.type != Frames.PAYLOAD) {
                JvmProcess.halt(0); // the parent went away before giving us work
                return;
            }
            run(channel, BootCodec.decode(frame.body));
        } catch (Throwable t) {
            System.err.println("[PROC-01] mpkit child bootstrap failed: " + t);
            t.printStackTrace();
            System.err.flush();
            if (channel != null) {
                report(channel, 1);
            }
            JvmProcess.halt(1);
        }
    }

    private static void run(ControlChannel channel, ChildBoot boot) {
        ProcessRuntime runtime = ProcessRuntime.get();
        runtime.becomeChild(boot);
        watchParent(channel, runtime);
        Runtime.getRuntime().addShutdownHook(new Thread(new Orderly(channel), "mpkit-orderly-exit"));
        ChildProcess process;
        try {
            process = (ChildProcess) Serialization.deserialize(boot.process);
        } catch (Throwable t) {
            System.err.println("Process " + boot.name + ":");
            System.err.println("[SPI-04] the child could not load the process object: " + t);
            t.printStackTrace();
            finish(channel, runtime, 1);
            return;
        }
        ProcessControls.attach(process, new SelfControl(runtime));
        int code;
        try {
            process.run();
            code = 0; // PROC-12: a normal return
        } catch (Throwable t) {
            PrintStream err = System.err;
            err.println("Process " + process.name() + ":"); // PROC-13: as Python prints it
            t.printStackTrace(err);
            code = 1;
        }
        finish(channel, runtime, code);
    }

    private static void finish(ControlChannel channel, ProcessRuntime runtime, int code) {
        waitForNonDaemonThreads();
        runtime.runExitSequence();
        System.out.flush(); // JOIN-10: output is written before the parent's join() returns
        System.err.flush();
        report(channel, code);
        quiesce(channel);
        JvmProcess.halt(code);
    }

    /**
     * Stops the parent watcher, so that no thread sits in a native read while the JVM halts. Closing, not
     * shutting down input: everything has been sent, and a shutdown would initialize sun.nio.ch.Net (and load
     * libextnet) on the way out, some milliseconds before the halt.
     */
    private static void quiesce(ControlChannel channel) {
        exiting = true;
        channel.close();
        Thread w = watcher;
        if (w != null) {
            try {
                w.join(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void report(ControlChannel channel, int code) {
        try {
            channel.send(Frames.EXIT, Frames.intBody(code));
        } catch (IOException ignored) {
            // the parent is gone; nobody is waiting for the report
        }
    }

    private static void orderly(ControlChannel channel) {
        System.out.flush();
        System.err.flush();
        try {
            channel.send(Frames.ORDERLY, new byte[0]); // PROC-14, PROC-17: System.exit(n) means n
        } catch (IOException ignored) {
            // the parent is gone
        }
        quiesce(channel);
    }

    private static void watchParent(ControlChannel channel, ProcessRuntime runtime) {
        Thread t = new Thread(new ParentWatch(channel, runtime), "mpkit-parent-watch");
        t.setDaemon(true);
        watcher = t;
        t.start();
    }

    /*
     * The child's threads are classes, not lambdas: a child's first lambda costs milliseconds of method-handle
     * bootstrap on JDK 17, which the user's own lambda target, if it has one, pays later off this path.
     */

    /** The shutdown hook of a child leaving through {@code System.exit}. */
    private static final class Orderly implements Runnable {
        private final ControlChannel channel;

        Orderly(ControlChannel channel) {
            this.channel = channel;
        }

        @Override
        public void run() {
            orderly(channel);
        }
    }

    /** Reads the control connection until it ends; an end the child did not cause is the parent's death. */
    private static final class ParentWatch implements Runnable {
        private final ControlChannel channel;
        private final ProcessRuntime runtime;

        ParentWatch(ControlChannel channel, ProcessRuntime runtime) {
            this.channel = channel;
            this.runtime = runtime;
        }

        @Override
        public void run() {
            try {
                while (channel.receive() != null) {
                    // the parent sends nothing after the payload today
                }
            } catch (IOException ignored) {
                // treated as the parent's death
            }
            if (exiting) {
                return; // our own shutdown, not the parent's death
            }
            runtime.parentGone(); // PROC-28
            if (runtime.isDaemon()) {
                System.out.flush();
                System.err.flush();
                JvmProcess.halt(128 + 15); // DAEMON-08: a daemonic child does not outlive its parent
            }
        }
    }

    /** Python's child waits for its non-daemon threads before it exits (threading._shutdown). */
    private static void waitForNonDaemonThreads() {
        Thread self = Thread.currentThread();
        for (Thread t : liveThreads()) {
            if (t != self && !t.isDaemon() && t.isAlive() && !"DestroyJavaVM".equals(t.getName())) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The live platform threads, without the safepoint and stack walk of {@code Thread.getAllStackTraces()}. */
    private static Thread[] liveThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] all;
        int n;
        do {
            all = new Thread[root.activeCount() + 8];
            n = root.enumerate(all, true);
        } while (n == all.length);
        return Arrays.copyOf(all, n);
    }
}
