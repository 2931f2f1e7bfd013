package dev.epic.model.batch;

import dev.epic.model.ModelTransport;
import dev.epic.model.RetryableFailure;
import dev.epic.model.api.ChatRequest;
import dev.epic.model.api.ChatResponse;
import dev.epic.model.api.CompletionChoice;
import dev.epic.model.api.CompletionRequest;
import dev.epic.model.api.CompletionResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A model server stand-in for batcher tests: records every request, tracks how many are open at once, and
 * answers each according to a policy — at once, after a delay, never, or with a failure — with the choices of
 * a completion shuffled so that matching by index is exercised.
 */
final class FakeTransport implements ModelTransport {
    /** What to do with the {@code attempt}-th request (1-based). */
    interface Policy {
        Outcome decide(int attempt, CompletionRequest request);
    }

    enum Outcome { ANSWER, FAIL_RETRYABLE, FAIL_FATAL, HANG }

    static final class Failure extends RuntimeException implements RetryableFailure {
        final boolean retryable;

        Failure(String message, boolean retryable) {
            super(message, null, false, false);
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    final List<CompletionRequest> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger maxOpen = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final Random shuffle = new Random(7);
    private volatile Policy policy = (attempt, request) -> Outcome.ANSWER;
    private volatile long answerDelayMs;

    FakeTransport policy(Policy p) {
        policy = p;
        return this;
    }

    FakeTransport answerAfter(long ms) {
        answerDelayMs = ms;
        return this;
    }

    static String answerTo(String prompt, int choice) {
        return "answer " + choice + " to " + prompt;
    }

    @Override
    public CompletionStage<CompletionResponse> complete(CompletionRequest request, Consumer<CompletionResponse> onChunk) {
        requests.add(request);
        int now = open.incrementAndGet();
        maxOpen.accumulateAndGet(now, Math::max);
        int attempt = attempts.incrementAndGet();
        CompletableFuture<CompletionResponse> out = new CompletableFuture<>();
        Outcome o = policy.decide(attempt, request);
        Runnable finish = () -> {
            open.decrementAndGet();
            switch (o) {
                case ANSWER:
                    out.complete(respond(request, onChunk));
                    break;
                case FAIL_RETRYABLE:
                    out.completeExceptionally(new Failure("503 Service Unavailable: overloaded", true));
                    break;
                case FAIL_FATAL:
                    out.completeExceptionally(new Failure("400 Bad Request: no", false));
                    break;
                default:
                    throw new IllegalStateException();
            }
        };
        if (o == Outcome.HANG) {
            return out;
        }
        if (answerDelayMs > 0) {
            timer.schedule(finish, answerDelayMs, TimeUnit.MILLISECONDS);
        } else {
            finish.run();
        }
        return out;
    }

    private CompletionResponse respond(CompletionRequest request, Consumer<CompletionResponse> onChunk) {
        int n = request.choicesPerPrompt();
        List<CompletionChoice> choices = new ArrayList<>();
        List<String> prompts = request.prompts();
        for (int p = 0; p < prompts.size(); p++) {
            for (int c = 0; c < n; c++) {
                choices.add(new CompletionChoice(p * n + c, answerTo(prompts.get(p), c), null, "stop"));
            }
        }
        synchronized (shuffle) {
            Collections.shuffle(choices, shuffle);
        }
        if (onChunk != null) {
            // Stream each answer in two pieces, pieces of different prompts interleaved.
            List<CompletionChoice> firsts = new ArrayList<>();
            List<CompletionChoice> seconds = new ArrayList<>();
            for (CompletionChoice ch : choices) {
                int cut = ch.text().length() / 2;
                firsts.add(new CompletionChoice(ch.index(), ch.text().substring(0, cut), null, null));
                seconds.add(new CompletionChoice(ch.index(), ch.text().substring(cut), null, "stop"));
            }
            for (CompletionChoice ch : firsts) {
                onChunk.accept(new CompletionResponse("c", "text_completion", 0L, "fake", List.of(ch), null));
            }
            for (CompletionChoice ch : seconds) {
                onChunk.accept(new CompletionResponse("c", "text_completion", 0L, "fake", List.of(ch), null));
            }
        }
        return new CompletionResponse("c", "text_completion", 0L, "fake", choices, null);
    }

    @Override
    public CompletionStage<ChatResponse> chat(ChatRequest request, Consumer<ChatResponse> onChunk) {
        throw new UnsupportedOperationException("chat");
    }
}
