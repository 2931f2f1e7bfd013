package dev.epic.pasta.decode;

import dev.epic.pasta.parse.TagParser;
import java.util.concurrent.CompletableFuture;

/**
 * What a {@link PastaRun} keeps of one decode's stream, main thread or chunk: its parser, its token count, how
 * many characters arrived streamed, its hold on the answer's token cap, the call in flight (to abandon it) and
 * whether it has ended. Guarded by the run's lock.
 */
abstract class StreamState {
    final TagParser parser;
    final TokenCounter counter = new TokenCounter();
    TokenBudget.Hold hold;
    CompletableFuture<?> call;
    int received;
    boolean over;

    StreamState(TagParser parser) {
        this.parser = parser;
    }

    int tokens() {
        return counter.count();
    }
}
