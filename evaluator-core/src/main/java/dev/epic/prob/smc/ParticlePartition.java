package dev.epic.prob.smc;

import dev.epic.lang.eval.EvalError;
import dev.epic.lang.eval.Failures;
import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Value;
import dev.epic.prob.infer.RuntimePlan;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A contiguous range of a run's particles, owned by this actor: it advances them, reports their weights, copies
 * its own particles into the offspring resampling asks for and hands each offspring to the partition that owns its
 * new index, and in the end gives their means and plans.
 *
 * <p>State: its range [{@code first}, {@code first + count}), its particles in index order, and the offspring
 * received for the next step. Accepts {@link Advance} (reply {@link Advanced}), {@link Resample} (copies, then
 * {@link Deliver}s to the owners; reply {@link Ready} once it holds all its own offspring), {@link Deliver} (from
 * any partition, itself included, possibly before its own Resample) and {@link Finish} (reply {@link Finished}).
 * A particle's error is a reply, never a crash. Stops on {@link Stop}.
 */
public final class ParticlePartition extends AbstractBehavior<ParticlePartition.Command> {

    /** Local only: messages carry particles (machines and symbolic states) by reference. */
    public sealed interface Command extends org.apache.pekko.actor.NoSerializationVerificationNeeded {}

    /** Run every unfinished particle to its next pause or its end. */
    public record Advance(ActorRef<Advanced> replyTo) implements Command {}

    /**
     * The weights of the range's particles in index order, whether they have all ended, and the error of the
     * lowest-index particle that failed (its index in {@code errorAt}), if any.
     */
    public record Advanced(int partition, double[] logWeights, boolean allDone, EvalError error, int errorAt) {}

    /**
     * Offspring of this range's particles: {@code parent[j]} (a global index in this range) becomes particle
     * {@code child[j]}, owned by {@code owners.get(owner[j])}; ordered by child index, so that each parent's first
     * offspring — the one that keeps the parent itself — comes first.
     */
    public record Resample(int step, int[] parent, int[] child, int[] owner, List<ActorRef<Command>> owners,
                           ActorRef<Ready> replyTo) implements Command {}

    /** Offspring for this range: {@code slots[j]} is particle {@code index[j]}. */
    record Deliver(int[] index, Slot[] slots) implements Command {}

    public record Ready(int partition) {}

    /** The means and joined plan of the range's particles; or the error of the lowest index whose mean failed. */
    public record Finish(ActorRef<Finished> replyTo) implements Command {}

    public record Finished(int partition, List<Value> means, RuntimePlan plan, EvalError error, int errorAt) {}

    public enum Stop implements Command { INSTANCE }

    private final ParticleRun run;
    private final int partition;
    private final int first;
    private Slot[] slots;
    private Slot[] incoming;
    private int received;
    private boolean resampled;
    private ActorRef<Ready> readyTo;

    private ParticlePartition(ActorContext<Command> context, ParticleRun run, int partition, int first, int count) {
        super(context);
        this.run = run;
        this.partition = partition;
        this.first = first;
        this.slots = new Slot[count];
        for (int i = 0; i < count; i++) {
            slots[i] = run.newSlot(first + i);
        }
        this.incoming = new Slot[count];
    }

    public static Behavior<Command> create(ParticleRun run, int partition, int first, int count) {
        return Behaviors.setup(ctx -> new ParticlePartition(ctx, run, partition, first, count));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Advance.class, this::onAdvance)
                .onMessage(Resample.class, this::onResample)
                .onMessage(Deliver.class, this::onDeliver)
                .onMessage(Finish.class, this::onFinish)
                .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
                .build();
    }

    private Behavior<Command> onAdvance(Advance m) {
        boolean allDone = true;
        for (int i = 0; i < slots.length; i++) {
            Slot s = slots[i];
            if (!s.done) {
                try {
                    run.advance(s);
                } catch (Throwable t) {
                    m.replyTo().tell(new Advanced(partition, null, false, Failures.of(t, Span.NONE, null), first + i));
                    return this;
                }
                allDone &= s.done;
            }
        }
        m.replyTo().tell(new Advanced(partition, ParticleRun.logWeights(slots), allDone, null, -1));
        return this;
    }

    private Behavior<Command> onResample(Resample m) {
        boolean[] kept = new boolean[slots.length];
        List<List<Integer>> indexByOwner = new ArrayList<>();
        List<List<Slot>> slotsByOwner = new ArrayList<>();
        for (int q = 0; q < m.owners().size(); q++) {
            indexByOwner.add(new ArrayList<>());
            slotsByOwner.add(new ArrayList<>());
        }
        for (int j = 0; j < m.parent().length; j++) {
            int local = m.parent()[j] - first;
            Slot child = slots[local].offspring(run, m.step(), m.child()[j], !kept[local]);
            kept[local] = true;
            indexByOwner.get(m.owner()[j]).add(m.child()[j]);
            slotsByOwner.get(m.owner()[j]).add(child);
        }
        // This range's old particles are all copied or handed on: none is kept here for the next step.
        slots = null;
        for (int q = 0; q < m.owners().size(); q++) {
            if (!indexByOwner.get(q).isEmpty()) {
                int[] index = indexByOwner.get(q).stream().mapToInt(Integer::intValue).toArray();
                m.owners().get(q).tell(new Deliver(index, slotsByOwner.get(q).toArray(new Slot[0])));
            }
        }
        resampled = true;
        readyTo = m.replyTo();
        return readyIfComplete();
    }

    private Behavior<Command> onDeliver(Deliver m) {
        for (int j = 0; j < m.index().length; j++) {
            incoming[m.index()[j] - first] = m.slots()[j];
        }
        received += m.index().length;
        return readyIfComplete();
    }

    /** Once its own Resample is done and all its offspring are here, the range moves to the next step. */
    private Behavior<Command> readyIfComplete() {
        if (resampled && received == incoming.length) {
            slots = incoming;
            incoming = new Slot[slots.length];
            received = 0;
            resampled = false;
            readyTo.tell(new Ready(partition));
            readyTo = null;
        }
        return this;
    }

    private Behavior<Command> onFinish(Finish m) {
        List<Value> means = new ArrayList<>(slots.length);
        RuntimePlan plan = RuntimePlan.empty();
        for (int i = 0; i < slots.length; i++) {
            try {
                means.add(run.mean(slots[i]));
            } catch (Throwable t) {
                m.replyTo().tell(new Finished(partition, null, null, Failures.of(t, Span.NONE, null), first + i));
                return this;
            }
            plan = plan.join(slots[i].host.state().plan());
        }
        m.replyTo().tell(new Finished(partition, means, plan, null, -1));
        return this;
    }
}
