package dev.epic.cluster.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.model.ModelCall;
import org.junit.jupiter.api.Test;

/** Which open calls a member's batcher client sends again when a member leaves. */
class OpenCallsTest {
    private static final String HOST = "pekko://epic@127.0.0.1:1";
    private static final String OTHER = "pekko://epic@127.0.0.1:2";

    private static ModelCall call(String prompt) {
        return new ModelCall(prompt, null, null);
    }

    @Test
    void theDeathOfANodeThatNeverHostedTheBatcherResendsNothingItHolds() {
        OpenCalls open = new OpenCalls();
        open.add("c1", call("a"), null);
        open.add("c2", call("b"), null);
        open.accepted("c1", HOST);
        open.accepted("c2", HOST);
        OpenCalls.Lost lost = open.memberRemoved(OTHER);
        assertThat(lost.resend()).isEmpty();
        assertThat(lost.fail()).isEmpty();
    }

    @Test
    void callsTheLeavingHostAcceptedOrNoHostAcceptedAreSentAgainStreamedOnesWithTextFail() {
        OpenCalls open = new OpenCalls();
        open.add("held", call("a"), null);
        open.add("unacked", call("b"), null);
        open.add("streamed", call("c"), null);
        open.add("elsewhere", call("d"), null);
        open.accepted("held", HOST);
        open.accepted("streamed", HOST);
        open.get("streamed").delivered = true;
        open.accepted("elsewhere", OTHER);
        OpenCalls.Lost lost = open.memberRemoved(HOST);
        assertThat(lost.resend()).containsExactly("held", "unacked");
        assertThat(lost.fail()).containsExactly("streamed");
        // Sent again, they wait for a new acknowledgement: a second loss of an unrelated member leaves them be
        // only once the new host has accepted them.
        open.accepted("held", OTHER);
        assertThat(open.memberRemoved("pekko://epic@127.0.0.1:3").resend()).containsExactly("unacked");
    }
}
