package dev.epic.pasta.decode;

import dev.epic.pasta.parse.Piece;
import dev.epic.pasta.parse.TagParser;
import java.util.concurrent.CompletableFuture;

/**
 * One chunk decode of a {@link PastaRun}: its promise, the round and main-thread position it was promised at,
 * its text so far (tags removed), its budget and what of it is still reserved, and {@code finished}, completed
 * when the chunk is closed. Guarded by the run's lock.
 */
final class ChunkState {
    final int index;
    final Piece.Promise promise;
    final int round;
    final int promisedAt;
    final TagParser parser;
    final StringBuilder text = new StringBuilder();
    final CompletableFuture<Void> finished = new CompletableFuture<>();
    int budget;
    int tokens;
    /** What of its budget this chunk still holds in the run's reservation. */
    int holding;
    int received;
    boolean closed;
    boolean discarding;
    boolean overran;
    boolean over;

    ChunkState(int index, Piece.Promise promise, int round, int promisedAt, TagParser parser) {
        this.index = index;
        this.promise = promise;
        this.round = round;
        this.promisedAt = promisedAt;
        this.parser = parser;
    }
}
