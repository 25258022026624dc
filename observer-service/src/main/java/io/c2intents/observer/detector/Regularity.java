package io.c2intents.observer.detector;

import java.util.Arrays;

/**
 * How regular the intervals between contacts are. The score is the share of intervals within {@code tolerance} of
 * the median interval: jitter inside the tolerance costs nothing and one missed beacon costs one interval, while
 * random spacing rarely puts most intervals near their median. The coefficient of variation is reported alongside
 * for people reading the alert.
 *
 * @param score          share of regular intervals, 0–1
 * @param intervals      intervals scored
 * @param medianSeconds  median interval in seconds
 * @param cv             coefficient of variation of the intervals (standard deviation / mean)
 */
public record Regularity(double score, int intervals, double medianSeconds, double cv) {

    /** Scores the intervals between successive contact start times (epoch nanos, oldest first). */
    public static Regularity of(long[] contactStarts, double tolerance) {
        int n = contactStarts.length - 1;
        if (n < 1) {
            return new Regularity(0, 0, 0, 0);
        }
        double[] intervals = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            intervals[i] = (contactStarts[i + 1] - contactStarts[i]) / 1e9;
            sum += intervals[i];
        }
        double mean = sum / n;
        double squares = 0;
        for (double interval : intervals) {
            squares += (interval - mean) * (interval - mean);
        }
        double cv = mean > 0 ? Math.sqrt(squares / n) / mean : 0;
        double[] sorted = intervals.clone();
        Arrays.sort(sorted);
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        int regular = 0;
        for (double interval : intervals) {
            if (Math.abs(interval - median) <= tolerance * median) {
                regular++;
            }
        }
        return new Regularity((double) regular / n, n, median, cv);
    }
}
