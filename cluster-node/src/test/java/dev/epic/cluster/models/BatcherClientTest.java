package dev.epic.cluster.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.cluster.ClusterNode;
import dev.epic.model.GenParams;
import dev.epic.model.ModelCall;
import dev.epic.model.batch.Batcher;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client's side of the hand-off to the cluster's batcher, against a host played by a probe. */
class BatcherClientTest {
    static ActorTestKit kit;

    @BeforeAll
    static void start() {
        kit = ActorTestKit.create("epic", ClusterNode.config(null, "127.0.0.1", 0, List.of(), List.of("worker")));
    }

    @AfterAll
    static void stop() {
        kit.shutdownTestKit();
    }

    @Test
    void aCallNoHostAcknowledgesIsSentAgainUntilOneDoes() {
        TestProbe<BatcherHost.Command> host = kit.createTestProbe();
        TestProbe<Batcher.Reply> caller = kit.createTestProbe();
        ActorRef<Object> client = kit.spawn(BatcherClient.create(host.ref(), Duration.ofMinutes(5)));
        client.tell(new Batcher.Submit(new ModelCall("p", GenParams.defaults(), null), caller.ref()));
        // The first send was lost (say dead-lettered on its way to a host that had just gone): it comes again.
        BatcherHost.Call first = host.expectMessageClass(BatcherHost.Call.class, Duration.ofSeconds(30));
        BatcherHost.Call again = host.expectMessageClass(BatcherHost.Call.class, Duration.ofSeconds(30));
        assertThat(again.callId()).isEqualTo(first.callId());
        assertThat(again.prompt()).isEqualTo("p");
        // Once a host has it, it is not sent again.
        again.replyTo().tell(new BatcherClient.Accepted(again.callId(), "pekko://epic@10.0.0.1:2552"));
        host.expectNoMessage(BatcherClient.ACCEPT_WAIT.multipliedBy(2));
    }
}
