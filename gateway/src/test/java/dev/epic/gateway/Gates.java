package dev.epic.gateway;

import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;
import dev.epic.spi.ExternalFunction;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A test tool: {@code gate "k"} answers {@code "k"} only when the test opens gate {@code k}, so a test decides
 * exactly when a job's calls end; {@link #awaitCalled} lets it wait until a job has reached a gate.
 */
final class Gates implements ExternalFunction {
    private final Map<String, CompletableFuture<Value>> answers = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> called = new ConcurrentHashMap<>();
    private volatile boolean allOpen;

    @Override
    public String name() {
        return "gate";
    }

    @Override
    public int arity() {
        return 1;
    }

    @Override
    public CompletionStage<Value> call(List<Value> args) {
        String k = Values.display(args.get(0));
        called.computeIfAbsent(k, x -> new CompletableFuture<>()).complete(null);
        CompletableFuture<Value> f = answers.computeIfAbsent(k, x -> new CompletableFuture<>());
        if (allOpen) {
            f.complete(new Value.Str(k));
        }
        return f;
    }

    void open(String k) {
        answers.computeIfAbsent(k, x -> new CompletableFuture<>()).complete(new Value.Str(k));
    }

    /** Every gate, now and later, answers at once. */
    void openAll() {
        allOpen = true;
        answers.forEach((k, f) -> f.complete(new Value.Str(k)));
    }

    void awaitCalled(String k) throws Exception {
        called.computeIfAbsent(k, x -> new CompletableFuture<>()).get(30, TimeUnit.SECONDS);
    }
}
