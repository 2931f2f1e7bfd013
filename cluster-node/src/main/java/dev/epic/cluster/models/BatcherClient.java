package dev.epic.cluster.models;

import dev.epic.cluster.wire.CborSerializable;
import dev.epic.model.ModelCall;
import dev.epic.model.ModelResult;
import dev.epic.model.batch.Batcher;
import dev.epic.model.batch.BatcherStats;
import dev.epic.model.endpoint.EndpointSettings;
import java.time.Duration;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * A member's door to the cluster's batcher of one endpoint: speaks the local {@link Batcher} protocol, so the
 * {@link dev.epic.model.ModelService} of this member cannot tell it from a local batcher, and forwards each call
 * to the endpoint's {@link BatcherHost} singleton (through its proxy, which buffers while the singleton moves).
 *
 * <p>State: the calls sent and not answered yet ({@link OpenCalls}), each with the host that accepted it.
 * The host acknowledges every call with its own address ({@link Accepted}); streamed text and answers come
 * back by call id. When a member leaves the cluster, only the calls that member accepted, or that no host
 * has accepted yet, are sent again (the host ignores a call id it already holds), so the death of a node that
 * never hosted the batcher makes no duplicate engine call. A call too large for Artery's large frame fails at
 * once with a clear error; every call has a deadline (the endpoint's call timeout and back-off times its
 * attempts), so one lost on the way (dropped by a full proxy buffer, say) fails instead of waiting forever.
 * A late answer to a call already answered is dropped, so a caller hears once. Lives as long as the member.
 */
public final class BatcherClient extends AbstractBehavior<Object> {
    public sealed interface Command {}

    /** The host at {@code host} (a member address) holds the call. */
    public record Accepted(String callId, String host) implements Command, CborSerializable {}

    public record Chunk(String callId, int choice, String delta) implements Command, CborSerializable {}

    public record Answered(String callId, ModelResult result) implements Command, CborSerializable {}

    public record Failed(String callId, String message) implements Command, CborSerializable {}

    private record MemberGone(ClusterEvent.MemberRemoved event) implements Command, NoSerializationVerificationNeeded {}

    private record Expired(String callId) implements Command, NoSerializationVerificationNeeded {}

    /** A call sent and not yet acknowledged by a host: send it again (a host runs an id it holds only once). */
    private record Unaccepted(String callId) implements Command, NoSerializationVerificationNeeded {}

    /**
     * How long a call may go unacknowledged before it is sent again. The singleton proxy may send a call to a
     * host that has just gone (it learns of the new one independently of this client), and such a call is
     * dead-lettered: without this it would wait for its deadline.
     */
    static final Duration ACCEPT_WAIT = Duration.ofSeconds(2);

    private record StatsDone(ActorRef<BatcherStats> replyTo, BatcherHost.HostStats stats)
            implements Command, NoSerializationVerificationNeeded {}

    private final ActorRef<BatcherHost.Command> host;
    private final TimerScheduler<Object> timers;
    private final Duration deadline;
    private final FrameLimit limit;
    private final String prefix;
    private final OpenCalls open = new OpenCalls();
    private long nextId;

    private BatcherClient(ActorContext<Object> context, TimerScheduler<Object> timers, ActorRef<BatcherHost.Command> host,
                          Duration deadline) {
        super(context);
        this.host = host;
        this.timers = timers;
        this.deadline = deadline;
        this.limit = FrameLimit.of(context.getSystem());
        this.prefix = Cluster.get(context.getSystem()).selfMember().uniqueAddress().toString() + "#";
    }

    /**
     * The client of the batcher of endpoint {@code settings}. Its reference takes both protocols: narrowed to
     * {@link Batcher.Command} it is the member's batcher; the host answers it as a {@link Command}.
     */
    public static Behavior<Object> create(ActorRef<BatcherHost.Command> host, EndpointSettings settings) {
        return create(host, BatcherHost.bound(settings));
    }

    /** The client, each call failing if it has no outcome within {@code deadline}. */
    public static Behavior<Object> create(ActorRef<BatcherHost.Command> host, Duration deadline) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            ActorRef<ClusterEvent.MemberRemoved> removed = ctx.messageAdapter(ClusterEvent.MemberRemoved.class, MemberGone::new);
            Cluster.get(ctx.getSystem()).subscriptions().tell(Subscribe.create(removed, ClusterEvent.MemberRemoved.class));
            return new BatcherClient(ctx, timers, host, deadline);
        }));
    }

    @Override
    public Receive<Object> createReceive() {
        return newReceiveBuilder()
                .onMessage(Batcher.Submit.class, this::onSubmit)
                .onMessage(Batcher.GetStats.class, this::onGetStats)
                .onMessage(Accepted.class, m -> {
                    open.accepted(m.callId(), m.host());
                    return this;
                })
                .onMessage(Chunk.class, this::onChunk)
                .onMessage(Answered.class, this::onAnswered)
                .onMessage(Failed.class, this::onFailed)
                .onMessage(Expired.class, this::onExpired)
                .onMessage(Unaccepted.class, this::onUnaccepted)
                .onMessage(MemberGone.class, this::onMemberGone)
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
        BatcherHost.Call call = call(id, s.call());
        String tooLarge = limit.check(call, "the call's prompt and parameters");
        if (tooLarge != null) {
            s.replyTo().tell(new Batcher.Failed(tooLarge));
            return this;
        }
        open.add(id, s.call(), s.replyTo());
        timers.startSingleTimer(id, new Expired(id), deadline);
        send(id, call);
        return this;
    }

    /** Sends {@code call} to the host, and again every {@link #ACCEPT_WAIT} until a host acknowledges it. */
    private void send(String id, BatcherHost.Call call) {
        host.tell(call);
        timers.startSingleTimer("accept:" + id, new Unaccepted(id), ACCEPT_WAIT);
    }

    private Behavior<Object> onUnaccepted(Unaccepted m) {
        OpenCalls.Open o = open.get(m.callId());
        if (o != null && o.acceptedBy == null) {
            send(m.callId(), call(m.callId(), o.call));
        }
        return this;
    }

    private Behavior<Object> onGetStats(Batcher.GetStats m) {
        ActorRef<BatcherStats> replyTo = m.replyTo();
        getContext().ask(BatcherHost.HostStats.class, host, Duration.ofSeconds(10), BatcherHost.GetHostStats::new,
                (stats, failure) -> new StatsDone(replyTo, stats));
        return this;
    }

    private BatcherHost.Call call(String id, ModelCall call) {
        return new BatcherHost.Call(id, call.prompt(), call.params(), call.streamed(), getContext().getSelf().narrow());
    }

    private Behavior<Object> onChunk(Chunk m) {
        OpenCalls.Open o = open.get(m.callId());
        if (o != null && o.call.listener() != null) {
            o.delivered = true;
            o.call.listener().onText(m.choice(), m.delta());
        }
        return this;
    }

    private Behavior<Object> onAnswered(Answered m) {
        OpenCalls.Open o = open.remove(m.callId());
        if (o != null) {
            timers.cancel(m.callId());
            o.replyTo.tell(new Batcher.Answered(m.result()));
        }
        return this;
    }

    private Behavior<Object> onFailed(Failed m) {
        OpenCalls.Open o = open.remove(m.callId());
        if (o != null) {
            timers.cancel(m.callId());
            o.replyTo.tell(new Batcher.Failed(m.message()));
        }
        return this;
    }

    private Behavior<Object> onExpired(Expired m) {
        OpenCalls.Open o = open.remove(m.callId());
        if (o != null) {
            o.replyTo.tell(new Batcher.Failed("the cluster's batcher gave no outcome for this call within " + deadline
                    + " (the endpoint's call timeout times its attempts): its node may be gone, or the call was "
                    + "dropped while the batcher moved (see pekko.cluster.singleton-proxy.buffer-size)"));
        }
        return this;
    }

    /**
     * A member left: if it hosted the batcher, the calls it accepted are lost with it; calls no host accepted
     * may have been lost on the way. Those are sent again (or fail, for a streamed call whose text has partly
     * reached its caller, as the batcher's own retries do); calls held by a host that is still up are left.
     */
    private Behavior<Object> onMemberGone(MemberGone m) {
        OpenCalls.Lost lost = open.memberRemoved(m.event().member().address().toString());
        for (String id : lost.fail()) {
            OpenCalls.Open o = open.remove(id);
            timers.cancel(id);
            o.replyTo.tell(new Batcher.Failed("the node hosting the cluster's batcher left while this streamed call was "
                    + "being answered; its text cannot start over"));
        }
        for (String id : lost.resend()) {
            send(id, call(id, open.get(id).call));
        }
        return this;
    }
}
