package dev.epic.bench;

import dev.epic.model.ModelService;
import dev.epic.model.client.OpenAiClient;
import dev.epic.model.endpoint.Capabilities;
import dev.epic.model.endpoint.EndpointSettings;
import dev.epic.model.endpoint.ModelSettings;
import dev.epic.model.endpoint.RetryPolicy;
import dev.epic.model.sim.SimEngine;
import dev.epic.model.sim.SimServer;
import dev.epic.model.sim.SimSettings;
import dev.epic.model.sim.Tokenizer;
import dev.epic.model.sim.tasks.PastaAnnotator;
import dev.epic.pasta.decode.Decoder;
import dev.epic.pasta.decode.ModelServiceDecoder;
import dev.epic.pasta.decode.PastaAnswer;
import dev.epic.pasta.decode.PastaInterpreter;
import dev.epic.pasta.decode.PastaSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * {@code epic bench pasta}: instruction prompts answered by the simulated PASTA-annotating model, each twice in
 * one run against the same engine and endpoint — with PASTA decoding (chunks forked at their promises, stitched
 * at syncs) and as one plain sequential stream of the same answer — one answer at a time, the order alternating.
 * Reports the decode-step speedup (sequential tokens / critical-path steps) and the wall-time speedup of each
 * answer and their geometric means, per answer shape, with what limits them (see {@link PastaBenchReport}).
 */
public final class PastaBench {
    /** One prompt's two decodes. */
    record Row(String prompt, String shape, long criticalSteps, long tokensDecoded, long sequentialTokens, long mainOnPath,
               int promises, int rounds, int decodeCalls, int overran, long pastaPrefillTokens, long sequentialPrefillTokens,
               double pastaMs, double sequentialMs, boolean sameText, long engineSteps, long engineSequentialSteps) {
        /** The speedup in decode steps the simulated engine ran: its steps for the plain stream over those for PASTA. */
        double stepSpeedup() {
            return (double) engineSequentialSteps / engineSteps;
        }

        /** The speedup by the interpreter's own count ({@code PastaMetrics.speedup}: sequential tokens over S). */
        double formulaSpeedup() {
            return (double) sequentialTokens / criticalSteps;
        }

        double wallSpeedup() {
            return sequentialMs / pastaMs;
        }
    }

    private final boolean quick;
    private final PrintWriter out;

    public PastaBench(boolean quick, PrintWriter out) {
        this.quick = quick;
        this.out = out;
    }

    static List<String> prompts() throws Exception {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                PastaBench.class.getResourceAsStream("pasta-prompts.txt"), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line.strip());
                }
            }
        }
        return out;
    }

    /** Counts the prompt tokens of every decode: what the engine prefills (the simulated engine has no prefix cache). */
    private static final class PrefillCounter implements Decoder {
        final Decoder inner;
        final AtomicLong tokens = new AtomicLong();

        PrefillCounter(Decoder inner) {
            this.inner = inner;
        }

        @Override
        public CompletionStage<Decoded> decode(Decode call, Consumer<String> onText) {
            tokens.addAndGet(Tokenizer.count(call.context()));
            return inner.decode(call, onText);
        }
    }

    public void run(Path docs) throws Exception {
        List<String> prompts = prompts();
        if (quick) {
            prompts = prompts.subList(0, 16);
        }
        double timeScale = quick ? 0.1 : 0.2;
        SimSettings sim = new SimSettings("epic-sim-7b", 25, 0.6, 0.05, 64, SimSettings.Mode.CONTINUOUS, timeScale, 1024, Optional.empty());
        PastaSettings settings = PastaSettings.defaults();
        List<Row> rows = new ArrayList<>();
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "epic-bench-pasta");
        SimEngine engine = new SimEngine(sim, List.of(new PastaAnnotator()));
        try (SimServer server = SimServer.start(system, engine, "127.0.0.1", 0)) {
            // The batch window is part of the modelled time: scaled like the engine's steps, as a real server would see it.
            Duration window = Duration.ofNanos(Math.round(5_000_000 * timeScale));
            EndpointSettings e = new EndpointSettings("sim", server.baseUrl(), "epic-sim-7b", "", Capabilities.VLLM, window,
                    64, 16, Duration.ofSeconds(120), new RetryPolicy(1, Duration.ofMillis(100), Duration.ofSeconds(1), 0.2));
            ModelService service = new ModelService(system, new ModelSettings("sim", Map.of("sim", e)), x -> new OpenAiClient(system, x));
            PrefillCounter counter = new PrefillCounter(new ModelServiceDecoder(service, settings));
            PastaInterpreter pasta = new PastaInterpreter(counter, settings);
            // Warm the client and the JIT on one answer that is not measured.
            pasta.answer("Give tips for a warm-up run.").toCompletableFuture().get(120, TimeUnit.SECONDS);
            pasta.sequential("Give tips for a warm-up run.").toCompletableFuture().get(120, TimeUnit.SECONDS);
            for (int i = 0; i < prompts.size(); i++) {
                rows.add(measure(pasta, counter, engine, prompts.get(i), i % 2 == 0));
                Row r = rows.get(rows.size() - 1);
                out.printf("%2d/%d %-55s steps %.2fx  wall %.2fx%n", i + 1, prompts.size(), r.prompt(), r.stepSpeedup(), r.wallSpeedup());
                out.flush();
            }
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        new PastaBenchReport(rows, sim, settings, quick).write(docs);
        out.println("wrote " + docs.resolve("benchmarks.md") + ", " + docs.resolve("bench/pasta.json") + ", " + docs.resolve("bench/pasta.svg"));
    }

    /**
     * One prompt both ways. Only one answer is in flight at a time, so the engine's step count over an answer is
     * the decode steps that answer took.
     */
    private static Row measure(PastaInterpreter pasta, PrefillCounter counter, SimEngine engine, String prompt, boolean pastaFirst)
            throws Exception {
        PastaAnswer a = null;
        PastaInterpreter.Sequential s = null;
        long pastaPrefill = 0;
        long seqPrefill = 0;
        long pastaSteps = 0;
        long seqSteps = 0;
        for (int k = 0; k < 2; k++) {
            boolean doPasta = (k == 0) == pastaFirst;
            long before = counter.tokens.get();
            long stepsBefore = engine.steps();
            if (doPasta) {
                a = pasta.answer(prompt).toCompletableFuture().get(120, TimeUnit.SECONDS);
                pastaPrefill = counter.tokens.get() - before;
                pastaSteps = engine.steps() - stepsBefore;
            } else {
                s = pasta.sequential(prompt).toCompletableFuture().get(120, TimeUnit.SECONDS);
                seqPrefill = counter.tokens.get() - before;
                seqSteps = engine.steps() - stepsBefore;
            }
        }
        long mainOnPath = 0;
        // Per round, the main thread's part of the critical path: up to the promise of the chunk that ends last.
        for (int round = 1; round <= a.metrics().rounds(); round++) {
            int r = round;
            List<PastaAnswer.Chunk> cs = a.chunks().stream().filter(c -> c.round() == r).toList();
            long last = cs.stream().mapToLong(c -> c.promisedAt() + c.tokens()).max().orElse(0);
            long deciding = cs.stream().filter(c -> c.promisedAt() + c.tokens() == last).mapToLong(PastaAnswer.Chunk::promisedAt).max().orElse(0);
            mainOnPath += deciding;
        }
        return new Row(prompt, PastaAnnotator.AnnotatedPlan.of(prompt, 0).shape(), a.metrics().criticalSteps(), a.metrics().tokensDecoded(),
                s.tokens(), mainOnPath, a.metrics().promises(), a.metrics().rounds(), a.metrics().decodeCalls(), a.metrics().overran(),
                pastaPrefill, seqPrefill, a.metrics().wallMs(), s.wallMs(), a.text().equals(s.text()), pastaSteps, seqSteps);
    }
}
