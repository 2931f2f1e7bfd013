package dev.epic.cluster;

import dev.epic.cluster.wire.WireCodec;
import dev.epic.cluster.wire.WireGraph;
import dev.epic.engine.Engine;
import dev.epic.engine.Limits;
import dev.epic.engine.RunHandle;
import dev.epic.engine.RunOptions;
import dev.epic.engine.RunResult;
import dev.epic.engine.RunStats;
import dev.epic.lang.eval.CodeIndex;
import dev.epic.lang.eval.EvalError;
import dev.epic.lang.compile.Program;
import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Value;
import dev.epic.runtime.JobHooks;
import dev.epic.runtime.OpportunisticEngine;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Opportunistic evaluation spread over a Pekko Cluster. A job runs as on the {@link OpportunisticEngine} on
 * this member — its root and every redex that does not fork stay here, next to their inputs — and each
 * application at a fork point ({@code List.map}'s elements) whose function and argument are fully known and
 * may call out (or every one, with {@code epic.cluster.fork = all}) goes to a {@link JobPlacement}, which runs
 * it on the least loaded worker node. The job's result is the sequential engine's: forked parts are pure
 * applications, errors are re-derived in the sequential order as on one JVM.
 */
public final class ClusterEngine implements Engine {
    private static final Duration ASK = Duration.ofSeconds(30);

    private final ActorSystem<SpawnProtocol.Command> system;
    private final ActorRef<SpawnProtocol.Command> jobs;
    private final OpportunisticEngine local;
    private final ClusterSettings settings;
    private final String member;
    /** Shared by every engine of this member ({@link #withSettings}): job ids and actor names are unique. */
    private final AtomicLong jobIds;
    private final NodeLoad load;

    /** The outcome of a cluster run with what each worker node did. */
    public interface ClusterRun extends RunHandle {
        CompletionStage<List<NodeReport>> nodes();

        /** The keys of the job's record of completed calls so far (calls made here or reported by nodes). */
        Set<String> completedCalls();
    }

    public ClusterEngine(ActorSystem<SpawnProtocol.Command> system, ActorRef<SpawnProtocol.Command> jobs,
                         ClusterSettings settings, String member) {
        this(system, jobs, settings, member, new AtomicLong(), new NodeLoad());
    }

    private ClusterEngine(ActorSystem<SpawnProtocol.Command> system, ActorRef<SpawnProtocol.Command> jobs,
                          ClusterSettings settings, String member, AtomicLong jobIds, NodeLoad load) {
        this.jobIds = jobIds;
        this.load = load;
        this.system = system;
        this.jobs = jobs;
        this.local = new OpportunisticEngine(system);
        this.settings = settings;
        this.member = member;
    }

    @Override
    public String name() {
        return "cluster";
    }

    /** The same member's engine with other placement settings (to compare shipping pure work or not). */
    public ClusterEngine withSettings(ClusterSettings other) {
        return new ClusterEngine(system, jobs, other, member, jobIds, load);
    }

    @Override
    public ClusterRun start(Program program, RunOptions options) {
        if (program.source() == null) {
            throw new IllegalArgumentException("a cluster engine needs the program's text (compile it with Language.compile)");
        }
        CodeIndex index = program.index();
        WireCodec codec = new WireCodec(index);
        ConcurrentHashMap<String, Value> completed = new ConcurrentHashMap<>();
        long id = jobIds.incrementAndGet();
        String jobId = member + "/job-" + id;
        // Spawned without waiting: forks made before the placement exists are sent once it does.
        CompletableFuture<ActorRef<JobPlacement.Command>> placement = AskPattern.<SpawnProtocol.Command,
                ActorRef<JobPlacement.Command>>ask(jobs, replyTo -> new SpawnProtocol.Spawn<>(JobPlacement.create(jobId,
                program.source(), index.fingerprint(), codec, options, completed, settings.maxPayloadBytes(), load,
                        settings.maxNodeLosses()),
                "job-" + id, Props.empty(), replyTo), ASK, system.scheduler()).toCompletableFuture();
        JobHooks hooks = new JobHooks() {
            @Override
            public CompletionStage<Value> fork(Value fn, Value arg, Span site) {
                if (!settings.forkAll() && !index.mayCallExternal(fn, settings.purityBudget())
                        && !index.mayCallExternal(arg, settings.purityBudget())) {
                    return null;
                }
                if (ClusterNode.workersUp(system) == 0) {
                    // No worker to run it: it runs here rather than wait for one until the job times out.
                    return null;
                }
                WireGraph f;
                WireGraph a;
                try {
                    f = codec.encode(fn);
                    a = codec.encode(arg);
                } catch (WireCodec.NotPortable e) {
                    return null;
                }
                if (f.estimatedBytes() + a.estimatedBytes() > settings.maxPayloadBytes()) {
                    // Too large for one message: the work stays where its inputs are.
                    return null;
                }
                CompletableFuture<Value> out = new CompletableFuture<>();
                placement.whenComplete((p, failure) -> {
                    if (p != null) {
                        p.tell(new JobPlacement.Fork(f, a, out));
                    } else {
                        out.completeExceptionally(new EvalError(EvalError.Kind.ERROR, "the job's placement could not "
                                + "be started: " + failure.getMessage(), Span.NONE, null));
                    }
                });
                return out;
            }
        };
        RunHandle run = local.start(program, options, hooks, completed);
        CompletableFuture<List<NodeReport>> reports = new CompletableFuture<>();
        CompletableFuture<RunResult> result = run.result().toCompletableFuture().thenCompose(r ->
                placement.thenCompose(p -> AskPattern.<JobPlacement.Command, List<NodeReport>>ask(p,
                                JobPlacement.Finish::new, ASK, system.scheduler()))
                        .handle((nodes, failure) -> {
                            if (failure != null) {
                                // The value stands; what the nodes did is unknown: nodes() says so, and the log.
                                system.log().warn("Job {}: the worker nodes' reports were lost: {}", jobId,
                                        failure.getMessage());
                                reports.completeExceptionally(new IllegalStateException("the worker nodes' reports of "
                                        + "job " + jobId + " were lost: " + failure.getMessage(), failure));
                                return withRemote(r, List.of(), options.maxSteps());
                            }
                            reports.complete(nodes);
                            return withRemote(r, nodes, options.maxSteps());
                        }));
        return new ClusterRun() {
            @Override
            public CompletionStage<RunResult> result() {
                return result;
            }

            @Override
            public void cancel() {
                run.cancel();
            }

            @Override
            public CompletionStage<List<NodeReport>> nodes() {
                return reports;
            }

            @Override
            public Set<String> completedCalls() {
                return Collections.unmodifiableSet(completed.keySet());
            }
        };
    }

    /**
     * The job's stats counting the calls and reductions made on worker nodes too; over {@code maxSteps} in
     * total, the job exceeded its step limit, as the sequential engine would say, even if no part did alone.
     */
    private static RunResult withRemote(RunResult r, List<NodeReport> nodes, long maxSteps) {
        RunStats s = r.stats();
        long calls = s.externalCalls();
        long reductions = s.reductions();
        for (NodeReport n : nodes) {
            calls += n.calls();
            reductions += n.reductions();
        }
        RunStats total = new RunStats("cluster", s.wallMs(), calls, s.maxInFlight(), reductions, s.peakActors());
        if (r.ok() && reductions > maxSteps) {
            return new RunResult(null, Limits.stepLimit(maxSteps, null), total);
        }
        return new RunResult(r.value(), r.error(), total);
    }
}
