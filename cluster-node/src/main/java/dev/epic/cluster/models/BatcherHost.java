package dev.epic.cluster.models;

import dev.epic.cluster.wire.CborSerializable;
import dev.epic.model.GenParams;
import dev.epic.model.ModelCall;
import dev.epic.model.ModelTransport;
import dev.epic.model.batch.Batcher;
import dev.epic.model.batch.BatcherStats;
import dev.epic.model.endpoint.EndpointSettings;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The one batcher of a model endpoint for the whole cluster, run as a Cluster Singleton on a worker: calls
 * from every member's {@link BatcherClient} arrive here as {@link Call} messages and go through a
 * {@link Batcher} child, so they are batched and capped together. Each call is acknowledged with this
 * member's address ({@link BatcherClient.Accepted}), so a client sends it again only if this host goes; a call
 * id already held is not run again. An answer too large for one Artery frame becomes a clear failure.
 *
 * <p>State: the child batcher and its transport. Streamed text goes back to the calling client as
 * {@link BatcherClient.Chunk} as it is decoded; the outcome as {@link BatcherClient.Answered} or
 * {@link BatcherClient.Failed}. Its state is not handed over: when its node goes, the singleton starts again
 * on the next oldest worker, and the clients send their unanswered calls again. Stops with its node.
 */
public final class BatcherHost extends AbstractBehavior<BatcherHost.Command> {
    public sealed interface Command {}

    public record Call(String callId, String prompt, GenParams params, boolean streamed,
                       ActorRef<BatcherClient.Command> replyTo) implements Command, CborSerializable {}

    /** Which node hosts the batcher, and what it has done there. */
    public record GetHostStats(ActorRef<HostStats> replyTo) implements Command, CborSerializable {}

    public record HostStats(String node, BatcherStats stats) implements CborSerializable {}

    private record Done(String callId, ActorRef<BatcherClient.Command> replyTo, Batcher.Reply reply, Throwable failure)
            implements Command, NoSerializationVerificationNeeded {}

    private record StatsDone(ActorRef<HostStats> replyTo, BatcherStats stats) implements Command, NoSerializationVerificationNeeded {}

    private final ActorRef<Batcher.Command> batcher;
    private final Duration bound;
    private final String self;
    private final FrameLimit limit;
    /** The calls held now, by id: a call sent again by a client that thought this host lost is not run twice. */
    private final Set<String> active = new HashSet<>();
    /** The ids of the last calls answered, for the same reason (a client may send again before it hears). */
    private final Set<String> done = new LinkedHashSet<>();
    private static final int DONE_KEPT = 10_000;

    private BatcherHost(ActorContext<Command> context, EndpointSettings settings, ModelTransport transport) {
        super(context);
        this.batcher = context.spawn(Batcher.create(settings, transport), "batcher");
        this.bound = bound(settings);
        this.self = Cluster.get(context.getSystem()).selfMember().address().toString();
        this.limit = FrameLimit.of(context.getSystem());
    }

    /**
     * The longest a call of endpoint {@code settings} can take: its call timeout and back-off times its attempts
     * (and one more). The batcher bounds each request itself; this is the backstop here and at each client.
     */
    public static Duration bound(EndpointSettings settings) {
        return settings.callTimeout().plus(settings.retry().maxBackoff()).multipliedBy(settings.retry().maxAttempts() + 1L);
    }

    public static Behavior<Command> create(EndpointSettings settings, ModelTransport transport) {
        return Behaviors.setup(ctx -> new BatcherHost(ctx, settings, transport));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Call.class, this::onCall)
                .onMessage(Done.class, this::onDone)
                .onMessage(GetHostStats.class, this::onGetStats)
                .onMessage(StatsDone.class, m -> {
                    m.replyTo().tell(new HostStats(self, m.stats()));
                    return this;
                })
                .build();
    }

    private Behavior<Command> onCall(Call m) {
        ActorRef<BatcherClient.Command> client = m.replyTo();
        String id = m.callId();
        client.tell(new BatcherClient.Accepted(id, self));
        if (done.contains(id) || !active.add(id)) {
            return this;
        }
        ModelCall.StreamListener listener = m.streamed() ? (choice, delta) -> client.tell(new BatcherClient.Chunk(id, choice, delta)) : null;
        ModelCall call = new ModelCall(m.prompt(), m.params(), listener);
        getContext().ask(Batcher.Reply.class, batcher, bound, ref -> new Batcher.Submit(call, ref),
                (reply, failure) -> new Done(id, client, reply, failure));
        return this;
    }

    private Behavior<Command> onDone(Done m) {
        active.remove(m.callId());
        done.add(m.callId());
        if (done.size() > DONE_KEPT) {
            done.remove(done.iterator().next());
        }
        if (m.reply() instanceof Batcher.Answered a) {
            BatcherClient.Answered answer = new BatcherClient.Answered(m.callId(), a.result());
            String tooLarge = limit.check(answer, "the answer (all its choices and log-probabilities)");
            m.replyTo().tell(tooLarge == null ? answer : new BatcherClient.Failed(m.callId(), tooLarge));
        } else if (m.reply() instanceof Batcher.Failed) {
            m.replyTo().tell(new BatcherClient.Failed(m.callId(), ((Batcher.Failed) m.reply()).message()));
        } else {
            m.replyTo().tell(new BatcherClient.Failed(m.callId(), "the endpoint's batcher did not answer: "
                    + (m.failure() == null ? "no reply" : m.failure().getMessage())));
        }
        return this;
    }

    private Behavior<Command> onGetStats(GetHostStats m) {
        getContext().ask(BatcherStats.class, batcher, Duration.ofSeconds(10), Batcher.GetStats::new,
                (stats, failure) -> new StatsDone(m.replyTo(), stats));
        return this;
    }
}
