package dev.mpkit.tck.support;

/**
 * Targets that many tests hand to their children, as method references such as
 * {@code mp.newProcess(ChildTargets::runningThenSleep, log, Timeouts.LONG_SLEEP.toMillis())}: each records into the
 * kit's {@link EventLog} in {@code args[0]}, so that the test sees what the child does.
 */
public final class ChildTargets {

    private ChildTargets() {}

    /** Records "running", then sleeps {@code args[1]} milliseconds as its workload (until the test stops it). */
    public static void runningThenSleep(Object... args) throws InterruptedException {
        ((EventLog) args[0]).record("running");
        ChildWork.sleep((Long) args[1]);
    }

    /** Records "running", waits at most {@code args[1]} milliseconds for the test's "release", records "released". */
    public static void runningUntilReleased(Object... args) throws InterruptedException {
        EventLog log = (EventLog) args[0];
        log.record("running");
        ChildWork.awaitEvents(log, "release", 1, (Long) args[1]);
        log.record("released");
    }
}
