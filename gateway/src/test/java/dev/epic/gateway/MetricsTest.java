package dev.epic.gateway;

import static dev.epic.gateway.GatewayFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.gateway.GatewayFixture.Reply;
import org.junit.jupiter.api.Test;

/**
 * GET /metrics: the Prometheus text exposition with jobs by state, calls in flight, call latencies by function and
 * by model endpoint, and batch sizes.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class MetricsTest extends SharedGatewayTest {
    @Test
    @org.junit.jupiter.api.Order(1)
    void showsJobsByStateCallsInFlightAndLatencyPerFunction() throws Exception {
        String id = g.submit(ALICE, "(gate \"m1\", gate \"m2\")", "").json().get("id").asText();
        g.gates.awaitCalled("m1");
        g.gates.awaitCalled("m2");
        // The engine dispatches the calls before the job service records the job as running: wait for both.
        Reply during = awaitMetrics("epic_jobs{state=\"running\"} 1.0");
        assertThat(during.status()).isEqualTo(200);
        assertThat(during.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(during.body()).contains("epic_calls_in_flight 2.0").contains("epic_jobs{state=\"running\"} 1.0");
        g.gates.open("m1");
        g.gates.open("m2");
        g.finished(id, ALICE);
        g.submit(ALICE, "nope", "");
        String after = g.get("/metrics", null).body();
        assertThat(after).contains("epic_calls_in_flight 0.0").contains("epic_jobs{state=\"succeeded\"} 1.0")
                .contains("epic_jobs{state=\"running\"} 0.0")
                .contains("epic_call_duration_seconds_count{function=\"gate\"} 2")
                .contains("epic_call_duration_seconds_bucket{function=\"gate\",le=\"+Inf\"} 2")
                .contains("epic_jobs_submitted_total 1.0")
                .contains("epic_requests_rejected_total{code=\"compile_error\"} 1.0");
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void aCancelledJobsCallsLeaveTheInFlightGaugeOnceEvenWhenTheyResolveLater() throws Exception {
        String id = g.submit(ALICE, "(gate \"late1\", gate \"late2\")", "").json().get("id").asText();
        g.gates.awaitCalled("late1");
        g.gates.awaitCalled("late2");
        assertThat(g.get("/metrics", null).body()).contains("epic_calls_in_flight 2.0");
        g.delete("/v1/jobs/" + id, ALICE);
        assertThat(g.finished(id, ALICE).get("state").asText()).isEqualTo("cancelled");
        // The abandoned calls now resolve: they must not count again.
        g.gates.open("late1");
        g.gates.open("late2");
        String m = g.submit(ALICE, "1", "?wait=30").status() == 200 ? g.get("/metrics", null).body() : "";
        assertThat(m).contains("epic_calls_in_flight 0.0");
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void showsRequestsToModelEndpointsByBatchSizeAndCallAndRequestLatency() {
        Reply r = g.submit(ALICE, "List.map llm [\"a\", \"b\", \"c\", \"d\"]", "?wait=60");
        assertThat(r.json().get("state").asText()).isEqualTo("succeeded");
        String m = g.get("/metrics", null).body();
        assertThat(m).containsPattern("epic_model_batch_size_bucket\\{endpoint=\"sim\",le=\"\\+Inf\"\\} [1-4]")
                .containsPattern("epic_model_batch_size_sum\\{endpoint=\"sim\"\\} 4(\\.0)?\\n")
                .contains("epic_model_batch_size_mean{endpoint=\"sim\"}")
                .contains("epic_call_duration_seconds_count{function=\"llm\"} 4");
        // The four calls, timed by the endpoint's batcher.
        assertThat(m).contains("# TYPE epic_model_call_duration_seconds histogram")
                .contains("epic_model_call_duration_seconds_count{endpoint=\"sim\"} 4")
                .contains("epic_model_call_duration_seconds_bucket{endpoint=\"sim\",le=\"+Inf\"} 4")
                .containsPattern("epic_model_call_duration_seconds_sum\\{endpoint=\"sim\"\\} \\d")
                .contains("epic_model_call_duration_seconds_bucket{endpoint=\"sim\",le=\"0.001\"}");
        // Every request sent is timed: as many as the batch-size histogram counts.
        String requests = count(m, "epic_model_batch_size_count{endpoint=\"sim\"} ");
        assertThat(m).contains("epic_model_request_duration_seconds_count{endpoint=\"sim\"} " + requests);
    }

    /** The metrics once they contain {@code text}, or as they are after 10 s. */
    private static Reply awaitMetrics(String text) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        Reply r = g.get("/metrics", null);
        while (!r.body().contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            r = g.get("/metrics", null);
        }
        return r;
    }

    private static String count(String metrics, String prefix) {
        int at = metrics.indexOf(prefix);
        assertThat(at).as(prefix).isNotNegative();
        return metrics.substring(at + prefix.length(), metrics.indexOf('\n', at)).trim();
    }
}
