package dev.epic.model;

import dev.epic.model.batch.Batcher;
import dev.epic.model.batch.BatcherStats;
import dev.epic.model.endpoint.EndpointSettings;
import dev.epic.model.endpoint.ModelSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The model endpoints of this process, each behind its {@link Batcher}. Calls name an endpoint (or take the
 * default) and get a stage that completes with the answer, or fails with an {@link ModelCallException} whose
 * message names the endpoint.
 */
public final class ModelService {
    private final ActorSystem<?> system;
    private final ModelSettings settings;
    private final Map<String, ActorRef<Batcher.Command>> batchers = new LinkedHashMap<>();

    /** Where an endpoint's batcher lives: this process (the default) or, on a cluster, one for all members. */
    public interface BatcherPlacement {
        /** A reference speaking the batcher's protocol for endpoint {@code e} reached with {@code transport}. */
        ActorRef<Batcher.Command> batcher(ActorSystem<?> system, EndpointSettings e, ModelTransport transport);
    }

    /** A batcher actor per endpoint in this process. */
    public static final BatcherPlacement LOCAL = (system, e, transport) -> system.systemActorOf(Batcher.create(e, transport),
            "batcher-" + e.name().replaceAll("[^A-Za-z0-9_-]", "_"), Props.empty());

    public ModelService(ActorSystem<?> system, ModelSettings settings, Function<EndpointSettings, ModelTransport> transports) {
        this(system, settings, transports, LOCAL);
    }

    public ModelService(ActorSystem<?> system, ModelSettings settings, Function<EndpointSettings, ModelTransport> transports,
                        BatcherPlacement placement) {
        this.system = system;
        this.settings = settings;
        for (EndpointSettings e : settings.endpoints().values()) {
            batchers.put(e.name(), placement.batcher(system, e, transports.apply(e)));
        }
    }

    /** A failed model call, as the program sees it. */
    public static final class ModelCallException extends RuntimeException {
        public ModelCallException(String message) {
            super(message, null, false, false);
        }
    }

    public ModelSettings settings() {
        return settings;
    }

    /** The endpoint of that name, or the default for null; fails for an unknown name. */
    public EndpointSettings endpoint(String name) {
        EndpointSettings e = settings.endpoints().get(name == null ? settings.defaultEndpoint() : name);
        if (e == null) {
            throw new ModelCallException("no model endpoint named '" + name + "' (configured: "
                    + String.join(", ", settings.endpoints().keySet()) + ")");
        }
        return e;
    }

    public CompletionStage<ModelResult> call(String endpointName, ModelCall call) {
        EndpointSettings e;
        try {
            e = endpoint(endpointName);
        } catch (ModelCallException ex) {
            return CompletableFuture.failedFuture(ex);
        }
        if (call.params().logprobs() != null && !e.capabilities().logprobs()) {
            return CompletableFuture.failedFuture(new ModelCallException("model endpoint '" + e.name()
                    + "' does not give log-probabilities (capabilities.logprobs = false)"));
        }
        if (call.params().n() > 1 && !e.capabilities().n()) {
            return severalCalls(e, call);
        }
        return submit(e, call);
    }

    private CompletionStage<ModelResult> submit(EndpointSettings e, ModelCall call) {
        // The batcher bounds every request by the call timeout and its retries; this bound is only a backstop.
        Duration bound = e.callTimeout().plus(e.retry().maxBackoff()).multipliedBy(e.retry().maxAttempts() + 1);
        CompletionStage<Batcher.Reply> reply = AskPattern.ask(batchers.get(e.name()), replyTo -> new Batcher.Submit(call, replyTo),
                bound, system.scheduler());
        return reply.thenCompose(r -> {
            if (r instanceof Batcher.Answered) {
                return CompletableFuture.completedFuture(((Batcher.Answered) r).result());
            }
            return CompletableFuture.failedFuture(new ModelCallException(((Batcher.Failed) r).message()));
        });
    }

    /** For an endpoint without {@code n}: one call per choice, each with its own seed. */
    private CompletionStage<ModelResult> severalCalls(EndpointSettings e, ModelCall call) {
        int n = call.params().n();
        List<CompletableFuture<ModelResult>> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int choice = i;
            Long seed = call.params().seed() == null ? Long.valueOf(i) : call.params().seed() + i;
            ModelCall one = new ModelCall(call.prompt(), call.params().withN(1).withSeed(seed),
                    call.listener() == null ? null : (c, delta) -> call.listener().onText(choice, delta));
            parts.add(submit(e, one).toCompletableFuture());
        }
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            List<ModelResult.Choice> choices = new ArrayList<>();
            for (CompletableFuture<ModelResult> p : parts) {
                choices.add(p.join().choices().get(0));
            }
            return new ModelResult(choices);
        });
    }

    public CompletionStage<BatcherStats> stats(String endpointName) {
        return AskPattern.ask(batchers.get(endpoint(endpointName).name()), Batcher.GetStats::new, Duration.ofSeconds(10),
                system.scheduler());
    }
}
