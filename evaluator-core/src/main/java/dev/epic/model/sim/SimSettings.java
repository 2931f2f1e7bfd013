package dev.epic.model.sim;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Optional;

/**
 * The simulated decoding engine's parameters ({@code epic.sim} in {@code reference.conf}). A decode step with
 * {@code b} active sequences lasts {@code stepMs + perSequenceMs·(b−1)}; a sequence that joins adds
 * {@code prefillMsPerToken} per prompt token to the step it joins in; every duration is multiplied by
 * {@code timeScale}. {@code tasks} names the case-study behaviours ({@link dev.epic.model.sim.tasks.SimTasks}) the
 * in-process engine answers with, besides the rules file and the default generator; none unless named, so that a
 * program meets the plain simulated model unless its configuration opts in.
 */
public record SimSettings(String model, double stepMs, double perSequenceMs, double prefillMsPerToken, int maxBatch,
                          Mode mode, double timeScale, int defaultMaxTokens, Optional<String> rulesFile, FaultMix faults,
                          List<String> tasks) {

    /** Every case-study behaviour, in the order the engine tries them (what the examples and benchmarks enable). */
    public static final List<String> ALL_TASKS = List.of("game24", "tool-use", "number-answers", "pasta");

    /** Continuous batching: sequences join and leave between steps. Static: one request's prompts at a time. */
    public enum Mode { CONTINUOUS, STATIC }

    public SimSettings {
        if (maxBatch < 1 || stepMs < 0 || perSequenceMs < 0 || prefillMsPerToken < 0 || timeScale < 0 || defaultMaxTokens < 1) {
            throw new IllegalArgumentException("invalid simulated engine settings");
        }
        faults = faults == null ? FaultMix.NONE : faults;
        tasks = List.copyOf(tasks == null ? List.of() : tasks);
    }

    /** Settings without case-study behaviours, as {@code reference.conf} has them; add some with {@link #withTasks}. */
    public SimSettings(String model, double stepMs, double perSequenceMs, double prefillMsPerToken, int maxBatch,
                       Mode mode, double timeScale, int defaultMaxTokens, Optional<String> rulesFile, FaultMix faults) {
        this(model, stepMs, perSequenceMs, prefillMsPerToken, maxBatch, mode, timeScale, defaultMaxTokens, rulesFile, faults, null);
    }

    /** Settings without injected faults. */
    public SimSettings(String model, double stepMs, double perSequenceMs, double prefillMsPerToken, int maxBatch,
                       Mode mode, double timeScale, int defaultMaxTokens, Optional<String> rulesFile) {
        this(model, stepMs, perSequenceMs, prefillMsPerToken, maxBatch, mode, timeScale, defaultMaxTokens, rulesFile, FaultMix.NONE);
    }

    public static SimSettings fromConfig(Config root) {
        Config c = root.getConfig("epic.sim");
        return new SimSettings(c.getString("model"), c.getDouble("step-ms"), c.getDouble("per-sequence-ms"),
                c.getDouble("prefill-ms-per-token"), c.getInt("max-batch"),
                Mode.valueOf(c.getString("mode").toUpperCase()), c.getDouble("time-scale"), c.getInt("default-max-tokens"),
                c.getString("rules-file").isEmpty() ? Optional.empty() : Optional.of(c.getString("rules-file")),
                FaultMix.parse(c.getString("faults.mix"), c.getLong("faults.seed"), c.getDuration("faults.timeout-delay")),
                c.getStringList("tasks"));
    }

    public SimSettings withMode(Mode m) {
        return new SimSettings(model, stepMs, perSequenceMs, prefillMsPerToken, maxBatch, m, timeScale, defaultMaxTokens, rulesFile, faults, tasks);
    }

    public SimSettings withTimeScale(double s) {
        return new SimSettings(model, stepMs, perSequenceMs, prefillMsPerToken, maxBatch, mode, s, defaultMaxTokens, rulesFile, faults, tasks);
    }

    public SimSettings withFaults(FaultMix f) {
        return new SimSettings(model, stepMs, perSequenceMs, prefillMsPerToken, maxBatch, mode, timeScale, defaultMaxTokens, rulesFile, f, tasks);
    }

    public SimSettings withMaxBatch(int b) {
        return new SimSettings(model, stepMs, perSequenceMs, prefillMsPerToken, b, mode, timeScale, defaultMaxTokens, rulesFile, faults, tasks);
    }

    public SimSettings withRulesFile(String path) {
        return new SimSettings(model, stepMs, perSequenceMs, prefillMsPerToken, maxBatch, mode, timeScale, defaultMaxTokens,
                Optional.ofNullable(path), faults, tasks);
    }

    /** The same with only the named case-study behaviours (none: the rules file and the default generator only). */
    public SimSettings withTasks(List<String> names) {
        return new SimSettings(model, stepMs, perSequenceMs, prefillMsPerToken, maxBatch, mode, timeScale, defaultMaxTokens,
                rulesFile, faults, names);
    }
}
