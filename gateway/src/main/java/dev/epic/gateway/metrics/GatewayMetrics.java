package dev.epic.gateway.metrics;

import dev.epic.gateway.jobs.JobState;
import dev.epic.model.ModelService;
import dev.epic.model.batch.BatcherStats;
import dev.epic.model.batch.LatencyHistogram;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The gateway's Prometheus metrics, on a registry of its own (so several gateways in one JVM, as in tests, do
 * not share counters): jobs by state, external calls in flight, call latency per function, requests rejected by
 * error code, and for each model endpoint histograms of the batch sizes it sent, of its calls' latency and of its
 * requests' latency (counted by the endpoint's batcher, so they cover every node's calls to it). Gauges are read from their
 * sources at scrape time; the model batchers' statistics are asked for asynchronously ({@link #scrapeAsync}), so
 * a scrape never holds a thread while a batcher answers.
 */
public final class GatewayMetrics {
    /** The batchers' bounds, so latencies by function and by endpoint compare bucket for bucket. */
    private static final double[] LATENCY_BOUNDS = LatencyHistogram.upperBounds();
    private static final double[] MODEL_LATENCY_BOUNDS = withInfinity(LATENCY_BOUNDS);
    /** Prompts per request; the last bucket is +Inf. */
    private static final double[] BATCH_BOUNDS = {1, 2, 4, 8, 16, 32, 64, 128, Double.POSITIVE_INFINITY};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final AtomicLong callsInFlight = new AtomicLong();
    private final Counter submitted;
    private final Counter rejected;
    private final Histogram callLatency;
    private final Counter pages;
    private final Supplier<ModelService> models;
    private final Duration statsTimeout;
    /** The batchers' statistics as last fetched by {@link #scrapeAsync}. */
    private volatile List<BatcherStats> batchers = List.of();

    /**
     * {@code jobCounts} gives the number of jobs in each state; {@code models} the started model service, or
     * null while no job has called a model (scraping must not start the endpoints).
     */
    public GatewayMetrics(Supplier<Map<JobState, Long>> jobCounts, Supplier<ModelService> models) {
        this(jobCounts, models, Duration.ofSeconds(2));
    }

    /** {@code statsTimeout}: how long a scrape waits for a batcher's statistics before leaving it out. */
    public GatewayMetrics(Supplier<Map<JobState, Long>> jobCounts, Supplier<ModelService> models, Duration statsTimeout) {
        this.models = models;
        this.statsTimeout = statsTimeout;
        submitted = Counter.builder().name("epic_jobs_submitted").help("Jobs accepted (recorded in the database)")
                .register(registry);
        rejected = Counter.builder().name("epic_requests_rejected").help("Requests answered with an error, by error code")
                .labelNames("code").register(registry);
        pages = Counter.builder().name("epic_timeline_pages").help("Timeline pages served").register(registry);
        callLatency = Histogram.builder().name("epic_call_duration_seconds")
                .help("External calls from dispatch to resolution, by function (llm, search, ...)")
                .labelNames("function").classicOnly().classicUpperBounds(LATENCY_BOUNDS).register(registry);
        GaugeWithCallback.builder().name("epic_jobs").help("Jobs this gateway holds, by state").labelNames("state")
                .callback(cb -> jobCounts.get().forEach((s, n) -> cb.call(n, s.label()))).register(registry);
        GaugeWithCallback.builder().name("epic_calls_in_flight").help("External calls dispatched and not yet resolved")
                .callback(cb -> cb.call(callsInFlight.get())).register(registry);
        registry.register(this::batchSizes);
        registry.register(() -> latencies("epic_model_call_duration_seconds",
                "Calls to each model endpoint, from reaching its batcher to their answer or failure (waits and retries included)",
                BatcherStats::callLatency));
        registry.register(() -> latencies("epic_model_request_duration_seconds",
                "Requests to each model endpoint (every attempt), from dispatch to the engine's answer, failure or timeout",
                BatcherStats::requestLatency));
        GaugeWithCallback.builder().name("epic_model_batch_size_mean").help("Mean prompts per request, by model endpoint")
                .labelNames("endpoint").callback(cb -> batchers.forEach(s -> cb.call(s.meanBatchSize(), s.endpoint()))).register(registry);
        GaugeWithCallback.builder().name("epic_model_requests_in_flight").help("Requests in flight to each model endpoint")
                .labelNames("endpoint").callback(cb -> batchers.forEach(s -> cb.call(s.inFlight(), s.endpoint()))).register(registry);
    }

    /** {@code epic_model_batch_size}: per endpoint, a histogram of prompts per request, from the batcher's counts. */
    private HistogramSnapshot batchSizes() {
        HistogramSnapshot.Builder b = HistogramSnapshot.builder().name("epic_model_batch_size")
                .help("Prompts per request sent to each model endpoint (its _count is the requests sent)");
        for (BatcherStats s : batchers) {
            long[] counts = new long[BATCH_BOUNDS.length];
            double sum = 0;
            for (Map.Entry<Integer, Long> e : s.batchSizes().entrySet()) {
                int i = 0;
                while (e.getKey() > BATCH_BOUNDS[i]) {
                    i++;
                }
                counts[i] += e.getValue();
                sum += (double) e.getKey() * e.getValue();
            }
            b.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder().labels(Labels.of("endpoint", s.endpoint()))
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(BATCH_BOUNDS, counts)).sum(sum).build());
        }
        return b.build();
    }

    /** A histogram per endpoint from the batchers' latency counts (fixed buckets, seconds). */
    private HistogramSnapshot latencies(String name, String help, Function<BatcherStats, LatencyHistogram> histogram) {
        HistogramSnapshot.Builder b = HistogramSnapshot.builder().name(name).help(help);
        for (BatcherStats s : batchers) {
            LatencyHistogram h = histogram.apply(s);
            long[] counts = h.counts().stream().mapToLong(Long::longValue).toArray();
            b.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder().labels(Labels.of("endpoint", s.endpoint()))
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(MODEL_LATENCY_BOUNDS, counts)).sum(h.sumSeconds()).build());
        }
        return b.build();
    }

    private static double[] withInfinity(double[] bounds) {
        double[] out = Arrays.copyOf(bounds, bounds.length + 1);
        out[bounds.length] = Double.POSITIVE_INFINITY;
        return out;
    }

    /**
     * Fetches the batchers' statistics without blocking (each left out if it does not answer within the
     * timeout), then renders every metric. No model endpoint has started while no job has called a model:
     * scraping does not start them.
     */
    public CompletionStage<byte[]> scrapeAsync() {
        ModelService m = models.get();
        if (m == null) {
            return CompletableFuture.completedFuture(scrape());
        }
        List<CompletableFuture<BatcherStats>> asks = new ArrayList<>();
        for (String endpoint : m.settings().endpoints().keySet()) {
            asks.add(m.stats(endpoint).toCompletableFuture().copy()
                    .completeOnTimeout(null, statsTimeout.toMillis(), TimeUnit.MILLISECONDS).exceptionally(t -> null));
        }
        return CompletableFuture.allOf(asks.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            batchers = asks.stream().map(CompletableFuture::join).filter(java.util.Objects::nonNull).toList();
            return scrape();
        });
    }

    public void jobSubmitted() {
        submitted.inc();
    }

    public void rejected(String code) {
        rejected.labelValues(code).inc();
    }

    public void timelineServed() {
        pages.inc();
    }

    public void callDispatched() {
        callsInFlight.incrementAndGet();
    }

    public void callEnded(String function, double seconds) {
        callsInFlight.decrementAndGet();
        callLatency.labelValues(function).observe(seconds);
    }

    /** A job ended with calls still in flight (cancelled, timed out): they are abandoned. */
    public void callsAbandoned(long n) {
        callsInFlight.addAndGet(-n);
    }

    public String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    /** The text exposition of every metric. */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

}
