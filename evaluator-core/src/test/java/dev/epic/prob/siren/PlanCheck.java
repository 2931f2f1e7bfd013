package dev.epic.prob.siren;

import dev.epic.engine.RunOptions;
import dev.epic.lang.compile.Program;
import dev.epic.lang.eval.EvalError;
import dev.epic.prob.infer.Algorithm;
import dev.epic.prob.smc.ParticleRun;
import dev.epic.prob.smc.ProbResult;
import java.time.Duration;

/**
 * Whether a plan runs without a plan violation (SIREN.md §5.3): the program is run with a few particles under a
 * list of seeds, each run with its own timeout, and the first run that does not end normally decides. A plan is
 * {@link Kind#SATISFIED} only if every seed's run ends with a value.
 */
public final class PlanCheck {
    private static final String VIOLATION = " is annotated as symbolic but will be sampled";

    private PlanCheck() {}

    public enum Kind { SATISFIED, VIOLATED, TIMED_OUT, FAILED }

    /** The verdict; for anything but {@code SATISFIED}, the seed that decided it and the error's message. */
    public record Verdict(Kind kind, long seed, String detail, long millis) {
        public boolean satisfied() {
            return kind == Kind.SATISFIED;
        }

        /** The variable a violation names (empty otherwise). */
        public String variable() {
            return kind == Kind.VIOLATED ? detail.substring(0, detail.indexOf(VIOLATION)) : "";
        }

        public String brief() {
            switch (kind) {
                case SATISFIED:
                    return "ok";
                case VIOLATED:
                    return variable() + "@" + seed;
                case TIMED_OUT:
                    return "timeout@" + seed;
                default:
                    return "error@" + seed;
            }
        }
    }

    /** Runs {@code program} once per seed 1..{@code seeds}; stops at the first run that does not give a value. */
    public static Verdict check(Program program, Algorithm method, int particles, int seeds, Duration timeout) {
        long start = System.nanoTime();
        RunOptions limits = RunOptions.defaults().withTimeout(timeout);
        for (long seed = 1; seed <= seeds; seed++) {
            ProbResult r = new ParticleRun(program, new ParticleRun.Options(method, particles, seed, limits),
                    ParticleRun.Listener.NONE).run();
            if (!r.ok()) {
                return new Verdict(classify(r.error()), seed, r.error().getMessage(), elapsed(start));
            }
        }
        return new Verdict(Kind.SATISFIED, 0, "", elapsed(start));
    }

    /** One run, seed {@code seed}. */
    public static Verdict checkSeed(Program program, Algorithm method, int particles, long seed, Duration timeout) {
        long start = System.nanoTime();
        ProbResult r = new ParticleRun(program, new ParticleRun.Options(method, particles, seed,
                RunOptions.defaults().withTimeout(timeout)), ParticleRun.Listener.NONE).run();
        if (!r.ok()) {
            return new Verdict(classify(r.error()), seed, r.error().getMessage(), elapsed(start));
        }
        return new Verdict(Kind.SATISFIED, 0, "", elapsed(start));
    }

    static Kind classify(EvalError e) {
        if (e.kind() == EvalError.Kind.TIMEOUT || e.kind() == EvalError.Kind.CANCELLED) {
            return Kind.TIMED_OUT;
        }
        return e.getMessage() != null && e.getMessage().contains(VIOLATION) ? Kind.VIOLATED : Kind.FAILED;
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
