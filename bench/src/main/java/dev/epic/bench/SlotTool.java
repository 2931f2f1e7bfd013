package dev.epic.bench;

import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;
import dev.epic.spi.ExternalCallException;
import dev.epic.spi.ExternalFunction;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code Bench.slot(ms, v)}: a simulated tool with a fixed capacity per process — it serves at most
 * {@link #SLOTS} calls at a time, each for {@code ms} milliseconds, and queues the rest — then answers {@code v}.
 * The cluster benchmark uses it for work whose throughput is bound by each node's capacity.
 */
public final class SlotTool implements ExternalFunction {
    public static final int SLOTS = 4;

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "epic-slot-tool");
        t.setDaemon(true);
        return t;
    });

    private record Job(long ms, Value value, CompletableFuture<Value> out) {}

    private static final ArrayDeque<Job> queue = new ArrayDeque<>();
    private static int busy;

    @Override
    public String name() {
        return "Bench.slot";
    }

    @Override
    public int arity() {
        return 2;
    }

    @Override
    public CompletionStage<Value> call(List<Value> args) {
        if (!(args.get(0) instanceof Value.Int) || ((Value.Int) args.get(0)).value() < 0) {
            return CompletableFuture.failedFuture(new ExternalCallException(
                    "Bench.slot expects a non-negative number of milliseconds but got " + Values.preview(args.get(0), 200)));
        }
        Job job = new Job(((Value.Int) args.get(0)).value(), args.get(1), new CompletableFuture<>());
        synchronized (SlotTool.class) {
            queue.add(job);
            startWhatFits();
        }
        return job.out();
    }

    private static void startWhatFits() {
        while (busy < SLOTS && !queue.isEmpty()) {
            Job j = queue.poll();
            busy++;
            TIMER.schedule(() -> {
                synchronized (SlotTool.class) {
                    busy--;
                    startWhatFits();
                }
                j.out().complete(j.value());
            }, j.ms(), TimeUnit.MILLISECONDS);
        }
    }
}
