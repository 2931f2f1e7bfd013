package dev.epic.prob.bench;

import static dev.epic.prob.sym.Exprs.ite;
import static dev.epic.prob.sym.Exprs.num;

import dev.epic.prob.infer.Algorithm;
import dev.epic.prob.infer.Annotation;
import dev.epic.prob.infer.Decl;
import dev.epic.prob.infer.Particle;
import dev.epic.prob.infer.SymbolicState;
import dev.epic.prob.rand.RandomStream;
import dev.epic.prob.sym.Expr;
import dev.epic.prob.sym.SymDist;
import java.lang.management.ManagementFactory;

/**
 * Throughput and allocation of the probabilistic core driven directly through its API (no language): a particle
 * filter with multinomial resampling at every step, on a Kalman-like model (every x_t kept in a list, as the
 * Kalman program's {@code xs}) and an outlier-like model, plus a one-particle Kalman filter. Not a unit test; run
 *
 * <pre>
 * java -cp evaluator-core/target/classes:evaluator-core/target/test-classes:$(cat cp.txt) \
 *     dev.epic.prob.bench.CoreBench [particles] [steps] [repetitions]
 * </pre>
 *
 * where cp.txt is {@code mvn -pl evaluator-core dependency:build-classpath -Dmdep.outputFile=cp.txt}; an optional
 * fourth argument runs one benchmark only ({@code kalman}, {@code outlier}, {@code kalman1}). Prints the thread's
 * CPU time and wall time per particle-step and the bytes it allocated (ThreadMXBean), resampling included.
 */
public final class CoreBench {
    private static final Decl X = new Decl("x", Annotation.SYMBOLIC, "x");
    private static final Decl P = new Decl("p", Annotation.SYMBOLIC, "p");
    private static final Decl XT = new Decl("xt", Annotation.NONE, "xt");
    private static final Decl XT_SYMBOLIC = new Decl("xt", Annotation.SYMBOLIC, "xt");
    private static final Decl ISOUT = new Decl("isout", Annotation.NONE, "isout");
    private static final Decl ISOUT_SAMPLE = new Decl("isout", Annotation.SAMPLE, "isout");

    private CoreBench() {}

    /** A persistent list, as the language's lists: shared by particle copies. */
    record Cons(Expr head, Cons tail) {}

    /** One model step for particle i at time t. */
    interface Model {
        void init(Run run, int i);

        void step(Run run, int i, int t);
    }

    /** A particle filter run: particles with their program state (previous x, kept xs, the parameter p). */
    static final class Run {
        final long seed;
        Particle[] particles;
        Expr[] prev;
        Cons[] xs;
        Expr[] param;
        final double[] data;

        Run(int n, long seed, double[] data) {
            this.seed = seed;
            this.data = data;
            particles = new Particle[n];
            prev = new Expr[n];
            xs = new Cons[n];
            param = new Expr[n];
            for (int i = 0; i < n; i++) {
                particles[i] = new Particle(SymbolicState.create(Algorithm.SSI, new RandomStream(seed, 0, i)));
                prev[i] = num(0);
            }
        }

        void resample(int step, RandomStream r) {
            int n = particles.length;
            double max = Double.NEGATIVE_INFINITY;
            for (Particle p : particles) {
                max = Math.max(max, p.logWeight());
            }
            double[] cum = new double[n];
            double total = 0;
            for (int i = 0; i < n; i++) {
                total += Math.exp(particles[i].logWeight() - max);
                cum[i] = total;
            }
            Particle[] np = new Particle[n];
            Expr[] nprev = new Expr[n];
            Cons[] nxs = new Cons[n];
            Expr[] nparam = new Expr[n];
            boolean[] used = new boolean[n];
            for (int i = 0; i < n; i++) {
                double u = r.nextDouble() * total;
                int lo = 0;
                int hi = n - 1;
                while (lo < hi) {
                    int mid = (lo + hi) >>> 1;
                    if (cum[mid] > u) {
                        hi = mid;
                    } else {
                        lo = mid + 1;
                    }
                }
                Particle a = particles[lo];
                if (!used[lo]) {
                    used[lo] = true;
                    a.reseed(step, i);
                    np[i] = a;
                } else {
                    np[i] = a.copy(step, i);
                }
                np[i].setLogWeight(0);
                nprev[i] = prev[lo];
                nxs[i] = xs[lo];
                nparam[i] = param[lo];
            }
            particles = np;
            prev = nprev;
            xs = nxs;
            param = nparam;
        }
    }

    static final Model KALMAN = new Model() {
        public void init(Run run, int i) {}

        public void step(Run run, int i, int t) {
            SymbolicState s = run.particles[i].state();
            Expr x = s.assume(X, SymDist.gaussian(run.prev[i], num(t == 0 ? 100 : 1)));
            run.particles[i].addLogWeight(s.observe(SymDist.gaussian(x, num(1)), num(run.data[t]), null));
            run.prev[i] = x;
            run.xs[i] = new Cons(x, run.xs[i]);
        }
    };

    /** The outlier model under SSI's default plan: p symbolic, xt and isout sampled as non-conjugate parents. */
    static final Model OUTLIER = outlier(XT, ISOUT);

    /** The outlier model with xt symbolic and isout sampled (a satisfiable plan with an exact Kalman filter). */
    static final Model OUTLIER_XT = outlier(XT_SYMBOLIC, ISOUT_SAMPLE);

    static Model outlier(Decl xt, Decl isout) {
        return new Model() {
            public void init(Run run, int i) {
                run.param[i] = run.particles[i].state().assume(P, SymDist.beta(num(100), num(1000)));
            }

            public void step(Run run, int i, int t) {
                SymbolicState s = run.particles[i].state();
                Expr x = s.assume(xt, SymDist.gaussian(run.prev[i], num(t == 0 ? 2500 : 1)));
                Expr o = s.assume(isout, SymDist.bernoulli(run.param[i]));
                run.particles[i].addLogWeight(s.observe(
                        SymDist.gaussian(ite(o, num(0), x), ite(o, num(10000), num(1))), num(run.data[t]), null));
                run.prev[i] = x;
                run.xs[i] = new Cons(x, run.xs[i]);
            }
        };
    }

    static double[] data(int steps, boolean outliers) {
        RandomStream r = new RandomStream(1234, 0, 0);
        double[] ys = new double[steps];
        double x = 0;
        for (int t = 0; t < steps; t++) {
            x += r.standardNormal();
            boolean out = outliers && r.nextDouble() < 0.1;
            ys[t] = out ? 100 * r.standardNormal() : x + r.standardNormal();
        }
        return ys;
    }

    /** Runs the filter; returns the posterior mean of the last x (to keep the work observable). */
    static double run(Model model, int n, int steps, long seed, boolean resample) {
        Run run = new Run(n, seed, data(steps, model != KALMAN));
        for (int i = 0; i < n; i++) {
            model.init(run, i);
        }
        RandomStream resampler = new RandomStream(seed, 0, -1);
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < run.particles.length; i++) {
                model.step(run, i, t);
            }
            if (resample) {
                resampler.reset(t + 1, -1);
                run.resample(t + 1, resampler);
            }
        }
        double m = 0;
        for (int i = 0; i < n; i++) {
            m += run.particles[i].state().mean(run.prev[i], null);
        }
        return m / n;
    }

    /** This thread's CPU time: the machine is shared, so wall time overstates the cost under contention. */
    private static long cpuTime() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    static void measure(String name, Model model, int n, int steps, int reps, boolean resample) {
        double sink = 0;
        for (int w = 0; w < Math.max(3, reps); w++) {
            sink += run(model, n, steps, 1000 + w, resample);
        }
        long bytes = allocated();
        long cpu0 = cpuTime();
        long t0 = System.nanoTime();
        for (int r = 0; r < reps; r++) {
            sink += run(model, n, steps, r, resample);
        }
        long ns = System.nanoTime() - t0;
        long cpu = cpuTime() - cpu0;
        bytes = allocated() - bytes;
        double ps = (double) n * steps * reps;
        System.out.printf("%-22s particles=%5d steps=%5d  cpu %7.1f ns/particle-step (%5.2f M/s)  wall %7.1f ns"
                + "  %7.1f bytes/particle-step  (sink %.3f)%n", name, n, steps, cpu / ps, ps / cpu * 1e3, ns / ps,
                bytes / ps, sink);
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        String only = args.length > 3 ? args[3] : "all";
        if (only.equals("kalman1")) {
            for (int round = 0; round < 3; round++) {
                measure("kalman, 1 particle", KALMAN, 1, steps, reps, false);
            }
            return;
        }
        if (only.equals("outlier")) {
            for (int round = 0; round < 3; round++) {
                measure("outlier (SSI default)", OUTLIER, n, steps, reps, true);
            }
            return;
        }
        if (only.equals("kalman")) {
            for (int round = 0; round < 3; round++) {
                measure("kalman (x symbolic)", KALMAN, n, steps, reps, true);
            }
            return;
        }
        for (int round = 0; round < 2; round++) {
            System.out.println(round == 0 ? "warm-up round" : "measured round");
            measure("kalman (x symbolic)", KALMAN, n, steps, reps, true);
            measure("outlier (SSI default)", OUTLIER, n, steps, reps, true);
            measure("outlier (xt symbolic)", OUTLIER_XT, n, steps, reps, true);
            measure("kalman, 1 particle", KALMAN, 1, steps * 100, reps * 10, false);
        }
    }
}
