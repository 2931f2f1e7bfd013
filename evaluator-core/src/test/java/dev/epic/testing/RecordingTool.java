package dev.epic.testing;

import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;
import dev.epic.spi.ExternalFunction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An external function for tests that records each call and holds it open until the test releases it, so a
 * test can see exactly which calls were in flight together. {@code name x} answers {@code x} when released.
 */
public final class RecordingTool implements ExternalFunction {
    private final String name;
    private final Map<String, CompletableFuture<Value>> open = new LinkedHashMap<>();
    private final List<String> dispatched = new ArrayList<>();
    private int maxOpen;

    public RecordingTool(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int arity() {
        return 1;
    }

    @Override
    public synchronized CompletionStage<Value> call(List<Value> args) {
        String key = Values.display(args.get(0));
        CompletableFuture<Value> f = new CompletableFuture<>();
        open.put(key, f);
        dispatched.add(key);
        maxOpen = Math.max(maxOpen, open.size());
        notifyAll();
        return f.thenApply(v -> args.get(0));
    }

    /** Waits until at least {@code n} calls are open at once; fails after {@code timeout}. Returns the open calls. */
    public synchronized List<String> awaitOpen(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (open.size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + n + " calls in flight together but saw " + open.keySet()
                        + " (dispatched so far: " + dispatched + ")");
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return new ArrayList<>(open.keySet());
    }

    /** Answers the open call whose argument displays as {@code key}. */
    public void release(String key) {
        CompletableFuture<Value> f;
        synchronized (this) {
            f = open.remove(key);
        }
        if (f == null) {
            throw new AssertionError("no open call " + key + " (open: " + openCalls() + ")");
        }
        f.complete(Value.Unit.UNIT);
    }

    public void releaseAll() {
        List<CompletableFuture<Value>> fs;
        synchronized (this) {
            fs = new ArrayList<>(open.values());
            open.clear();
        }
        fs.forEach(f -> f.complete(Value.Unit.UNIT));
    }

    public synchronized List<String> openCalls() {
        return new ArrayList<>(open.keySet());
    }

    public synchronized List<String> dispatched() {
        return new ArrayList<>(dispatched);
    }

    public synchronized int maxOpen() {
        return maxOpen;
    }
}
