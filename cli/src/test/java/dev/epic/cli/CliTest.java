package dev.epic.cli;

import static dev.epic.cli.CliRun.epic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.epic.cli.CliRun.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path program(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void runPrintsTheValueAndPrintOutputAndExitsZero() throws IOException {
        Path p = program("ok.epic", "print \"hello\"; List.map (fun x -> x * 2) [1, 2, 3]");
        Outcome o = epic("run", p.toString());
        assertThat(o.code()).isZero();
        assertThat(o.out()).isEqualTo("hello\n[2, 4, 6]\n");
        assertThat(o.err()).isEmpty();
    }

    @Test
    void bothEnginesPrintTheSameValue() throws IOException {
        Path p = program("calls.epic", "let a = delay(20, 1) in let b = delay(20, 2) in (a + b, \"x\")");
        assertThat(epic("run", p.toString(), "--engine", "sequential").out()).isEqualTo("(3, \"x\")\n");
        assertThat(epic("run", p.toString(), "--engine", "opportunistic").out()).isEqualTo("(3, \"x\")\n");
    }

    @Test
    void statsFileHasTheDocumentedFields() throws IOException {
        Path p = program("stats.epic", "(delay(30, 1), delay(30, 2))");
        Path stats = dir.resolve("stats.json");
        assertThat(epic("run", p.toString(), "--stats", stats.toString()).code()).isZero();
        JsonNode s = JSON.readTree(stats.toFile());
        assertThat(s.get("result").asText()).isEqualTo("(1, 2)");
        assertThat(s.get("engine").asText()).isEqualTo("opportunistic");
        assertThat(s.get("external_calls").asLong()).isEqualTo(2);
        assertThat(s.get("max_in_flight").asInt()).isEqualTo(2);
        for (String field : List.of("wall_ms", "reductions", "peak_actors")) {
            assertThat(s.has(field)).as(field).isTrue();
        }
    }

    @Test
    void eventsFileHasOneJsonLinePerEvent() throws IOException {
        Path p = program("events.epic", "print (delay(10, 7))");
        Path events = dir.resolve("events.jsonl");
        assertThat(epic("run", p.toString(), "--events", events.toString()).code()).isZero();
        List<String> lines = Files.readAllLines(events);
        assertThat(lines).hasSize(3);
        JsonNode dispatch = JSON.readTree(lines.get(0));
        assertThat(dispatch.get("kind").asText()).isEqualTo("dispatch");
        assertThat(dispatch.get("fn").asText()).isEqualTo("delay");
        assertThat(dispatch.get("call").asLong()).isEqualTo(1);
        assertThat(dispatch.has("t_ms")).isTrue();
        assertThat(JSON.readTree(lines.get(1)).get("kind").asText()).isEqualTo("resolve");
        JsonNode output = JSON.readTree(lines.get(2));
        assertThat(output.get("kind").asText()).isEqualTo("output");
        assertThat(output.get("value").asText()).isEqualTo("7");
    }

    @Test
    void syntaxErrorsArePositionedAndExitOne() throws IOException {
        Path p = program("bad.epic", "let x = in\nlet y = (1 + in y");
        Outcome o = epic("run", p.toString());
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.out()).isEmpty();
        assertThat(o.err()).startsWith(p + ":1:9: error: ");
        assertThat(o.err().lines().count()).isGreaterThanOrEqualTo(2);
        assertThat(o.err()).doesNotContain("Exception");
    }

    @Test
    void runTimeErrorsArePositionedAndExitOne() throws IOException {
        Path p = program("div.epic", "let f x = 10 / x in\nf 0");
        Outcome o = epic("run", p.toString());
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.err()).startsWith(p + ":1:14: error: division by zero");
        assertThat(o.err()).contains("in f, called at " + p + ":2:1");
    }

    @Test
    void stepLimitStopsANonTerminatingProgram() throws IOException {
        Path p = program("loop.epic", "let rec loop n = loop (n + 1) in loop 0");
        Outcome o = epic("run", p.toString(), "--max-steps", "100000");
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.err()).contains("step limit exceeded");
    }

    @Test
    void missingFileAndBadOptionsAreUsageErrors() {
        assertThat(epic("run", dir.resolve("nope.epic").toString()).code()).isEqualTo(2);
        assertThat(epic("run", dir.resolve("nope.epic").toString()).err()).contains("no such file");
        assertThat(epic("run").code()).isEqualTo(2);
        assertThat(epic("run", "x.epic", "--engine", "warp").code()).isEqualTo(2);
        assertThat(epic("frobnicate").code()).isEqualTo(2);
    }

    @Test
    void checkReportsEveryErrorWithoutRunning() throws IOException {
        Path ok = program("ok.epic", "delay(100000, 1)");
        Outcome fine = epic("check", ok.toString());
        assertThat(fine.code()).isZero();
        Path bad = program("unbound.epic", "a + b");
        Outcome o = epic("check", bad.toString());
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.err()).contains(bad + ":1:1: error: unbound name a").contains(bad + ":1:5: error: unbound name b");
        Outcome both = epic("check", ok.toString(), bad.toString());
        assertThat(both.code()).isEqualTo(1);
        assertThat(both.out()).isEqualTo(ok + ": ok\n");
        assertThat(both.err()).contains(bad + ":1:1: error: unbound name a");
        assertThat(epic("check", ok.toString(), dir.resolve("missing.epic").toString()).code()).isEqualTo(2);
    }

    @Test
    void checkAnalysesTheInferencePlansOfSirenPrograms() throws IOException {
        Path coin = program("coin.si", "let symbolic p <- beta(1., 1.) in\nlet () = observe(bernoulli(p), true) in\np");
        Path walk = program("walk.si", "let symbolic x <- gaussian(0., 1.) in\nlet () = observe(gaussian(x, 1.), 0.5) in\nx");
        Outcome ssi = epic("check", coin.toString(), walk.toString(), "--method", "ssi");
        assertThat(ssi.code()).isZero();
        assertThat(ssi.out()).contains("p: symbolic").contains("x: symbolic");
        Outcome bp = epic("check", coin.toString(), walk.toString(), "--method", "bp");
        assertThat(bp.code()).isEqualTo(1);
        assertThat(bp.out()).contains(coin + ":1:1: error: p is annotated as symbolic but might be sampled: no conjugacy"
                + " rule relates it to its child (an observation) (during observe at " + coin + ":2:10)")
                .contains("x: symbolic");
        assertThat(epic("run", coin.toString(), "--analyze", "--method", "bp").code()).isEqualTo(1);
        assertThat(epic("check", coin.toString(), "--method", "hmc").code()).isEqualTo(2);
    }

    @Test
    void programsCallTheInProcessSimulatedModelByDefault() throws IOException {
        Path p = program("model.epic", "let ideas = llm_lines \"List 3 colours, one per line.\" in\n"
                + "(List.len ideas, String.length (llm \"hi\") > 0)");
        Path events = dir.resolve("model-events.jsonl");
        Outcome o = epic("run", p.toString(), "--events", events.toString());
        assertThat(o.err()).isEmpty();
        assertThat(o.code()).isZero();
        assertThat(o.out()).isEqualTo("(3, true)\n");
        List<String> lines = Files.readAllLines(events);
        JsonNode chunk = lines.stream().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).filter(n -> n.get("kind").asText().equals("chunk")).findFirst().orElseThrow();
        assertThat(chunk.get("fn").asText()).isEqualTo("llm_lines");
        assertThat(chunk.get("text").asText()).isNotEmpty();
    }

    @Test
    void aModelUrlWithNothingListeningEndsWithAnErrorNamingTheEndpoint() throws IOException {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path cfg = program("fast-retries.conf", "epic.models.defaults.retry { max-attempts = 2, initial-backoff = 10ms }");
        Path p = program("down.epic", "llm \"hello\"");
        Outcome o = epic("run", p.toString(), "--model-url", "http://127.0.0.1:" + port, "--config", cfg.toString());
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.err()).startsWith(p + ":1:1: error: external call llm failed: model endpoint 'sim' (http://127.0.0.1:" + port + ")")
                .contains("after 2 attempts");
    }

    @Test
    void aBrokenConfigurationFileIsAUsageError() throws IOException {
        Path cfg = program("broken.conf", "epic.models { default = ");
        Path p = program("x.epic", "1");
        Outcome o = epic("run", p.toString(), "--config", cfg.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("epic: bad configuration");
    }
}
