package dev.mpkit.ref.manager;

import java.util.concurrent.TimeUnit;

/**
 * The manager's wire protocol over a Unix-domain socket: {@link dev.mpkit.ref.os.Frames} whose bodies are
 * {@link dev.mpkit.ref.codec.Codec} forms.
 */
/* Overview
 *
 * A connection starts with the handshake (Handshake): the server challenges the client, then the client the
 * server, each with 40 random bytes answered by their HMAC-SHA256 under the manager's key, as CPython's
 * deliver_challenge/answer_challenge do, except that the HMAC key is the SHA-256 of the manager's key: HMAC pads
 * short keys with zero bytes, so CPython accepts the key with a zero byte appended. Only then does the server read
 * requests.
 *
 * A REQUEST body is the Codec form of an Object[]: { op (Integer), object id (Long), arguments… }. The REPLY body
 * is { status (Integer), value }: OK with the result, NO when a wait ran out (queue empty or full, lock or permit
 * not free, join not done), ERROR with the message of the IllegalStateException the client throws.
 *
 * Items travel and are stored in the server as their Codec forms (byte[]): the server never deserializes a user's
 * object. A wait in the server lasts at most SLICE; a client that must wait longer asks again, and checks between
 * slices whether its thread was interrupted.
 */
final class Protocol {

    // frame types
    static final byte CHALLENGE = 20;
    static final byte RESPONSE = 21;
    static final byte WELCOME = 22;
    static final byte FAILURE = 23;
    static final byte REQUEST = 24;
    static final byte REPLY = 25;

    // operations
    static final int CREATE = 1;
    static final int INFO = 2;
    static final int SHUTDOWN = 3;
    static final int PUT = 10;
    static final int GET = 11;
    static final int QSIZE = 12;
    static final int FULL = 13;
    static final int TASK_DONE = 14;
    static final int JOIN = 15;
    static final int ACQUIRE = 20;
    static final int RELEASE = 21;
    static final int HOLD_COUNT = 22;
    static final int VALUE = 23;

    // kinds of object
    static final int QUEUE = 1;
    static final int JOINABLE_QUEUE = 2;
    static final int LOCK = 3;
    static final int RLOCK = 4;
    static final int SEMAPHORE = 5;
    static final int BOUNDED_SEMAPHORE = 6;

    // reply status
    static final int OK = 0;
    static final int NO = 1;
    static final int ERROR = 2;

    /** The longest wait in the server for one request: the client sees its thread's interrupt within about this. */
    static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private Protocol() {}

    static String kindName(int kind) {
        switch (kind) {
            case QUEUE: return "Queue";
            case JOINABLE_QUEUE: return "JoinableQueue";
            case LOCK: return "Lock";
            case RLOCK: return "RLock";
            case SEMAPHORE: return "Semaphore";
            case BOUNDED_SEMAPHORE: return "BoundedSemaphore";
            default: return "kind " + kind;
        }
    }
}
