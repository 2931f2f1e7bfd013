package dev.epic.model.batch;

import java.util.Arrays;

/** A bounded reservoir of the latest samples, for percentiles. Not thread-safe: owned by one actor. */
final class Samples {
    private final double[] values;
    private int count;

    Samples(int capacity) {
        values = new double[capacity];
    }

    void add(double v) {
        values[count % values.length] = v;
        count++;
    }

    double percentile(double p) {
        int n = Math.min(count, values.length);
        if (n == 0) {
            return 0;
        }
        double[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        int idx = (int) Math.ceil(p / 100.0 * n) - 1;
        return sorted[Math.max(0, Math.min(n - 1, idx))];
    }
}
