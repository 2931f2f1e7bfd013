package dev.epic.gateway;

import static dev.epic.gateway.GatewayFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.engine.RunHandle;
import dev.epic.engine.RunOptions;
import dev.epic.gateway.GatewayFixture.Reply;
import dev.epic.gateway.jobs.JobExecutor;
import dev.epic.gateway.jobs.LocalJobExecutor;
import dev.epic.lang.compile.Program;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancelling at each point of a job's life: queued behind another, taken off the queue but not yet started
 * (its engine's start held by the test, as a first model job is while the models start), and running.
 */
class CancelTest {
    @TempDir
    Path dir;

    GatewayFixture g;

    @AfterEach
    void stop() {
        if (g != null) {
            g.close();
        }
    }

    /** The local executor, except that {@link #start} waits until the test releases it. */
    static final class HeldStart implements JobExecutor {
        final LocalJobExecutor local;
        final CompletableFuture<Void> entered = new CompletableFuture<>();
        final CompletableFuture<Void> release = new CompletableFuture<>();

        HeldStart(dev.epic.host.EpicRuntime runtime) {
            local = new LocalJobExecutor(runtime);
        }

        @Override
        public List<String> engines() {
            return local.engines();
        }

        @Override
        public RunHandle start(Program program, RunOptions options, String engine) {
            entered.complete(null);
            release.join();
            return local.start(program, options, engine);
        }

        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public String describe() {
            return "held";
        }
    }

    @Test
    void aCancelWhileTheJobIsStartingIsNotLost() throws Exception {
        HeldStart[] held = new HeldStart[1];
        g = new GatewayFixture(dir.resolve("jobs"), s -> s, rt -> held[0] = new HeldStart(rt));
        String id = g.submit(ALICE, "let a = gate \"never\" in a", "").json().get("id").asText();
        // The job is off the queue and inside the engine's start, with no handle yet.
        held[0].entered.get(30, TimeUnit.SECONDS);
        Reply c = g.delete("/v1/jobs/" + id, ALICE);
        assertThat(c.status()).isEqualTo(202);
        held[0].release.complete(null);
        // Without the recorded request the job would wait on its gate for ever; it ends cancelled instead.
        com.fasterxml.jackson.databind.JsonNode done = g.finished(id, ALICE);
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("cancelled");
    }

    @Test
    void cancellingAQueuedJobEndsItAtOnce() throws Exception {
        g = new GatewayFixture(dir.resolve("jobs"), s -> s.withLimits(s.limits().withMaxRunning(1)));
        String first = g.submit(ALICE, "gate \"first\"", "").json().get("id").asText();
        g.gates.awaitCalled("first");
        String second = g.submit(ALICE, "gate \"second\"", "").json().get("id").asText();
        assertThat(g.get("/v1/jobs/" + second, ALICE).json().get("state").asText()).isEqualTo("queued");
        Reply c = g.delete("/v1/jobs/" + second, ALICE);
        assertThat(c.status()).isEqualTo(200);
        assertThat(c.json().get("state").asText()).isEqualTo("cancelled");
        assertThat(c.json().get("error").get("message").asText()).contains("before it started");
        g.gates.open("first");
        assertThat(g.finished(first, ALICE).get("state").asText()).isEqualTo("succeeded");
        // The queued job never ran: its gate was never reached.
        assertThat(g.finished(second, ALICE).get("state").asText()).isEqualTo("cancelled");
    }
}
