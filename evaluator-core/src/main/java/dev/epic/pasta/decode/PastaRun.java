package dev.epic.pasta.decode;

import dev.epic.model.sim.Tokenizer;
import dev.epic.pasta.parse.Flag;
import dev.epic.pasta.parse.Piece;
import dev.epic.pasta.parse.TagParser;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The decoding of one PASTA answer, driven by the streams it receives (no thread of its own, nothing blocks).
 *
 * <p>A <em>round</em> is one main-thread decode, stopped by the server at {@code <sync/>} or at the end of the
 * answer. Its stream is parsed as it arrives; at each complete promise a chunk decode starts at once on the
 * round's context plus the round's text up to and including the promise, then {@code <async>}, stopped at
 * {@code </async>}. The main thread's own stream goes on meanwhile and never receives chunk text. When the
 * round ends, the run waits for the round's chunks; after a sync it starts the next round on the stitched
 * context ({@link StitchLayout}); at the end it stitches the answer. Stream callbacks arrive on any thread:
 * every handler holds the run's lock, and decodes complete into handlers, never into waiting threads.
 */
final class PastaRun {
    static final List<String> SYNC_STOPS = List.of("<sync/>", "<sync />", "<sync>");
    static final List<String> CHUNK_STOPS = List.of("</async>");

    private final Decoder decoder;
    private final PastaSettings settings;
    private final CompletableFuture<PastaAnswer> done = new CompletableFuture<>();
    private final Map<Flag, Integer> flags = new EnumMap<>(Flag.class);
    private final List<ChunkState> chunks = new ArrayList<>();
    /** The answer in order: text pieces as strings, promises as their chunks. */
    private final List<Object> parts = new ArrayList<>();
    private final long startNanos = System.nanoTime();
    private long used;
    private long reserved;
    private long mainTokens;
    private long criticalSteps;
    private int rounds;
    private int decodeCalls;

    PastaRun(Decoder decoder, PastaSettings settings) {
        this.decoder = decoder;
        this.settings = settings;
    }

    CompletableFuture<PastaAnswer> start(String prompt) {
        synchronized (this) {
            startRound(prompt);
        }
        return done;
    }

    private void flag(Flag f) {
        flags.merge(f, 1, Integer::sum);
    }

    private long remaining() {
        return settings.maxTotalTokens() - used - reserved;
    }

    // ---- the main thread ------------------------------------------------------------------------------

    private void startRound(String context) {
        rounds++;
        decodeCalls++;
        RoundState round = new RoundState(context, new TagParser(settings.defaultPromiseTokens(), this::flag));
        int max = (int) Math.max(1, remaining());
        decoder.decode(new Decoder.Decode(Decoder.Role.MAIN, -1, context, max, SYNC_STOPS), delta -> onMainText(round, delta))
                .whenComplete((r, failure) -> onMainDone(round, r, failure));
    }

    private synchronized void onMainText(RoundState round, String delta) {
        if (round.over || done.isDone()) {
            return;
        }
        round.tokens++;
        mainTokens++;
        used++;
        round.received += delta.length();
        for (Piece p : round.parser.feed(delta)) {
            onMainPiece(round, p);
        }
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
        } else if (p instanceof Piece.Promise) {
            ChunkState c = new ChunkState(chunks.size(), (Piece.Promise) p, rounds, round.tokens,
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

    private synchronized void onMainDone(RoundState round, Decoder.Decoded r, Throwable failure) {
        if (done.isDone()) {
            return;
        }
        if (failure != null) {
            fail(failure);
            return;
        }
        if (r.text().length() > round.received) {
            // A server that did not stream all of it: the rest arrives with the answer.
            String rest = r.text().substring(round.received);
            int n = Tokenizer.count(rest);
            round.tokens += n;
            mainTokens += n;
            used += n;
            for (Piece p : round.parser.feed(rest)) {
                onMainPiece(round, p);
            }
        }
        for (Piece p : round.parser.finish()) {
            onMainPiece(round, p);
        }
        round.over = true;
        boolean truncated = "length".equals(r.finishReason()) && !round.synced;
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        round.chunks.forEach(c -> waits.add(c.finished));
        CompletableFuture.allOf(waits.toArray(new CompletableFuture<?>[0])).whenComplete((v, t) -> afterRound(round, truncated));
    }

    /** The round's chunks are all in: continue on the stitched context after a sync, or stitch the answer. */
    private synchronized void afterRound(RoundState round, boolean truncated) {
        if (done.isDone()) {
            return;
        }
        long path = round.tokens;
        for (ChunkState c : round.chunks) {
            path = Math.max(path, (long) c.promisedAt + c.tokens);
        }
        criticalSteps += path;
        if (truncated) {
            flag(Flag.MAIN_TRUNCATED);
        } else if (round.synced) {
            if (round.chunks.isEmpty()) {
                flag(Flag.EMPTY_SYNC);
            }
            if (rounds >= settings.maxRounds()) {
                flag(Flag.ROUND_LIMIT);
            } else if (remaining() < 1) {
                flag(Flag.MAIN_TRUNCATED);
            } else {
                startRound(stitch(round));
                return;
            }
        }
        finish();
    }

    /** The context the main thread continues on after the round's sync. */
    private String stitch(RoundState round) {
        StringBuilder sb = new StringBuilder(round.context);
        int c = 0;
        for (Piece p : round.pieces) {
            if (p instanceof Piece.Sync && settings.layout() == StitchLayout.APPENDED) {
                round.chunks.forEach(ch -> sb.append("<async>").append(ch.text).append("</async>"));
            }
            sb.append(p.raw());
            if (p instanceof Piece.Promise && settings.layout() == StitchLayout.INLINE) {
                sb.append("<async>").append(round.chunks.get(c++).text).append("</async>");
            }
        }
        return sb.toString();
    }

    // ---- chunks ---------------------------------------------------------------------------------------

    private void startChunk(ChunkState c, String context) {
        long budget = Math.min(settings.chunkBudget(c.promise.tokens()), remaining());
        if (budget < 1) {
            flag(Flag.CHUNK_OVER_CAP);
            c.over = true;
            c.finished.complete(null);
            return;
        }
        c.budget = (int) budget;
        c.holding = c.budget;
        reserved += budget;
        decodeCalls++;
        decoder.decode(new Decoder.Decode(Decoder.Role.ASYNC, c.index, context, c.budget, CHUNK_STOPS), delta -> onChunkText(c, delta))
                .whenComplete((r, failure) -> onChunkDone(c, r, failure));
    }

    private synchronized void onChunkText(ChunkState c, String delta) {
        if (c.over || done.isDone()) {
            return;
        }
        countChunkTokens(c, 1);
        c.received += delta.length();
        for (Piece p : c.parser.feed(delta)) {
            onChunkPiece(c, p);
        }
    }

    /** Decoded tokens move from the chunk's reservation to what the answer has used. */
    private void countChunkTokens(ChunkState c, int n) {
        c.tokens += n;
        used += n;
        int release = Math.min(n, c.holding);
        c.holding -= release;
        reserved -= release;
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
        } else {
            flag(Flag.TAG_IN_CHUNK);
        }
    }

    private synchronized void onChunkDone(ChunkState c, Decoder.Decoded r, Throwable failure) {
        if (done.isDone()) {
            return;
        }
        if (failure != null) {
            fail(failure);
            return;
        }
        if (r.text().length() > c.received) {
            String rest = r.text().substring(c.received);
            countChunkTokens(c, Tokenizer.count(rest));
            for (Piece p : c.parser.feed(rest)) {
                onChunkPiece(c, p);
            }
        }
        for (Piece p : c.parser.finish()) {
            onChunkPiece(c, p);
        }
        reserved -= c.holding;
        c.holding = 0;
        if (!c.closed) {
            if ("length".equals(r.finishReason())) {
                c.overran = true;
                flag(Flag.CHUNK_OVERRAN);
            } else {
                flag(Flag.CHUNK_UNCLOSED);
            }
        }
        c.over = true;
        c.finished.complete(null);
    }

    // ---- the end --------------------------------------------------------------------------------------

    private void fail(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        done.completeExceptionally(t);
    }

    private void finish() {
        StringBuilder text = new StringBuilder();
        for (Object part : parts) {
            text.append(part instanceof ChunkState ? ((ChunkState) part).text : (String) part);
        }
        List<PastaAnswer.Chunk> out = new ArrayList<>();
        long chunkTokens = 0;
        int overran = 0;
        for (ChunkState c : chunks) {
            out.add(new PastaAnswer.Chunk(c.index, c.promise.topic(), c.promise.tokens(), c.budget, c.round, c.promisedAt, c.tokens,
                    c.overran, c.text.toString()));
            chunkTokens += c.tokens;
            overran += c.overran ? 1 : 0;
        }
        String answer = text.toString();
        PastaMetrics m = new PastaMetrics(criticalSteps, mainTokens + chunkTokens, mainTokens, chunkTokens, Tokenizer.count(answer),
                chunks.size(), rounds, decodeCalls, overran, (System.nanoTime() - startNanos) / 1e6, flags);
        done.complete(new PastaAnswer(answer, out, m));
    }
}
