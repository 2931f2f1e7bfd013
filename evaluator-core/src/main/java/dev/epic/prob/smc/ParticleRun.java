package dev.epic.prob.smc;

import dev.epic.engine.CallLog;
import dev.epic.engine.Limits;
import dev.epic.engine.RunOptions;
import dev.epic.lang.compile.Program;
import dev.epic.lang.eval.EvalError;
import dev.epic.lang.eval.ExternalFn;
import dev.epic.lang.eval.Failures;
import dev.epic.lang.eval.Machine;
import dev.epic.lang.eval.MemoryBudget;
import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Value;
import dev.epic.prob.infer.Algorithm;
import dev.epic.prob.infer.Decl;
import dev.epic.prob.infer.Particle;
import dev.epic.prob.infer.RuntimePlan;
import dev.epic.prob.infer.SymbolicState;
import dev.epic.prob.rand.RandomStream;
import dev.epic.prob.sym.SymWork;
import dev.epic.spi.ExternalFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;

/**
 * One run of a probabilistic program by sequential Monte Carlo (SIREN.md §4.7): N particles, each a machine with
 * its own symbolic state and log-weight, run to their next {@code resample()} or their end; then every particle is
 * resampled (multinomial, at every {@code resample()}, no threshold), duplicates copied, and log-weights reset; and
 * so on until all have ended. The result is the weighted posterior mean of the returned values.
 *
 * <p>Randomness is a stream per (seed, resampling step, particle index), the ancestors of step s are drawn from
 * the stream (seed, s, {@link #RESAMPLER}), and every sum over particles is taken in particle-index order: so a seed
 * gives the same answer, bit for bit, however the particles are run — one after another on the caller's thread
 * ({@link #run()}), or in partitions owned by actors on all cores ({@link #run(ActorSystem)}), where only weights go
 * to the coordinator at each resample.
 *
 * <p>Holds what the particles share: the program, declarations by site, external calls (answered once per
 * arguments: calls are pure), the memory budget, limits and the events of the run.
 */
public final class ParticleRun {
    /** The index of the stream the ancestors of each resampling step are drawn from: no particle has it. */
    static final long RESAMPLER = -1;
    private static final long SLICE = 1_000_000;

    /** How the particles are used: a particle filter (SIREN.md §4.7) or a Metropolis–Hastings chain (§4.8). */
    public enum Handler { SMC, MH }

    /**
     * What a run is asked to do; {@code partitions} is how many actors share the particles (1: the caller alone).
     * With {@link Handler#MH}, {@code particles} is the number of iterations of the chain ({@link MhRun}), which runs
     * on the caller's thread whatever the partitions.
     */
    public record Options(Algorithm method, int particles, long seed, RunOptions limits, int partitions, Handler handler) {
        public Options {
            if (particles < 1) {
                throw new IllegalArgumentException("the number of particles must be at least 1");
            }
            if (partitions < 1) {
                throw new IllegalArgumentException("the number of partitions must be at least 1");
            }
            java.util.Objects.requireNonNull(handler, "handler");
        }

        public Options(Algorithm method, int particles, long seed, RunOptions limits, int partitions) {
            this(method, particles, seed, limits, partitions, Handler.SMC);
        }

        public Options(Algorithm method, int particles, long seed, RunOptions limits) {
            this(method, particles, seed, limits, 1, Handler.SMC);
        }

        public Options withPartitions(int n) {
            return new Options(method, particles, seed, limits, n, handler);
        }

        public Options withHandler(Handler h) {
            return new Options(method, particles, seed, limits, partitions, h);
        }
    }

    /** What it is told as it goes: each resample, and warnings (weights all zero). */
    public interface Listener {
        Listener NONE = new Listener() { };

        default void resampled(int step, double ess, int particles, long elapsedNanos) {}

        default void warning(String message) {}

        /**
         * At the end: each particle's mean and normalised weight, in particle-index order (tests look inside); for
         * a Metropolis–Hastings run, the means of the chain's states after burn-in, in order, weights all 1.
         */
        default void particles(List<Value> means, double[] weights) {}

        /** At the end of a Metropolis–Hastings run: the fraction of proposals accepted. */
        default void acceptance(double rate) {}
    }

    private final Program program;
    private final Options options;
    private final Listener listener;
    private final MemoryBudget budget;
    private final CallLog calls;
    private final Map<Span, Decl> decls = new ConcurrentHashMap<>();
    private final long deadline;
    private final AtomicLong reductions = new AtomicLong();
    private final List<Double> ess = new ArrayList<>();
    private volatile boolean cancelled;
    private long start;

    public ParticleRun(Program program, Options options, Listener listener) {
        this.program = program;
        this.options = options;
        this.listener = listener;
        this.budget = options.limits().newBudget();
        this.calls = new CallLog(options.limits().events());
        this.deadline = System.nanoTime() + options.limits().timeout().toNanos();
    }

    Options options() {
        return options;
    }

    /** Stops the run at its next slice. */
    public void cancel() {
        cancelled = true;
    }

    /** Runs the program on the caller's thread to its posterior mean, or to the first error in particle-index order. */
    public ProbResult run() {
        start = System.nanoTime();
        if (options.handler() == Handler.MH) {
            return new MhRun(this).run();
        }
        int n = options.particles();
        try {
            Slot[] slots = new Slot[n];
            for (int i = 0; i < n; i++) {
                slots[i] = newSlot(i);
            }
            for (int step = 1; ; step++) {
                boolean allDone = true;
                for (Slot s : slots) {
                    if (!s.done) {
                        advance(s);
                        allDone &= s.done;
                    }
                }
                if (allDone) {
                    break;
                }
                int[] parents = ancestors(logWeights(slots), step);
                boolean[] taken = new boolean[n];
                Slot[] next = new Slot[n];
                for (int k = 0; k < n; k++) {
                    int a = parents[k];
                    next[k] = slots[a].offspring(this, step, k, !taken[a]);
                    taken[a] = true;
                }
                slots = next;
            }
            List<Value> means = new ArrayList<>(n);
            RuntimePlan plan = RuntimePlan.empty();
            for (Slot s : slots) {
                means.add(mean(s));
                plan = plan.join(s.host.state().plan());
            }
            return finish(means, logWeights(slots), plan);
        } catch (EvalError e) {
            return failed(e);
        } catch (Throwable t) {
            return failed(Failures.of(t, Span.NONE, null));
        }
    }

    /**
     * Runs the program with its particles split into {@link Options#partitions} contiguous ranges, each owned by a
     * {@link ParticlePartition} actor of {@code system}: the same result as {@link #run()}, on as many cores.
     */
    public ProbResult run(ActorSystem<SpawnProtocol.Command> system) {
        if (options.partitions() == 1 || options.handler() == Handler.MH) {
            return run();
        }
        start = System.nanoTime();
        try {
            return new PartitionedRun(this, system).run();
        } catch (EvalError e) {
            return failed(e);
        } catch (Throwable t) {
            return failed(Failures.of(t, Span.NONE, null));
        }
    }

    // ---- the steps of a run, shared by both ways of running it ------------------------------------------------------

    /** Particle {@code index}, at the start of the program. */
    Slot newSlot(int index) {
        ParticleHost host = new ParticleHost(this, new Particle(SymbolicState.create(options.method(),
                new RandomStream(options.seed(), 0, index))));
        host.index = index;
        return new Slot(Machine.forProgram(program.code(), program.globals(), host, false), host);
    }

    /** Runs one particle to its next pause, its end, or its error (thrown). */
    void advance(Slot s) {
        Machine m = s.machine;
        SymWork work = SymWork.current();
        SymWork.Guard outer = work.guard(guard(m, s.host.state()));
        try {
            advance(s, m);
        } finally {
            work.guard(outer);
        }
    }

    private void advance(Slot s, Machine m) {
        if (s.paused) {
            m.resume();
            s.paused = false;
        }
        while (true) {
            long before = m.reductions();
            Machine.Outcome o = m.run(SLICE);
            long total = reductions.addAndGet(m.reductions() - before);
            switch (o) {
                case DONE:
                    s.done = true;
                    s.result = m.result();
                    return;
                case PAUSED:
                    s.paused = true;
                    return;
                case FAILED:
                    throw m.error();
                case YIELDED:
                    checkLimits(m, total);
                    break;
                default:
                    throw new IllegalStateException("a particle's machine " + o);
            }
        }
    }

    private void checkLimits(Machine m, long total) {
        if (total > options.limits().maxSteps()) {
            throw Limits.stepLimit(options.limits().maxSteps(), m.chain());
        }
        if (cancelled) {
            throw Limits.cancelled();
        }
        if (System.nanoTime() > deadline) {
            throw Limits.timeout(options.limits().timeout());
        }
    }

    /**
     * The guard of the symbolic work of a particle's machine {@code m} (SymWork): long symbolic operations happen
     * inside one reduction, so they look at the run's cancel flag and deadline themselves. The nodes they build are
     * charged to the machine (which measures what it holds, its values included, against the memory budget when
     * enough is charged); and since the particle's symbolic state is not the machine's to measure, once the work has
     * built a quarter of the budget (at least 256 KiB) since the last look the state is measured here, and the run
     * stops with the budget's error if it alone is over the limit.
     */
    SymWork.Guard guard(Machine m, SymbolicState state) {
        long[] sinceLook = new long[1];
        return built -> {
            if (cancelled) {
                throw Limits.cancelled();
            }
            if (System.nanoTime() > deadline) {
                throw Limits.timeout(options.limits().timeout());
            }
            if (built > 0) {
                long bytes = built * NODE_BYTES;
                if (m != null) {
                    m.charge(bytes);
                }
                if (budget.limited() && (sinceLook[0] += bytes) >= Math.max(budget.limitBytes() / 4, 256 << 10)) {
                    sinceLook[0] = 0;
                    if (state.measure(budget.limitBytes()) > budget.limitBytes()) {
                        throw new EvalError(EvalError.Kind.MEMORY, "memory limit of " + mib(budget.limitBytes())
                                + " exceeded (by one particle's symbolic state)", Span.NONE, null);
                    }
                }
            }
        };
    }

    private static String mib(long bytes) {
        long m = bytes / (1024 * 1024);
        return m * 1024 * 1024 == bytes ? m + " MiB" : String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }

    /** What an expression node costs, in bytes: a header and up to three references. */
    private static final long NODE_BYTES = 32;

    /** Time left before the run's timeout, in milliseconds (at least 1). */
    long millisLeft() {
        return Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
    }

    static double[] logWeights(Slot[] slots) {
        double[] w = new double[slots.length];
        for (int i = 0; i < slots.length; i++) {
            w[i] = slots[i].logWeight();
        }
        return w;
    }

    /**
     * The ancestors of resampling step {@code step}: N indices drawn with replacement in proportion to the weights
     * (uniform, with a warning, if every weight is zero), from the step's own stream. Records the effective sample
     * size and tells the listener.
     */
    int[] ancestors(double[] logWeights, int step) {
        int n = logWeights.length;
        double[] w = normalised(logWeights);
        double sum = 0;
        double sq = 0;
        double[] cumulative = new double[n];
        for (int i = 0; i < n; i++) {
            sum += w[i];
            sq += w[i] * w[i];
            cumulative[i] = sum;
        }
        ess.add(sum * sum / sq);
        RandomStream draw = new RandomStream(options.seed(), step, RESAMPLER);
        int[] parents = new int[n];
        for (int k = 0; k < n; k++) {
            double u = draw.nextDouble() * sum;
            int a = java.util.Arrays.binarySearch(cumulative, u);
            parents[k] = a >= 0 ? Math.min(a + 1, n - 1) : Math.min(-a - 1, n - 1);
        }
        listener.resampled(step, sum * sum / sq, n, System.nanoTime() - start);
        return parents;
    }

    /** Weights proportional to exp(log-weight), largest 1; all 1 (with a warning) if every weight is zero. */
    private double[] normalised(double[] logWeights) {
        int n = logWeights.length;
        double max = Double.NEGATIVE_INFINITY;
        for (double lw : logWeights) {
            max = Math.max(max, lw);
        }
        double[] w = new double[n];
        if (max == Double.NEGATIVE_INFINITY || Double.isNaN(max)) {
            listener.warning("every particle has weight zero (each observation was impossible for all of them); "
                    + "the weights are taken as equal");
            java.util.Arrays.fill(w, 1);
            return w;
        }
        for (int i = 0; i < n; i++) {
            w[i] = Double.isNaN(logWeights[i]) ? 0 : Math.exp(logWeights[i] - max);
        }
        return w;
    }

    /** The posterior mean of one particle's value (computing it may sample, and so break a plan). */
    Value mean(Slot s) {
        SymWork work = SymWork.current();
        SymWork.Guard outer = work.guard(guard(s.machine, s.host.state()));
        try {
            return s.host.mean(s.result, program.code().span());
        } finally {
            work.guard(outer);
        }
    }

    /** The weighted average of the particles' means, with the plan joined over them. */
    ProbResult finish(List<Value> means, double[] logWeights, RuntimePlan plan) {
        double[] w = normalised(logWeights);
        double total = 0;
        for (double x : w) {
            total += x;
        }
        Value mean = Posterior.average(means, w, total, program.code().span());
        listener.particles(means, w);
        return new ProbResult(mean, null, plan, stats());
    }

    void acceptance(double rate) {
        listener.acceptance(rate);
    }

    ProbResult failed(EvalError e) {
        return new ProbResult(null, e, RuntimePlan.empty(), stats());
    }

    private ProbResult.Stats stats() {
        return new ProbResult.Stats(options.method(), options.particles(), options.seed(), (System.nanoTime() - start) / 1_000_000,
                ess.size(), List.copyOf(ess), reductions.get(), calls.calls());
    }

    // ---- what particles share ---------------------------------------------------------------------------------------

    MemoryBudget budget() {
        return budget;
    }

    /** The declaration at {@code site}: one per site, shared by every random variable made there. */
    Decl decl(String annotation, String name, Span site) {
        Decl known = decls.get(site);
        return known != null ? known : decls.computeIfAbsent(site, s -> new Decl(name, ParticleHost.annotation(annotation), s));
    }

    /** An external call, answered once for given arguments and then from memory (calls are pure). */
    Value call(ExternalFn fn, List<Value> args, Span site) {
        String key = CallLog.key(fn.name(), args);
        Value known = calls.cached(key);
        if (known != null) {
            return known;
        }
        long id = calls.dispatched(fn.name());
        try {
            CompletionStage<Value> stage = ExternalFunction.of(fn).call(args, calls.context(id, fn.name(), v -> { }));
            if (stage == null) {
                throw new IllegalStateException("the function returned no answer");
            }
            Value v = stage.toCompletableFuture().get(millisLeft(), TimeUnit.MILLISECONDS);
            calls.resolved(id, fn.name(), key, v);
            return v;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            calls.failed(id, fn.name(), "cancelled");
            throw Limits.cancelled();
        } catch (TimeoutException e) {
            calls.failed(id, fn.name(), "timed out");
            throw Limits.timeout(options.limits().timeout());
        } catch (ExecutionException e) {
            EvalError error = Limits.callThrew(fn.name(), e.getCause(), site);
            calls.failed(id, fn.name(), error.getMessage());
            throw error;
        } catch (Throwable t) {
            EvalError error = Limits.callThrew(fn.name(), t, site);
            calls.failed(id, fn.name(), error.getMessage());
            throw error;
        }
    }

    /** {@code print} in a particle: only the particle at index 0 prints, so a program prints once, not N times. */
    void output(ParticleHost from, Value v) {
        if (from.index == 0) {
            calls.output(v);
        }
    }
}
