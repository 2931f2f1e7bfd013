package dev.epic.gateway;

import static dev.epic.gateway.GatewayFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping the gateway mid-run and starting it again on the same database: finished jobs keep their results
 * and events, unfinished ones (running or still queued) run again to the end; no accepted job disappears.
 * Finished jobs past the retention are deleted.
 */
class RestartTest {
    @TempDir
    Path dir;

    @Test
    void aFinishedJobHoldsNeitherItsTextNorItsArgsAndIsStillServedBeforeAndAfterARestart() throws Exception {
        Path db = dir.resolve("db/jobs");
        String program = "let x = gate \"text\" in x ^ args.city";
        String id;
        ObjectNode shown;
        try (GatewayFixture a = new GatewayFixture(db)) {
            id = a.post("/v1/jobs", ALICE, "{\"program\": " + GatewayFixture.quote(program) + ", \"args\": {\"city\": \"Lyon\"}}")
                    .json().get("id").asText();
            a.gates.awaitCalled("text");
            // Running: the job holds what it was asked, for a run again after a restart.
            assertThat(a.gateway.jobs().get(id).request().program()).isEqualTo(program);
            assertThat(a.gateway.jobs().get(id).request().args().get("city").asText()).isEqualTo("Lyon");
            a.gates.open("text");
            assertThat(a.finished(id, ALICE).get("result").asText()).isEqualTo("textLyon");
            assertThat(a.gateway.jobs().get(id).request().program()).isNull();
            assertThat(a.gateway.jobs().get(id).request().args()).isNull();
            shown = (ObjectNode) a.get("/v1/jobs/" + id, ALICE).json();
            assertThat(shown.get("state").asText()).isEqualTo("succeeded");
            assertThat(shown.get("engine").asText()).isNotEmpty();
            assertThat(shown.get("limits").get("max_steps").asLong()).isPositive();
            assertThat(a.get("/v1/jobs", ALICE).json().get("jobs")).extracting(j -> j.get("id").asText()).contains(id);
            assertThat(a.get("/v1/jobs/" + id + "/events", ALICE).body()).contains("event:dispatch").contains("event:done");
            assertThat(a.get("/jobs/" + id + "/timeline?token=" + ALICE, null).status()).isEqualTo(200);
        }
        try (GatewayFixture b = new GatewayFixture(db)) {
            // Restored from the database without its text, and shown as before, start time included.
            assertThat(b.gateway.jobs().get(id).request().program()).isNull();
            assertThat(b.gateway.jobs().get(id).request().args()).isNull();
            ObjectNode again = (ObjectNode) b.get("/v1/jobs/" + id, ALICE).json();
            assertThat(again.get("started_at").isTextual()).as(again.toString()).isTrue();
            assertThat(again).isEqualTo(shown);
            assertThat(b.get("/v1/jobs/" + id + "/events", ALICE).body()).contains("event:dispatch").contains("event:done");
        }
    }

    @Test
    void aFinishedJobsEventsLeaveMemoryOnceRecordedAndAreStillServed() throws Exception {
        try (GatewayFixture g = new GatewayFixture(dir.resolve("db/jobs"))) {
            String id = g.submit(ALICE, "print 1; delay(1, 2)", "?wait=30").json().get("id").asText();
            // The database write follows the end; wait (bounded) until the job has let its events go.
            for (int i = 0; i < 300 && !g.gateway.jobs().get(id).events().isEmpty(); i++) {
                Thread.sleep(100);
            }
            assertThat(g.gateway.jobs().get(id).events()).isEmpty();
            assertThat(g.get("/v1/jobs/" + id, ALICE).json().get("event_count").asInt()).isEqualTo(4);
            String events = g.get("/v1/jobs/" + id + "/events", ALICE).body();
            assertThat(events).contains("event:output").contains("event:dispatch").contains("event:resolve").contains("event:done");
            assertThat(g.get("/jobs/" + id + "/timeline?token=" + ALICE, null).body()).contains("\"kind\":\"resolve\"");
        }
    }

    @Test
    void resumingWithAnIdFromTheRunBeforeARestartStartsOverWithAReset() throws Exception {
        Path db = dir.resolve("db/jobs");
        String id;
        List<EventStreamTest.Sse> before;
        try (GatewayFixture a = new GatewayFixture(db)) {
            id = a.submit(ALICE, "let x = gate \"a\" in let y = gate \"b\" in x ^ y", "").json().get("id").asText();
            a.gates.awaitCalled("b");
            a.gates.open("a");
            before = EventStreamTest.read(a, id, null, 3);
            assertThat(before).extracting(EventStreamTest.Sse::id).containsExactly("1-1", "1-2", "1-3");
        }
        try (GatewayFixture b = new GatewayFixture(db)) {
            b.gates.openAll();
            assertThat(b.finished(id, ALICE).get("result").asText()).isEqualTo("ab");
            List<EventStreamTest.Sse> after = EventStreamTest.read(b, id, before.get(2).id(), 100);
            // Not "the new run's events after its third": a reset, then the second run from its start.
            assertThat(after.get(0).event()).isEqualTo("reset");
            assertThat(after.get(0).data().get("run").asInt()).isEqualTo(2);
            assertThat(after.subList(1, after.size())).extracting(EventStreamTest.Sse::id)
                    .containsExactly("2-1", "2-2", "2-3", "2-4", "2-5");
            assertThat(after.get(after.size() - 1).event()).isEqualTo("done");
            // An id of the current run resumes as usual.
            assertThat(EventStreamTest.read(b, id, "2-4", 100)).extracting(EventStreamTest.Sse::id).containsExactly("2-5");
        }
    }

    @Test
    void aCorruptRowFailsThatJobAndTheGatewayStillStarts() throws Exception {
        Path db = dir.resolve("db/jobs");
        String good;
        String badState;
        String badArgs;
        String runningButEnded;
        try (GatewayFixture a = new GatewayFixture(db)) {
            good = a.submit(ALICE, "1 + 1", "?wait=30").json().get("id").asText();
            badState = a.submit(ALICE, "2 + 2", "?wait=30").json().get("id").asText();
            runningButEnded = a.submit(ALICE, "3 + 3", "?wait=30").json().get("id").asText();
            badArgs = a.submit(ALICE, "let x = gate \"x\" in x", "").json().get("id").asText();
            a.gates.awaitCalled("x");
        }
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + db.toAbsolutePath(), "epic", "");
             Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE jobs SET state = 'exploded' WHERE id = '" + badState + "'");
            s.executeUpdate("UPDATE jobs SET args = '{not json' WHERE id = '" + badArgs + "'");
            // Unfinished by its state, yet with an end time: the store does not read its text back.
            s.executeUpdate("UPDATE jobs SET state = 'running' WHERE id = '" + runningButEnded + "'");
        }
        try (GatewayFixture b = new GatewayFixture(db)) {
            assertThat(b.get("/v1/jobs/" + good, ALICE).json().get("result").asInt()).isEqualTo(2);
            for (String id : new String[] {badState, badArgs, runningButEnded}) {
                JsonNode j = b.get("/v1/jobs/" + id, ALICE).json();
                assertThat(j.get("state").asText()).isEqualTo("failed");
                assertThat(j.get("error").get("code").asText()).isEqualTo("corrupt_record");
                assertThat(j.get("error").get("message").asText()).contains("could not read");
            }
        }
        // The failure was recorded: a third start reads the rows as failed jobs.
        try (GatewayFixture c = new GatewayFixture(db)) {
            assertThat(c.get("/v1/jobs/" + badState, ALICE).json().get("error").get("code").asText()).isEqualTo("corrupt_record");
        }
    }

    @Test
    void everyAcceptedJobCompletesOrKeepsItsResultAcrossARestart() throws Exception {
        Path db = dir.resolve("db/jobs");
        Map<String, String> finished = new LinkedHashMap<>();
        Map<String, String> unfinished = new LinkedHashMap<>();
        try (GatewayFixture a = new GatewayFixture(db, s -> s.withLimits(s.limits().withMaxRunning(2)))) {
            for (int i = 0; i < 3; i++) {
                JsonNode j = a.submit(ALICE, "print " + i + "; delay(5, " + i + ") * 10", "?wait=30").json();
                assertThat(j.get("state").asText()).isEqualTo("succeeded");
                finished.put(j.get("id").asText(), j.get("result").asText());
            }
            for (int i = 0; i < 4; i++) {
                JsonNode j = a.submit(ALICE, "let x = gate \"r" + i + "\" in x ^ \"-done\"", "").json();
                unfinished.put(j.get("id").asText(), "r" + i + "-done");
            }
            a.gates.awaitCalled("r0");
            a.gates.awaitCalled("r1");
            assertThat(a.get("/v1/jobs?state=queued", ALICE).json().get("jobs")).hasSize(2);
        }
        try (GatewayFixture b = new GatewayFixture(db)) {
            b.gates.openAll();
            for (Map.Entry<String, String> e : finished.entrySet()) {
                JsonNode j = b.get("/v1/jobs/" + e.getKey(), ALICE).json();
                assertThat(j.get("state").asText()).isEqualTo("succeeded");
                assertThat(j.get("result").asText()).isEqualTo(e.getValue());
                // output, dispatch, resolve, done: counted from the database, not 0 for a restored job.
                assertThat(j.get("event_count").asInt()).isEqualTo(4);
                String events = b.get("/v1/jobs/" + e.getKey() + "/events", ALICE).body();
                assertThat(events).contains("event:output").contains("event:done");
            }
            for (Map.Entry<String, String> e : unfinished.entrySet()) {
                JsonNode j = b.finished(e.getKey(), ALICE);
                assertThat(j.get("state").asText()).isEqualTo("succeeded");
                assertThat(j.get("result").asText()).isEqualTo(e.getValue());
            }
            assertThat(b.get("/v1/jobs?limit=100", ALICE).json().get("jobs")).hasSize(7);
            // New jobs continue the submission order after the restored ones.
            String next = b.submit(ALICE, "1", "?wait=30").json().get("id").asText();
            JsonNode all = b.get("/v1/jobs?limit=100", ALICE).json().get("jobs");
            assertThat(all.get(all.size() - 1).get("id").asText()).isEqualTo(next);
        }
        try (GatewayFixture b2 = new GatewayFixture(db)) {
            // A finished job is a summary in memory; its events come from the database.
            for (String id : finished.keySet()) {
                assertThat(b2.gateway.jobs().get(id).events()).isEmpty();
                assertThat(b2.get("/v1/jobs/" + id + "/events", ALICE).body()).contains("event:output").contains("event:done");
                assertThat(b2.gateway.jobs().get(id).events()).as("events read for a stream are not kept").isEmpty();
            }
        }
        try (GatewayFixture c = new GatewayFixture(db, s -> s.withRetention(Duration.ofMillis(1)))) {
            for (String id : finished.keySet()) {
                assertThat(c.get("/v1/jobs/" + id, ALICE).status()).isEqualTo(404);
            }
        }
    }
}
