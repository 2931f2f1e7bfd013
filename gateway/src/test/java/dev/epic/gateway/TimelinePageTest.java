package dev.epic.gateway;

import static dev.epic.gateway.GatewayFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.epic.gateway.GatewayFixture.Reply;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The timeline page's HTML without a browser: the job embedded as JSON (its run, every event, whether it has
 * finished), markup in a program's output unable to end the script early, and the owner check.
 */
class TimelinePageTest extends SharedGatewayTest {
    private static final Pattern EMBEDDED = Pattern.compile("<script[^>]*id=\"job\"[^>]*>(.*?)</script>", Pattern.DOTALL);

    static JsonNode embedded(String html) throws Exception {
        Matcher m = EMBEDDED.matcher(html);
        assertThat(m.find()).as("the page embeds the job").isTrue();
        return GatewayFixture.JSON.readTree(m.group(1));
    }

    @Test
    void aFinishedJobsPageEmbedsEveryEvent() throws Exception {
        String id = g.submit(ALICE, "print \"</script><!-- &\"; (delay(1, 1), delay(1, 2))", "?wait=30").json().get("id").asText();
        Reply page = g.get("/jobs/" + id + "/timeline?token=" + ALICE, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        JsonNode job = embedded(page.body());
        assertThat(job.get("id").asText()).isEqualTo(id);
        assertThat(job.get("run").asInt()).isEqualTo(1);
        assertThat(job.get("finished").asBoolean()).isTrue();
        assertThat(job.get("events")).extracting(e -> e.get("kind").asText())
                .containsExactlyInAnyOrder("output", "dispatch", "dispatch", "resolve", "resolve", "done");
        // The output's markup is escaped inside the script, and survives as data.
        assertThat(page.body()).doesNotContain("</script><!--");
        assertThat(job.get("events").findValuesAsText("value")).anyMatch(v -> v.contains("</script><!-- &"));
    }

    @Test
    void aRunningJobsPageSaysItHasNotFinished() throws Exception {
        String id = g.submit(ALICE, "gate \"page\"", "").json().get("id").asText();
        g.gates.awaitCalled("page");
        JsonNode job = embedded(g.get("/jobs/" + id + "/timeline?token=" + ALICE, null).body());
        assertThat(job.get("finished").asBoolean()).isFalse();
        assertThat(job.get("events")).extracting(e -> e.get("kind").asText()).containsExactly("dispatch");
        g.gates.open("page");
        g.finished(id, ALICE);
        assertThat(g.get("/jobs/" + id + "/timeline?token=" + GatewayFixture.BOB, null).status()).isEqualTo(403);
        assertThat(g.get("/jobs/" + id + "/timeline", null).status()).isEqualTo(401);
    }
}
