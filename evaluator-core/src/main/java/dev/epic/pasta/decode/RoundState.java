package dev.epic.pasta.decode;

import dev.epic.pasta.parse.Piece;
import dev.epic.pasta.parse.TagParser;
import java.util.ArrayList;
import java.util.List;

/**
 * One main-thread decode of a {@link PastaRun}: the context it decodes on, the pieces it has decoded (their raw
 * text in order), the chunks it promised, and whether it synced, was cut by its budget, and has been followed
 * up ({@code ended}: its chunks are all in and the run moved on). Guarded by the run's lock.
 */
final class RoundState extends StreamState {
    final String context;
    final List<Piece> pieces = new ArrayList<>();
    final StringBuilder raw = new StringBuilder();
    final List<ChunkState> chunks = new ArrayList<>();
    boolean synced;
    boolean discarding;
    boolean truncated;
    boolean ended;

    RoundState(String context, TagParser parser) {
        super(parser);
        this.context = context;
    }

    /** The context the main thread continues on after this round's sync, its chunks placed by {@code layout}. */
    String stitched(StitchLayout layout) {
        StringBuilder sb = new StringBuilder(context);
        int c = 0;
        for (Piece p : pieces) {
            if (p instanceof Piece.Sync && layout == StitchLayout.APPENDED) {
                chunks.forEach(ch -> sb.append("<async>").append(ch.text).append("</async>"));
            }
            sb.append(p.raw());
            if (p instanceof Piece.Promise && layout == StitchLayout.INLINE) {
                sb.append("<async>").append(chunks.get(c++).text).append("</async>");
            }
        }
        return sb.toString();
    }
}
