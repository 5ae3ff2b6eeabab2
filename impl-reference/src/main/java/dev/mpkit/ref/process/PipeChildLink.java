package dev.mpkit.ref.process;

import dev.mpkit.ref.os.Frames;
import dev.mpkit.ref.os.JvmProcess;
import dev.mpkit.ref.os.ReportFile;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A cold child: its work goes down its standard input pipe, and it reports how it ended in a report file that
 * the parent reads when the process has ended (ChildMain's pipe path).
 */
final class PipeChildLink extends ChildLink {

    private final Path report;
    private boolean settled;

    PipeChildLink(JvmProcess jvm, Path report) {
        super(jvm);
        this.report = report;
        jvm.onExit().whenComplete((p, e) -> settle());
    }

    /**
     * Waits for the process itself, not for {@link #exit}: the JDK completes {@code Process.onExit()} on a
     * common-pool thread after its reaper has seen the exit, one more thread to wake before join() returns.
     */
    @Override
    boolean awaitExit(long nanos) throws InterruptedException {
        if (!exit.isDone()) {
            if (!jvm.waitFor(nanos)) {
                return false;
            }
            settle();
        }
        return true;
    }

    /**
     * Once the process has ended: reads its report and completes {@link #exit}. Synchronized as a whole, so that a
     * caller that races the exit watcher returns only once {@link #exit} is complete (PROC-31 after join()).
     */
    private synchronized void settle() {
        if (settled) {
            return;
        }
        settled = true;
        jvm.closeInput();
        Integer reported = null;
        boolean orderly = false;
        for (Frames.Frame f : ReportFile.readAndDelete(report)) {
            if (f.type == Frames.EXIT && f.body.length == 4) {
                reported = Frames.intOf(f.body);
            } else if (f.type == Frames.ORDERLY) {
                orderly = true;
            }
        }
        exit.complete(ExitCodes.of(reported, orderly, jvm.rawExitValue()));
    }

    @Override
    void deliver(byte[] payload) {
        try {
            jvm.send(Frames.PAYLOAD, payload);
        } catch (IOException e) {
            // the child died before reading its work; its exit is observed through the process
        }
    }

    @Override
    void disconnect() {
        jvm.closeInput(); // the child reads end of stream: a parent gone, or no work
    }
}
