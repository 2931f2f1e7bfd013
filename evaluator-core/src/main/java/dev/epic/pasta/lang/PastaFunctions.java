package dev.epic.pasta.lang;

import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;
import dev.epic.model.ModelService;
import dev.epic.pasta.decode.ModelServiceDecoder;
import dev.epic.pasta.decode.PastaAnswer;
import dev.epic.pasta.decode.PastaInterpreter;
import dev.epic.pasta.decode.PastaMetrics;
import dev.epic.pasta.decode.PastaOptions;
import dev.epic.pasta.decode.PastaRecorder;
import dev.epic.pasta.decode.PastaSettings;
import dev.epic.spi.CallContext;
import dev.epic.spi.ExternalCallException;
import dev.epic.spi.ExternalFunction;
import dev.epic.tools.ExternalRegistry;
import java.util.HashMap;
import java.util.HashSet;
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

    /** What {@code pasta_with} accepts: the shared options, the endpoint, and whether to return the details. */
    private static final Set<String> OPTIONS = union(PastaOptions.ALL, Set.of("model", "details"));

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new HashSet<>(a);
        u.addAll(b);
        return Set.copyOf(u);
    }

    public static ExternalRegistry register(ExternalRegistry registry, Supplier<ModelService> service, PastaSettings settings,
                                            PastaRecorder recorder) {
        return registry.register(new PastaBuiltin(false, service, settings, recorder))
                .register(new PastaBuiltin(true, service, settings, recorder));
    }

    /** {@code pasta prompt}, or {@code pasta_with opts prompt} when {@code withOptions}. */
    static final class PastaBuiltin implements ExternalFunction {
        private final boolean withOptions;
        private final Supplier<ModelService> service;
        private final PastaSettings settings;
        private final PastaRecorder recorder;

        PastaBuiltin(boolean withOptions, Supplier<ModelService> service, PastaSettings settings, PastaRecorder recorder) {
            this.withOptions = withOptions;
            this.service = service;
            this.settings = settings;
            this.recorder = recorder;
        }

        public String name() {
            return withOptions ? "pasta_with" : "pasta";
        }

        public int arity() {
            return withOptions ? 2 : 1;
        }

        public CompletionStage<Value> call(List<Value> args) {
            return call(args, CallContext.NONE);
        }

        public CompletionStage<Value> call(List<Value> args, CallContext context) {
            try {
                return start(args);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        private CompletionStage<Value> start(List<Value> args) {
            PastaSettings s = settings;
            boolean details = false;
            if (withOptions) {
                if (!(args.get(0) instanceof Value.Record)) {
                    throw new ExternalCallException("pasta_with expects a record of options first, like {max_tokens = 500}, but got "
                            + Values.preview(args.get(0), 200));
                }
                Map<String, Object> options = new HashMap<>();
                ((Value.Record) args.get(0)).fields().forEach((k, v) -> options.put(k, plain(v)));
                try {
                    s = PastaOptions.apply(s, options, "", OPTIONS);
                    if (options.containsKey("model")) {
                        s = s.withEndpoint(text(options.get("model"), "model"));
                    }
                    details = options.containsKey("details") && flag(options.get("details"), "details");
                } catch (PastaOptions.InvalidOption e) {
                    throw new ExternalCallException("pasta_with: " + e.getMessage());
                }
            }
            String instruction = prompt(name(), args.get(withOptions ? 1 : 0));
            PastaInterpreter interpreter = new PastaInterpreter(new ModelServiceDecoder(service.get(), s), s);
            boolean withDetails = details;
            return interpreter.answer(instruction).thenApply(a -> {
                recorder.record(a.metrics());
                return withDetails ? details(a) : new Value.Str(a.text());
            });
        }
    }

    static String prompt(String fn, Value v) {
        if (v instanceof Value.Str) {
            return ((Value.Str) v).value();
        }
        throw new ExternalCallException(fn + " expects an instruction string but got " + Values.preview(v, 200) + " (" + v.kindName() + ")");
    }

    /** A value as {@link PastaOptions} reads it; what it cannot read is shown as the program would show it. */
    private static Object plain(Value v) {
        if (v instanceof Value.Str str) {
            return str.value();
        } else if (v instanceof Value.Int i) {
            return i.value();
        } else if (v instanceof Value.Flt f) {
            return f.value();
        } else if (v instanceof Value.Bool b) {
            return b.value();
        }
        return Values.show(v);
    }

    private static String text(Object v, String name) {
        if (v instanceof String s) {
            return s;
        }
        throw new PastaOptions.InvalidOption("option '" + name + "' must be a string but is " + v, name);
    }

    private static boolean flag(Object v, String name) {
        if (v instanceof Boolean b) {
            return b;
        }
        throw new PastaOptions.InvalidOption("option '" + name + "' must be true or false but is " + v, name);
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
}
