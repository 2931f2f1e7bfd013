package dev.epic.model;

import dev.epic.lang.value.Pending;
import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;
import dev.epic.spi.CallContext;
import dev.epic.spi.ExternalCallException;
import dev.epic.spi.ExternalFunction;
import dev.epic.tools.ExternalRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The language's model builtins: {@code llm prompt}, {@code llm_with opts prompt}, {@code llm_lines prompt}
 * and {@code llm_top opts prompt}, all through a {@link ModelService}.
 */
public final class LlmFunctions {
    private LlmFunctions() {}

    /** The names these builtins have in programs. */
    public static final java.util.Set<String> NAMES = java.util.Set.of("llm", "llm_with", "llm_lines", "llm_top");

    public static ExternalRegistry register(ExternalRegistry registry, ModelService service) {
        return register(registry, () -> service);
    }

    /** Registers the builtins with a service made on first use (so programs that call no model start none). */
    public static ExternalRegistry register(ExternalRegistry registry, Supplier<ModelService> service) {
        return registry.register(new Llm(service)).register(new LlmWith(service)).register(new LlmLines(service))
                .register(new LlmTop(service));
    }

    private static final Set<String> OPTIONS = Set.of("model", "max_tokens", "temperature", "top_p", "stop", "n", "seed", "k");

    /** Options of {@code llm_with} and {@code llm_top}, read from a record. */
    record Options(String endpoint, GenParams params, boolean listOfChoices, int k) {
        static Options parse(String fn, Value v) {
            if (!(v instanceof Value.Record)) {
                throw new ExternalCallException(fn + " expects a record of options first, like {max_tokens = 50}, but got "
                        + Values.preview(v, 200));
            }
            Map<String, Value> f = ((Value.Record) v).fields();
            for (String name : f.keySet()) {
                if (!OPTIONS.contains(name)) {
                    throw new ExternalCallException(fn + ": unknown option '" + name + "' (known: model, max_tokens, temperature, top_p, stop, n, seed"
                            + (fn.equals("llm_top") ? ", k" : "") + ")");
                }
            }
            String endpoint = f.containsKey("model") ? string(fn, "model", f.get("model")) : null;
            Integer maxTokens = f.containsKey("max_tokens") ? positive(fn, "max_tokens", f.get("max_tokens")) : null;
            Double temperature = f.containsKey("temperature") ? number(fn, "temperature", f.get("temperature")) : null;
            Double topP = f.containsKey("top_p") ? number(fn, "top_p", f.get("top_p")) : null;
            List<String> stop = f.containsKey("stop") ? stops(fn, f.get("stop")) : null;
            int n = f.containsKey("n") ? positive(fn, "n", f.get("n")) : 1;
            Long seed = f.containsKey("seed") ? Long.valueOf(integer(fn, "seed", f.get("seed"))) : null;
            int k = f.containsKey("k") ? positive(fn, "k", f.get("k")) : 5;
            return new Options(endpoint, new GenParams(maxTokens, temperature, topP, stop, n, seed, null), f.containsKey("n"), k);
        }

        private static String string(String fn, String name, Value v) {
            if (v instanceof Value.Str) {
                return ((Value.Str) v).value();
            }
            throw new ExternalCallException(fn + ": option '" + name + "' must be a string but is " + Values.preview(v, 200));
        }

        private static long integer(String fn, String name, Value v) {
            if (v instanceof Value.Int) {
                return ((Value.Int) v).value();
            }
            throw new ExternalCallException(fn + ": option '" + name + "' must be an integer but is " + Values.preview(v, 200));
        }

        private static int positive(String fn, String name, Value v) {
            long x = integer(fn, name, v);
            if (x < 1 || x > 1_000_000) {
                throw new ExternalCallException(fn + ": option '" + name + "' must be a positive integer but is " + x);
            }
            return (int) x;
        }

        private static double number(String fn, String name, Value v) {
            if (v instanceof Value.Int) {
                return ((Value.Int) v).value();
            }
            if (v instanceof Value.Flt) {
                return ((Value.Flt) v).value();
            }
            throw new ExternalCallException(fn + ": option '" + name + "' must be a number but is " + Values.preview(v, 200));
        }

        private static List<String> stops(String fn, Value v) {
            if (v instanceof Value.Str) {
                return List.of(((Value.Str) v).value());
            }
            List<Value> xs = Values.toList(v);
            if (xs == null) {
                throw new ExternalCallException(fn + ": option 'stop' must be a string or a list of strings");
            }
            List<String> out = new ArrayList<>();
            for (Value x : xs) {
                out.add(string(fn, "stop", x));
            }
            return out;
        }
    }

    static String prompt(String fn, Value v) {
        if (v instanceof Value.Str) {
            return ((Value.Str) v).value();
        }
        throw new ExternalCallException(fn + " expects a prompt string but got " + Values.preview(v, 200) + " (" + v.kindName() + ")");
    }

    /** A model builtin: bad arguments fail its stage with a clear message instead of throwing. */
    private abstract static class ModelBuiltin implements ExternalFunction {
        final Supplier<ModelService> service;
        private final String name;
        private final int arity;

        ModelBuiltin(String name, int arity, Supplier<ModelService> service) {
            this.name = name;
            this.arity = arity;
            this.service = service;
        }

        public final String name() {
            return name;
        }

        public final int arity() {
            return arity;
        }

        public final CompletionStage<Value> call(List<Value> args) {
            return call(args, CallContext.NONE);
        }

        public final CompletionStage<Value> call(List<Value> args, CallContext context) {
            try {
                return start(args, context);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        abstract CompletionStage<Value> start(List<Value> args, CallContext context);
    }

    /** {@code llm prompt}: one completion from the default endpoint. */
    static final class Llm extends ModelBuiltin {
        Llm(Supplier<ModelService> service) {
            super("llm", 1, service);
        }

        CompletionStage<Value> start(List<Value> args, CallContext context) {
            String prompt = prompt(name(), args.get(0));
            return service.get().call(null, new ModelCall(prompt, GenParams.defaults(), null)).thenApply(r -> new Value.Str(r.text()));
        }
    }

    /** {@code llm_with opts prompt}: with options; with {@code n} the answer is a list of {@code n} strings. */
    static final class LlmWith extends ModelBuiltin {
        LlmWith(Supplier<ModelService> service) {
            super("llm_with", 2, service);
        }

        CompletionStage<Value> start(List<Value> args, CallContext context) {
            Options o = Options.parse(name(), args.get(0));
            String prompt = prompt(name(), args.get(1));
            return service.get().call(o.endpoint(), new ModelCall(prompt, o.params(), null)).thenApply(r -> {
                if (!o.listOfChoices()) {
                    return new Value.Str(r.text());
                }
                List<Value> texts = new ArrayList<>();
                for (ModelResult.Choice c : r.choices()) {
                    texts.add(new Value.Str(c.text()));
                }
                return Values.fromList(texts);
            });
        }
    }

    /** {@code llm_top opts prompt}: the next-token alternatives as {@code (token, logprob)}, most likely first. */
    static final class LlmTop extends ModelBuiltin {
        LlmTop(Supplier<ModelService> service) {
            super("llm_top", 2, service);
        }

        CompletionStage<Value> start(List<Value> args, CallContext context) {
            Options o = Options.parse(name(), args.get(0));
            String prompt = prompt(name(), args.get(1));
            GenParams p = o.params();
            GenParams one = new GenParams(1, p.temperature(), p.topP(), p.stop(), 1, p.seed(), o.k());
            return service.get().call(o.endpoint(), new ModelCall(prompt, one, null)).thenApply(r -> {
                List<Value> alts = new ArrayList<>();
                for (ModelResult.Alternative a : r.choices().get(0).firstTokenAlternatives()) {
                    alts.add(Value.Tuple.of(new Value.Str(a.token()), new Value.Flt(a.logprob())));
                }
                return Values.fromList(alts);
            });
        }
    }

    /**
     * {@code llm_lines prompt}: a streamed completion as a list of its non-blank lines. The list is handed to
     * the program at once with a pending tail; each line is added as soon as its newline is decoded, so work
     * on the first line starts while later lines are still being generated.
     */
    static final class LlmLines extends ModelBuiltin {
        LlmLines(Supplier<ModelService> service) {
            super("llm_lines", 1, service);
        }

        CompletionStage<Value> start(List<Value> args, CallContext context) {
            String prompt = prompt(name(), args.get(0));
            LineStream lines = new LineStream(context);
            context.partial(lines.head());
            ModelCall call = new ModelCall(prompt, GenParams.defaults(), (choice, delta) -> {
                if (choice == 0) {
                    lines.text(delta);
                }
            });
            return service.get().call(null, call).thenApply(r -> lines.finish(r.text()));
        }
    }

    /** Turns streamed text into a list that grows line by line. */
    static final class LineStream {
        private final CallContext context;
        private final Pending head = new Pending();
        private final StringBuilder buffer = new StringBuilder();
        private Pending tail = head;
        private int consumed;

        LineStream(CallContext context) {
            this.context = context;
        }

        Value head() {
            return head;
        }

        synchronized void text(String delta) {
            context.chunk(delta);
            consumed += delta.length();
            buffer.append(delta);
            emitCompleteLines();
        }

        private void emitCompleteLines() {
            int nl;
            while ((nl = buffer.indexOf("\n")) >= 0) {
                emit(buffer.substring(0, nl));
                buffer.delete(0, nl + 1);
            }
        }

        /** Ends the list; text the stream did not deliver (a non-streaming server) is taken from the answer. */
        synchronized Value finish(String fullText) {
            if (fullText.length() > consumed) {
                String rest = fullText.substring(consumed);
                consumed = fullText.length();
                buffer.append(rest);
                emitCompleteLines();
            }
            emit(buffer.toString());
            buffer.setLength(0);
            tail.resolve(Value.Nil.NIL);
            return head;
        }

        private void emit(String line) {
            String l = line.stripTrailing();
            if (l.isBlank()) {
                return;
            }
            Pending next = new Pending();
            tail.resolve(new Value.Cons(new Value.Str(l), next));
            tail = next;
        }
    }
}
