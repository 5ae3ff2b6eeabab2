package dev.mpkit.ref.pool;

/** One message's worth of work for a worker: one call, or one chunk of a map (POOL-20). */
final class Task {

    final Job job;
    final byte kind;
    final Fn fn;
    final byte[] payload;
    /** The position of the task's first item in its job. */
    final int start;
    /** How many items (1 for a call). */
    final int count;
    /** Whether it may wait in a worker's pipe behind other quick tasks (map chunks, not single calls). */
    final boolean bulk;
    /** Guarded by the pool's lock. */
    long id;
    boolean sent;

    Task(Job job, byte kind, Fn fn, byte[] payload, int start, int count) {
        this.job = job;
        this.kind = kind;
        this.fn = fn;
        this.payload = payload;
        this.start = start;
        this.count = count;
        this.bulk = kind == Wire.CHUNK || kind == Wire.STAR_CHUNK;
    }
}
