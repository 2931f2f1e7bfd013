package dev.epic.tools;

import dev.epic.spi.ExternalFunction;
import dev.epic.spi.ExternalCallException;
import dev.epic.lang.value.Value;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code search q}: a stand-in for a web search tool — answers from a small built-in corpus of facts about
 * cities after a latency ({@code epic.tools.search-latency}, 150 ms by default). The best match is the fact
 * whose key words all occur in the query; no match gives "no results".
 */
public final class SearchTool implements ExternalFunction {
    static final Map<String, String> CORPUS = Map.ofEntries(
            Map.entry("population lyon", "Lyon has a population of 522250 (2021 census)."),
            Map.entry("population porto", "Porto has a population of 231800 (2021 census)."),
            Map.entry("population turin", "Turin has a population of 841600 (2021 census)."),
            Map.entry("population geneva", "Geneva has a population of 203900 (2022 estimate)."),
            Map.entry("population seville", "Seville has a population of 684200 (2021 census)."),
            Map.entry("area lyon", "Lyon covers an area of 48 square kilometres."),
            Map.entry("area porto", "Porto covers an area of 41 square kilometres."),
            Map.entry("area turin", "Turin covers an area of 130 square kilometres."),
            Map.entry("area geneva", "Geneva covers an area of 16 square kilometres."),
            Map.entry("area seville", "Seville covers an area of 140 square kilometres."),
            Map.entry("founded lyon", "Lyon was founded in 43 BC as Lugdunum."),
            Map.entry("founded porto", "Porto was founded around 300 BC as Portus Cale."),
            Map.entry("founded turin", "Turin was founded around 28 BC as Augusta Taurinorum."));

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "epic-search-tool");
        t.setDaemon(true);
        return t;
    });

    private final long latencyMs;

    public SearchTool() {
        this(150);
    }

    public SearchTool(long latencyMs) {
        this.latencyMs = latencyMs;
    }

    @Override
    public String name() {
        return "search";
    }

    @Override
    public int arity() {
        return 1;
    }

    @Override
    public CompletionStage<Value> call(List<Value> args) {
        if (!(args.get(0) instanceof Value.Str)) {
            return CompletableFuture.failedFuture(new ExternalCallException("search expects a query string"));
        }
        String result = lookup(((Value.Str) args.get(0)).value());
        CompletableFuture<Value> out = new CompletableFuture<>();
        TIMER.schedule(() -> out.complete(new Value.Str(result)), latencyMs, TimeUnit.MILLISECONDS);
        return out;
    }

    static String lookup(String query) {
        String q = query.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> e : CORPUS.entrySet()) {
            boolean all = true;
            for (String w : e.getKey().split(" ")) {
                all &= q.contains(w);
            }
            if (all) {
                return e.getValue();
            }
        }
        return "no results for \"" + query + "\"";
    }
}
