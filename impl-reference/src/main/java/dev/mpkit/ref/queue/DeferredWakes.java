package dev.mpkit.ref.queue;

import dev.mpkit.ref.os.Futex;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** The futex wakes this process owes while JNA loads, made by one daemon thread as soon as the load is done. */
final class DeferredWakes {

    private static final List<ByteBuffer> BUFFERS = new ArrayList<>(); // guarded by the class
    private static final List<Integer> WORDS = new ArrayList<>(); // guarded by the class
    private static Thread thread; // guarded by the class

    private DeferredWakes() {}

    /** Wakes every sleeper on the word at {@code index} of {@code buffer} once the futex calls are ready. */
    static synchronized void add(ByteBuffer buffer, int index) {
        BUFFERS.add(buffer);
        WORDS.add(index);
        if (thread == null) {
            thread = new Thread(DeferredWakes::run, "mpkit-queue-deferred-wakes");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private static void run() {
        for (;;) {
            boolean loaded;
            try {
                loaded = Futex.awaitLoaded(QueueRing.SLICE_NANOS);
            } catch (InterruptedException | IllegalStateException e) {
                loaded = false;
            }
            if (!loaded) {
                continue; // the sleepers' slices end meanwhile, so none sleeps for good
            }
            List<ByteBuffer> buffers;
            List<Integer> words;
            synchronized (DeferredWakes.class) {
                buffers = new ArrayList<>(BUFFERS);
                words = new ArrayList<>(WORDS);
                BUFFERS.clear();
                WORDS.clear();
                if (buffers.isEmpty()) {
                    thread = null;
                    return;
                }
            }
            for (int i = 0; i < buffers.size(); i++) {
                Futex.wake(buffers.get(i), words.get(i), Integer.MAX_VALUE);
            }
        }
    }
}
