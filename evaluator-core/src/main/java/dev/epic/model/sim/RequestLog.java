package dev.epic.model.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * What the simulated engine did with each request, for tests and benchmarks: times in milliseconds since the
 * engine started (arrival, first decode step, first token, finish), how many prompts and sequences, and the
 * batch it ran in — the most and the mean number of sequences active in its steps, and the steps themselves.
 * Thread-safe.
 */
public final class RequestLog {
    public record Entry(long id, int prompts, int sequences, double arrivalMs, double startMs, double firstTokenMs,
                        double finishMs, int maxBatch, double meanBatch, int steps, List<String> promptTexts) {
        /** Whether this request's decoding overlapped another's in time. */
        public boolean overlaps(Entry o) {
            return startMs < o.finishMs && o.startMs < finishMs;
        }
    }

    static final class Open {
        final long id;
        final int prompts;
        /** The prompts themselves, so a test can tell whether a call was issued twice. */
        List<String> promptTexts = List.of();
        final int sequences;
        final double arrivalMs;
        double startMs = -1;
        double firstTokenMs = -1;
        int maxBatch;
        long batchSum;
        int steps;

        Open(long id, int prompts, int sequences, double arrivalMs) {
            this.id = id;
            this.prompts = prompts;
            this.sequences = sequences;
            this.arrivalMs = arrivalMs;
        }
    }

    private final List<Entry> finished = new ArrayList<>();

    synchronized void finish(Open o, double finishMs) {
        finished.add(new Entry(o.id, o.prompts, o.sequences, o.arrivalMs, o.startMs, o.firstTokenMs, finishMs, o.maxBatch,
                o.steps == 0 ? 0 : (double) o.batchSum / o.steps, o.steps, o.promptTexts));
    }

    public synchronized List<Entry> entries() {
        return new ArrayList<>(finished);
    }

    public synchronized void clear() {
        finished.clear();
    }

    /** The most requests whose decoding overlapped at one moment. */
    public synchronized int maxConcurrentRequests() {
        List<double[]> events = new ArrayList<>();
        for (Entry e : finished) {
            events.add(new double[] {e.arrivalMs(), 1});
            events.add(new double[] {e.finishMs(), -1});
        }
        events.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
        int now = 0;
        int max = 0;
        for (double[] ev : events) {
            now += (int) ev[1];
            max = Math.max(max, now);
        }
        return max;
    }
}
