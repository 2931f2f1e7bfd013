package dev.epic.prob.smc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.engine.RunOptions;
import dev.epic.host.StandardLanguage;
import dev.epic.lang.compile.Program;
import dev.epic.lang.eval.EvalError;
import dev.epic.lang.syntax.Source;
import dev.epic.prob.infer.Algorithm;
import dev.epic.tools.ExternalRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Limits reach inside one symbolic operation: a run whose single {@code observe} does exponential symbolic work
 * (hoisting an observation over 60 symbolic Bernoulli parents under SSI: each swap doubles the marginal) stops with
 * its timeout or cancel, not minutes later.
 */
class SymbolicWorkLimitsTest {
    /** The mean of 60 symbolic coins, observed through a Bernoulli: one observe, 2^60 nodes of symbolic work. */
    private static final String EXPLODING = "val flip = fun (i, acc) -> let c <- bernoulli(0.5) in acc + c in\n"
            + "let s = fold(flip, List.range(0., 60.), 0.) in\n"
            + "let () = observe(bernoulli(s / 60.), true) in s";

    private static Program compile() {
        return StandardLanguage.compile(new Source("explode.si", EXPLODING), ExternalRegistry.withDefaults());
    }

    @Test
    void aTimeoutStopsLongSymbolicWork() {
        Duration timeout = Duration.ofSeconds(2);
        long start = System.nanoTime();
        ProbResult r = new ParticleRun(compile(), new ParticleRun.Options(Algorithm.SSI, 1, 1,
                RunOptions.defaults().withTimeout(timeout)), ParticleRun.Listener.NONE).run();
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.ok()).isFalse();
        assertThat(r.error().kind()).isEqualTo(EvalError.Kind.TIMEOUT);
        // A look at the clock every few thousand nodes: well within a second past the deadline on a loaded machine.
        assertThat(ms).isLessThan(timeout.toMillis() + 3_000);
    }

    @Test
    void aCancelStopsLongSymbolicWork() throws InterruptedException {
        ParticleRun run = new ParticleRun(compile(), new ParticleRun.Options(Algorithm.SSI, 1, 1, RunOptions.defaults()),
                ParticleRun.Listener.NONE);
        AtomicReference<ProbResult> result = new AtomicReference<>();
        Thread t = new Thread(() -> result.set(run.run()));
        t.setDaemon(true);
        t.start();
        Thread.sleep(500);
        long cancelledAt = System.nanoTime();
        run.cancel();
        t.join(10_000);
        assertThat(t.isAlive()).as("the run ended after its cancel").isFalse();
        assertThat((System.nanoTime() - cancelledAt) / 1_000_000).isLessThan(3_000);
        assertThat(result.get().error().kind()).isEqualTo(EvalError.Kind.CANCELLED);
    }

    @Test
    void theMemoryBudgetBoundsSymbolicWork() {
        // The state grows inside the one observe; with 8 MiB allowed the run stops with the memory error long
        // before its 60 s timeout.
        ProbResult r = new ParticleRun(compile(), new ParticleRun.Options(Algorithm.SSI, 1, 1,
                RunOptions.defaults().withTimeout(Duration.ofSeconds(60)).withMaxMemory(8L << 20)),
                ParticleRun.Listener.NONE).run();
        assertThat(r.ok()).isFalse();
        assertThat(r.error().kind()).isEqualTo(EvalError.Kind.MEMORY);
        assertThat(r.error().getMessage()).startsWith("memory limit of 8 MiB exceeded");
    }
}
