package dev.mpkit.tck.support;

import java.time.Duration;

/**
 * The one factor that scales every delay of the kit: {@code -Dmpkit.timeScale} or the environment variable
 * {@code MPKIT_TIME_SCALE} (default 1). A slow grader sets 3; nothing else changes.
 */
public final class TimeScale {

    private static final double FACTOR = read();

    private TimeScale() {}

    public static double factor() {
        return FACTOR;
    }

    public static Duration scaled(Duration d) {
        return Duration.ofNanos((long) (d.toNanos() * FACTOR));
    }

    public static Duration millis(long ms) {
        return scaled(Duration.ofMillis(ms));
    }

    public static Duration seconds(long s) {
        return scaled(Duration.ofSeconds(s));
    }

    private static double read() {
        String v = System.getProperty("mpkit.timeScale");
        if (v == null || v.isBlank()) {
            v = System.getenv("MPKIT_TIME_SCALE");
        }
        if (v == null || v.isBlank()) {
            return 1.0;
        }
        try {
            double f = Double.parseDouble(v.trim());
            if (f > 0 && f < 1000) {
                return f;
            }
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw new IllegalArgumentException("mpkit.timeScale must be a number in (0, 1000), was '" + v + "'");
    }
}
