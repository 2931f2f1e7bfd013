package dev.epic.model.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * A model server for client tests that answers from fixed transcripts: for a path it is told, a status and
 * body, or a stream sent in pieces of given sizes (which may cut a UTF-8 character), optionally cut off, or no
 * answer at all.
 */
final class CannedServer implements AutoCloseable {
    record Canned(int status, String body, boolean stream, int[] pieces, boolean cutAtEnd, boolean never, Map<String, String> headers) {}

    private final Map<String, Canned> routes = new ConcurrentHashMap<>();
    private final ServerBinding binding;
    private final ClassicActorSystemProvider system;

    CannedServer(ClassicActorSystemProvider system) {
        this.system = system;
        binding = Http.get(system).newServerAt("127.0.0.1", 0).bind(this::handle).toCompletableFuture().join();
    }

    String baseUrl(String prefix) {
        return "http://127.0.0.1:" + binding.localAddress().getPort() + prefix;
    }

    void answer(String prefix, Canned c) {
        routes.put(prefix, c);
    }

    private CompletionStage<HttpResponse> handle(HttpRequest request) {
        request.discardEntityBytes(system);
        String path = request.getUri().path();
        Canned c = routes.entrySet().stream().filter(e -> path.startsWith(e.getKey())).map(Map.Entry::getValue).findFirst()
                .orElse(new Canned(404, "{}", false, null, false, false, Map.of()));
        if (c.never()) {
            return new CompletableFuture<>();
        }
        HttpResponse r = HttpResponse.create().withStatus(c.status());
        for (Map.Entry<String, String> h : c.headers().entrySet()) {
            r = r.addHeader(RawHeader.create(h.getKey(), h.getValue()));
        }
        if (!c.stream()) {
            return CompletableFuture.completedFuture(r.withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, c.body())));
        }
        byte[] bytes = c.body().getBytes(StandardCharsets.UTF_8);
        List<ByteString> pieces = new ArrayList<>();
        int at = 0;
        int k = 0;
        while (at < bytes.length) {
            int size = c.pieces()[k++ % c.pieces().length];
            int end = Math.min(bytes.length, at + size);
            pieces.add(ByteString.fromArray(java.util.Arrays.copyOfRange(bytes, at, end)));
            at = end;
        }
        Source<ByteString, ?> src = Source.from(pieces);
        if (c.cutAtEnd()) {
            src = src.concat(Source.single(ByteString.emptyByteString()).initialDelay(java.time.Duration.ofMillis(300))
                    .map(x -> {
                        throw new IllegalStateException("connection cut");
                    }));
        }
        return CompletableFuture.completedFuture(r.withEntity(HttpEntities.create(ContentTypes.parse("text/event-stream"), src)));
    }

    @Override
    public void close() {
        binding.unbind().toCompletableFuture().join();
    }
}
