package dev.epic.gateway.metrics;

import dev.epic.gateway.jobs.JobState;
import dev.epic.model.ModelService;
import dev.epic.model.batch.BatcherStats;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The gateway's Prometheus metrics, on a registry of its own (so several gateways in one JVM, as in tests, do
 * not share counters): jobs by state, external calls in flight, call latency per function, requests rejected by
 * error code, and for each model endpoint the requests sent by batch size. Gauges are read from their sources
 * at scrape time.
 */
public final class GatewayMetrics {
    private static final double[] LATENCY_BOUNDS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final AtomicLong callsInFlight = new AtomicLong();
    private final Counter submitted;
    private final Counter rejected;
    private final Histogram callLatency;
    private final Counter pages;

    /**
     * {@code jobCounts} gives the number of jobs in each state; {@code models} the started model service, or
     * null while no job has called a model (scraping must not start the endpoints).
     */
    public GatewayMetrics(Supplier<Map<JobState, Long>> jobCounts, Supplier<ModelService> models) {
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
        CounterWithCallback.builder().name("epic_model_requests").help("Requests sent to each model endpoint, by batch size (prompts per request)")
                .labelNames("endpoint", "batch_size")
                .callback(cb -> each(models, s -> s.batchSizes().forEach((size, n) -> cb.call(n, s.endpoint(), String.valueOf(size)))))
                .register(registry);
        GaugeWithCallback.builder().name("epic_model_batch_size_mean").help("Mean prompts per request, by model endpoint")
                .labelNames("endpoint").callback(cb -> each(models, s -> cb.call(s.meanBatchSize(), s.endpoint()))).register(registry);
        GaugeWithCallback.builder().name("epic_model_requests_in_flight").help("Requests in flight to each model endpoint")
                .labelNames("endpoint").callback(cb -> each(models, s -> cb.call(s.inFlight(), s.endpoint()))).register(registry);
    }

    private static void each(Supplier<ModelService> models, java.util.function.Consumer<BatcherStats> f) {
        ModelService m = models.get();
        if (m == null) {
            return;
        }
        List<BatcherStats> all = new ArrayList<>();
        for (String endpoint : m.settings().endpoints().keySet()) {
            try {
                all.add(m.stats(endpoint).toCompletableFuture().get(2, TimeUnit.SECONDS));
            } catch (Exception e) {
                // A batcher that does not answer in time is left out of this scrape.
            }
        }
        all.forEach(f);
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
