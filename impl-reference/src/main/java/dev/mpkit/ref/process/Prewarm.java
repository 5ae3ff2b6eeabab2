package dev.mpkit.ref.process;

import dev.mpkit.ProcessTarget;

/** Runs the serialize, deserialize and call path once, so that a spare JVM's first real process is quick. */
final class Prewarm {

    private Prewarm() {}

    static void run() {
        try {
            ProcessTarget t = args -> { };
            Object back = Serialization.deserialize(Serialization.serialize(t));
            ((ProcessTarget) back).run();
        } catch (Exception ignored) {
            // only an optimisation
        }
    }
}
