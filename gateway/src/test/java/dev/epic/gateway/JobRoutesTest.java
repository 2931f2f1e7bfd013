package dev.epic.gateway;

import static dev.epic.gateway.GatewayFixture.ALICE;
import static dev.epic.gateway.GatewayFixture.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.epic.gateway.GatewayFixture.Reply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The job API over real HTTP: submit, wait, status, list, cancel, check, health and readiness, and their errors. */
class JobRoutesTest extends SharedGatewayTest {
    @Test
    void submitAnswers202WithTheJobIdAndItsUrls() {
        Reply r = g.submit(ALICE, "1 + 2", "");
        assertThat(r.status()).isEqualTo(202);
        String id = r.json().get("id").asText();
        assertThat(r.json().get("urls").get("self").asText()).isEqualTo("/v1/jobs/" + id);
        assertThat(r.json().get("urls").get("events").asText()).isEqualTo("/v1/jobs/" + id + "/events");
        assertThat(r.json().get("urls").get("timeline").asText()).isEqualTo("/jobs/" + id + "/timeline");
        JsonNode done = g.finished(id, ALICE);
        assertThat(done.get("state").asText()).isEqualTo("succeeded");
        assertThat(done.get("result").asText()).isEqualTo("3");
        assertThat(done.get("result_json").asInt()).isEqualTo(3);
        assertThat(done.get("stats").get("engine").asText()).isEqualTo("opportunistic");
    }

    @Test
    void waitReturnsTheResultOnceTheJobEnds() throws Exception {
        java.util.concurrent.CompletableFuture<Reply> waiting = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                g.submit(ALICE, "let a = gate \"wa\" in let b = gate \"wb\" in a ^ b", "?wait=30"));
        // Both calls are in flight together: each gate holds its call until the test opens it.
        g.gates.awaitCalled("wa");
        g.gates.awaitCalled("wb");
        assertThat(waiting).isNotDone();
        g.gates.open("wa");
        g.gates.open("wb");
        Reply r = waiting.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("result").asText()).isEqualTo("wawb");
        assertThat(r.json().get("stats").get("max_in_flight").asInt()).isEqualTo(2);
    }

    @Test
    void waitThatRunsOutAnswers202WithTheJobStillRunning() throws Exception {
        Reply r = g.submit(ALICE, "gate \"w1\"", "?wait=0.2");
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.json().get("state").asText()).isIn("queued", "running");
        g.gates.open("w1");
        assertThat(g.finished(r.json().get("id").asText(), ALICE).get("result").asText()).isEqualTo("w1");
    }

    @Test
    void argsAreBoundAsTheRecordArgs() {
        Reply r = g.post("/v1/jobs?wait=30", ALICE, "{\"program\": \"args.city ^ \\\" \\\" ^ to_string(args.n + 1)\", "
                + "\"args\": {\"city\": \"Lyon\", \"n\": 41}}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("result_json").asText()).isEqualTo("Lyon 42");
    }

    @Test
    void aMissingArgumentFailsAtItsPosition() {
        Reply r = g.submit(ALICE, "let x = 1 in\nx + args.missing", "?wait=30");
        assertThat(r.json().get("state").asText()).isEqualTo("failed");
        JsonNode e = r.json().get("error");
        assertThat(e.get("message").asText()).contains("missing");
        assertThat(e.get("line").asInt()).isEqualTo(2);
        assertThat(e.get("column").asInt()).isPositive();
    }

    @Test
    void argsThatAreNotAnObjectOrHaveBadNamesAre400() {
        assertThat(g.post("/v1/jobs", ALICE, "{\"program\": \"1\", \"args\": [1]}").error()).isEqualTo("invalid_args");
        Reply r = g.post("/v1/jobs", ALICE, "{\"program\": \"1\", \"args\": {\"two words\": 1}}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").get("message").asText()).contains("args.two words");
    }

    @Test
    void aProgramThatDoesNotCompileIs400WithEveryErrorPositioned() {
        Reply r = g.submit(ALICE, "let x = 1 in\nfoo + bar", "");
        assertThat(r.status()).isEqualTo(400);
        JsonNode e = r.json().get("error");
        assertThat(e.get("code").asText()).isEqualTo("compile_error");
        assertThat(e.get("line").asInt()).isEqualTo(2);
        assertThat(e.get("column").asInt()).isEqualTo(1);
        assertThat(e.get("errors")).hasSize(2);
        assertThat(e.get("errors").get(1).get("column").asInt()).isEqualTo(7);
    }

    @Test
    void theSequentialEngineRunsJobsThatAskForIt() {
        Reply r = g.post("/v1/jobs?wait=30", ALICE, "{\"program\": \"(delay(20, 1), delay(20, 2))\", \"engine\": \"sequential\"}");
        assertThat(r.json().get("result").asText()).isEqualTo("(1, 2)");
        assertThat(r.json().get("stats").get("engine").asText()).isEqualTo("sequential");
        assertThat(r.json().get("stats").get("max_in_flight").asInt()).isEqualTo(1);
        assertThat(g.post("/v1/jobs", ALICE, "{\"program\": \"1\", \"engine\": \"quantum\"}").error()).isEqualTo("unknown_engine");
    }

    @Test
    void limitsApplyAndCannotExceedTheGatewaysCaps() {
        Reply steps = g.post("/v1/jobs?wait=30", ALICE,
                "{\"program\": \"let rec f n = f (n + 1) in f 0\", \"limits\": {\"max_steps\": 1000}}");
        assertThat(steps.json().get("state").asText()).isEqualTo("failed");
        assertThat(steps.json().get("error").get("code").asText()).isEqualTo("step_limit");
        Reply time = g.post("/v1/jobs?wait=30", ALICE, "{\"program\": \"gate \\\"never\\\"\", \"limits\": {\"timeout_s\": 0.2}}");
        assertThat(time.json().get("error").get("code").asText()).isEqualTo("timeout");
        assertThat(g.post("/v1/jobs", ALICE, "{\"program\": \"1\", \"limits\": {\"max_steps\": 3000000000}}").error())
                .isEqualTo("limit_too_high");
        assertThat(g.post("/v1/jobs", ALICE, "{\"program\": \"1\", \"limits\": {\"timeout_s\": 100000}}").error())
                .isEqualTo("limit_too_high");
        assertThat(g.post("/v1/jobs", ALICE, "{\"program\": \"1\", \"limits\": {\"max_steps\": -1}}").error())
                .isEqualTo("invalid_limits");
        assertThat(g.post("/v1/jobs", ALICE, "{\"program\": \"1\", \"limits\": {\"steps\": 5}}").error())
                .isEqualTo("unknown_field");
    }

    @Test
    void malformedBodiesAre400WithAMessage() {
        for (String body : List.of("", "{", "[1]", "{\"program\": 3}", "{\"args\": {}}", "{\"program\": \"1\", \"x\": 1}",
                "{\"program\": \"1\"} trailing", "{\"program\": \"1\", \"program\": \"2\"}")) {
            Reply r = g.post("/v1/jobs", ALICE, body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.json().get("error").get("message").asText()).as(body).isNotBlank();
        }
    }

    @Test
    void cancelEndsARunningJobAsCancelled() throws Exception {
        Reply r = g.submit(ALICE, "let a = gate \"c1\" in a ^ \"x\"", "");
        String id = r.json().get("id").asText();
        g.gates.awaitCalled("c1");
        Reply c = g.delete("/v1/jobs/" + id, ALICE);
        // 202 while the running job is ending (its call abandoned), or 200 if it has already ended by the time
        // the answer is made -- both are the documented outcome; either way it has ended by the next wait.
        assertThat(c.status()).isIn(200, 202);
        JsonNode done = g.finished(id, ALICE);
        assertThat(done.get("state").asText()).isEqualTo("cancelled");
        assertThat(done.get("error").get("code").asText()).isEqualTo("cancelled");
        Reply again = g.delete("/v1/jobs/" + id, ALICE);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.error()).isEqualTo("already_finished");
    }

    @Test
    void listPagesThroughTheOwnersJobsInSubmissionOrder() {
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            mine.add(g.submit(GatewayFixture.BOB, "" + i, "?wait=30").json().get("id").asText());
        }
        List<String> seen = new ArrayList<>();
        String after = "";
        for (int page = 0; page < 10; page++) {
            JsonNode p = g.get("/v1/jobs?limit=2" + after, GatewayFixture.BOB).json();
            p.get("jobs").forEach(j -> seen.add(j.get("id").asText()));
            if (p.get("next").isNull()) {
                break;
            }
            after = "&after=" + p.get("next").asText();
        }
        assertThat(seen).containsExactlyElementsOf(mine);
        JsonNode succeeded = g.get("/v1/jobs?state=succeeded", GatewayFixture.BOB).json();
        assertThat(succeeded.get("jobs")).hasSize(5);
        assertThat(g.get("/v1/jobs?limit=0", ALICE).error()).isEqualTo("invalid_parameter");
        assertThat(g.get("/v1/jobs?state=sleeping", ALICE).error()).isEqualTo("invalid_parameter");
        assertThat(g.get("/v1/jobs?after=x", ALICE).error()).isEqualTo("invalid_parameter");
    }

    @Test
    void checkReportsEveryErrorWithItsPosition() {
        Reply ok = g.post("/v1/check", ALICE, "{\"program\": \"1 + 1\"}");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("ok").asBoolean()).isTrue();
        Reply bad = g.post("/v1/check", ALICE, "{\"program\": \"let x = (1 in\\nundefined_thing\"}");
        assertThat(bad.status()).isEqualTo(200);
        assertThat(bad.json().get("ok").asBoolean()).isFalse();
        JsonNode first = bad.json().get("errors").get(0);
        assertThat(first.get("line").asInt()).isEqualTo(1);
        assertThat(first.get("column").asInt()).isPositive();
        assertThat(first.get("message").asText()).isNotBlank();
        assertThat(g.post("/v1/check", ALICE, "{}").error()).isEqualTo("invalid_request");
    }

    @Test
    void checkAnalysesTheInferencePlanOfAProbabilisticProgram() {
        // A Beta coin observed through Bernoulli draws: SSI keeps p symbolic, BP must sample it.
        String coin = "val flip = fun (heads, p) -> let () = observe(bernoulli(p), heads) in p in\n"
                + "let symbolic p <- beta(1.0, 1.0) in\n"
                + "fold(flip, [true, true, false], p)";
        Reply ssi = g.post("/v1/check", ALICE, "{\"program\": " + GatewayFixture.quote(coin) + ", \"method\": \"ssi\"}");
        assertThat(ssi.status()).as(ssi.body()).isEqualTo(200);
        assertThat(ssi.json().get("ok").asBoolean()).as(ssi.body()).isTrue();
        JsonNode a = ssi.json().get("analysis");
        assertThat(a.get("method").asText()).isEqualTo("ssi");
        assertThat(a.get("plan").get("p").asText()).isEqualTo("symbolic");
        assertThat(a.get("errors")).isEmpty();

        Reply bp = g.post("/v1/check", ALICE, "{\"program\": " + GatewayFixture.quote(coin) + ", \"method\": \"bp\"}");
        assertThat(bp.json().get("ok").asBoolean()).as(bp.body()).isFalse();
        JsonNode e = bp.json().get("analysis").get("errors").get(0);
        assertThat(e.get("variable").asText()).isEqualTo("p");
        assertThat(e.get("line").asInt()).isEqualTo(2);
        assertThat(e.get("column").asInt()).isEqualTo(1);
        assertThat(e.get("message").asText()).contains("p is annotated as symbolic but might be sampled");

        assertThat(g.post("/v1/check", ALICE, "{\"program\": \"1\", \"method\": \"mcmc\"}").error())
                .isEqualTo("invalid_request");
        // An ordinary program has no analysis.
        assertThat(g.post("/v1/check", ALICE, "{\"program\": \"1 + 1\"}").json().has("analysis")).isFalse();
    }

    @org.junit.jupiter.api.io.TempDir
    Path dir;

    @Test
    void aTokenMayHaveLimitsOfItsOwn() {
        var config = com.typesafe.config.ConfigFactory.parseString(
                "epic.gateway.limits.per-token { \"" + BOB + "\" { max-memory = 2MiB, default-max-memory = 1MiB, max-steps = 5000 } }")
                .withFallback(com.typesafe.config.ConfigFactory.load());
        GatewaySettings s = GatewaySettings.fromConfig(config, ALICE + "," + BOB);
        String bob = dev.epic.gateway.auth.Tokens.ownerOf(BOB);
        assertThat(s.limitsFor(bob).maxMemory()).isEqualTo(2L << 20);
        assertThat(s.limitsFor(bob).defaultMaxMemory()).isEqualTo(1L << 20);
        assertThat(s.limitsFor(bob).maxSteps()).isEqualTo(5000);
        assertThat(s.limitsFor(bob).defaultMaxSteps()).isEqualTo(5000);
        assertThat(s.limitsFor(dev.epic.gateway.auth.Tokens.ownerOf(ALICE))).isEqualTo(s.limits());
        assertThatThrownBy(() -> GatewaySettings.fromConfig(com.typesafe.config.ConfigFactory.parseString(
                "epic.gateway.limits.per-token { t { max-memroy = 1MiB } }").withFallback(com.typesafe.config.ConfigFactory.load()), "t"))
                .hasMessageContaining("max-memroy");

        try (GatewayFixture own = new GatewayFixture(dir.resolve("per-token/jobs"), x -> x.withTokenLimits(s.tokenLimits()))) {
            Reply bobs = own.post("/v1/jobs?wait=30", BOB, "{\"program\": \"1 + 1\"}");
            assertThat(bobs.json().get("limits").get("max_memory_mb").asDouble()).isEqualTo(1.0);
            assertThat(bobs.json().get("limits").get("max_steps").asLong()).isEqualTo(5000);
            assertThat(own.post("/v1/jobs", BOB, "{\"program\": \"1\", \"limits\": {\"max_memory_mb\": 3}}").error())
                    .isEqualTo("limit_too_high");
            Reply alices = own.post("/v1/jobs", ALICE, "{\"program\": \"1\", \"limits\": {\"max_memory_mb\": 3}}");
            assertThat(alices.status()).isEqualTo(202);
        }
    }

    @Test
    void unknownJobsPathsAndMethodsAreJsonErrors() {
        assertThat(g.get("/v1/jobs/no-such-job", ALICE).status()).isEqualTo(404);
        assertThat(g.get("/v1/jobs/no-such-job", ALICE).error()).isEqualTo("not_found");
        assertThat(g.get("/v1/jobs/no-such-job/events", ALICE).status()).isEqualTo(404);
        assertThat(g.get("/nowhere", ALICE).error()).isEqualTo("not_found");
        Reply put = g.send(g.request("/v1/jobs", ALICE).PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(put.status()).isEqualTo(405);
        assertThat(put.error()).isEqualTo("method_not_allowed");
        assertThat(g.get("/v1/jobs/x?wait=abc", ALICE).error()).isEqualTo("invalid_parameter");
        assertThat(g.get("/v1/jobs/x?wait=100000", ALICE).error()).isEqualTo("invalid_parameter");
    }

    @Test
    void healthAndReadinessNeedNoToken() {
        assertThat(g.get("/health", null).json().get("status").asText()).isEqualTo("ok");
        Reply ready = g.get("/ready", null);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("executor").asText()).isEqualTo("local");
    }
}
