package dev.epic.pasta.lang;

import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;
import dev.epic.model.ModelService;
import dev.epic.pasta.decode.ModelServiceDecoder;
import dev.epic.pasta.decode.PastaAnswer;
import dev.epic.pasta.decode.PastaInterpreter;
import dev.epic.pasta.decode.PastaMetrics;
import dev.epic.pasta.decode.PastaRecorder;
import dev.epic.pasta.decode.PastaSettings;
import dev.epic.pasta.decode.StitchLayout;
import dev.epic.spi.CallContext;
import dev.epic.spi.ExternalCallException;
import dev.epic.spi.ExternalFunction;
import dev.epic.spi.ExternalRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The language's PASTA builtins: {@code pasta prompt} answers an instruction with PASTA decoding and returns
 * the stitched answer; {@code pasta_with opts prompt} does the same with options, and with
 * {@code {details = true}} returns a record of the answer and its metrics. Every answer's metrics go to the
 * run's {@link PastaRecorder}.
 */
public final class PastaFunctions {
    private PastaFunctions() {}

    /** The names these builtins have in programs. */
    public static final Set<String> NAMES = Set.of("pasta", "pasta_with");

    private static final Set<String> OPTIONS = Set.of("model", "layout", "budget_factor", "budget_slack", "max_chunk_tokens",
            "max_tokens", "max_rounds", "temperature", "seed", "details");

    public static ExternalRegistry register(ExternalRegistry registry, Supplier<ModelService> service, PastaSettings settings,
                                            PastaRecorder recorder) {
        return registry.register(new Pasta(service, settings, recorder)).register(new PastaWith(service, settings, recorder));
    }

    private abstract static class PastaBuiltin implements ExternalFunction {
        final Supplier<ModelService> service;
        final PastaSettings settings;
        final PastaRecorder recorder;

        PastaBuiltin(Supplier<ModelService> service, PastaSettings settings, PastaRecorder recorder) {
            this.service = service;
            this.settings = settings;
            this.recorder = recorder;
        }

        public final CompletionStage<Value> call(List<Value> args) {
            return call(args, CallContext.NONE);
        }

        public final CompletionStage<Value> call(List<Value> args, CallContext context) {
            try {
                return start(args);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        abstract CompletionStage<Value> start(List<Value> args);

        CompletionStage<PastaAnswer> answer(PastaSettings s, String instruction) {
            PastaInterpreter interpreter = new PastaInterpreter(new ModelServiceDecoder(service.get(), s), s);
            return interpreter.answer(instruction).thenApply(a -> {
                recorder.record(a.metrics());
                return a;
            });
        }
    }

    static String prompt(String fn, Value v) {
        if (v instanceof Value.Str) {
            return ((Value.Str) v).value();
        }
        throw new ExternalCallException(fn + " expects an instruction string but got " + Values.show(v) + " (" + v.kindName() + ")");
    }

    /** {@code pasta prompt}. */
    static final class Pasta extends PastaBuiltin {
        Pasta(Supplier<ModelService> service, PastaSettings settings, PastaRecorder recorder) {
            super(service, settings, recorder);
        }

        public String name() {
            return "pasta";
        }

        public int arity() {
            return 1;
        }

        CompletionStage<Value> start(List<Value> args) {
            return answer(settings, prompt(name(), args.get(0))).thenApply(a -> new Value.Str(a.text()));
        }
    }

    /** {@code pasta_with opts prompt}. */
    static final class PastaWith extends PastaBuiltin {
        PastaWith(Supplier<ModelService> service, PastaSettings settings, PastaRecorder recorder) {
            super(service, settings, recorder);
        }

        public String name() {
            return "pasta_with";
        }

        public int arity() {
            return 2;
        }

        CompletionStage<Value> start(List<Value> args) {
            if (!(args.get(0) instanceof Value.Record)) {
                throw new ExternalCallException("pasta_with expects a record of options first, like {max_tokens = 500}, but got "
                        + Values.show(args.get(0)));
            }
            Map<String, Value> f = ((Value.Record) args.get(0)).fields();
            for (String name : f.keySet()) {
                if (!OPTIONS.contains(name)) {
                    throw new ExternalCallException("pasta_with: unknown option '" + name + "' (known: " + String.join(", ", OPTIONS.stream().sorted().toList()) + ")");
                }
            }
            PastaSettings s = options(f);
            boolean details = f.containsKey("details") && bool(f.get("details"));
            String instruction = prompt(name(), args.get(1));
            return answer(s, instruction).thenApply(a -> details ? details(a) : new Value.Str(a.text()));
        }

        private PastaSettings options(Map<String, Value> f) {
            PastaSettings s = settings;
            if (f.containsKey("model")) {
                s = s.withEndpoint(string("model", f.get("model")));
            }
            if (f.containsKey("layout")) {
                String l = string("layout", f.get("layout"));
                if (!l.equals("inline") && !l.equals("appended")) {
                    throw new ExternalCallException("pasta_with: option 'layout' must be \"inline\" or \"appended\" but is \"" + l + "\"");
                }
                s = s.withLayout(StitchLayout.valueOf(l.toUpperCase()));
            }
            double factor = f.containsKey("budget_factor") ? number("budget_factor", f.get("budget_factor")) : s.budgetFactor();
            int slack = f.containsKey("budget_slack") ? (int) integer("budget_slack", f.get("budget_slack"), 0) : s.budgetSlack();
            int maxChunk = f.containsKey("max_chunk_tokens") ? (int) integer("max_chunk_tokens", f.get("max_chunk_tokens"), 1) : s.maxChunkTokens();
            int maxTotal = f.containsKey("max_tokens") ? (int) integer("max_tokens", f.get("max_tokens"), 1) : s.maxTotalTokens();
            if (!(factor > 0) || factor > 100) {
                throw new ExternalCallException("pasta_with: option 'budget_factor' must be a number above 0 and at most 100");
            }
            s = s.withBudget(factor, slack, maxChunk, maxTotal);
            if (f.containsKey("max_rounds")) {
                s = s.withMaxRounds((int) integer("max_rounds", f.get("max_rounds"), 1));
            }
            Double t = f.containsKey("temperature") ? Double.valueOf(number("temperature", f.get("temperature"))) : s.temperature();
            Long seed = f.containsKey("seed") ? Long.valueOf(integer("seed", f.get("seed"), Long.MIN_VALUE)) : s.seed();
            return s.withSampling(t, seed);
        }

        private static Value details(PastaAnswer a) {
            PastaMetrics m = a.metrics();
            Map<String, Value> r = new LinkedHashMap<>();
            r.put("answer", new Value.Str(a.text()));
            r.put("critical_steps", new Value.Int(m.criticalSteps()));
            r.put("tokens_decoded", new Value.Int(m.tokensDecoded()));
            r.put("sequential_tokens", new Value.Int(m.sequentialTokens()));
            r.put("speedup", new Value.Flt(m.speedup()));
            r.put("promises", new Value.Int(m.promises()));
            r.put("rounds", new Value.Int(m.rounds()));
            r.put("overran", new Value.Int(m.overran()));
            r.put("chunks", Values.fromList(a.chunks().stream().<Value>map(c -> new Value.Str(c.text())).toList()));
            return new Value.Record(r);
        }

        private static String string(String name, Value v) {
            if (v instanceof Value.Str) {
                return ((Value.Str) v).value();
            }
            throw new ExternalCallException("pasta_with: option '" + name + "' must be a string but is " + Values.show(v));
        }

        private static boolean bool(Value v) {
            if (v instanceof Value.Bool) {
                return ((Value.Bool) v).value();
            }
            throw new ExternalCallException("pasta_with: option 'details' must be true or false but is " + Values.show(v));
        }

        private static long integer(String name, Value v, long min) {
            if (v instanceof Value.Int && ((Value.Int) v).value() >= min && ((Value.Int) v).value() <= 1_000_000) {
                return ((Value.Int) v).value();
            }
            if (min == Long.MIN_VALUE && v instanceof Value.Int) {
                return ((Value.Int) v).value();
            }
            throw new ExternalCallException("pasta_with: option '" + name + "' must be an integer"
                    + (min == Long.MIN_VALUE ? "" : " from " + min + " to 1000000") + " but is " + Values.show(v));
        }

        private static double number(String name, Value v) {
            if (v instanceof Value.Int) {
                return ((Value.Int) v).value();
            }
            if (v instanceof Value.Flt) {
                return ((Value.Flt) v).value();
            }
            throw new ExternalCallException("pasta_with: option '" + name + "' must be a number but is " + Values.show(v));
        }
    }
}
