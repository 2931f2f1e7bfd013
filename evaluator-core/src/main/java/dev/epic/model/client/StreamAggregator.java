package dev.epic.model.client;

import dev.epic.model.api.ChatMessage;
import dev.epic.model.api.ChatResponse;
import dev.epic.model.api.CompletionChoice;
import dev.epic.model.api.CompletionResponse;
import dev.epic.model.api.Logprobs;
import dev.epic.model.api.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds the whole answer of a streamed request from its chunks, choice by choice (by index, not by order). */
abstract class StreamAggregator<C, R> {
    abstract void add(C chunk);

    abstract R result();

    private static final class Acc {
        final StringBuilder text = new StringBuilder();
        String finishReason;
        final List<String> tokens = new ArrayList<>();
        final List<Double> tokenLogprobs = new ArrayList<>();
        final List<Map<String, Double>> top = new ArrayList<>();
        final List<ChatResponse.TokenLogprob> chatLogprobs = new ArrayList<>();
        boolean logprobs;
    }

    static final class Completions extends StreamAggregator<CompletionResponse, CompletionResponse> {
        private final Map<Integer, Acc> choices = new TreeMap<>();
        private CompletionResponse last;
        private Usage usage;

        void add(CompletionResponse chunk) {
            last = chunk;
            if (chunk.usage() != null) {
                usage = chunk.usage();
            }
            if (chunk.choices() == null) {
                return;
            }
            for (CompletionChoice c : chunk.choices()) {
                Acc a = choices.computeIfAbsent(c.index() == null ? 0 : c.index(), i -> new Acc());
                if (c.text() != null) {
                    a.text.append(c.text());
                }
                if (c.finishReason() != null) {
                    a.finishReason = c.finishReason();
                }
                Logprobs lp = c.logprobs();
                if (lp != null) {
                    a.logprobs = true;
                    if (lp.tokens() != null) {
                        a.tokens.addAll(lp.tokens());
                    }
                    if (lp.tokenLogprobs() != null) {
                        a.tokenLogprobs.addAll(lp.tokenLogprobs());
                    }
                    if (lp.topLogprobs() != null) {
                        a.top.addAll(lp.topLogprobs());
                    }
                }
            }
        }

        CompletionResponse result() {
            List<CompletionChoice> out = new ArrayList<>();
            choices.forEach((i, a) -> out.add(new CompletionChoice(i, a.text.toString(),
                    a.logprobs ? new Logprobs(a.tokens, a.tokenLogprobs, a.top, null) : null, a.finishReason)));
            return new CompletionResponse(last == null ? null : last.id(), "text_completion", last == null ? null : last.created(),
                    last == null ? null : last.model(), out, usage);
        }
    }

    static final class Chats extends StreamAggregator<ChatResponse, ChatResponse> {
        private final Map<Integer, Acc> choices = new TreeMap<>();
        private ChatResponse last;
        private Usage usage;

        void add(ChatResponse chunk) {
            last = chunk;
            if (chunk.usage() != null) {
                usage = chunk.usage();
            }
            if (chunk.choices() == null) {
                return;
            }
            for (ChatResponse.ChatChoice c : chunk.choices()) {
                Acc a = choices.computeIfAbsent(c.index() == null ? 0 : c.index(), i -> new Acc());
                if (c.delta() != null && c.delta().content() != null) {
                    a.text.append(c.delta().content());
                }
                if (c.finishReason() != null) {
                    a.finishReason = c.finishReason();
                }
                if (c.logprobs() != null && c.logprobs().content() != null) {
                    a.logprobs = true;
                    a.chatLogprobs.addAll(c.logprobs().content());
                }
            }
        }

        ChatResponse result() {
            List<ChatResponse.ChatChoice> out = new ArrayList<>();
            choices.forEach((i, a) -> out.add(new ChatResponse.ChatChoice(i, new ChatMessage("assistant", a.text.toString()),
                    null, a.logprobs ? new ChatResponse.ChatLogprobs(a.chatLogprobs) : null, a.finishReason)));
            return new ChatResponse(last == null ? null : last.id(), "chat.completion", last == null ? null : last.created(),
                    last == null ? null : last.model(), out, usage);
        }
    }
}
