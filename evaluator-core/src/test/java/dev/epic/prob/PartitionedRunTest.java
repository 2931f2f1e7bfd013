package dev.epic.prob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.engine.RunOptions;
import dev.epic.host.StandardLanguage;
import dev.epic.lang.compile.Program;
import dev.epic.lang.syntax.Source;
import dev.epic.lang.value.Values;
import dev.epic.prob.infer.Algorithm;
import dev.epic.prob.smc.ParticleRun;
import dev.epic.prob.smc.ProbResult;
import dev.epic.tools.ExternalRegistry;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Particles split among partition actors give, bit for bit, what one thread gives for the same seed. */
class PartitionedRunTest {
    private static final ActorSystem<SpawnProtocol.Command> system = ActorSystem.create(SpawnProtocol.create(), "partitions");

    @AfterAll
    static void close() {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
    }

    /** Sampled and symbolic variables, an impure if, resampling at every step: randomness everywhere. */
    static final String PROGRAM = "val step = fun (y, (first, p, xs)) ->\n"
            + "  let xt <- gaussian(if first then 0. else List.hd(xs), if first then 100. else 1.) in\n"
            + "  let sample out <- bernoulli(p) in\n"
            + "  let () = if out then observe(gaussian(0., 1000.), y) else observe(gaussian(xt, 1.), y) in\n"
            + "  let () = resample() in (false, p, cons(xt, xs))\n"
            + "in let sample p <- beta(2., 20.) in\n"
            + "let (_, p, xs) = fold(step, [0.3, 1.1, 9., 1.9, 2.2, -8., 3.1, 2.8, 3.3, 4.0], (true, p, [0.])) in (p, xs)";

    private static ProbResult run(int partitions, Algorithm method) {
        Program p = StandardLanguage.compile(new Source("part.si", PROGRAM), ExternalRegistry.withDefaults());
        return new ParticleRun(p, new ParticleRun.Options(method, 101, 42, RunOptions.defaults(), partitions),
                ParticleRun.Listener.NONE).run(system);
    }

    @Test
    void oneTwoAndEightPartitionsGiveTheSameBits() {
        for (Algorithm method : new Algorithm[] {Algorithm.SSI, Algorithm.DS}) {
            ProbResult one = run(1, method);
            assertThat(one.ok()).as(one.ok() ? "" : one.error().format()).isTrue();
            for (int partitions : new int[] {2, 8}) {
                ProbResult many = run(partitions, method);
                assertThat(many.ok()).as(many.ok() ? "" : many.error().format()).isTrue();
                assertThat(Values.show(many.mean())).isEqualTo(Values.show(one.mean()));
                assertThat(many.plan()).isEqualTo(one.plan());
                assertThat(many.stats().ess()).isEqualTo(one.stats().ess());
                assertThat(many.stats().reductions()).isEqualTo(one.stats().reductions());
            }
        }
    }

    @Test
    void anErrorIsTheOneOfTheLowestParticleWhateverThePartitions() {
        String bad = "let sample x <- gaussian(0., 1.) in let () = resample() in if x > 1. then fail \"too big\" else x";
        Program p = StandardLanguage.compile(new Source("bad.si", bad), ExternalRegistry.withDefaults());
        String one = new ParticleRun(p, new ParticleRun.Options(Algorithm.SSI, 50, 3, RunOptions.defaults(), 1),
                ParticleRun.Listener.NONE).run(system).error().format();
        String eight = new ParticleRun(p, new ParticleRun.Options(Algorithm.SSI, 50, 3, RunOptions.defaults(), 8),
                ParticleRun.Listener.NONE).run(system).error().format();
        assertThat(eight).isEqualTo(one).contains("too big");
    }
}
