package dev.epic.pasta.decode;

import dev.epic.pasta.parse.Flag;
import dev.epic.pasta.parse.Piece;
import dev.epic.pasta.parse.TagParser;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The decoding of one PASTA answer, driven by the streams it receives (no thread of its own, nothing blocks).
 *
 * <p>A <em>round</em> is one main-thread decode, stopped by the server at {@code <sync/>} or at the end of the
 * answer. Its stream is parsed as it arrives; at each complete promise a chunk decode starts at once on the
 * round's context plus the round's text up to and including the promise, then {@code <async>}, stopped at
 * {@code </async>}. The main thread's own stream goes on meanwhile and never receives chunk text. When the
 * round and its chunks have ended, the run starts the next round on the stitched context after a sync
 * ({@link StitchLayout}), or stitches the answer. Every decode holds its budget in the answer's
 * {@link TokenBudget} until it ends.
 *
 * <p>Stream callbacks arrive on any thread. Each handler decides under the run's lock and leaves what it
 * decided to do in an outbox; decodes are sent, abandoned calls cancelled and the answer completed only after
 * the lock is released, so neither the decoder nor whoever waits for the answer runs under it. A handler that
 * throws fails the answer; so does a failed decode or the {@code timeout}, and then every decode still in
 * flight is abandoned (cancelled where the decoder can, its later text and result ignored).
 */
final class PastaRun {
    static final List<String> SYNC_STOPS = List.of("<sync/>", "<sync />", "<sync>");
    static final List<String> CHUNK_STOPS = List.of("</async>");

    private final Decoder decoder;
    private final PastaSettings settings;
    private final TokenBudget budget;
    private final CompletableFuture<PastaAnswer> done = new CompletableFuture<>();
    private final CompletableFuture<Void> timer = new CompletableFuture<>();
    private final Map<Flag, Integer> flags = new EnumMap<>(Flag.class);
    private final List<RoundState> roundStates = new ArrayList<>();
    private final List<ChunkState> chunks = new ArrayList<>();
    /** The answer in order: text pieces as strings, promises as their chunks. */
    private final List<Object> parts = new ArrayList<>();
    /** What the handler holding the lock decided to do once it is released. */
    private final List<Runnable> outbox = new ArrayList<>();
    private final long startNanos = System.nanoTime();
    private boolean ended;
    private long criticalSteps;
    private int decodeCalls;

    PastaRun(Decoder decoder, PastaSettings settings) {
        this.decoder = decoder;
        this.settings = settings;
        this.budget = new TokenBudget(settings.maxTotalTokens());
    }

    CompletableFuture<PastaAnswer> start(String prompt) {
        timer.orTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS).whenComplete((v, t) -> {
            if (t instanceof TimeoutException) {
                handle(() -> fail(new TimeoutException("the PASTA answer took longer than " + settings.timeout() + " (epic.pasta.timeout)")));
            }
        });
        handle(() -> startRound(prompt));
        return done;
    }

    /** Runs one handler under the lock (not at all once the answer is decided), then what it left in the outbox. */
    private void handle(Runnable handler) {
        List<Runnable> after;
        synchronized (this) {
            if (!ended) {
                try {
                    handler.run();
                } catch (Throwable t) {
                    fail(t);
                }
            }
            after = new ArrayList<>(outbox);
            outbox.clear();
        }
        after.forEach(Runnable::run);
    }

    private void flag(Flag f) {
        flags.merge(f, 1, Integer::sum);
    }

    /** Sends a decode (called outside the lock); its stream and its end come back through {@link #handle}. */
    private void send(StreamState s, Decoder.Decode d) {
        CompletionStage<Decoder.Decoded> call;
        try {
            call = decoder.decode(d, delta -> handle(() -> onText(s, delta)));
        } catch (Throwable t) {
            handle(() -> fail(t));
            return;
        }
        boolean abandoned;
        synchronized (this) {
            s.call = call.toCompletableFuture();
            abandoned = ended;
        }
        if (abandoned) {
            s.call.cancel(false);
        }
        call.whenComplete((r, failure) -> handle(() -> onDone(s, r, failure)));
    }

    // ---- streams --------------------------------------------------------------------------------------

    private void onText(StreamState s, String delta) {
        if (!s.over) {
            receive(s, delta);
        }
    }

    /** Text of a stream, streamed or the unstreamed rest of its result: counted, charged to its hold, parsed. */
    private void receive(StreamState s, String text) {
        s.hold.spend(s.counter.add(text));
        s.received += text.length();
        deliver(s, s.parser.feed(text));
    }

    private void deliver(StreamState s, List<Piece> pieces) {
        for (Piece p : pieces) {
            if (s instanceof RoundState r) {
                onMainPiece(r, p);
            } else if (s instanceof ChunkState c) {
                onChunkPiece(c, p);
            } else {
                throw new IllegalStateException("unknown stream " + s);
            }
        }
    }

    private void onDone(StreamState s, Decoder.Decoded r, Throwable failure) {
        if (s.over) {
            return;
        }
        if (failure != null) {
            fail(failure);
            return;
        }
        if (r.text().length() > s.received) {
            // A server that did not stream all of it: the rest arrives with the result.
            receive(s, r.text().substring(s.received));
        }
        deliver(s, s.parser.finish());
        s.hold.release();
        s.over = true;
        if (s instanceof RoundState round) {
            round.truncated = "length".equals(r.finishReason()) && !round.synced;
            maybeEndRound(round);
        } else if (s instanceof ChunkState c) {
            onChunkDone(c, r);
            maybeEndRound(c.owner);
        } else {
            throw new IllegalStateException("unknown stream " + s);
        }
    }

    // ---- the main thread ------------------------------------------------------------------------------

    private void startRound(String context) {
        decodeCalls++;
        RoundState round = new RoundState(context, new TagParser(settings.defaultPromiseTokens(), this::flag));
        roundStates.add(round);
        round.hold = budget.reserve(settings.mainBudget(budget.remaining()));
        Decoder.Decode d = new Decoder.Decode(Decoder.Role.MAIN, -1, context, round.hold.granted, SYNC_STOPS);
        outbox.add(() -> send(round, d));
    }

    private void onMainPiece(RoundState round, Piece p) {
        if (round.synced) {
            // The server went on past <sync/>: that text was decoded without the chunks in view.
            if (!round.discarding) {
                round.discarding = true;
                flag(Flag.TEXT_AFTER_SYNC);
            }
            return;
        }
        round.pieces.add(p);
        round.raw.append(p.raw());
        if (p instanceof Piece.Text) {
            parts.add(p.raw());
        } else if (p instanceof Piece.Promise promise) {
            ChunkState c = new ChunkState(chunks.size(), promise, round, roundStates.size(), round.tokens(),
                    new TagParser(settings.defaultPromiseTokens(), this::flag));
            chunks.add(c);
            round.chunks.add(c);
            parts.add(c);
            startChunk(c, round.context + round.raw + "<async>");
        } else if (p instanceof Piece.Sync) {
            round.synced = true;
        } else if (p instanceof Piece.AsyncOpen || p instanceof Piece.AsyncClose) {
            flag(Flag.STRAY_ASYNC_TAG);
        } else {
            throw new IllegalStateException("unknown piece " + p);
        }
    }

    /** Once the round's decode and all its chunks have ended: continue after a sync, or stitch the answer. */
    private void maybeEndRound(RoundState round) {
        if (!round.over || round.ended || round.chunks.stream().anyMatch(c -> !c.over)) {
            return;
        }
        round.ended = true;
        long path = round.tokens();
        for (ChunkState c : round.chunks) {
            path = Math.max(path, (long) c.promisedAt + c.tokens());
        }
        criticalSteps += path;
        if (round.truncated) {
            flag(Flag.MAIN_TRUNCATED);
        } else if (round.synced) {
            if (round.chunks.isEmpty()) {
                flag(Flag.EMPTY_SYNC);
            }
            if (roundStates.size() >= settings.maxRounds()) {
                flag(Flag.ROUND_LIMIT);
            } else if (budget.remaining() < 1) {
                flag(Flag.MAIN_TRUNCATED);
            } else {
                startRound(round.stitched(settings.layout()));
                return;
            }
        }
        finish();
    }

    // ---- chunks ---------------------------------------------------------------------------------------

    private void startChunk(ChunkState c, String context) {
        c.hold = budget.reserve(settings.chunkBudget(c.promise.tokens()));
        if (c.hold.granted < 1) {
            flag(Flag.CHUNK_OVER_CAP);
            c.over = true;
            return;
        }
        c.budget = c.hold.granted;
        decodeCalls++;
        Decoder.Decode d = new Decoder.Decode(Decoder.Role.ASYNC, c.index, context, c.budget, CHUNK_STOPS);
        outbox.add(() -> send(c, d));
    }

    private void onChunkPiece(ChunkState c, Piece p) {
        if (c.closed) {
            if (!c.discarding) {
                c.discarding = true;
                flag(Flag.TEXT_AFTER_CLOSE);
            }
            return;
        }
        if (p instanceof Piece.Text) {
            c.text.append(p.raw());
        } else if (p instanceof Piece.AsyncClose) {
            c.closed = true;
        } else if (p instanceof Piece.Promise) {
            flag(Flag.NESTED_PROMISE);
        } else if (p instanceof Piece.Sync || p instanceof Piece.AsyncOpen) {
            flag(Flag.TAG_IN_CHUNK);
        } else {
            throw new IllegalStateException("unknown piece " + p);
        }
    }

    private void onChunkDone(ChunkState c, Decoder.Decoded r) {
        if (!c.closed) {
            if ("length".equals(r.finishReason())) {
                c.overran = true;
                flag(Flag.CHUNK_OVERRAN);
            } else {
                flag(Flag.CHUNK_UNCLOSED);
            }
        }
    }

    // ---- the end --------------------------------------------------------------------------------------

    /** The answer fails: every decode still in flight is abandoned. */
    private void fail(Throwable failure) {
        if (ended) {
            return;
        }
        ended = true;
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        List<CompletableFuture<?>> abandoned = new ArrayList<>();
        for (StreamState s : streams()) {
            if (!s.over && s.call != null) {
                abandoned.add(s.call);
            }
            s.over = true;
        }
        outbox.add(() -> {
            abandoned.forEach(call -> call.cancel(false));
            timer.complete(null);
            done.completeExceptionally(t);
        });
    }

    private List<StreamState> streams() {
        List<StreamState> all = new ArrayList<>(roundStates);
        all.addAll(chunks);
        return all;
    }

    private void finish() {
        ended = true;
        PastaAnswer a = PastaAnswer.stitch(parts, chunks, roundStates, criticalSteps, decodeCalls, (System.nanoTime() - startNanos) / 1e6, flags);
        outbox.add(() -> {
            timer.complete(null);
            done.complete(a);
        });
    }
}
