package dev.mpkit.ref.queue;

import dev.mpkit.JoinableQueue;
import dev.mpkit.SharedQueue;
import dev.mpkit.SimpleQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The queue package's seam: makes the reference's queues, whose state lives in a mapped file outside any JVM heap,
 * and lets a child's exit wait for the items it put (QUEUE-16).
 */
public final class Queues {

    /** This process's side of every queue it has made or received, by file: one mapping and one feeder each. */
    private static final ConcurrentMap<String, Feeder> SIDES = new ConcurrentHashMap<>();

    private Queues() {}

    /** A new {@link SharedQueue}; {@code maxSize <= 0} is unbounded (QUEUE-07). */
    public static <E> SharedQueue<E> newQueue(int maxSize) {
        return new MappedRingQueue<>(side(QueueRing.create(QueueRing.QUEUE, maxSize)));
    }

    /** A new {@link JoinableQueue}; {@code maxSize <= 0} is unbounded. */
    public static <E> JoinableQueue<E> newJoinableQueue(int maxSize) {
        return new MappedRingJoinableQueue<>(side(QueueRing.create(QueueRing.JOINABLE, maxSize)));
    }

    /** A new {@link SimpleQueue}. */
    public static <E> SimpleQueue<E> newSimpleQueue() {
        return new MappedRingSimpleQueue<>(side(QueueRing.create(QueueRing.SIMPLE, 0)).ring);
    }

    /**
     * At a child's normal exit, after its run: waits until every item this process put can be got by others,
     * except for queues on which it called {@code cancelJoinThread()} (QUEUE-16). Not called on terminate or kill.
     */
    public static void awaitFeeders() {
        for (Feeder f : SIDES.values()) {
            f.awaitDrainedAtExit();
        }
    }

    private static Feeder side(QueueRing ring) {
        Feeder f = new Feeder(ring);
        SIDES.put(ring.path(), f);
        return f;
    }

    /** The queue of {@code kind} in the file at {@code path}, for a handle read in a child (QUEUE-23). */
    static Object attach(int kind, String path, int size) {
        Feeder f = SIDES.computeIfAbsent(path, p -> new Feeder(QueueRing.attach(p, kind, size)));
        if (f.ring.kind() != kind) {
            throw new IllegalStateException("shared state file " + path + " holds queue kind " + f.ring.kind()
                    + "; expected " + kind);
        }
        switch (kind) {
            case QueueRing.QUEUE:
                return new MappedRingQueue<>(f);
            case QueueRing.JOINABLE:
                return new MappedRingJoinableQueue<>(f);
            case QueueRing.SIMPLE:
                return new MappedRingSimpleQueue<>(f.ring);
            default:
                throw new IllegalStateException("unknown queue kind " + kind + " in " + path);
        }
    }
}
