package dev.mpkit.ref.process;

import dev.mpkit.ChildProcess;
import dev.mpkit.ref.os.ControlChannel;
import dev.mpkit.ref.os.Frames;
import dev.mpkit.ref.os.JvmProcess;
import dev.mpkit.ref.os.ParentPipe;
import dev.mpkit.ref.os.Pids;
import dev.mpkit.ref.os.SelectorProviderHint;
import dev.mpkit.ref.pool.Pools;
import dev.mpkit.ref.queue.Queues;
import dev.mpkit.spi.ProcessControls;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Paths;
import java.util.Arrays;

/**
 * The main class of every child JVM: receives its process object, runs it, reports how it ended and halts. A
 * cold child reads its work from standard input and reports to a file (the pipe path); a spare JVM connects back
 * to the parent, and waits there for its work (the socket path).
 */
public final class ChildMain {

    private static volatile boolean exiting;
    private static volatile Thread watcher;

    private ChildMain() {}

    public static void main(String[] args) {
        ParentLink link = null;
        try {
            String report = System.getProperty(ProcessRuntime.REPORT_PROPERTY);
            ChildBoot boot;
            if (report != null) {
                ParentPipe pipe = new ParentPipe();
                link = new ParentLink.ViaPipe(pipe, report);
                boot = receive(pipe.readFirstFrame()); // waiting in the pipe already
                if (Serialization.needsObjectStream(boot.process)) {
                    Prewarm.startInBackground(); // the longest step, on another core
                }
            } else {
                ControlChannel channel = connect();
                link = new ParentLink.ViaSocket(channel);
                boot = receive(channel.receive());
            }
            run(link, boot);
        } catch (Throwable t) {
            System.err.println("[PROC-01] mpkit child bootstrap failed: " + t);
            t.printStackTrace();
            System.err.flush();
            if (link != null) {
                link.reportExit(1);
            }
            JvmProcess.halt(1);
        }
    }

    /** A spare's connection to its parent, made once the spare is ready; then it says HELLO. */
    private static ControlChannel connect() throws IOException {
        boolean spare = Boolean.getBoolean(ProcessRuntime.SPARE_PROPERTY);
        SelectorProviderHint.install(System.getProperty(ProcessRuntime.SELECTOR_PROVIDER_PROPERTY));
        if (spare) {
            Prewarm.run(); // before HELLO, so that a spare that has said HELLO is ready
        }
        ControlChannel channel;
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
        return channel;
    }

    /** The boot record in {@code frame}; halts if the parent went away before giving us work. */
    private static ChildBoot receive(Frames.Frame frame) throws IOException {
        if (frame == null || frame.type != Frames.PAYLOAD) {
            JvmProcess.halt(0); // the parent went away before giving us work
        }
        return BootCodec.decode(frame.body);
    }

    private static void run(ParentLink link, ChildBoot boot) {
        ProcessRuntime runtime = ProcessRuntime.get();
        runtime.becomeChild(boot);
        if (Serialization.needsObjectStream(boot.process)) {
            Prewarm.warmDeserialization();
        }
        Serialization.prepare(boot.classes);
        if (boot.daemon || Boolean.getBoolean(ProcessRuntime.TRAINING_PROPERTY)) {
            // DAEMON-08; a non-daemonic child outlives its parent, as in Python. A training JVM watches too, so that
            // its archive holds the watcher's classes: one class missing from it costs a child ~10 ms (opening the jar)
            watchParent(link, runtime);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(new Orderly(link), "mpkit-orderly-exit"));
        ChildProcess process;
        try {
            process = (ChildProcess) Serialization.deserialize(boot.process);
        } catch (Throwable t) {
            System.err.println("Process " + boot.name + ":");
            System.err.println("[SPI-04] the child could not load the process object: " + t);
            t.printStackTrace();
            finish(link, runtime, 1);
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
        finish(link, runtime, code);
    }

    private static void finish(ParentLink link, ProcessRuntime runtime, int code) {
        waitForNonDaemonThreads();
        Queues.awaitFeeders(); // QUEUE-16: a normal exit loses none of the items put (not on terminate or kill)
        runtime.runExitSequence();
        if (Boolean.getBoolean(ProcessRuntime.TRAINING_PROPERTY)) {
            Prewarm.rehearsePlainLambda(); // a training JVM: its archive serves both kinds of process
            Pools.rehearseWorker(); // and pool workers
        }
        if (Boolean.getBoolean(ProcessRuntime.REHEARSE_PROPERTY)) {
            Prewarm.rehearseSpareLink(); // a training JVM: the archive it makes serves spares too
        }
        System.out.flush(); // JOIN-10: output is written before the parent's join() returns
        System.err.flush();
        link.reportExit(code);
        quiesce(link);
        JvmProcess.halt(code);
    }

    /** Stops the parent watcher, so that no thread sits in a native read while the JVM halts. */
    private static void quiesce(ParentLink link) {
        exiting = true;
        link.close();
        Thread w = watcher;
        if (w != null) {
            try {
                w.join(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void orderly(ParentLink link) {
        Queues.awaitFeeders(); // QUEUE-16: System.exit is a normal exit too (-Xrs: SIGTERM runs no hook)
        System.out.flush();
        System.err.flush();
        link.reportOrderly(); // PROC-14, PROC-17: System.exit(n) means n
        quiesce(link);
    }

    private static void watchParent(ParentLink link, ProcessRuntime runtime) {
        Thread t = new Thread(new ParentWatch(link, runtime), "mpkit-parent-watch");
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
        private final ParentLink link;

        Orderly(ParentLink link) {
            this.link = link;
        }

        @Override
        public void run() {
            orderly(link);
        }
    }

    /** Waits for the link to the parent to end; an end the child did not cause is the parent's death. */
    private static final class ParentWatch implements Runnable {
        private final ParentLink link;
        private final ProcessRuntime runtime;

        ParentWatch(ParentLink link, ProcessRuntime runtime) {
            this.link = link;
            this.runtime = runtime;
        }

        @Override
        public void run() {
            boolean parentGone = link.awaitParentEnd();
            if (exiting || !parentGone) {
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
