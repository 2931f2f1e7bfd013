package dev.epic.pasta.decode;

import dev.epic.pasta.parse.Piece;
import dev.epic.pasta.parse.TagParser;
import java.util.ArrayList;
import java.util.List;

/**
 * One main-thread decode of a {@link PastaRun}: the context it decodes on, the pieces it has decoded (their raw
 * text in order), the chunks it promised, and how far its stream has come. Guarded by the run's lock.
 */
final class RoundState {
    final String context;
    final List<Piece> pieces = new ArrayList<>();
    final StringBuilder raw = new StringBuilder();
    final List<ChunkState> chunks = new ArrayList<>();
    final TagParser parser;
    int tokens;
    int received;
    boolean synced;
    boolean discarding;
    boolean over;

    RoundState(String context, TagParser parser) {
        this.context = context;
        this.parser = parser;
    }
}
