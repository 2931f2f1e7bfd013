package dev.epic.model.batch;

import java.util.Map;

/**
 * What a batcher has done: calls taken, requests sent (first attempts and retries), the request sizes (prompts
 * per request → how many requests), the most requests it ever had in flight, and percentiles of queue wait
 * (call arrival to its request's dispatch) and latency (call arrival to answer), in milliseconds; and two
 * histograms: {@code callLatency}, each call from its arrival to its answer or failure (retries and waits
 * included; its total is the calls ended), and {@code requestLatency}, each request (every attempt) from its
 * dispatch to the endpoint's answer, failure or the batcher's timeout (its total is the requests ended).
 */
public record BatcherStats(String endpoint, long calls, long requests, long retries, long failedCalls, int maxInFlight,
                           int inFlight, Map<Integer, Long> batchSizes, double queueWaitP50, double queueWaitP99,
                           double latencyP50, double latencyP99, LatencyHistogram callLatency,
                           LatencyHistogram requestLatency) {

    public double meanBatchSize() {
        long n = 0;
        long sum = 0;
        for (Map.Entry<Integer, Long> e : batchSizes.entrySet()) {
            n += e.getValue();
            sum += (long) e.getKey() * e.getValue();
        }
        return n == 0 ? 0 : (double) sum / n;
    }
}
