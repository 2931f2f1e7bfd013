package dev.epic.bench.cases;

import dev.epic.engine.CallLog;
import dev.epic.engine.EventSink;
import dev.epic.lang.value.Value;
import dev.epic.model.GenParams;
import dev.epic.model.ModelCall;
import dev.epic.model.ModelService;
import dev.epic.spi.ExternalFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What the hand-written versions call, with the same parameters the EPIC builtins use, so that both send the
 * engine identical requests; every call is logged like EPIC's (dispatch, resolve, output events).
 */
final class Calls {
    final ModelService models;
    final CallLog log;

    Calls(ModelService models, EventSink events) {
        this.models = models;
        this.log = new CallLog(events);
    }

    /** {@code llm prompt}. */
    CompletableFuture<String> llm(String prompt) {
        return model("llm", prompt, GenParams.defaults(), null).thenApply(r -> r.text());
    }

    /** {@code llm_with {max_tokens = m} prompt}. */
    CompletableFuture<String> llmWith(int maxTokens, String prompt) {
        return model("llm_with", prompt, new GenParams(maxTokens, null, null, null, 1, null, null), null).thenApply(r -> r.text());
    }

    /** {@code llm_with {n = n; max_tokens = m} prompt}. */
    CompletableFuture<List<String>> llmWithN(int n, int maxTokens, String prompt) {
        return model("llm_with", prompt, new GenParams(maxTokens, null, null, null, n, null, null), null)
                .thenApply(r -> r.choices().stream().map(c -> c.text()).toList());
    }

    /** {@code llm_top {k = k} prompt}: (token, logprob) pairs, most likely first. */
    CompletableFuture<List<dev.epic.model.ModelResult.Alternative>> llmTop(int k, String prompt) {
        return model("llm_top", prompt, new GenParams(1, null, null, null, 1, null, k), null)
                .thenApply(r -> r.choices().get(0).firstTokenAlternatives());
    }

    /** {@code llm prompt} streamed: {@code onText} sees the text as it is decoded. */
    CompletableFuture<String> llmStreamed(String name, String prompt, ModelCall.StreamListener onText) {
        return model(name, prompt, GenParams.defaults(), onText).thenApply(r -> r.text());
    }

    private CompletableFuture<dev.epic.model.ModelResult> model(String name, String prompt, GenParams p, ModelCall.StreamListener l) {
        long id = log.dispatched(name);
        return models.call(null, new ModelCall(prompt, p, l)).toCompletableFuture().whenComplete((r, t) -> {
            if (t == null) {
                log.resolved(id, name, "", Value.Unit.UNIT);
            } else {
                log.failed(id, name, t.getMessage());
            }
        });
    }

    /** A host tool, called as EPIC calls it. */
    CompletableFuture<Value> tool(ExternalFunction f, Value... args) {
        long id = log.dispatched(f.name());
        CompletionStage<Value> s = f.call(List.of(args));
        return s.toCompletableFuture().whenComplete((v, t) -> {
            if (t == null) {
                log.resolved(id, f.name(), "", v);
            } else {
                log.failed(id, f.name(), t.getMessage());
            }
        });
    }

    void print(String text) {
        log.output(new Value.Str(text));
    }

    /** All results, in order, once all are done. */
    static <T> CompletableFuture<List<T>> all(List<CompletableFuture<T>> fs) {
        return CompletableFuture.allOf(fs.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            List<T> out = new ArrayList<>(fs.size());
            for (CompletableFuture<T> f : fs) {
                out.add(f.join());
            }
            return out;
        });
    }

    /** EPIC's {@code String.lines}. */
    static List<String> lines(String s) {
        if (s.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(List.of(s.split("\r?\n", -1)));
        if (s.endsWith("\n")) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    /** EPIC's {@code String.split(s, sep)}. */
    static List<String> split(String s, String sep) {
        List<String> parts = new ArrayList<>();
        int from = 0;
        for (int i = s.indexOf(sep); i >= 0; i = s.indexOf(sep, from)) {
            parts.add(s.substring(from, i));
            from = i + sep.length();
        }
        parts.add(s.substring(from));
        return parts;
    }
}
