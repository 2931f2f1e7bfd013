package dev.epic.pasta;

import dev.epic.model.sim.Tokenizer;
import dev.epic.pasta.decode.Decoder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A scripted model for interpreter tests: a decoding engine in miniature, stepped by the test. Every decode
 * call is recorded (role, context, budget, stops) with the step it arrived in; a call's text comes from the
 * script and is streamed in pieces of {@code pieceChars} characters (0: the simulated engine's tokens), one piece per step for every active
 * stream (calls that arrive during a step join at the next one, as on a continuously batching server). Stop
 * strings end a stream with the stop kept in the text, unless the model is told to ignore them; the budget
 * (counted in pieces, or in tokens for {@link #tokensPerDelta}) ends it with {@code "length"}. Each call's
 * future may be cancelled by the interpreter; a cancelled call is still stepped (a server cannot be stopped)
 * but its completion is lost, as with a real endpoint.
 */
final class ScriptedModel implements Decoder {
    /** One decode call and what became of it. */
    static final class Call {
        final Decode decode;
        final int arrivedAtStep;
        final List<String> pieces = new ArrayList<>();
        final CompletableFuture<Decoded> result = new CompletableFuture<>();
        final Consumer<String> onText;
        final String finishReason;
        int next;
        int finishedAtStep = -1;

        Call(Decode decode, int step, List<String> pieces, String finishReason, Consumer<String> onText) {
            this.decode = decode;
            this.arrivedAtStep = step;
            this.finishReason = finishReason;
            this.onText = onText;
            this.pieces.addAll(pieces);
        }

        String text() {
            return String.join("", pieces);
        }
    }

    private final Function<Decode, String> script;
    private final int pieceChars;
    /** Above 0: each streamed piece is this many of the simulated engine's tokens, and budgets count those tokens. */
    private int tokensPerPiece;
    private boolean ignoreStops;
    private final List<Call> calls = new ArrayList<>();
    private final List<Call> active = new ArrayList<>();
    private int steps;
    private long tokens;
    private int maxActive;

    ScriptedModel(Function<Decode, String> script, int pieceChars) {
        this.script = script;
        this.pieceChars = pieceChars;
    }

    /** A model that sends {@code k} tokens in each delta, as servers may (budgets and {@link #tokens} count tokens). */
    static ScriptedModel tokensPerDelta(Function<Decode, String> script, int k) {
        ScriptedModel m = new ScriptedModel(script, 0);
        m.tokensPerPiece = k;
        return m;
    }

    ScriptedModel ignoringStops() {
        ignoreStops = true;
        return this;
    }

    @Override
    public synchronized CompletionStage<Decoded> decode(Decode d, Consumer<String> onText) {
        String full = script.apply(d);
        if (full == null) {
            throw new AssertionError("unexpected decode call " + d);
        }
        String text = full;
        if (!ignoreStops) {
            int at = -1;
            int len = 0;
            for (String s : d.stop()) {
                int i = full.indexOf(s);
                if (i >= 0 && (at < 0 || i < at)) {
                    at = i;
                    len = s.length();
                }
            }
            if (at >= 0) {
                text = full.substring(0, at + len);
            }
        }
        List<String> units = split(text, pieceChars);
        String finish = "stop";
        if (units.size() > d.maxTokens()) {
            units = units.subList(0, d.maxTokens());
            finish = "length";
        }
        List<String> pieces = tokensPerPiece > 0 ? group(units, tokensPerPiece) : units;
        Call c = new Call(d, steps, pieces, finish, onText);
        calls.add(c);
        if (c.pieces.isEmpty()) {
            c.finishedAtStep = steps;
            c.result.complete(new Decoded("", finish));
        } else {
            active.add(c);
        }
        return c.result;
    }

    private static List<String> group(List<String> tokens, int k) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i += k) {
            out.add(String.join("", tokens.subList(i, Math.min(tokens.size(), i + k))));
        }
        return out;
    }

    /** Pieces of {@code pieceChars} characters, or the simulated engine's tokens for 0. */
    static List<String> split(String text, int pieceChars) {
        if (pieceChars == 0) {
            return Tokenizer.tokens(text);
        }
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < text.length(); i += pieceChars) {
            pieces.add(text.substring(i, Math.min(text.length(), i + pieceChars)));
        }
        return pieces;
    }

    /** One engine step: every stream active at its start gets its next piece; finished streams complete. */
    void step() {
        List<Call> now;
        synchronized (this) {
            now = new ArrayList<>(active);
            steps++;
            maxActive = Math.max(maxActive, now.size());
        }
        for (Call c : now) {
            String piece = c.pieces.get(c.next++);
            synchronized (this) {
                tokens += tokensPerPiece > 0 ? Tokenizer.count(piece) : 1;
            }
            c.onText.accept(piece);
            if (c.next == c.pieces.size()) {
                synchronized (this) {
                    active.remove(c);
                    c.finishedAtStep = steps;
                }
                c.result.complete(new Decoded(c.text(), c.finishReason));
            }
        }
    }

    /** Steps until nothing is active; returns the steps taken in all. */
    int run() {
        for (int guard = 0; guard < 100_000; guard++) {
            synchronized (this) {
                if (active.isEmpty()) {
                    return steps;
                }
            }
            step();
        }
        throw new AssertionError("the scripted model never went idle");
    }

    synchronized List<Call> calls() {
        return new ArrayList<>(calls);
    }

    synchronized List<Call> calls(Role role) {
        return calls.stream().filter(c -> c.decode.role() == role).toList();
    }

    synchronized int steps() {
        return steps;
    }

    synchronized long tokens() {
        return tokens;
    }

    synchronized int maxActive() {
        return maxActive;
    }
}
