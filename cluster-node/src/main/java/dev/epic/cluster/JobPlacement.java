package dev.epic.cluster;

import dev.epic.cluster.wire.CborSerializable;
import dev.epic.cluster.wire.WireCodec;
import dev.epic.cluster.wire.WireError;
import dev.epic.cluster.wire.WireGraph;
import dev.epic.engine.Event;
import dev.epic.engine.RunOptions;
import dev.epic.lang.eval.EvalError;
import dev.epic.lang.syntax.Source;
import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The cluster half of one job's supervisor, on the member that submitted the job: places the subtrees its
 * redexes fork off on worker nodes, and re-creates them when a node is lost.
 *
 * <p>State: the worker nodes up now (receptionist listing of {@link NodeSupervisor#KEY}, each watched), the
 * nodes that have the program, every outstanding subtree in its wire form with the node it runs on, subtrees
 * waiting for a node, each subtree's record of completed calls ({@link SubtreeRecords}; the values also go
 * to the shared map the local re-run of a failed job reads), and what each node did. A {@link Fork} goes to
 * the up node with the fewest outstanding subtrees; its result ({@link SubtreeDone}) completes the fork's
 * future. A first placement carries no record, so equal calls of different subtrees are each issued, as on
 * one JVM. When a node leaves the listing or its supervisor terminates (downed, crashed, left), its
 * outstanding subtrees are sent again to live nodes, each with its own calls completed so far, so those are
 * not issued twice; calls that were in flight there are issued again. {@link Finish} tells the nodes to
 * forget the job, replies with the reports and stops.
 */
public final class JobPlacement extends AbstractBehavior<JobPlacement.Command> {

    public sealed interface Command {}

    /** A subtree forked here, to run elsewhere; {@code result} is completed with its value. Local. */
    public record Fork(WireGraph fn, WireGraph arg, CompletableFuture<Value> result)
            implements Command, NoSerializationVerificationNeeded {}

    public record SubtreeDone(long subtree, String node, WireGraph value, long calls, long reductions, long peakActors)
            implements Command, CborSerializable {}

    public record SubtreeFailed(long subtree, String node, WireError error) implements Command, CborSerializable {}

    /** A call of subtree {@code subtree} of this job completed on a node. */
    public record CallReported(long subtree, String key, WireGraph value) implements Command, CborSerializable {}

    public record OutputReported(String text) implements Command, CborSerializable {}

    /** Node {@code node} (its supervisor {@code from}) cannot compile the job's program alike. */
    public record ProgramRejected(String node, String message, ActorRef<NodeSupervisor.Command> from)
            implements Command, CborSerializable {}

    /** A node cannot run this subtree (cannot decode it, or has not the program): place it elsewhere. */
    public record SubtreeRejected(long subtree, String node, String message) implements Command, CborSerializable {}

    /** The job is over: forget it everywhere and reply with what each node did. Local. */
    public record Finish(ActorRef<List<NodeReport>> replyTo) implements Command, NoSerializationVerificationNeeded {}

    private record NodesListed(Set<ActorRef<NodeSupervisor.Command>> nodes)
            implements Command, NoSerializationVerificationNeeded {}

    private record NodeLost(ActorRef<NodeSupervisor.Command> node) implements Command, NoSerializationVerificationNeeded {}

    private static final class Subtree {
        final long id;
        final WireGraph fn;
        final WireGraph arg;
        final CompletableFuture<Value> result;
        ActorRef<NodeSupervisor.Command> node;
        boolean resent;
        /** Nodes lost while they ran it. */
        int losses;
        /** Nodes that would not run it, and why the last one would not. */
        final Set<ActorRef<NodeSupervisor.Command>> refusedBy = new HashSet<>();
        String refusal;

        Subtree(long id, WireGraph fn, WireGraph arg, CompletableFuture<Value> result) {
            this.id = id;
            this.fn = fn;
            this.arg = arg;
            this.result = result;
        }
    }

    private final String jobId;
    private final Source source;
    private final String fingerprint;
    private final WireCodec codec;
    private final RunOptions options;
    private final ConcurrentHashMap<String, Value> completed;
    private final long maxPayload;
    private final int maxNodeLosses;
    private final NodeLoad load;
    /** Reductions the job's subtrees made on nodes so far: each new subtree may use what is left of the limit. */
    private long remoteSteps;
    private final long startNanos = System.nanoTime();
    private final Set<ActorRef<NodeSupervisor.Command>> nodes = new LinkedHashSet<>();
    private final Set<ActorRef<NodeSupervisor.Command>> loaded = new HashSet<>();
    /** Nodes that cannot compile this job's program alike, with why: never used for it again. */
    private final Map<ActorRef<NodeSupervisor.Command>, String> excluded = new LinkedHashMap<>();
    private final Map<Long, Subtree> outstanding = new LinkedHashMap<>();
    private final Deque<Subtree> waiting = new ArrayDeque<>();
    private final SubtreeRecords records = new SubtreeRecords();
    private final Map<String, NodeReport> reports = new LinkedHashMap<>();
    private long nextSubtree;

    private JobPlacement(ActorContext<Command> context, String jobId, Source source, String fingerprint, WireCodec codec,
                         RunOptions options, ConcurrentHashMap<String, Value> completed, long maxPayload, NodeLoad load,
                         int maxNodeLosses) {
        super(context);
        this.maxNodeLosses = maxNodeLosses;
        this.load = load;
        this.maxPayload = maxPayload;
        this.jobId = jobId;
        this.source = source;
        this.fingerprint = fingerprint;
        this.codec = codec;
        this.options = options;
        this.completed = completed;
    }

    public static Behavior<Command> create(String jobId, Source source, String fingerprint, WireCodec codec,
                                           RunOptions options, ConcurrentHashMap<String, Value> completed, long maxPayload) {
        return create(jobId, source, fingerprint, codec, options, completed, maxPayload, new NodeLoad());
    }

    /** The placement of one job, counting its subtrees in {@code load} with the member's other jobs. */
    public static Behavior<Command> create(String jobId, Source source, String fingerprint, WireCodec codec,
                                           RunOptions options, ConcurrentHashMap<String, Value> completed, long maxPayload,
                                           NodeLoad load) {
        return create(jobId, source, fingerprint, codec, options, completed, maxPayload, load, 2);
    }

    /** The same, failing the job when the nodes running one subtree are lost more than {@code maxNodeLosses} times. */
    public static Behavior<Command> create(String jobId, Source source, String fingerprint, WireCodec codec,
                                           RunOptions options, ConcurrentHashMap<String, Value> completed, long maxPayload,
                                           NodeLoad load, int maxNodeLosses) {
        return Behaviors.setup(ctx -> {
            ActorRef<Receptionist.Listing> adapter = ctx.messageAdapter(Receptionist.Listing.class,
                    l -> new NodesListed(l.getServiceInstances(NodeSupervisor.KEY)));
            ctx.getSystem().receptionist().tell(Receptionist.subscribe(NodeSupervisor.KEY, adapter));
            return new JobPlacement(ctx, jobId, source, fingerprint, codec, options, completed, maxPayload, load,
                    maxNodeLosses);
        });
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Fork.class, this::onFork)
                .onMessage(SubtreeDone.class, this::onDone)
                .onMessage(SubtreeFailed.class, this::onFailed)
                .onMessage(CallReported.class, this::onCallReported)
                .onMessage(OutputReported.class, this::onOutput)
                .onMessage(ProgramRejected.class, this::onRejected)
                .onMessage(SubtreeRejected.class, this::onSubtreeRejected)
                .onMessage(NodesListed.class, this::onNodesListed)
                .onMessage(NodeLost.class, m -> lost(m.node()))
                .onMessage(Finish.class, this::onFinish)
                .onSignal(PostStop.class, sig -> {
                    outstanding.values().forEach(this::release);
                    return this;
                })
                .build();
    }

    private Behavior<Command> onFork(Fork m) {
        Subtree s = new Subtree(++nextSubtree, m.fn(), m.arg(), m.result());
        outstanding.put(s.id, s);
        place(s);
        return this;
    }

    private void place(Subtree s) {
        ActorRef<NodeSupervisor.Command> node = leastLoaded(s);
        if (node == null) {
            if (!nodes.isEmpty()) {
                // Every node up refused it: none will take it.
                outstanding.remove(s.id);
                records.forget(s.id);
                s.result.completeExceptionally(new EvalError(EvalError.Kind.ERROR, "no worker node can run this part of "
                        + "the job: " + (s.refusal != null ? s.refusal : String.join("; ", excluded.values())),
                        Span.NONE, null));
                return;
            }
            waiting.add(s);
            return;
        }
        if (loaded.add(node)) {
            node.tell(new NodeSupervisor.LoadProgram(jobId, source.name(), source.text(), fingerprint, getContext().getSelf()));
        }
        assign(s, node);
        long left = Math.max(1, options.timeout().toMillis() - (System.nanoTime() - startNanos) / 1_000_000);
        // A first placement carries no record; a subtree sent again carries its own calls, as many as fit.
        List<KnownCall> known = s.resent
                ? records.forResend(s.id, maxPayload - s.fn.estimatedBytes() - s.arg.estimatedBytes()) : List.of();
        // The job's step limit holds for the job as a whole: a subtree gets what the others have not used.
        long steps = Math.max(1, options.maxSteps() - remoteSteps);
        node.tell(new NodeSupervisor.RunSubtree(jobId, s.id, s.fn, s.arg, known, steps, left, getContext().getSelf()));
    }

    /** The node up, not refusing {@code subtree}, with the fewest outstanding subtrees of all this member's jobs. */
    private ActorRef<NodeSupervisor.Command> leastLoaded(Subtree subtree) {
        return nodes.stream().filter(n -> !subtree.refusedBy.contains(n) && !excluded.containsKey(n))
                .min(Comparator.comparingInt(load::of)).orElse(null);
    }

    private void assign(Subtree s, ActorRef<NodeSupervisor.Command> node) {
        release(s);
        s.node = node;
        load.add(node);
    }

    /** {@code s} no longer runs on its node (done, failed, moved, or the job ended). */
    private void release(Subtree s) {
        if (s.node != null) {
            load.remove(s.node);
            s.node = null;
        }
    }

    private Behavior<Command> onDone(SubtreeDone m) {
        Subtree s = outstanding.remove(m.subtree());
        records.forget(m.subtree());
        if (s == null) {
            return this;
        }
        release(s);
        remoteSteps += m.reductions();
        report(m.node(), 1, s.resent ? 1 : 0, m.calls(), m.reductions(), m.peakActors());
        Value v;
        try {
            v = codec.decode(m.value());
        } catch (RuntimeException e) {
            s.result.completeExceptionally(new EvalError(EvalError.Kind.ERROR, "bad value from " + m.node() + ": "
                    + e.getMessage(), Span.NONE, null));
            return this;
        }
        s.result.complete(v);
        return this;
    }

    private void report(String node, long subtrees, long resent, long calls, long reductions, long peak) {
        reports.merge(node, new NodeReport(node, subtrees, resent, calls, reductions, peak),
                (a, b) -> a.plus(b.subtrees(), b.resent(), b.calls(), b.reductions(), b.peakActors()));
    }

    private Behavior<Command> onFailed(SubtreeFailed m) {
        Subtree s = outstanding.remove(m.subtree());
        records.forget(m.subtree());
        if (s != null) {
            release(s);
            report(m.node(), 1, s.resent ? 1 : 0, 0, 0, 0);
            s.result.completeExceptionally(m.error().toError());
        }
        return this;
    }

    private Behavior<Command> onCallReported(CallReported m) {
        if (!outstanding.containsKey(m.subtree())) {
            return this;
        }
        Value v;
        try {
            v = codec.decode(m.value());
        } catch (RuntimeException e) {
            // Not remembered: a re-sent subtree issues this call again.
            return this;
        }
        records.completed(m.subtree(), new KnownCall(m.key(), m.value()));
        // The job's memory for the sequential re-run of a failed job, and what the job has completed.
        completed.putIfAbsent(m.key(), v);
        return this;
    }

    private Behavior<Command> onOutput(OutputReported m) {
        options.events().accept(new Event((System.nanoTime() - startNanos) / 1_000_000, Event.OUTPUT, 0, "", m.text()));
        return this;
    }

    /**
     * A node cannot compile the job's program alike (another version, other externals): it takes no more of
     * this job, and what was placed there goes elsewhere. The job fails only if no node up can run it.
     */
    private Behavior<Command> onRejected(ProgramRejected m) {
        String why = "node " + m.node() + " cannot run this job: " + m.message();
        ActorRef<NodeSupervisor.Command> n = m.from();
        excluded.put(n, why);
        loaded.remove(n);
        for (Subtree s : List.copyOf(outstanding.values())) {
            if (n.equals(s.node)) {
                release(s);
                s.refusedBy.add(n);
                s.refusal = why;
                place(s);
            }
        }
        return this;
    }

    /** A node cannot run one subtree: another node takes it; if none will, the subtree fails. */
    private Behavior<Command> onSubtreeRejected(SubtreeRejected m) {
        Subtree s = outstanding.get(m.subtree());
        if (s == null || s.node == null || !nodeName(s.node).equals(m.node())) {
            return this;
        }
        // It may only have lost the program (a restarted supervisor): load it again before the next subtree.
        loaded.remove(s.node);
        s.refusedBy.add(s.node);
        s.refusal = "node " + m.node() + " cannot run it: " + m.message();
        release(s);
        place(s);
        return this;
    }

    /** The name a node reports itself by: its member address (a local reference's is this member's). */
    private String nodeName(ActorRef<NodeSupervisor.Command> n) {
        Address a = n.path().address();
        return a.hasLocalScope() ? Cluster.get(getContext().getSystem()).selfMember().address().toString() : a.toString();
    }

    private Behavior<Command> onNodesListed(NodesListed m) {
        for (ActorRef<NodeSupervisor.Command> n : m.nodes()) {
            if (nodes.add(n)) {
                getContext().watchWith(n, new NodeLost(n));
            }
        }
        for (ActorRef<NodeSupervisor.Command> n : List.copyOf(nodes)) {
            if (!m.nodes().contains(n)) {
                lost(n);
            }
        }
        while (!waiting.isEmpty() && !nodes.isEmpty()) {
            place(waiting.poll());
        }
        return this;
    }

    private Behavior<Command> lost(ActorRef<NodeSupervisor.Command> node) {
        if (!nodes.remove(node)) {
            return this;
        }
        loaded.remove(node);
        excluded.remove(node);
        getContext().unwatch(node);
        for (Subtree s : List.copyOf(outstanding.values())) {
            if (node.equals(s.node)) {
                release(s);
                s.losses++;
                if (s.losses > maxNodeLosses) {
                    // Whatever it does takes its node down: fail the job rather than lose every node to it.
                    outstanding.remove(s.id);
                    records.forget(s.id);
                    s.result.completeExceptionally(new EvalError(EvalError.Kind.INTERNAL, "a part of this job was "
                            + "running on each of the " + s.losses + " worker nodes lost while it ran; it is not sent "
                            + "again (epic.cluster.max-node-losses = " + maxNodeLosses + ")", Span.NONE, null));
                    continue;
                }
                s.resent = true;
                place(s);
            }
        }
        return this;
    }

    private Behavior<Command> onFinish(Finish m) {
        for (Subtree s : outstanding.values()) {
            release(s);
        }
        for (ActorRef<NodeSupervisor.Command> n : loaded) {
            n.tell(new NodeSupervisor.EndJob(jobId));
        }
        m.replyTo().tell(new ArrayList<>(reports.values()));
        return Behaviors.stopped();
    }
}
