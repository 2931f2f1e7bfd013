package dev.epic.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.epic.engine.RunOptions;
import dev.epic.lang.compile.Program;
import dev.epic.prob.infer.Algorithm;
import dev.epic.prob.lang.ProbModule;
import dev.epic.prob.smc.ParticleRun;
import dev.epic.prob.smc.ProbResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;

/**
 * {@code epic run} on a probabilistic program: particles to the posterior mean, printed as one value; warnings to
 * stderr; the statistics of the run (method, particles, seed, runtime plan, inference time, effective sample sizes)
 * to {@code --stats}; progress on stderr when it is a terminal and the run takes more than a second.
 */
final class ProbabilisticRun {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a run goes before it shows progress. */
    private static final long PROGRESS_AFTER_NANOS = 1_000_000_000L;

    /** What the command line asked for. */
    record Settings(Algorithm method, int particles, long seed, int partitions, Path stats, boolean progress,
                    ParticleRun.Handler handler) {}

    private ProbabilisticRun() {}

    /**
     * Whether {@code program} is run by particles: a {@code .si} file, or one that uses a random variable,
     * {@code observe}, {@code factor} or {@code resample}.
     */
    static boolean isProbabilistic(Path file, Program program) {
        return file.getFileName().toString().endsWith(".si")
                || !Collections.disjoint(program.usedGlobals(), ProbModule.CONSTRUCTS);
    }

    /** Runs it; returns the exit status (0 a value, 1 an error in the program). */
    static int run(Program program, Settings s, RunOptions limits, ActorSystem<SpawnProtocol.Command> system,
                   PrintWriter out, PrintWriter err) throws IOException {
        Progress progress = new Progress(s.progress(), s.particles());
        ParticleRun.Listener listener = new ParticleRun.Listener() {
            @Override
            public void resampled(int step, double ess, int particles, long elapsedNanos) {
                progress.step(step, ess, elapsedNanos);
            }

            @Override
            public void warning(String message) {
                synchronized (err) {
                    progress.pause();
                    err.println(program.name() + ": warning: " + message);
                    err.flush();
                }
            }
        };
        ParticleRun run = new ParticleRun(program,
                new ParticleRun.Options(s.method(), s.particles(), s.seed(), limits, s.partitions())
                        .withHandler(s.handler()), listener);
        ProbResult result;
        try {
            result = s.partitions() == 1 ? run.run() : run.run(system);
        } finally {
            progress.close();
        }
        String printed = result.ok() ? RunOutput.display(result.mean(), program.name(), err) : null;
        writeStats(s, result, printed);
        return RunOutput.finish(out, err, printed, result.error(), program.name());
    }

    private static void writeStats(Settings s, ProbResult r, String printed) throws IOException {
        if (s.stats() == null) {
            return;
        }
        ProbResult.Stats st = r.stats();
        ObjectNode o = JSON.createObjectNode();
        o.put("ok", r.ok());
        if (printed != null) {
            o.put("result", printed);
        } else {
            o.putNull("result");
        }
        if (!r.ok()) {
            o.put("error", r.error().getMessage());
            o.put("error_at", r.error().span().toString());
        }
        o.put("method", s.method().name().toLowerCase(Locale.ROOT));
        o.put("particles", s.particles());
        o.put("seed", s.seed());
        o.put("partitions", s.partitions());
        o.put("handler", s.handler().name().toLowerCase(Locale.ROOT));
        ObjectNode plan = o.putObject("plan");
        r.plan().encodings().forEach((name, encoding) -> plan.put(name, encoding.toString()));
        if (st != null) {
            o.put("eval_ms", st.evalMs());
            o.put("resamples", st.resamples());
            ArrayNode ess = o.putArray("ess");
            st.ess().forEach(ess::add);
            o.put("reductions", st.reductions());
            o.put("external_calls", st.externalCalls());
        }
        Files.writeString(s.stats(), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n",
                StandardCharsets.UTF_8);
    }

    /**
     * A progress bar on stderr (step, particles per second, effective sample size), shown only when asked (stderr is
     * a terminal) and once the run has gone on for a second. The total number of steps is not known in advance.
     */
    private static final class Progress {
        private final boolean enabled;
        private final int particles;
        private ProgressBar bar;

        Progress(boolean enabled, int particles) {
            this.enabled = enabled;
            this.particles = particles;
        }

        synchronized void step(int step, double ess, long elapsedNanos) {
            if (!enabled || elapsedNanos < PROGRESS_AFTER_NANOS) {
                return;
            }
            if (bar == null) {
                bar = new ProgressBarBuilder().setTaskName("inference").setInitialMax(-1)
                        .setStyle(ProgressBarStyle.ASCII).setUnit(" steps", 1).continuousUpdate().build();
            }
            bar.stepTo(step);
            double perSecond = (double) step * particles / (elapsedNanos / 1e9);
            bar.setExtraMessage(String.format(Locale.ROOT, "%.3g particle-steps/s, ess %.1f", perSecond, ess));
        }

        /** Before a line of its own is written to stderr. */
        synchronized void pause() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }

        synchronized void close() {
            pause();
        }
    }
}
