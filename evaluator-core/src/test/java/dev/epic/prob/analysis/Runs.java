package dev.epic.prob.analysis;

import dev.epic.engine.RunOptions;
import dev.epic.host.StandardLanguage;
import dev.epic.lang.compile.Program;
import dev.epic.lang.syntax.Source;
import dev.epic.prob.infer.Algorithm;
import dev.epic.prob.smc.ParticleRun;
import dev.epic.prob.smc.ProbResult;
import dev.epic.tools.ExternalRegistry;
import java.nio.file.Path;

/** Runs programs with particles, to check the analysis's verdicts against what inference does. */
final class Runs {
    private Runs() {}

    static Program compile(Source source, Path baseDir) {
        ExternalRegistry registry = ExternalRegistry.withDefaults()
                .register(new dev.epic.tools.FileReadTool(baseDir, 1 << 20));
        return StandardLanguage.compile(source, registry);
    }

    /** The plan violation a run raised, or null (another error, or none). */
    static String violation(Program program, Algorithm method, int particles, long seed) {
        ProbResult r = new ParticleRun(program, new ParticleRun.Options(method, particles, seed, RunOptions.defaults()),
                new ParticleRun.Listener() {}).run();
        if (r.error() != null && r.error().getMessage().contains("is annotated as symbolic but will be sampled")) {
            return r.error().getMessage();
        }
        return null;
    }
}
