package dev.epic.gateway;

import static dev.epic.gateway.GatewayFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.gateway.GatewayFixture.Reply;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of malformed requests from a seeded generator: broken JSON, wrong shapes and types, random bytes,
 * and mutated programs. Every malformed one is a 4xx with a JSON error message, none is a 5xx, and the
 * gateway keeps serving.
 */
class FuzzTest {
    private static final long SEED = 20261201L;
    private static final List<String> PROGRAMS = List.of(
            "let f = fun x -> x * 2 in List.map f [1, 2, 3]",
            "let rec fib n = if n < 2 then n else fib (n - 1) + fib (n - 2) in fib 10",
            "let r = {a = 1; b = \"two\"} in r.a + String.length r.b",
            "fold((fun (x, acc) -> x + acc), List.range(0, 10), 0)",
            "let s = \"hello ${to_string (1 + 2)}\" in String.split(s, \" \")",
            "(* comment *) let (a, b) = (delay(1, 1), delay(1, 2)) in a + b",
            "if 1 < 2 then \"yes\" else \"no\"",
            "Json.parse \"{\\\"k\\\": [1, 2]}\"");
    private static final String NOISE = "{}[]()\":,;.\\'`<>=+-*/%^&|!?#$@~ \n\t0123456789abcxyzletinfunrec->\u00e9\u0000";

    @TempDir
    static Path dir;

    static GatewayFixture g;

    @BeforeAll
    static void start() {
        g = new GatewayFixture(dir.resolve("db/jobs"), s -> s.withLimits(s.limits().withMaxJobsPerToken(100_000)));
    }

    @AfterAll
    static void stop() {
        g.close();
    }

    private static String mutate(Random rnd, String s) {
        StringBuilder b = new StringBuilder(s);
        int edits = 1 + rnd.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int at = b.length() == 0 ? 0 : rnd.nextInt(b.length());
            switch (rnd.nextInt(4)) {
                case 0:
                    if (b.length() > 0) {
                        b.deleteCharAt(at);
                    }
                    break;
                case 1:
                    b.insert(at, NOISE.charAt(rnd.nextInt(NOISE.length())));
                    break;
                case 2:
                    b.setLength(at);
                    break;
                default:
                    if (b.length() > 0) {
                        b.setCharAt(at, NOISE.charAt(rnd.nextInt(NOISE.length())));
                    }
            }
        }
        return b.toString();
    }

    private static void assertClientError(Reply r, String what) {
        assertThat(r.status()).as(what + " -> " + r.body()).isBetween(400, 499);
        assertThat(r.json().path("error").path("message").asText()).as(what).isNotBlank();
        assertThat(r.json().path("error").path("code").asText()).as(what).isNotBlank();
        assertThat(r.body()).as(what).doesNotContain("\tat ").doesNotContain("Exception:");
    }

    @Test
    void malformedJsonBodiesAreAll4xxWithAMessage() {
        Random rnd = new Random(SEED);
        String valid = "{\"program\": \"1 + 2\", \"args\": {\"a\": [1, {\"b\": null}]}, \"limits\": {\"max_steps\": 1000, \"timeout_s\": 2}, \"engine\": \"sequential\"}";
        int checked = 0;
        for (int i = 0; i < 2000; i++) {
            String body = mutate(rnd, valid);
            Reply r = g.post("/v1/jobs", ALICE, body);
            if (r.status() == 202) {
                // A mutation that is still a valid request (e.g. a changed digit) is accepted, as it should be.
                continue;
            }
            assertClientError(r, body);
            checked++;
        }
        for (int i = 0; i < 300; i++) {
            byte[] bytes = new byte[rnd.nextInt(200)];
            rnd.nextBytes(bytes);
            Reply r = g.send(g.request("/v1/jobs", ALICE).POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
            assertClientError(r, "random bytes #" + i);
            checked++;
        }
        for (String body : List.of("null", "true", "1e999", "\"s\"", "{\"program\": null}", "{\"program\": [\"1\"]}",
                "{\"program\": \"1\", \"limits\": 5}", "{\"program\": \"1\", \"limits\": {\"timeout_s\": \"x\"}}",
                "{\"program\": \"1\", \"engine\": 7}", "[".repeat(5000), "{\"program\": \"1\", \"args\": " + "[".repeat(300) + "]".repeat(300) + "}")) {
            assertClientError(g.post("/v1/jobs", ALICE, body), body.length() > 60 ? body.substring(0, 60) : body);
            checked++;
        }
        assertThat(checked).isGreaterThan(2000);
        assertStillServing();
    }

    @Test
    void mutatedProgramsAreRejectedWithPositionsOrRunWithinTheirLimits() {
        Random rnd = new Random(SEED + 1);
        int rejected = 0;
        for (int i = 0; i < 1500; i++) {
            String program = mutate(rnd, PROGRAMS.get(rnd.nextInt(PROGRAMS.size())));
            Reply r = g.post("/v1/jobs", ALICE, "{\"program\": " + GatewayFixture.quote(program)
                    + ", \"limits\": {\"max_steps\": 100000, \"timeout_s\": 5}}");
            if (r.status() == 202) {
                continue;
            }
            assertClientError(r, program);
            if ("compile_error".equals(r.error())) {
                assertThat(r.json().get("error").get("line").asInt()).as(program).isPositive();
                assertThat(r.json().get("error").get("column").asInt()).as(program).isPositive();
            }
            rejected++;
            Reply check = g.post("/v1/check", ALICE, "{\"program\": " + GatewayFixture.quote(program) + "}");
            assertThat(check.status()).as(program).isEqualTo(200);
        }
        assertThat(rejected).isGreaterThan(500);
        Reply deep = g.submit(ALICE, "(".repeat(60_000) + "1" + ")".repeat(60_000), "");
        assertClientError(deep, "deeply nested program");
        assertThat(deep.json().get("error").get("message").asText()).contains("nested too deeply");
        assertStillServing();
    }

    @Test
    void fuzzedQueryParametersAndHeadersAreAll4xxOrAnswered() {
        Random rnd = new Random(SEED + 2);
        String id = g.submit(ALICE, "1", "?wait=30").json().get("id").asText();
        String printable = "0123456789-+.eE abc%/x:;,=&?#\\\"'~";
        int checked = 0;
        for (int i = 0; i < 600; i++) {
            String v = mutate(rnd, List.of("1", "0.5", "30", "100", "-1", "1e3", "").get(rnd.nextInt(7)));
            StringBuilder clean = new StringBuilder();
            for (char c : v.toCharArray()) {
                clean.append(c >= 0x20 && c < 0x7f ? c : printable.charAt(rnd.nextInt(printable.length())));
            }
            String q = java.net.URLEncoder.encode(clean.toString(), java.nio.charset.StandardCharsets.UTF_8);
            List<Reply> replies = List.of(
                    g.get("/v1/jobs/" + id + "?wait=" + q, ALICE),
                    g.get("/v1/jobs?limit=" + q + "&after=" + q, ALICE),
                    g.get("/v1/jobs?state=" + q, ALICE),
                    g.send(g.request("/v1/jobs/" + id + "/events", ALICE).header("Last-Event-ID", clean.toString().strip().isEmpty()
                            ? "x" : clean.toString()).GET().build()));
            for (Reply r : replies) {
                if (r.status() == 200 || r.status() == 202) {
                    continue;
                }
                assertClientError(r, "parameter '" + clean + "'");
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(300);
        assertStillServing();
    }

    @Test
    void requestsPekkoCannotParseGetTheJsonErrorBody() {
        Reply longUri = g.get("/v1/jobs?after=" + "1".repeat(20_000), ALICE);
        assertThat(longUri.status()).isEqualTo(414);
        assertClientError(longUri, "over-long URI");
        assertThat(longUri.error()).isEqualTo("uri_too_long");
        Reply longHeader = g.send(g.request("/v1/jobs", ALICE).header("X-Padding", "p".repeat(20_000)).GET().build());
        assertClientError(longHeader, "over-long header");
        assertThat(longHeader.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertStillServing();
    }

    private static void assertStillServing() {
        assertThat(g.get("/health", null).status()).isEqualTo(200);
        assertThat(g.submit(ALICE, "40 + 2", "?wait=30").json().get("result").asText()).isEqualTo("42");
        assertThat(g.get("/metrics", null).body()).doesNotContain("code=\"internal\"");
    }
}
