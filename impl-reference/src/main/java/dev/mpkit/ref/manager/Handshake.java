package dev.mpkit.ref.manager;

import dev.mpkit.ref.os.Frames;
import dev.mpkit.ref.os.UnixSocketConnection;
import java.io.EOFException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mutual proof of the manager's key: HMAC-SHA256 challenge and response, as CPython's
 * {@code deliver_challenge}/{@code answer_challenge}, in both directions (MGR-08).
 */
final class Handshake {

    private static final int CHALLENGE_BYTES = 40;
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(20);
    private static final SecureRandom RANDOM = new SecureRandom();

    private Handshake() {}

    /** The server's side: challenge first, then answer; a failure leaves the connection to be closed. */
    static void server(UnixSocketConnection c, byte[] key) throws IOException {
        deliverChallenge(c, key);
        answerChallenge(c, key);
    }

    /** The client's side: answer first, then challenge. */
    static void client(UnixSocketConnection c, byte[] key) throws IOException {
        answerChallenge(c, key);
        deliverChallenge(c, key);
    }

    private static void deliverChallenge(UnixSocketConnection c, byte[] key) throws IOException {
        byte[] message = new byte[CHALLENGE_BYTES];
        RANDOM.nextBytes(message);
        c.send(Protocol.CHALLENGE, message);
        Frames.Frame response = c.receive(TIMEOUT_NANOS);
        if (response == null || response.type != Protocol.RESPONSE
                || !MessageDigest.isEqual(response.body, hmac(key, message))) {
            try {
                c.send(Protocol.FAILURE, new byte[0]);
            } catch (IOException ignored) {
                // the peer has gone already
            }
            throw refused("digest received was wrong");
        }
        c.send(Protocol.WELCOME, new byte[0]);
    }

    private static void answerChallenge(UnixSocketConnection c, byte[] key) throws IOException {
        Frames.Frame challenge = c.receive(TIMEOUT_NANOS);
        if (challenge == null) {
            // no refusal: a peer refuses after a challenge; this one went away (a server killed as we connected)
            throw new EOFException("the peer closed the connection before its challenge");
        }
        if (challenge.type != Protocol.CHALLENGE) {
            throw refused("expected a challenge, got frame type " + challenge.type);
        }
        c.send(Protocol.RESPONSE, hmac(key, challenge.body));
        Frames.Frame verdict = c.receive(TIMEOUT_NANOS);
        if (verdict == null) {
            throw new EOFException("the peer closed the connection before its verdict"); // it refuses with FAILURE
        }
        if (verdict.type != Protocol.WELCOME) {
            throw refused("digest sent was rejected");
        }
    }

    private static SecurityException refused(String why) {
        return new SecurityException("[MGR-08] authentication failed: " + why);
    }

    /**
     * HMAC-SHA256 of {@code message} under the SHA-256 of {@code key}. HMAC pads a key shorter than its block with
     * zero bytes, so under the key itself, as in CPython, the key with a zero byte appended would pass for the key
     * (MGR-08: only the key passes); hashed first, every two different keys differ. The hash is never empty either,
     * which the JDK refuses as a key.
     */
    static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(MessageDigest.getInstance("SHA-256").digest(key), "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available: " + e, e);
        }
    }
}
