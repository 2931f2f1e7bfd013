package dev.epic.cluster;

import dev.epic.cluster.wire.WireCodec;
import dev.epic.cluster.wire.WireGraph;
import dev.epic.engine.Engine;
import dev.epic.engine.RunHandle;
import dev.epic.engine.RunOptions;
import dev.epic.engine.RunResult;
import dev.epic.engine.RunStats;
import dev.epic.lang.eval.CodeIndex;
import dev.epic.lang.eval.Program;
import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Value;
import dev.epic.runtime.JobHooks;
import dev.epic.runtime.OpportunisticEngine;
import java.time.Duration;
import java.util.List;
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
    private final AtomicLong jobIds = new AtomicLong();

    /** The outcome of a cluster run with what each worker node did. */
    public interface ClusterRun extends RunHandle {
        CompletionStage<List<NodeReport>> nodes();

        /** The keys of the job's record of completed calls so far (calls made here or reported by nodes). */
        java.util.Set<String> completedCalls();
    }

    public ClusterEngine(ActorSystem<SpawnProtocol.Command> system, ActorRef<SpawnProtocol.Command> jobs,
                         ClusterSettings settings, String member) {
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
        return new ClusterEngine(system, jobs, other, member);
    }

    @Override
    public ClusterRun start(Program program, RunOptions options) {
        if (program.source() == null) {
            throw new IllegalArgumentException("a cluster engine needs the program's text (compile it with Library.compile)");
        }
        CodeIndex index = CodeIndex.of(program);
        WireCodec codec = new WireCodec(index);
        ConcurrentHashMap<String, Value> completed = new ConcurrentHashMap<>();
        String jobId = member + "/job-" + jobIds.incrementAndGet();
        ActorRef<JobPlacement.Command> placement = AskPattern.<SpawnProtocol.Command, ActorRef<JobPlacement.Command>>ask(jobs,
                replyTo -> new SpawnProtocol.Spawn<>(JobPlacement.create(jobId, program.source(), index.fingerprint(), codec,
                        options, completed, settings.maxPayloadBytes()), "job-" + jobIds.get(), Props.empty(), replyTo), ASK,
                system.scheduler())
                .toCompletableFuture().join();
        JobHooks hooks = new JobHooks() {
            @Override
            public CompletionStage<Value> fork(Value fn, Value arg, Span site) {
                if (!settings.forkAll() && !index.mayCallExternal(fn, settings.purityBudget())
                        && !index.mayCallExternal(arg, settings.purityBudget())) {
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
                placement.tell(new JobPlacement.Fork(f, a, out));
                return out;
            }
        };
        RunHandle run = local.start(program, options, hooks, completed);
        CompletableFuture<List<NodeReport>> reports = new CompletableFuture<>();
        CompletableFuture<RunResult> result = run.result().toCompletableFuture().thenCompose(r ->
                AskPattern.<JobPlacement.Command, List<NodeReport>>ask(placement, JobPlacement.Finish::new, ASK,
                        system.scheduler()).toCompletableFuture()
                        .exceptionally(e -> List.of())
                        .thenApply(nodes -> {
                            reports.complete(nodes);
                            return withRemote(r, nodes);
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
            public java.util.Set<String> completedCalls() {
                return java.util.Collections.unmodifiableSet(completed.keySet());
            }
        };
    }

    /** The job's stats counting the calls and reductions made on worker nodes too. */
    private static RunResult withRemote(RunResult r, List<NodeReport> nodes) {
        RunStats s = r.stats();
        long calls = s.externalCalls();
        long reductions = s.reductions();
        for (NodeReport n : nodes) {
            calls += n.calls();
            reductions += n.reductions();
        }
        return new RunResult(r.value(), r.error(), new RunStats("cluster", s.wallMs(), calls, s.maxInFlight(), reductions,
                s.peakActors()));
    }
}
