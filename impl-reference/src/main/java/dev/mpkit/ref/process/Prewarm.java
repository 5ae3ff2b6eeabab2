package dev.mpkit.ref.process;

import dev.mpkit.ChildProcess;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.ProcessOptions;
import dev.mpkit.ProcessTarget;
import dev.mpkit.spi.ProcessControl;
import dev.mpkit.spi.ProcessControls;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectStreamClass;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Proxy;
import java.util.HashMap;

/**
 * Runs a spare JVM's path from PAYLOAD to {@code run()} once, on a sample process, so that the first real process
 * it receives is quick; warms a cold child's deserialization path while it connects; makes the sample process
 * that a training JVM runs.
 */
final class Prewarm {

    private Prewarm() {}

    /** Decodes a boot record, deserializes a process with a lambda target and runs it; never fails. */
    static void run() {
        try {
            ChildBoot boot = BootCodec.decode(sampleBoot("mpkit-prewarm", -1));
            ChildProcess p = (ChildProcess) Serialization.deserialize(boot.process);
            ProcessControls.attach(p, new SelfControl(ProcessRuntime.get()));
            p.run();
        } catch (Throwable ignored) {
            // only an optimisation
        }
    }

    /**
     * In a cold child, on a daemon thread while the main thread connects: what deserializing the process will
     * need first. {@code ObjectInputFilter.Config} asks {@code ServiceLoader} for a logger finder, which opens
     * every JAR on the class path; the main thread meanwhile pays for the Unix-domain socket's
     * {@code SecureRandom}. On two cores the two overlap.
     */
    static void startInBackground() {
        Thread t = new Thread(new Background(), "mpkit-prewarm");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The background half of a cold child's start-up. It stays clear of {@code SecureRandom} and the security
     * providers (the main thread's side), so that neither thread waits on a class the other is initializing.
     */
    private static final class Background implements Runnable {
        @Override
        public void run() {
            try {
                ObjectInputFilter.Config.getSerialFilter();
                ObjectStreamClass.lookup(ChildProcess.class);
                ObjectStreamClass.lookup(SerializedLambda.class);
                ProcessTarget bootstrap = args -> { }; // the method-handle machinery a lambda target needs
                bootstrap.run();
                ProcessRuntime.get();
            } catch (Throwable ignored) {
                // only an optimisation
            }
        }
    }

    /** The PAYLOAD body of a no-op process named {@code name}. */
    static byte[] sampleBoot(String name, long parentPid) throws IOException {
        return BootCodec.encode(new ChildBoot(name, false, new int[] {0}, "MainProcess", parentPid,
                new HashMap<>(), Serialization.serialize(sampleProcess())));
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
