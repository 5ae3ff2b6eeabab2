package dev.mpkit.tck.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Medians and ranges of samples, in the shape both sides of the bench report them. */
final class Stats {

    private Stats() {}

    /** {@code median}, {@code min}, {@code max}, {@code n} and the samples. */
    static Map<String, Object> summary(List<Double> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        List<Double> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("median", median);
        m.put("min", sorted.get(0));
        m.put("max", sorted.get(n - 1));
        m.put("n", n);
        m.put("samples", samples);
        return m;
    }
}
