package dev.mpkit.ref.process;

import dev.mpkit.ref.os.ControlChannel;
import dev.mpkit.ref.os.Frames;
import dev.mpkit.ref.os.JvmProcess;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * A spare JVM, connected back over the control socket: its work and its report travel on the connection, and its
 * exit code is known once both the process has ended and its connection has closed.
 */
final class SocketChildLink extends ChildLink {

    final long token;
    private final CompletableFuture<Void> connectionDone = new CompletableFuture<>();
    private volatile byte[] payload;
    private ControlChannel channel;
    private volatile Integer reported;
    private volatile boolean orderly;

    SocketChildLink(long token, JvmProcess jvm) {
        super(jvm);
        this.token = token;
        jvm.onExit().whenComplete((p, e) -> {
            synchronized (this) {
                if (channel == null) {
                    connectionDone.complete(null); // died before connecting: nothing more will come
                }
            }
            connectionDone.whenComplete((v, e2) -> exit.complete(ExitCodes.of(reported, orderly, jvm.rawExitValue())));
        });
    }

    /** Sent as soon as both the payload and the connection exist. */
    @Override
    void deliver(byte[] body) {
        payload = body;
        sendPayloadIfReady();
    }

    /** Called by the acceptor when the child's HELLO arrives. */
    void connected(ControlChannel c) {
        synchronized (this) {
            if (connectionDone.isDone()) {
                c.close();
                return;
            }
            channel = c;
        }
        sendPayloadIfReady();
        Thread reader = new Thread(this::readLoop, "mpkit-child-" + jvm.pid());
        reader.setDaemon(true);
        reader.start();
    }

    private void sendPayloadIfReady() {
        ControlChannel c;
        byte[] body;
        synchronized (this) {
            c = channel;
            body = payload;
            if (c == null || body == null) {
                return;
            }
            payload = null;
        }
        try {
            c.send(Frames.PAYLOAD, body);
        } catch (IOException e) {
            // the child died; its exit is observed through the process
        }
    }

    private void readLoop() {
        try {
            Frames.Frame f;
            while ((f = channel.receive()) != null) {
                if (f.type == Frames.EXIT && f.body.length == 4) {
                    reported = Frames.intOf(f.body);
                } else if (f.type == Frames.ORDERLY) {
                    orderly = true;
                }
            }
        } catch (IOException ignored) {
            // connection reset: the child is gone
        } finally {
            channel.close();
            connectionDone.complete(null);
        }
    }

    /** Closes the connection. */
    @Override
    void disconnect() {
        ControlChannel c;
        synchronized (this) {
            c = channel;
        }
        if (c != null) {
            c.close();
        }
    }
}
