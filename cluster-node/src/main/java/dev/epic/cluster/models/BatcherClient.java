package dev.epic.cluster.models;

import dev.epic.cluster.wire.CborSerializable;
import dev.epic.model.ModelCall;
import dev.epic.model.ModelResult;
import dev.epic.model.batch.Batcher;
import dev.epic.model.batch.BatcherStats;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * A member's door to the cluster's batcher of one endpoint: speaks the local {@link Batcher} protocol, so the
 * {@link dev.epic.model.ModelService} of this member cannot tell it from a local batcher, and forwards each call
 * to the endpoint's {@link BatcherHost} singleton (through its proxy, which buffers while the singleton moves).
 *
 * <p>State: the calls sent and not answered yet, with their reply addresses and stream listeners. Streamed
 * text and answers come back by call id. When a member leaves the cluster (it may have been the batcher's
 * node) every unanswered call is sent again; a late answer to a call already answered is dropped, so a
 * caller hears once. Lives as long as the member.
 */
public final class BatcherClient extends AbstractBehavior<Object> {
    public sealed interface Command {}

    public record Chunk(String callId, int choice, String delta) implements Command, CborSerializable {}

    public record Answered(String callId, ModelResult result) implements Command, CborSerializable {}

    public record Failed(String callId, String message) implements Command, CborSerializable {}

    private record MemberGone(ClusterEvent.MemberRemoved event) implements Command, NoSerializationVerificationNeeded {}

    private record StatsDone(ActorRef<BatcherStats> replyTo, BatcherHost.HostStats stats)
            implements Command, NoSerializationVerificationNeeded {}

    private static final class Open {
        final ModelCall call;
        final ActorRef<Batcher.Reply> replyTo;
        /** Some streamed text has reached the caller: the call cannot start over unnoticed. */
        boolean delivered;

        Open(ModelCall call, ActorRef<Batcher.Reply> replyTo) {
            this.call = call;
            this.replyTo = replyTo;
        }

        ModelCall call() {
            return call;
        }

        ActorRef<Batcher.Reply> replyTo() {
            return replyTo;
        }
    }

    private final ActorRef<BatcherHost.Command> host;
    private final String prefix;
    private final Map<String, Open> open = new LinkedHashMap<>();
    private long nextId;

    private BatcherClient(ActorContext<Object> context, ActorRef<BatcherHost.Command> host) {
        super(context);
        this.host = host;
        this.prefix = Cluster.get(context.getSystem()).selfMember().uniqueAddress().toString() + "#";
    }

    /**
     * The client. Its reference takes both protocols: narrowed to {@link Batcher.Command} it is the member's
     * batcher; the host answers it as a {@link Command}.
     */
    public static Behavior<Object> create(ActorRef<BatcherHost.Command> host) {
        return Behaviors.setup(ctx -> {
            ActorRef<ClusterEvent.MemberRemoved> removed = ctx.messageAdapter(ClusterEvent.MemberRemoved.class, MemberGone::new);
            Cluster.get(ctx.getSystem()).subscriptions().tell(Subscribe.create(removed, ClusterEvent.MemberRemoved.class));
            return new BatcherClient(ctx, host);
        });
    }

    @Override
    public Receive<Object> createReceive() {
        return newReceiveBuilder()
                .onMessage(Batcher.Submit.class, this::onSubmit)
                .onMessage(Batcher.GetStats.class, this::onGetStats)
                .onMessage(Chunk.class, this::onChunk)
                .onMessage(Answered.class, this::onAnswered)
                .onMessage(Failed.class, this::onFailed)
                .onMessage(MemberGone.class, m -> resendAll())
                .onMessage(StatsDone.class, m -> {
                    if (m.stats() != null) {
                        m.replyTo().tell(m.stats().stats());
                    }
                    return this;
                })
                .build();
    }

    private Behavior<Object> onSubmit(Batcher.Submit s) {
        String id = prefix + (++nextId);
        open.put(id, new Open(s.call(), s.replyTo()));
        send(id, s.call());
        return this;
    }

    private Behavior<Object> onGetStats(Batcher.GetStats m) {
        ActorRef<BatcherStats> replyTo = m.replyTo();
        getContext().ask(BatcherHost.HostStats.class, host, Duration.ofSeconds(10), BatcherHost.GetHostStats::new,
                (stats, failure) -> new StatsDone(replyTo, stats));
        return this;
    }

    private void send(String id, ModelCall call) {
        host.tell(new BatcherHost.Call(id, call.prompt(), call.params(), call.streamed(), getContext().getSelf().narrow()));
    }

    private Behavior<Object> onChunk(Chunk m) {
        Open o = open.get(m.callId());
        if (o != null && o.call().listener() != null) {
            o.delivered = true;
            o.call().listener().onText(m.choice(), m.delta());
        }
        return this;
    }

    private Behavior<Object> onAnswered(Answered m) {
        Open o = open.remove(m.callId());
        if (o != null) {
            o.replyTo().tell(new Batcher.Answered(m.result()));
        }
        return this;
    }

    private Behavior<Object> onFailed(Failed m) {
        Open o = open.remove(m.callId());
        if (o != null) {
            o.replyTo().tell(new Batcher.Failed(m.message()));
        }
        return this;
    }

    /**
     * A member left: if it hosted the batcher, the calls it held are lost with it. Sends every unanswered call
     * again, except a streamed call whose text has partly reached its caller: that one fails, as the batcher's
     * own retries do, since its text cannot start over.
     */
    private Behavior<Object> resendAll() {
        for (java.util.Iterator<Map.Entry<String, Open>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Open> e = it.next();
            if (e.getValue().delivered) {
                it.remove();
                e.getValue().replyTo().tell(new Batcher.Failed("a member left the cluster while this streamed call was "
                        + "being answered; its text cannot start over"));
            } else {
                send(e.getKey(), e.getValue().call());
            }
        }
        return this;
    }
}
