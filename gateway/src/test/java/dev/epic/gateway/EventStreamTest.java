package dev.epic.gateway;

import static dev.epic.gateway.GatewayFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GET /v1/jobs/{id}/events: Server-Sent Events, and resuming with Last-Event-ID without losing or repeating one. */
class EventStreamTest extends SharedGatewayTest {
    record Sse(String id, String event, JsonNode data) {}

    /** Reads up to {@code max} events (stopping after {@code done}), then closes the connection. */
    static List<Sse> read(String jobId, String lastEventId, int max) throws Exception {
        return read(g, jobId, lastEventId, max);
    }

    static List<Sse> read(GatewayFixture g, String jobId, String lastEventId, int max) throws Exception {
        HttpRequest.Builder b = g.request("/v1/jobs/" + jobId + "/events", ALICE).GET();
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> res = g.http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<Sse> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            StringBuilder data = new StringBuilder();
            String line;
            while (out.size() < max && (line = r.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        out.add(new Sse(id, event, GatewayFixture.JSON.readTree(data.toString())));
                        if ("done".equals(event)) {
                            break;
                        }
                    }
                    id = null;
                    event = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
        }
        return out;
    }

    @Test
    void aFinishedJobStreamsEveryEventThenDone() throws Exception {
        String id = g.submit(ALICE, "print \"hi\"; (delay(10, 1), delay(10, 2))", "?wait=30").json().get("id").asText();
        List<Sse> events = read(id, null, 100);
        assertThat(events).extracting(Sse::event).containsExactlyInAnyOrder("output", "dispatch", "dispatch", "resolve", "resolve", "done");
        assertThat(events.get(events.size() - 1).event()).isEqualTo("done");
        assertThat(events.get(events.size() - 1).data().get("state").asText()).isEqualTo("succeeded");
        assertThat(events.get(events.size() - 1).data().get("result").asText()).isEqualTo("(1, 2)");
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).id()).isEqualTo("1-" + (i + 1));
            assertThat(events.get(i).data().get("id").asInt()).isEqualTo(i + 1);
        }
    }

    @Test
    void reconnectingWithLastEventIdResumesWithoutLoss() throws Exception {
        String id = g.submit(ALICE, "let a = gate \"s1\" in let b = gate \"s2\" in let c = gate (a ^ b) in c", "")
                .json().get("id").asText();
        g.gates.awaitCalled("s1");
        g.gates.awaitCalled("s2");
        // While the job runs: the two dispatches, then the client drops.
        List<Sse> first = read(id, null, 2);
        assertThat(first).extracting(Sse::event).containsExactly("dispatch", "dispatch");
        g.gates.open("s1");
        g.gates.open("s2");
        g.gates.awaitCalled("s1s2");
        List<Sse> second = read(id, first.get(1).id(), 2);
        g.gates.open("s1s2");
        List<Sse> rest = read(id, second.get(1).id(), 100);
        List<Sse> all = new ArrayList<>(first);
        all.addAll(second);
        all.addAll(rest);
        List<Sse> whole = read(id, null, 100);
        assertThat(all).extracting(Sse::id).containsExactlyElementsOf(whole.stream().map(Sse::id).toList());
        assertThat(all).extracting(Sse::event).containsExactly("dispatch", "dispatch", "resolve", "resolve", "dispatch", "resolve", "done");
        assertThat(read(id, "1-7", 100)).isEmpty();
        // A bare number is taken as an event of the current run.
        assertThat(read(id, "6", 100)).extracting(Sse::event).containsExactly("done");
        assertThat(g.send(g.request("/v1/jobs/" + id + "/events", ALICE).header("Last-Event-ID", "2-1").GET().build()).error())
                .as("a run the job has not had").isEqualTo("invalid_last_event_id");
    }

    @Test
    void aStreamOpenedBeforeEventsExistFollowsTheJobToTheEnd() throws Exception {
        String id = g.submit(ALICE, "gate \"f1\"", "").json().get("id").asText();
        java.util.concurrent.CompletableFuture<List<Sse>> stream = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return read(id, null, 100);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        g.gates.awaitCalled("f1");
        g.gates.open("f1");
        assertThat(stream.get(60, java.util.concurrent.TimeUnit.SECONDS)).extracting(Sse::event)
                .containsExactly("dispatch", "resolve", "done");
    }

    @Test
    void aLastEventIdThatIsNotANumberIs400() {
        String id = g.submit(ALICE, "1", "?wait=30").json().get("id").asText();
        GatewayFixture.Reply r = g.send(g.request("/v1/jobs/" + id + "/events", ALICE).header("Last-Event-ID", "abc").GET().build());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("invalid_last_event_id");
    }
}
