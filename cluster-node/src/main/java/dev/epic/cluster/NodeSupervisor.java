package dev.epic.cluster;

import dev.epic.cluster.wire.CborSerializable;
import dev.epic.cluster.wire.WireCodec;
import dev.epic.cluster.wire.WireError;
import dev.epic.cluster.wire.WireGraph;
import dev.epic.engine.RunHandle;
import dev.epic.engine.RunOptions;
import dev.epic.engine.RunResult;
import dev.epic.lang.eval.CodeIndex;
import dev.epic.lang.eval.EvalError;
import dev.epic.lang.compile.Program;
import dev.epic.lang.syntax.Source;
import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Value;
import dev.epic.runtime.JobHooks;
import dev.epic.runtime.OpportunisticEngine;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * The supervisor of a worker node: runs the subtrees that job placements elsewhere send it.
 *
 * <p>State: per job, the program compiled here from the text sent once with {@link LoadProgram} (compilation
 * is deterministic, so closures arrive as numbers of function literals, see {@link WireCodec}); the node's
 * totals. Each {@link RunSubtree} becomes an opportunistic run of {@code fn arg} on this node (its redexes and
 * external calls are this node's); a subtree sent again after its node was lost carries its own calls
 * completed there, which answer its equal calls here in order.
 * As each call completes here it is reported to the placement ({@link JobPlacement.CallReported}), so that a
 * re-sent subtree does not pay for it again; the deep-forced value goes back with {@link JobPlacement.SubtreeDone}
 * or the error with {@link JobPlacement.SubtreeFailed}; a subtree it cannot decode, or of a job it has not
 * loaded, is answered with {@link JobPlacement.SubtreeRejected}, so the placement tries another node. Each
 * subtree's job supervisor (and its redexes) is a child of this actor, under {@code subtrees}.
 * {@link EndJob}, or the end of the job's placement (watched: the submitting member may die), forgets a job
 * and cancels its subtrees still running here. Supervised with restart, keeping its children: a restarted
 * supervisor has forgotten the programs, still sends back what its running subtrees compute, and rejects
 * subtrees of jobs it no longer knows, so the placement loads the program again or goes elsewhere. Registered with the
 * receptionist under {@link #KEY}; lives as long as the node.
 */
public final class NodeSupervisor extends AbstractBehavior<NodeSupervisor.Command> {
    public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "epic-node");

    public sealed interface Command {}

    /** The text of a job's program, sent once before its first subtree. */
    public record LoadProgram(String jobId, String sourceName, String sourceText, String fingerprint,
                              ActorRef<JobPlacement.Command> placement) implements Command, CborSerializable {}

    /** Run {@code fn arg}; {@code known} are this subtree's calls completed in an earlier run, in order. */
    public record RunSubtree(String jobId, long subtree, WireGraph fn, WireGraph arg, List<KnownCall> known,
                             long maxSteps, long timeoutMs, ActorRef<JobPlacement.Command> replyTo)
            implements Command, CborSerializable {}

    public record EndJob(String jobId) implements Command, CborSerializable {}

    /** The job's placement stopped or its member is gone (the submitter died): the job is over here too. */
    private record PlacementGone(String jobId) implements Command, NoSerializationVerificationNeeded {}

    private record Finished(String jobId, long subtree, WireCodec codec, RunResult result,
                            ActorRef<JobPlacement.Command> replyTo)
            implements Command, NoSerializationVerificationNeeded {}

    private record Loaded(Program program, WireCodec codec, ActorRef<JobPlacement.Command> placement) {}

    private final OpportunisticEngine engine;
    private final Function<Source, Program> compiler;
    private final String self;
    private final long maxPayload;
    private final Map<String, Loaded> jobs = new HashMap<>();
    private final Map<String, String> rejected = new HashMap<>();
    /** Subtrees running here, by job and subtree, so that a job that ends stops its subtrees. */
    private final Map<String, Map<Long, RunHandle>> running = new HashMap<>();
    /** Spawns the supervisor of each subtree run here, as a child of this actor (so they stop with the node). */
    private final ActorRef<SpawnProtocol.Command> subtrees;

    private NodeSupervisor(ActorContext<Command> context, OpportunisticEngine engine, Function<Source, Program> compiler,
                           String self, long maxPayload) {
        super(context);
        // A restart keeps the running subtrees (see ClusterNode): their spawner outlives an incarnation.
        this.subtrees = context.getChild("subtrees").map(c -> c.<SpawnProtocol.Command>unsafeUpcast())
                .orElseGet(() -> context.spawn(SpawnProtocol.create(), "subtrees"));
        this.maxPayload = maxPayload;
        this.engine = engine;
        this.compiler = compiler;
        this.self = self;
    }

    /** {@code compiler} compiles a job's text as the submitting member did (same globals, same externals). */
    public static Behavior<Command> create(OpportunisticEngine engine, Function<Source, Program> compiler, String self,
                                           long maxPayload) {
        return Behaviors.setup(ctx -> {
            ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
            return new NodeSupervisor(ctx, engine, compiler, self, maxPayload);
        });
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(LoadProgram.class, this::onLoad)
                .onMessage(RunSubtree.class, this::onRun)
                .onMessage(EndJob.class, m -> end(m.jobId()))
                .onMessage(PlacementGone.class, m -> end(m.jobId()))
                .onMessage(Finished.class, this::onFinished)
                .build();
    }

    private Behavior<Command> onLoad(LoadProgram m) {
        if (jobs.containsKey(m.jobId())) {
            return this;
        }
        try {
            Program p = compiler.apply(new Source(m.sourceName(), m.sourceText()));
            CodeIndex index = p.index();
            if (!index.fingerprint().equals(m.fingerprint())) {
                reject(m.jobId(), m.placement(), "the program compiles differently here (" + index.fingerprint()
                        + " against " + m.fingerprint() + "): the nodes run different versions or external functions");
                return this;
            }
            jobs.put(m.jobId(), new Loaded(p, new WireCodec(index), m.placement()));
            // If the submitting member dies, no EndJob comes: the job's state here goes with its placement.
            getContext().watchWith(m.placement(), new PlacementGone(m.jobId()));
        } catch (RuntimeException e) {
            reject(m.jobId(), m.placement(), "the program does not compile here: " + e.getMessage());
        }
        return this;
    }

    private void reject(String jobId, ActorRef<JobPlacement.Command> placement, String why) {
        rejected.put(jobId, why);
        placement.tell(new JobPlacement.ProgramRejected(self, why, getContext().getSelf()));
    }

    private Behavior<Command> onRun(RunSubtree m) {
        Loaded job = jobs.get(m.jobId());
        if (job == null) {
            // Never loaded, rejected, or forgotten when this supervisor restarted: the placement tries elsewhere.
            String why = rejected.getOrDefault(m.jobId(), "the job's program is not loaded here");
            m.replyTo().tell(new JobPlacement.SubtreeRejected(m.subtree(), self, why));
            return this;
        }
        // The record is this subtree's own calls from an earlier run: each answers one equal call here, in the
        // order they completed; a call past them is issued, as it would be on one JVM.
        ConcurrentHashMap<String, ConcurrentLinkedQueue<Value>> known = new ConcurrentHashMap<>();
        Value fn;
        Value arg;
        try {
            for (KnownCall k : m.known()) {
                known.computeIfAbsent(k.key(), x -> new ConcurrentLinkedQueue<>()).add(job.codec().decode(k.value()));
            }
            fn = job.codec().decode(m.fn());
            arg = job.codec().decode(m.arg());
        } catch (RuntimeException e) {
            // A subtree this node cannot read must not stop the node: say so, and the placement tries elsewhere.
            m.replyTo().tell(new JobPlacement.SubtreeRejected(m.subtree(), self, "the subtree cannot be decoded here: "
                    + e.getMessage()));
            return this;
        }
        ActorRef<JobPlacement.Command> placement = m.replyTo();
        WireCodec codec = job.codec();
        JobHooks hooks = new JobHooks() {
            @Override
            public Value known(String key) {
                ConcurrentLinkedQueue<Value> q = known.get(key);
                return q == null ? null : q.poll();
            }

            @Override
            public void completed(String key, Value value) {
                try {
                    placement.tell(new JobPlacement.CallReported(m.subtree(), key, codec.encode(value)));
                } catch (WireCodec.NotPortable e) {
                    // Not remembered across nodes: a re-sent subtree would issue this call again.
                }
            }

            @Override
            public void output(String displayed) {
                placement.tell(new JobPlacement.OutputReported(displayed));
            }
        };
        RunOptions options = RunOptions.defaults().withMaxSteps(m.maxSteps()).withTimeout(Duration.ofMillis(m.timeoutMs()));
        RunHandle handle = engine.startApplication(job.program(), fn, arg, options, hooks,
                new ConcurrentHashMap<>(), subtrees);
        running.computeIfAbsent(m.jobId(), k -> new HashMap<>()).put(m.subtree(), handle);
        getContext().pipeToSelf(handle.result(),
                (r, failure) -> new Finished(m.jobId(), m.subtree(), codec, failure == null ? r
                        : new RunResult(null, new EvalError(EvalError.Kind.ERROR, "subtree failed on " + self + ": "
                                + failure.getMessage(), Span.NONE, null), null), placement));
        return this;
    }

    private Behavior<Command> onFinished(Finished m) {
        Map<Long, RunHandle> ofJob = running.get(m.jobId());
        if (ofJob != null) {
            ofJob.remove(m.subtree());
            if (ofJob.isEmpty()) {
                running.remove(m.jobId());
            }
        }
        RunResult r = m.result();
        long calls = r.stats() == null ? 0 : r.stats().externalCalls();
        long reductions = r.stats() == null ? 0 : r.stats().reductions();
        long peak = r.stats() == null ? 0 : r.stats().peakActors();
        if (!r.ok()) {
            m.replyTo().tell(new JobPlacement.SubtreeFailed(m.subtree(), self, WireError.of(r.error())));
            return this;
        }
        try {
            WireGraph value = m.codec().encode(r.value());
            if (value.estimatedBytes() > maxPayload) {
                // Artery would drop a message over its frame limit; say so instead.
                m.replyTo().tell(new JobPlacement.SubtreeFailed(m.subtree(), self, WireError.of(new EvalError(
                        EvalError.Kind.ERROR, "the value of a computation run on " + self + " is too large to send back (about "
                        + value.estimatedBytes() + " bytes; the limit is " + maxPayload + ", see "
                        + "pekko.remote.artery.advanced.maximum-large-frame-size)", Span.NONE, null))));
                return this;
            }
            m.replyTo().tell(new JobPlacement.SubtreeDone(m.subtree(), self, value, calls, reductions, peak));
        } catch (WireCodec.NotPortable e) {
            m.replyTo().tell(new JobPlacement.SubtreeFailed(m.subtree(), self, WireError.of(new EvalError(
                    EvalError.Kind.ERROR, "the value of a computation run on " + self + " cannot be sent back: it holds "
                    + e.getMessage(), Span.NONE, null))));
        }
        return this;
    }

    private Behavior<Command> end(String jobId) {
        // A job that ended (done, failed, timed out, cancelled, its submitter gone) has no use for what is
        // still running here, nor for its compiled program.
        Map<Long, RunHandle> ofJob = running.remove(jobId);
        if (ofJob != null) {
            ofJob.values().forEach(RunHandle::cancel);
        }
        Loaded gone = jobs.remove(jobId);
        if (gone != null) {
            getContext().unwatch(gone.placement());
        }
        rejected.remove(jobId);
        return this;
    }
}
