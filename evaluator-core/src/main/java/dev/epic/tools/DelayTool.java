package dev.epic.tools;

import dev.epic.spi.ExternalFunction;
import dev.epic.spi.ExternalCallException;
import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** {@code delay(ms, v)}: answers {@code v} after {@code ms} milliseconds. A stand-in for a slow tool. */
public final class DelayTool implements ExternalFunction {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "epic-delay-timer");
        t.setDaemon(true);
        return t;
    });

    @Override
    public String name() {
        return "delay";
    }

    @Override
    public int arity() {
        return 2;
    }

    @Override
    public CompletionStage<Value> call(List<Value> args) {
        if (!(args.get(0) instanceof Value.Int)) {
            return CompletableFuture.failedFuture(new ExternalCallException(
                    "delay expects milliseconds as an integer but got " + Values.preview(args.get(0), 200)));
        }
        long ms = ((Value.Int) args.get(0)).value();
        if (ms < 0) {
            return CompletableFuture.failedFuture(new ExternalCallException("delay of " + ms + " ms is negative"));
        }
        CompletableFuture<Value> out = new CompletableFuture<>();
        TIMER.schedule(() -> out.complete(args.get(1)), ms, TimeUnit.MILLISECONDS);
        return out;
    }
}
