package dev.epic.model.batch;

import dev.epic.model.GenParams;
import dev.epic.model.ModelCall;
import dev.epic.model.ModelResult;
import dev.epic.model.ModelTransport;
import dev.epic.model.RetryableFailure;
import dev.epic.model.endpoint.EndpointSettings;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The batcher of one model endpoint: every call to the endpoint goes through it.
 *
 * <p>State: calls waiting in a batching window, grouped by generation parameters; batches ready to send;
 * requests in flight; statistics (batch sizes, latency percentiles, histograms of call and request latency).
 * Calls with equal parameters that arrive within {@code batch-window} go out as one request with a list of prompts (up to {@code max-batch}) where the endpoint takes prompt lists, as
 * separate requests otherwise; with {@code flush-when-idle}, a call that finds the endpoint idle goes out at
 * once (a lone call never waits for the window, and calls that arrive meanwhile are batched). Windows are
 * ended by a {@link WindowClock}, precise to well under a millisecond, not by the actor scheduler's 10 ms
 * ticks. At most {@code max-in-flight} requests are in flight; batches that wait for a
 * slot are merged with others of the same parameters. A failed request is retried with backoff and jitter
 * when the failure is retryable (429, 5xx, timeouts, lost connections) — a streamed request only if none of
 * its text was delivered yet — and after the last attempt every call in it fails with an error naming the
 * endpoint. Each request is also bounded by {@code call-timeout} here, so no call waits forever whatever the
 * transport does. Replies go to each call's {@code replyTo}; streamed text goes to the call's listener as it
 * arrives. Runs until its actor system stops.
 */
public final class Batcher extends AbstractBehavior<Batcher.Command> {
    /** Extra time past the call timeout before the batcher gives up on a request the transport has not ended. */
    private static final Duration TIMEOUT_GRACE = Duration.ofSeconds(1);

    public sealed interface Command {}

    public record Submit(ModelCall call, ActorRef<Reply> replyTo) implements Command {}

    public record GetStats(ActorRef<BatcherStats> replyTo) implements Command {}

    public sealed interface Reply {}

    public record Answered(ModelResult result) implements Reply {}

    public record Failed(String message) implements Reply {}

    /** The end of {@code window}; stale when that window was flushed already (full, or idle endpoint). */
    private record FlushWindow(GenKey key, Window window) implements Command {}

    private record RequestDone(long requestId, Object response, Throwable failure) implements Command {}

    private record RequestTimedOut(long requestId) implements Command {}

    private record RetryDue(Batch batch) implements Command {}

    private record TimeoutKey(long requestId) {}

    private record GenKey(GenParams params, boolean streamed) {}

    private record Waiting(ModelCall call, ActorRef<Reply> replyTo, long arrivedNanos) {}

    /** Calls of equal parameters gathering until the window ends; identity tells a stale end from the current one. */
    private static final class Window {
        final List<Waiting> calls = new ArrayList<>();
        WindowClock.Scheduled end;
    }

    /** Calls that go out together; kept whole across retries. */
    private static final class Batch {
        final GenKey key;
        final List<Waiting> calls;
        final AtomicBoolean delivered = new AtomicBoolean();
        int attempt;
        long sentNanos;

        Batch(GenKey key, List<Waiting> calls) {
            this.key = key;
            this.calls = calls;
        }
    }

    /** A request that timed out in the batcher's own watch. */
    private static final class BatcherTimeout extends RuntimeException implements RetryableFailure {
        BatcherTimeout(String message) {
            super(message, null, false, false);
        }

        public boolean retryable() {
            return true;
        }
    }

    private final EndpointSettings settings;
    private final ModelTransport transport;
    private final LongSupplier clock;
    private final TimerScheduler<Command> timers;
    private final WindowClock windowClock;
    private final RequestBuilder requests;
    private final Map<GenKey, Window> windows = new HashMap<>();
    private final ArrayDeque<Batch> ready = new ArrayDeque<>();
    private final Map<Long, Batch> running = new HashMap<>();
    private long nextRequestId;
    private int inFlight;

    private long calls;
    private long requestCount;
    private long retries;
    private long failedCalls;
    private int maxInFlight;
    private final Map<Integer, Long> batchSizes = new TreeMap<>();
    private final Samples queueWaits = new Samples(20_000);
    private final Samples latencies = new Samples(20_000);
    private final LatencyHistogram.Recorder callLatency = new LatencyHistogram.Recorder();
    private final LatencyHistogram.Recorder requestLatency = new LatencyHistogram.Recorder();

    private Batcher(ActorContext<Command> context, TimerScheduler<Command> timers, EndpointSettings settings,
                    ModelTransport transport, LongSupplier clock, WindowClock windowClock) {
        super(context);
        this.timers = timers;
        this.windowClock = windowClock;
        this.settings = settings;
        this.transport = transport;
        this.clock = clock;
        this.requests = new RequestBuilder(settings);
    }

    public static Behavior<Command> create(EndpointSettings settings, ModelTransport transport) {
        return create(settings, transport, System::nanoTime, WindowClock.PRECISE);
    }

    /** {@code clock} gives the time in nanoseconds that latencies are measured with (tests pass their own). */
    static Behavior<Command> create(EndpointSettings settings, ModelTransport transport, LongSupplier clock) {
        return create(settings, transport, clock, WindowClock.PRECISE);
    }

    /**
     * The same, with batching windows ended by {@code windowClock}. Retry backoffs and call timeouts use the
     * actor's timers: they are long enough for the scheduler's 10 ms ticks, windows are not.
     */
    public static Behavior<Command> create(EndpointSettings settings, ModelTransport transport, WindowClock windowClock) {
        return create(settings, transport, System::nanoTime, windowClock);
    }

    private static Behavior<Command> create(EndpointSettings settings, ModelTransport transport, LongSupplier clock,
                                            WindowClock windowClock) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new Batcher(ctx, timers, settings, transport, clock,
                windowClock)));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Submit.class, this::onSubmit)
                .onMessage(FlushWindow.class, this::onFlushWindow)
                .onMessage(RequestDone.class, this::onRequestDone)
                .onMessage(RequestTimedOut.class, this::onRequestTimedOut)
                .onMessage(RetryDue.class, this::onRetryDue)
                .onMessage(GetStats.class, this::onGetStats)
                .build();
    }

    private boolean takesPromptLists() {
        return settings.capabilities().promptLists() && !settings.capabilities().chatOnly();
    }

    private Behavior<Command> onSubmit(Submit m) {
        calls++;
        Waiting w = new Waiting(m.call(), m.replyTo(), clock.getAsLong());
        GenKey key = new GenKey(m.call().params(), m.call().streamed());
        if (!takesPromptLists()) {
            ready.add(new Batch(key, List.of(w)));
            dispatchReady();
            return this;
        }
        Window window = windows.computeIfAbsent(key, k -> new Window());
        window.calls.add(w);
        int size = window.calls.size();
        boolean idle = settings.flushWhenIdle() && inFlight == 0 && ready.isEmpty() && size == 1;
        if (size >= settings.maxBatch() || settings.batchWindow().isZero() || idle) {
            flush(key);
        } else if (size == 1) {
            ActorRef<Command> self = getContext().getSelf();
            window.end = windowClock.schedule(settings.batchWindow(), () -> self.tell(new FlushWindow(key, window)));
        }
        return this;
    }

    private Behavior<Command> onFlushWindow(FlushWindow m) {
        if (windows.get(m.key()) == m.window()) {
            flush(m.key());
        }
        return this;
    }

    private void flush(GenKey key) {
        Window window = windows.remove(key);
        if (window == null) {
            return;
        }
        if (window.end != null) {
            window.end.cancel();
        }
        List<Waiting> calls = window.calls;
        for (int i = 0; i < calls.size(); i += settings.maxBatch()) {
            ready.add(new Batch(key, List.copyOf(calls.subList(i, Math.min(calls.size(), i + settings.maxBatch())))));
        }
        dispatchReady();
    }

    private void dispatchReady() {
        while (inFlight < settings.maxInFlight() && !ready.isEmpty()) {
            dispatch(mergeWithWaiting(ready.poll()));
        }
    }

    /** While a batch waited for a slot, others of the same parameters may have queued: send them together. */
    private Batch mergeWithWaiting(Batch b) {
        if (!takesPromptLists() || b.attempt > 0 || b.calls.size() >= settings.maxBatch()) {
            return b;
        }
        List<Waiting> merged = new ArrayList<>(b.calls);
        Iterator<Batch> it = ready.iterator();
        while (it.hasNext() && merged.size() < settings.maxBatch()) {
            Batch other = it.next();
            if (other.attempt == 0 && other.key.equals(b.key) && merged.size() + other.calls.size() <= settings.maxBatch()) {
                merged.addAll(other.calls);
                it.remove();
            }
        }
        return merged.size() == b.calls.size() ? b : new Batch(b.key, List.copyOf(merged));
    }

    private void dispatch(Batch b) {
        long id = ++nextRequestId;
        running.put(id, b);
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        requestCount++;
        batchSizes.merge(b.calls.size(), 1L, Long::sum);
        long now = clock.getAsLong();
        b.sentNanos = now;
        if (b.attempt == 0) {
            for (Waiting w : b.calls) {
                queueWaits.add((now - w.arrivedNanos()) / 1e6);
            }
        }
        b.attempt++;
        CompletionStage<?> stage;
        try {
            stage = send(b);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        getContext().pipeToSelf(stage, (resp, failure) -> new RequestDone(id, resp, failure));
        timers.startSingleTimer(new TimeoutKey(id), new RequestTimedOut(id), settings.callTimeout().plus(TIMEOUT_GRACE));
    }

    private CompletionStage<?> send(Batch b) {
        int n = b.key.params().n();
        if (settings.capabilities().chatOnly()) {
            Waiting w = b.calls.get(0);
            return transport.chat(requests.chat(w.call(), b.key.streamed()),
                    !b.key.streamed() ? null : chunk -> Demux.chatChunk(chunk, w.call(), b.delivered));
        }
        return transport.complete(requests.completion(prompts(b), b.key.params(), b.key.streamed(), takesPromptLists()),
                !b.key.streamed() ? null : chunk -> Demux.completionChunk(chunk, b.calls.stream().map(Waiting::call).toList(), n, b.delivered));
    }

    private static List<String> prompts(Batch b) {
        List<String> out = new ArrayList<>(b.calls.size());
        for (Waiting w : b.calls) {
            out.add(w.call().prompt());
        }
        return out;
    }

    private Behavior<Command> onRequestDone(RequestDone m) {
        Batch b = running.remove(m.requestId());
        if (b == null) {
            return this;
        }
        inFlight--;
        requestLatency.add(clock.getAsLong() - b.sentNanos);
        timers.cancel(new TimeoutKey(m.requestId()));
        if (m.failure() != null) {
            failed(b, m.failure());
        } else {
            answer(b, m.response());
        }
        dispatchReady();
        return this;
    }

    private Behavior<Command> onRequestTimedOut(RequestTimedOut m) {
        Batch b = running.remove(m.requestId());
        if (b != null) {
            inFlight--;
            requestLatency.add(clock.getAsLong() - b.sentNanos);
            failed(b, new BatcherTimeout("no answer within the call timeout of " + settings.callTimeout().toMillis() + " ms"));
            dispatchReady();
        }
        return this;
    }

    private Behavior<Command> onRetryDue(RetryDue m) {
        ready.addFirst(m.batch());
        dispatchReady();
        return this;
    }

    private void failed(Batch b, Throwable failure) {
        Throwable cause = Demux.unwrap(failure);
        boolean retryable = cause instanceof RetryableFailure && ((RetryableFailure) cause).retryable();
        boolean streamedAlready = b.key.streamed() && b.delivered.get();
        if (retryable && !streamedAlready && b.attempt < settings.retry().maxAttempts()) {
            retries++;
            Duration wait = settings.retry().backoff(b.attempt);
            if (cause instanceof RetryableFailure) {
                Duration asked = ((RetryableFailure) cause).retryAfter().orElse(Duration.ZERO);
                wait = asked.compareTo(wait) > 0 ? asked : wait;
            }
            timers.startSingleTimer(new RetryDue(b), wait);
            return;
        }
        String attempts = b.attempt > 1 ? " (after " + b.attempt + " attempts)" : "";
        String message = Demux.describe(settings, cause) + attempts;
        long now = clock.getAsLong();
        for (Waiting w : b.calls) {
            failedCalls++;
            callLatency.add(now - w.arrivedNanos());
            w.replyTo().tell(new Failed(message));
        }
    }

    private void answer(Batch b, Object response) {
        List<ModelResult> results;
        try {
            results = Demux.results(response, b.calls.size(), b.key.params().n(), settings);
        } catch (RuntimeException e) {
            failed(b, e);
            return;
        }
        long now = clock.getAsLong();
        for (int i = 0; i < b.calls.size(); i++) {
            Waiting w = b.calls.get(i);
            latencies.add((now - w.arrivedNanos()) / 1e6);
            callLatency.add(now - w.arrivedNanos());
            w.replyTo().tell(new Answered(results.get(i)));
        }
    }

    private Behavior<Command> onGetStats(GetStats m) {
        m.replyTo().tell(new BatcherStats(settings.name(), calls, requestCount, retries, failedCalls, maxInFlight, inFlight,
                new TreeMap<>(batchSizes), queueWaits.percentile(50), queueWaits.percentile(99), latencies.percentile(50),
                latencies.percentile(99), callLatency.snapshot(), requestLatency.snapshot()));
        return this;
    }
}
