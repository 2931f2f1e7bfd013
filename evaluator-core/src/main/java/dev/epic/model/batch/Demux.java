package dev.epic.model.batch;

import dev.epic.model.ModelCall;
import dev.epic.model.ModelResult;
import dev.epic.model.RetryableFailure;
import dev.epic.model.api.ChatResponse;
import dev.epic.model.api.CompletionChoice;
import dev.epic.model.api.CompletionResponse;
import dev.epic.model.endpoint.EndpointSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Matching answers to calls. Choices are matched by {@code choices[].index = prompt_index * n + choice_index},
 * never by the order they arrive in; a response with a missing, repeated or out-of-range index is a protocol
 * failure.
 */
final class Demux {
    private Demux() {}

    /** A response that does not fit the request. Not retryable: the server would answer the same. */
    static final class ProtocolFailure extends RuntimeException implements RetryableFailure {
        ProtocolFailure(String message) {
            super(message, null, false, false);
        }

        public boolean retryable() {
            return false;
        }
    }

    static void completionChunk(CompletionResponse chunk, List<ModelCall> calls, int n, AtomicBoolean delivered) {
        if (chunk.choices() == null) {
            return;
        }
        for (CompletionChoice c : chunk.choices()) {
            if (c.index() == null || c.text() == null || c.text().isEmpty()) {
                continue;
            }
            int idx = c.index();
            if (idx < 0 || idx >= calls.size() * n) {
                continue;
            }
            delivered.set(true);
            calls.get(idx / n).listener().onText(idx % n, c.text());
        }
    }

    static void chatChunk(ChatResponse chunk, ModelCall call, AtomicBoolean delivered) {
        if (chunk.choices() == null) {
            return;
        }
        for (ChatResponse.ChatChoice c : chunk.choices()) {
            if (c.delta() == null || c.delta().content() == null || c.delta().content().isEmpty()) {
                continue;
            }
            delivered.set(true);
            call.listener().onText(c.index() == null ? 0 : c.index(), c.delta().content());
        }
    }

    static List<ModelResult> results(Object response, int calls, int n, EndpointSettings settings) {
        if (response instanceof ChatResponse) {
            return List.of(chatResult((ChatResponse) response, n));
        }
        if (!(response instanceof CompletionResponse)) {
            throw new ProtocolFailure("unexpected response " + response);
        }
        CompletionResponse r = (CompletionResponse) response;
        ModelResult.Choice[] slots = new ModelResult.Choice[calls * n];
        for (CompletionChoice c : r.choices() == null ? List.<CompletionChoice>of() : r.choices()) {
            Integer idx = c.index();
            if (idx == null || idx < 0 || idx >= slots.length) {
                throw new ProtocolFailure("the answer has a choice with index " + idx + "; expected 0 to " + (slots.length - 1));
            }
            if (slots[idx] != null) {
                throw new ProtocolFailure("the answer has two choices with index " + idx);
            }
            slots[idx] = new ModelResult.Choice(c.text() == null ? "" : c.text(), c.finishReason(), alternatives(c));
        }
        List<ModelResult> out = new ArrayList<>(calls);
        for (int i = 0; i < calls; i++) {
            List<ModelResult.Choice> choices = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                ModelResult.Choice c = slots[i * n + j];
                if (c == null) {
                    throw new ProtocolFailure("the answer has no choice with index " + (i * n + j) + " (prompt " + i
                            + ", choice " + j + ")");
                }
                choices.add(c);
            }
            out.add(new ModelResult(choices));
        }
        return out;
    }

    private static List<ModelResult.Alternative> alternatives(CompletionChoice c) {
        if (c.logprobs() == null || c.logprobs().topLogprobs() == null || c.logprobs().topLogprobs().isEmpty()) {
            return List.of();
        }
        Map<String, Double> first = c.logprobs().topLogprobs().get(0);
        List<ModelResult.Alternative> out = new ArrayList<>();
        if (first != null) {
            first.forEach((token, lp) -> out.add(new ModelResult.Alternative(token, lp == null ? Double.NEGATIVE_INFINITY : lp)));
        }
        out.sort(Comparator.comparingDouble(ModelResult.Alternative::logprob).reversed());
        return out;
    }

    private static ModelResult chatResult(ChatResponse r, int n) {
        ModelResult.Choice[] slots = new ModelResult.Choice[n];
        for (ChatResponse.ChatChoice c : r.choices() == null ? List.<ChatResponse.ChatChoice>of() : r.choices()) {
            int idx = c.index() == null ? 0 : c.index();
            if (idx < 0 || idx >= n || slots[idx] != null) {
                throw new ProtocolFailure("the chat answer has an unexpected choice index " + idx);
            }
            String text = c.message() == null || c.message().content() == null ? "" : c.message().content();
            List<ModelResult.Alternative> alts = new ArrayList<>();
            if (c.logprobs() != null && c.logprobs().content() != null && !c.logprobs().content().isEmpty()
                    && c.logprobs().content().get(0).topLogprobs() != null) {
                for (ChatResponse.TopLogprob t : c.logprobs().content().get(0).topLogprobs()) {
                    alts.add(new ModelResult.Alternative(t.token(), t.logprob() == null ? Double.NEGATIVE_INFINITY : t.logprob()));
                }
                alts.sort(Comparator.comparingDouble(ModelResult.Alternative::logprob).reversed());
            }
            slots[idx] = new ModelResult.Choice(text, c.finishReason(), alts);
        }
        for (int i = 0; i < n; i++) {
            if (slots[i] == null) {
                throw new ProtocolFailure("the chat answer has no choice with index " + i);
            }
        }
        return new ModelResult(List.of(slots));
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The failure as users should read it: it always names the endpoint. */
    static String describe(EndpointSettings settings, Throwable cause) {
        String msg = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        String name = "'" + settings.name() + "'";
        return msg.contains(name) ? msg : "model endpoint " + name + " (" + settings.baseUrl() + "): " + msg;
    }
}
