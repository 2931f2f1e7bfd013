package dev.epic.pasta.decode;

import dev.epic.pasta.parse.Piece;
import dev.epic.pasta.parse.TagParser;

/**
 * One chunk decode of a {@link PastaRun}: its promise, the round that promised it and the main-thread token
 * position of the promise, its text so far (tags removed), its budget, and whether it closed or overran.
 * Guarded by the run's lock.
 */
final class ChunkState extends StreamState {
    final int index;
    final Piece.Promise promise;
    final RoundState owner;
    final int round;
    final int promisedAt;
    final StringBuilder text = new StringBuilder();
    int budget;
    boolean closed;
    boolean discarding;
    boolean overran;

    ChunkState(int index, Piece.Promise promise, RoundState owner, int round, int promisedAt, TagParser parser) {
        super(parser);
        this.index = index;
        this.promise = promise;
        this.owner = owner;
        this.round = round;
        this.promisedAt = promisedAt;
    }
}
