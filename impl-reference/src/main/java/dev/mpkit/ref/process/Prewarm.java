package dev.mpkit.ref.process;

import dev.mpkit.ChildProcess;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.ProcessOptions;
import dev.mpkit.ProcessTarget;
import dev.mpkit.spi.ProcessControl;
import dev.mpkit.ref.os.ControlChannel;
import dev.mpkit.ref.os.ControlServer;
import dev.mpkit.ref.os.Frames;
import dev.mpkit.ref.os.Pids;
import dev.mpkit.ref.os.PosixPipes;
import dev.mpkit.ref.os.RuntimeDirs;
import dev.mpkit.ref.os.SelectorProviderHint;
import dev.mpkit.ref.pool.Pools;
import dev.mpkit.spi.ProcessControls;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectStreamClass;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.security.Security;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a spare JVM's path from PAYLOAD to {@code run()} once, on a sample process, so that the first real process
 * it receives is quick; warms a cold child's deserialization path on two threads; makes the sample process that
 * a training JVM runs, and rehearses the spares' path in it.
 */
final class Prewarm {

    private Prewarm() {}

    /**
     * Decodes a boot record, deserializes a process with a lambda target and runs it, deserializes one from a
     * {@code java.io} stream too, warms a pool worker's task path, and starts loading the native layer on another
     * thread; never fails.
     */
    static void run() {
        try {
            ChildBoot boot = BootCodec.decode(sampleBoot("mpkit-prewarm", -1));
            ChildProcess p = (ChildProcess) Serialization.deserialize(boot.process);
            ProcessControls.attach(p, new SelfControl(ProcessRuntime.get()));
            p.run();
        } catch (Throwable ignored) {
            // only an optimisation
        }
        rehearseObjectStream();
        Pools.prewarmWorker(); // a pool worker's warm-up, so that a pool made of spares boots at once
        // JNA, 50-100 ms that any user of a lock, pipe or queue would pay first, loads after the spare is ready: a
        // process that needs it meanwhile waits for it as a cold child would, and spares are ready sooner
        Thread t = new Thread(new LoadNative(), "mpkit-prewarm-native");
        t.setDaemon(true);
        t.start();
    }

    /** Loads the native layer ({@link PosixPipes#load}); never fails. */
    private static final class LoadNative implements Runnable {
        @Override
        public void run() {
            try {
                PosixPipes.load();
            } catch (Throwable ignored) {
                // only an optimisation; the first real use reports what is wrong
            }
        }
    }

    /**
     * Deserializes the sample process from a {@code java.io} stream, the path of any process that is not a
     * plain lambda ({@link Serialization}), so that in a spare such a process starts quickly too; never fails.
     */
    static void rehearseObjectStream() {
        try {
            warmDeserialization();
            Serialization.deserialize(Serialization.objectStream(sampleProcess(), null));
        } catch (Throwable ignored) {
            // only an optimisation
        }
    }

    /**
     * In a cold child, on a daemon thread, from the start of main(): the first {@code ObjectInputStream}'s
     * configuration. {@code ObjectInputFilter.Config} asks {@code ServiceLoader} for a logger finder, which opens
     * every JAR on the class path, the longest step of a cold child's start-up (about 20 ms of CPU time with the
     * kit's 26 JARs on JDK 17). Meanwhile the main thread reads the payload, warms the rest
     * ({@link #warmDeserialization}) and loads the payload's classes ({@link Serialization#prepare}).
     */
    static void startInBackground() {
        Thread t = new Thread(new Background(), "mpkit-prewarm");
        t.setDaemon(true);
        t.start();
    }

    /** The background half of a cold child's start-up. */
    private static final class Background implements Runnable {
        @Override
        public void run() {
            try {
                ObjectInputFilter.Config.getSerialFilter();
            } catch (Throwable ignored) {
                // only an optimisation
            }
        }
    }

    /**
     * On the main thread, what deserializing a process needs besides the configuration: the stream machinery
     * (whose class initializer bootstraps the method-handle machinery, milliseconds on JDK 17, that a lambda
     * target needs too) and the descriptors that every payload has; never fails.
     */
    static void warmDeserialization() {
        try {
            Security.getProperty("jdk.serialFilter"); // ObjectInputFilter.Config's next step after the scan
            Class.forName("java.io.ObjectInputStream", true, null);
            ObjectStreamClass.lookup(ChildProcess.class);
            ObjectStreamClass.lookup(SerializedLambda.class);
        } catch (Throwable ignored) {
            // only an optimisation
        }
    }

    /**
     * In a training JVM, which receives its sample process as a {@code java.io} stream (the cold path of any
     * process), before it halts: the path of a plain lambda process, so that the archive holds both; never fails.
     */
    static void rehearsePlainLambda() {
        try {
            ChildProcess p = (ChildProcess) Serialization.deserialize(Serialization.serialize(sampleProcess(), null));
            ProcessControls.attach(p, new SelfControl(ProcessRuntime.get()));
            p.run();
        } catch (Throwable ignored) {
            // only an optimisation
        }
    }

    /**
     * In a training JVM for an AOT cache only, before it halts: the control-socket path that spare JVMs take (a
     * server, a connection, HELLO, PAYLOAD and EXIT frames, closes), on a connection to itself, so that the cache,
     * trained on a cold child's path, holds the spares' path too; never fails.
     */
    static void rehearseSpareLink() {
        Path dir = null;
        try {
            SelectorProviderHint.install(System.getProperty(ProcessRuntime.SELECTOR_PROVIDER_PROPERTY));
            dir = RuntimeDirs.create();
            CompletableFuture<ControlChannel> accepted = new CompletableFuture<>();
            try (ControlServer server = ControlServer.open(dir, (token, channel) -> accepted.complete(channel))) {
                ControlChannel spare = ControlChannel.connect(server.socket());
                spare.send(Frames.HELLO, Frames.longs(0, Pids.current()));
                ControlChannel parent = accepted.get(5, TimeUnit.SECONDS);
                parent.send(Frames.PAYLOAD, new byte[0]);
                spare.receive();
                spare.send(Frames.EXIT, Frames.intBody(0));
                parent.receive();
                spare.close();
                parent.receive();
                parent.close();
            }
        } catch (Exception ignored) {
            // only an optimisation
        } finally {
            RuntimeDirs.delete(dir);
        }
    }

    /** The PAYLOAD body of a no-op process named {@code name}. */
    static byte[] sampleBoot(String name, long parentPid) throws IOException {
        return sampleBoot(name, parentPid, false);
    }

    /**
     * The PAYLOAD body of a no-op process named {@code name}.
     *
     * @param stream whether the process travels as a {@code java.io} stream even though it is a plain lambda one
     */
    static byte[] sampleBoot(String name, long parentPid, boolean stream) throws IOException {
        List<String> classes = new ArrayList<>();
        byte[] process = stream ? Serialization.objectStream(sampleProcess(), classes)
                : Serialization.serialize(sampleProcess(), classes);
        // The sample's own classes are the archive's; a user's class that declares a target names these too, and
        // linking it loads them: listed here, a training JVM loads them, and its archive holds them.
        classes.addAll(List.of(MultiprocessingContext.class.getName(), ProcessOptions.class.getName(),
                ProcessTarget.class.getName(), "dev.mpkit.Multiprocessing"));
        return BootCodec.encode(new ChildBoot(name, false, new int[] {0}, "MainProcess", parentPid,
                new HashMap<>(), classes.toArray(new String[0]), process));
    }

    /**
     * A {@code ChildProcess} with a serializable lambda target, made without this JVM's context, so that it
     * takes no process name (PROC-05) and is never one of this JVM's children.
     */
    private static ChildProcess sampleProcess() {
        ProcessControl detached = new SelfControl(ProcessRuntime.get());
        MultiprocessingContext stub = (MultiprocessingContext) Proxy.newProxyInstance(
                Prewarm.class.getClassLoader(), new Class<?>[] {MultiprocessingContext.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("newProcessControl")) {
                        return detached;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        ProcessTarget noop = args -> { };
        return new ChildProcess(stub, ProcessOptions.defaults(), noop);
    }
}
