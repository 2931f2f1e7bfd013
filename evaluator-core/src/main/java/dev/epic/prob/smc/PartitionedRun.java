package dev.epic.prob.smc;

import dev.epic.engine.Limits;
import dev.epic.lang.eval.EvalError;
import dev.epic.lang.value.Value;
import dev.epic.prob.infer.RuntimePlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The coordinator of a run whose particles are split among {@link ParticlePartition} actors: at each barrier it
 * gathers the partitions' weights in particle-index order, draws the ancestors from the step's stream (the same
 * draw as a run on one thread), tells each partition which of its particles to copy where, and waits until every
 * partition holds its offspring. The caller's thread waits at the edge (asks, bounded by the run's timeout).
 */
final class PartitionedRun {
    private final ParticleRun run;
    private final ActorSystem<SpawnProtocol.Command> system;
    private final int n;
    private final int[] first;
    private final int[] count;
    private final List<ActorRef<ParticlePartition.Command>> partitions = new ArrayList<>();

    PartitionedRun(ParticleRun run, ActorSystem<SpawnProtocol.Command> system) {
        this.run = run;
        this.system = system;
        this.n = run.options().particles();
        int p = Math.min(run.options().partitions(), n);
        first = new int[p];
        count = new int[p];
        for (int i = 0, at = 0; i < p; i++) {
            count[i] = n / p + (i < n % p ? 1 : 0);
            first[i] = at;
            at += count[i];
        }
    }

    ProbResult run() {
        try {
            for (int i = 0; i < first.length; i++) {
                int index = i;
                partitions.add(await(AskPattern.ask(system,
                        replyTo -> new SpawnProtocol.Spawn<>(ParticlePartition.create(run, index, first[index], count[index]),
                                "particles-" + System.identityHashCode(this) + "-" + index, Props.empty(), replyTo),
                        timeout(), system.scheduler())));
            }
            double[] logWeights = new double[n];
            for (int step = 1; ; step++) {
                List<ParticlePartition.Advanced> advanced = askAll(ParticlePartition.Advance::new);
                boolean allDone = true;
                EvalError error = null;
                int errorAt = Integer.MAX_VALUE;
                for (ParticlePartition.Advanced a : advanced) {
                    if (a.error() != null) {
                        if (a.errorAt() < errorAt) {
                            error = a.error();
                            errorAt = a.errorAt();
                        }
                        continue;
                    }
                    System.arraycopy(a.logWeights(), 0, logWeights, first[a.partition()], count[a.partition()]);
                    allDone &= a.allDone();
                }
                if (error != null) {
                    throw error;
                }
                if (allDone) {
                    break;
                }
                resample(run.ancestors(logWeights, step), step);
            }
            List<ParticlePartition.Finished> finished = askAll(ParticlePartition.Finish::new);
            List<Value> means = new ArrayList<>(n);
            RuntimePlan plan = RuntimePlan.empty();
            EvalError error = null;
            int errorAt = Integer.MAX_VALUE;
            for (ParticlePartition.Finished f : finished) {
                if (f.error() != null && f.errorAt() < errorAt) {
                    error = f.error();
                    errorAt = f.errorAt();
                }
            }
            if (error != null) {
                throw error;
            }
            for (ParticlePartition.Finished f : finished) {
                means.addAll(f.means());
                plan = plan.join(f.plan());
            }
            return run.finish(means, logWeights, plan);
        } finally {
            partitions.forEach(p -> p.tell(ParticlePartition.Stop.INSTANCE));
        }
    }

    /** Tells each partition which of its particles become which offspring, owned by which partition. */
    private void resample(int[] parents, int step) {
        int p = first.length;
        List<List<int[]>> byParentOwner = new ArrayList<>();
        for (int i = 0; i < p; i++) {
            byParentOwner.add(new ArrayList<>());
        }
        for (int k = 0; k < n; k++) {
            byParentOwner.get(owner(parents[k])).add(new int[] {parents[k], k, owner(k)});
        }
        List<CompletionStage<ParticlePartition.Ready>> ready = new ArrayList<>();
        for (int i = 0; i < p; i++) {
            List<int[]> moves = byParentOwner.get(i);
            int[] parent = new int[moves.size()];
            int[] child = new int[moves.size()];
            int[] owner = new int[moves.size()];
            for (int j = 0; j < moves.size(); j++) {
                parent[j] = moves.get(j)[0];
                child[j] = moves.get(j)[1];
                owner[j] = moves.get(j)[2];
            }
            ActorRef<ParticlePartition.Command> target = partitions.get(i);
            ready.add(AskPattern.ask(target, replyTo -> new ParticlePartition.Resample(step, parent, child, owner, partitions, replyTo),
                    timeout(), system.scheduler()));
        }
        for (CompletionStage<ParticlePartition.Ready> r : ready) {
            await(r);
        }
    }

    private int owner(int index) {
        int lo = 0;
        int hi = first.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (first[mid] <= index) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private <T> List<T> askAll(Function<ActorRef<T>, ParticlePartition.Command> message) {
        List<CompletionStage<T>> replies = new ArrayList<>();
        for (ActorRef<ParticlePartition.Command> p : partitions) {
            replies.add(AskPattern.ask(p, message::apply, timeout(), system.scheduler()));
        }
        List<T> out = new ArrayList<>();
        for (CompletionStage<T> r : replies) {
            out.add(await(r));
        }
        return out;
    }

    private Duration timeout() {
        return Duration.ofMillis(run.millisLeft());
    }

    private <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(run.millisLeft() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Limits.cancelled();
        } catch (TimeoutException | ExecutionException e) {
            throw Limits.timeout(run.options().limits().timeout());
        }
    }
}
