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
import dev.epic.spi.ExternalFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One run of a probabilistic program by sequential Monte Carlo (SIREN.md §4.7): N particles, each a machine with
 * its own symbolic state and log-weight, run in particle-index order to their next {@code resample()} or their end;
 * then every particle is resampled (multinomial, at every {@code resample()}, no threshold), duplicates copied, and
 * log-weights reset; and so on until all have ended. The result is the weighted posterior mean of the returned
 * values. Randomness is a stream per (seed, resampling step, particle index), and the ancestors of step s are drawn
 * from the stream (seed, s, {@link #RESAMPLER}); so a seed gives one answer however the particles are run.
 *
 * <p>Holds what the particles share: the program, declarations by site, external calls (answered once per
 * arguments: calls are pure), the memory budget, limits and the events of the run.
 */
public final class ParticleRun {
    /** The index of the stream the ancestors of each resampling step are drawn from: no particle has it. */
    static final long RESAMPLER = -1;
    private static final long SLICE = 1_000_000;

    /** What a run is asked to do. */
    public record Options(Algorithm method, int particles, long seed, RunOptions limits) {
        public Options {
            if (particles < 1) {
                throw new IllegalArgumentException("the number of particles must be at least 1");
            }
        }
    }

    /** What it is told as it goes: each resample, and warnings (weights all zero). */
    public interface Listener {
        Listener NONE = new Listener() { };

        default void resampled(int step, double ess, int particles, long elapsedNanos) {}

        default void warning(String message) {}

        /** At the end: each particle's mean and normalised weight, in particle-index order (tests look inside). */
        default void particles(List<Value> means, double[] weights) {}
    }

    private final Program program;
    private final Options options;
    private final Listener listener;
    private final MemoryBudget budget;
    private final CallLog calls;
    private final Map<Span, Decl> decls = new ConcurrentHashMap<>();
    private final long deadline;
    private volatile boolean cancelled;
    private long reductions;
    private final List<Double> ess = new ArrayList<>();

    public ParticleRun(Program program, Options options, Listener listener) {
        this.program = program;
        this.options = options;
        this.listener = listener;
        this.budget = options.limits().newBudget();
        this.calls = new CallLog(options.limits().events());
        this.deadline = System.nanoTime() + options.limits().timeout().toNanos();
    }

    /** One particle: its machine and host. */
    private static final class Slot {
        Machine machine;
        ParticleHost host;
        boolean paused;
        boolean done;
        Value result;

        Slot(Machine machine, ParticleHost host) {
            this.machine = machine;
            this.host = host;
        }
    }

    /** Stops the run at its next slice. */
    public void cancel() {
        cancelled = true;
    }

    /** Runs the program to its posterior mean, or to the first error in particle-index order. */
    public ProbResult run() {
        long start = System.nanoTime();
        int n = options.particles();
        Slot[] slots = new Slot[n];
        try {
            for (int i = 0; i < n; i++) {
                ParticleHost host = new ParticleHost(this, new Particle(SymbolicState.create(options.method(),
                        new RandomStream(options.seed(), 0, i))));
                host.index = i;
                slots[i] = new Slot(Machine.forProgram(program.code(), program.globals(), host, false), host);
            }
            int step = 0;
            while (true) {
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
                step++;
                resample(slots, step);
                listener.resampled(step, ess.get(ess.size() - 1), n, System.nanoTime() - start);
            }
            return finish(slots, start);
        } catch (EvalError e) {
            return failed(e, start);
        } catch (Throwable t) {
            return failed(Failures.of(t, Span.NONE, null), start);
        }
    }

    /** Runs one particle to its next pause, its end, or its error. */
    private void advance(Slot s) {
        Machine m = s.machine;
        if (s.paused) {
            m.resume();
            s.paused = false;
        }
        while (true) {
            long before = m.reductions();
            Machine.Outcome o = m.run(SLICE);
            reductions += m.reductions() - before;
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
                    checkLimits(m);
                    break;
                default:
                    throw new IllegalStateException("a particle's machine " + o);
            }
        }
    }

    private void checkLimits(Machine m) {
        if (reductions > options.limits().maxSteps()) {
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
     * Multinomial resampling: N ancestors drawn in proportion to the weights (uniform, with a warning, if every
     * weight is zero); the first offspring of a particle keeps its machine and state, each further one is a copy;
     * every offspring's stream becomes (seed, step, its new index) and its log-weight 0.
     */
    private void resample(Slot[] slots, int step) {
        int n = slots.length;
        double[] w = normalisedWeights(slots);
        double sum = 0;
        double sq = 0;
        for (double x : w) {
            sum += x;
            sq += x * x;
        }
        ess.add(sum * sum / sq);
        double[] cumulative = new double[n];
        double acc = 0;
        for (int i = 0; i < n; i++) {
            acc += w[i];
            cumulative[i] = acc;
        }
        RandomStream draw = new RandomStream(options.seed(), step, RESAMPLER);
        boolean[] taken = new boolean[n];
        Slot[] next = new Slot[n];
        for (int k = 0; k < n; k++) {
            double u = draw.nextDouble() * acc;
            int a = java.util.Arrays.binarySearch(cumulative, u);
            a = a >= 0 ? Math.min(a + 1, n - 1) : Math.min(-a - 1, n - 1);
            Slot parent = slots[a];
            next[k] = taken[a] ? copy(parent, step, k) : parent;
            if (!taken[a]) {
                taken[a] = true;
                parent.host.particle().reseed(step, k);
            }
            next[k].host.particle().setLogWeight(0);
            next[k].host.index = k;
        }
        System.arraycopy(next, 0, slots, 0, n);
    }

    private Slot copy(Slot parent, int step, int index) {
        ParticleHost host = new ParticleHost(this, parent.host.particle().copy(step, index));
        Slot c = new Slot(parent.done ? null : parent.machine.copy(host), host);
        c.paused = parent.paused;
        c.done = parent.done;
        c.result = parent.result;
        return c;
    }

    /** Weights proportional to exp(log-weight), largest 1; all 1 (with a warning) if every weight is zero. */
    private double[] normalisedWeights(Slot[] slots) {
        int n = slots.length;
        double max = Double.NEGATIVE_INFINITY;
        for (Slot s : slots) {
            max = Math.max(max, s.host.particle().logWeight());
        }
        double[] w = new double[n];
        if (max == Double.NEGATIVE_INFINITY || Double.isNaN(max)) {
            listener.warning("every particle has weight zero (each observation was impossible for all of them); "
                    + "the weights are taken as equal");
            java.util.Arrays.fill(w, 1);
            return w;
        }
        for (int i = 0; i < n; i++) {
            double lw = slots[i].host.particle().logWeight();
            w[i] = Double.isNaN(lw) ? 0 : Math.exp(lw - max);
        }
        return w;
    }

    /** The weighted posterior mean of the particles' values, and the runtime plan joined over the particles. */
    private ProbResult finish(Slot[] slots, long start) {
        double[] w = normalisedWeights(slots);
        double total = 0;
        for (double x : w) {
            total += x;
        }
        Span site = program.code().span();
        List<Value> means = new ArrayList<>(slots.length);
        RuntimePlan plan = RuntimePlan.empty();
        for (Slot s : slots) {
            means.add(s.host.mean(s.result, site));
            plan = plan.join(s.host.state().plan());
        }
        Value mean = Posterior.average(means, w, total, site);
        listener.particles(means, w);
        return new ProbResult(mean, null, plan, stats(start, slots.length));
    }

    private ProbResult failed(EvalError e, long start) {
        return new ProbResult(null, e, RuntimePlan.empty(), stats(start, options.particles()));
    }

    private ProbResult.Stats stats(long start, int particles) {
        return new ProbResult.Stats(options.method(), particles, options.seed(), (System.nanoTime() - start) / 1_000_000,
                ess.size(), List.copyOf(ess), reductions, calls.calls());
    }

    // ---- what particles share --------------------------------------------------------------------------------------

    MemoryBudget budget() {
        return budget;
    }

    /** The declaration at {@code site}: one per site, shared by every random variable made there. */
    Decl decl(String annotation, String name, Span site) {
        return decls.computeIfAbsent(site, s -> new Decl(name, ParticleHost.annotation(annotation), s));
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
            long wait = Math.max(0, deadline - System.nanoTime());
            Value v = stage.toCompletableFuture().get(wait, TimeUnit.NANOSECONDS);
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
