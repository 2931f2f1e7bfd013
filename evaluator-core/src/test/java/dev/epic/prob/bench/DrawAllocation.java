package dev.epic.prob.bench;

import dev.epic.prob.dist.Bernoulli;
import dev.epic.prob.dist.Beta;
import dev.epic.prob.dist.BetaBinomial;
import dev.epic.prob.dist.Binomial;
import dev.epic.prob.dist.Categorical;
import dev.epic.prob.dist.GammaDist;
import dev.epic.prob.dist.Gaussian;
import dev.epic.prob.dist.NegativeBinomial;
import dev.epic.prob.dist.Poisson;
import dev.epic.prob.dist.StudentT;
import dev.epic.prob.rand.RandomStream;
import java.lang.management.ManagementFactory;
import java.util.function.ToDoubleFunction;

/**
 * Bytes allocated and CPU time per draw of each family (the Commons samplers that take their parameters at
 * construction are built per draw, since parameters change from draw to draw). Not a unit test; run with the same
 * class path as {@link CoreBench}.
 */
public final class DrawAllocation {
    private DrawAllocation() {}

    private static void measure(String name, ToDoubleFunction<RandomStream> draw) {
        RandomStream r = new RandomStream(1, 0, 0);
        double sink = 0;
        for (int i = 0; i < 200_000; i++) {
            sink += draw.applyAsDouble(r);
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        int n = 1_000_000;
        long b0 = mx.getThreadAllocatedBytes(id);
        long c0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            sink += draw.applyAsDouble(r);
        }
        long c = mx.getCurrentThreadCpuTime() - c0;
        long b = mx.getThreadAllocatedBytes(id) - b0;
        System.out.printf("%-18s %6.1f bytes/draw  %7.1f ns/draw (cpu)   (sink %.1f)%n", name, (double) b / n,
                (double) c / n, sink);
    }

    public static void main(String[] args) {
        double[] probs = {0.2, 0.3, 0.5};
        for (int round = 0; round < 2; round++) {
            measure("gaussian", r -> Gaussian.draw(r, 1, 2));
            measure("bernoulli", r -> Bernoulli.draw(r, 0.3) ? 1 : 0);
            measure("beta", r -> Beta.draw(r, 2, 3));
            measure("gamma a>=1", r -> GammaDist.draw(r, 2.5, 1));
            measure("gamma a<1", r -> GammaDist.draw(r, 0.5, 1));
            measure("poisson small", r -> Poisson.draw(r, 3));
            measure("poisson large", r -> Poisson.draw(r, 80));
            measure("student_t", r -> StudentT.draw(r, 0, 1, 4));
            measure("binomial", r -> Binomial.draw(r, 10, 0.3));
            measure("beta_binomial", r -> BetaBinomial.draw(r, 10, 2, 3));
            measure("negative_binomial", r -> NegativeBinomial.draw(r, 3, 0.4));
            measure("categorical", r -> Categorical.draw(r, 0, 2, probs));
        }
    }
}
