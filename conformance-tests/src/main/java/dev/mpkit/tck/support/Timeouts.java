package dev.mpkit.tck.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.awaitility.core.ConditionFactory;

/**
 * The kit's time ladder, every rung multiplied by {@link TimeScale}. Waits for what must happen are long: they
 * cost time only when an implementation fails. Windows in which something must <em>not</em> happen are short,
 * and what must block is asserted as a lower bound only.
 */
public final class Timeouts {

    /** How long anything that must happen may take: a child JVM starting, exiting, writing an event. */
    public static final Duration MUST_HAPPEN = TimeScale.seconds(30);
    /** A test's whole budget; past it the test fails as hung and its process tree is killed. */
    public static final Duration TEST_BUDGET = TimeScale.seconds(90);
    /** The window in which a blocking call is shown to block. */
    public static final Duration BLOCK_WINDOW = TimeScale.millis(500);
    /** Slack allowed below a lower bound for clock granularity (CPython's CLOCK_RES is 100 ms). */
    public static final Duration CLOCK_SLACK = Duration.ofMillis(20);
    /** What "returns at once" may take at most. */
    public static final Duration PROMPT = TimeScale.seconds(2);
    /** How long a child that must outlive the test's checks sleeps: long, and killed by the test afterwards. */
    public static final Duration LONG_SLEEP = TimeScale.seconds(60);

    private Timeouts() {}

    /**
     * An Awaitility condition with the clause-ID alias, the {@link #MUST_HAPPEN} bound and a short poll.
     *
     * @param alias starts with the clause ID, for example {@code "PROC-15 child exits after terminate()"}
     */
    public static ConditionFactory eventually(String alias) {
        return await(alias).atMost(MUST_HAPPEN).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10));
    }
}
