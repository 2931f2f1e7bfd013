package dev.epic.gateway;

import static dev.epic.gateway.GatewayFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.epic.host.EpicRuntime;
import dev.epic.engine.RunHandle;
import dev.epic.engine.RunOptions;
import dev.epic.gateway.GatewayFixture.Reply;
import dev.epic.gateway.jobs.JobExecutor;
import dev.epic.gateway.jobs.LocalJobExecutor;
import dev.epic.lang.compile.Program;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /ready} follows the executor: 503 with a JSON error while it cannot take jobs, 200 once it can. */
class ReadinessTest {
    @TempDir
    static Path dir;

    static final AtomicBoolean up = new AtomicBoolean();
    static GatewayFixture g;

    /** The local executor with a switch for whether it says it is ready (as a cluster executor without workers). */
    static final class SwitchedExecutor implements JobExecutor {
        private final LocalJobExecutor local;

        SwitchedExecutor(EpicRuntime runtime) {
            local = new LocalJobExecutor(runtime);
        }

        @Override
        public List<String> engines() {
            return local.engines();
        }

        @Override
        public RunHandle start(Program program, RunOptions options, String engine) {
            if (!up.get()) {
                throw new IllegalStateException("no worker node of the cluster is up");
            }
            return local.start(program, options, engine);
        }

        @Override
        public boolean ready() {
            return up.get();
        }

        @Override
        public String describe() {
            return up.get() ? "switched (up)" : "switched (down)";
        }
    }

    @BeforeAll
    static void start() {
        g = new GatewayFixture(dir.resolve("db/jobs"), s -> s, SwitchedExecutor::new);
    }

    @AfterAll
    static void stop() {
        g.close();
    }

    @Test
    void notReadyIsA503WithAJsonErrorSayingWhy() {
        up.set(false);
        Reply r = g.get("/ready", null);
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.raw().headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("application/json"));
        JsonNode b = r.json();
        assertThat(b.get("status").asText()).isEqualTo("not_ready");
        assertThat(b.get("executor").asText()).isEqualTo("switched (down)");
        assertThat(b.at("/error/code").asText()).isEqualTo("not_ready");
        assertThat(b.at("/error/message").asText()).contains("cannot take jobs").contains("switched (down)");
        assertThat(g.get("/health", null).status()).as("alive all the same").isEqualTo(200);
    }

    @Test
    void aJobSubmittedWhileNotReadyFailsWithTheReasonInsteadOfHanging() {
        up.set(false);
        Reply r = g.submit(ALICE, "1 + 1", "?wait=30");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("state").asText()).isEqualTo("failed");
        assertThat(r.json().at("/error/code").asText()).isEqualTo("engine_unavailable");
        assertThat(r.json().at("/error/message").asText()).contains("no worker node");
    }

    @Test
    void readyIsA200OnceTheExecutorIs() {
        up.set(true);
        Reply r = g.get("/ready", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("ready");
        assertThat(r.json().has("error")).isFalse();
        Reply job = g.submit(ALICE, "1 + 1", "?wait=30");
        assertThat(job.json().get("result").asText()).isEqualTo("2");
    }
}
