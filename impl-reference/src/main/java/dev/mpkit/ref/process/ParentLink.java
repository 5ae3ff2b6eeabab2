package dev.mpkit.ref.process;

import dev.mpkit.ref.os.ControlChannel;
import dev.mpkit.ref.os.Frames;
import dev.mpkit.ref.os.ParentPipe;
import dev.mpkit.ref.os.ReportFile;
import java.io.IOException;

/**
 * The child's side of its link to the parent: how it reports how it ended, and how it learns that the parent
 * has gone. A cold child has a {@link ViaPipe}, a spare JVM a {@link ViaSocket}.
 */
abstract class ParentLink {

    /** Blocks until the parent has gone ({@code true}) or {@link #close()} was called here ({@code false}). */
    abstract boolean awaitParentEnd();

    /** Reports the exit code of the process's run, just before halting; never fails. */
    abstract void reportExit(int code);

    /** Reports an exit through {@code System.exit}: the OS status is the exit code (PROC-14, PROC-17). */
    abstract void reportOrderly();

    /** Stops {@link #awaitParentEnd()} at once: a JVM halts faster without threads blocked in native reads. */
    abstract void close();

    /** Standard input from the parent, and a report file in the parent's directory. */
    static final class ViaPipe extends ParentLink {
        /**
         * How long a daemonic child waits before it watches the pipe ({@link ParentPipe#awaitEnd(long)}): a parent's
         * death is then seen at most this much later, well within DAEMON-08's 5 s.
         */
        private static final long WATCH_DELAY_MILLIS = 300;

        private final ParentPipe pipe;
        private final String reportFile;

        ViaPipe(ParentPipe pipe, String reportFile) {
            this.pipe = pipe;
            this.reportFile = reportFile;
        }

        @Override
        boolean awaitParentEnd() {
            return pipe.awaitEnd(WATCH_DELAY_MILLIS);
        }

        @Override
        void reportExit(int code) {
            append(Frames.EXIT, Frames.intBody(code));
        }

        @Override
        void reportOrderly() {
            append(Frames.ORDERLY, new byte[0]);
        }

        private void append(byte type, byte[] body) {
            try {
                ReportFile.append(reportFile, type, body);
            } catch (IOException ignored) {
                // the parent's directory is gone, and the parent with it
            }
        }

        @Override
        void close() {
            pipe.close();
        }
    }

    /** The control connection to the parent. */
    static final class ViaSocket extends ParentLink {
        private final ControlChannel channel;

        ViaSocket(ControlChannel channel) {
            this.channel = channel;
        }

        @Override
        boolean awaitParentEnd() {
            try {
                while (channel.receive() != null) {
                    // the parent sends nothing after the payload today
                }
            } catch (IOException ignored) {
                // treated as the parent's death, or our own close()
            }
            return true; // the caller tells our own close() apart
        }

        @Override
        void reportExit(int code) {
            send(Frames.EXIT, Frames.intBody(code));
        }

        @Override
        void reportOrderly() {
            send(Frames.ORDERLY, new byte[0]);
        }

        private void send(byte type, byte[] body) {
            try {
                channel.send(type, body);
            } catch (IOException ignored) {
                // the parent is gone; nobody is waiting for the report
            }
        }

        /**
         * Closing, not shutting down input: everything has been sent, and a shutdown would initialize
         * sun.nio.ch.Net (and load libextnet) on the way out, some milliseconds before the halt.
         */
        @Override
        void close() {
            channel.close();
        }
    }
}
