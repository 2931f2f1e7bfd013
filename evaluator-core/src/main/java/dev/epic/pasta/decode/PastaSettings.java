package dev.epic.pasta.decode;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * How PASTA answers are decoded ({@code epic.pasta} in {@code reference.conf}, which documents every key).
 *
 * <ul>
 *   <li>{@code endpoint}: the model endpoint (null: the default one);</li>
 *   <li>{@code template}, {@code sequentialTemplate}: how an instruction becomes the model's prompt for annotated
 *       and for plain (sequential) decoding; {@code {prompt}} stands for the instruction;</li>
 *   <li>a chunk's budget is {@code ceil(budgetFactor · tokens) + budgetSlack}, at most {@code maxChunkTokens};
 *       {@code maxTotalTokens} caps the tokens of the whole answer; a main-thread decode asks for at most
 *       {@code mainShare} of what is left of the cap; {@code defaultPromiseTokens} is the hint of a promise that
 *       gives none;</li>
 *   <li>{@code maxRounds}: most sync rounds (main-thread decodes) per answer;</li>
 *   <li>{@code temperature}, {@code seed}: passed to every decode (null: the server's default);</li>
 *   <li>{@code timeout}: bound on one answer, all its decodes together;</li>
 *   <li>{@code limits}: the largest values callers may ask for in options.</li>
 * </ul>
 */
public record PastaSettings(String endpoint, String template, String sequentialTemplate, StitchLayout layout,
                            double budgetFactor, int budgetSlack, int maxChunkTokens, int maxTotalTokens, double mainShare,
                            int defaultPromiseTokens, int maxRounds, Double temperature, Long seed, Duration timeout, Limits limits) {
    public static final String PLACEHOLDER = "{prompt}";

    /** What callers may ask for ({@code epic.pasta.limits}). */
    public record Limits(double maxBudgetFactor, int maxTokens, int maxRounds, int maxPrompts) {
        static Limits fromConfig(Config c) {
            return new Limits(c.getDouble("max-budget-factor"), c.getInt("max-tokens"), c.getInt("max-rounds"), c.getInt("max-prompts"));
        }
    }

    public PastaSettings {
        if (!(budgetFactor > 0) || budgetSlack < 0 || maxChunkTokens < 1 || maxTotalTokens < 1 || defaultPromiseTokens < 1
                || maxRounds < 1 || !(mainShare > 0 && mainShare <= 1)) {
            throw new IllegalArgumentException("epic.pasta: budgets, caps and max-rounds must be positive, main-share in (0, 1]");
        }
        if (!template.contains(PLACEHOLDER) || !sequentialTemplate.contains(PLACEHOLDER)) {
            throw new IllegalArgumentException("epic.pasta: templates must contain " + PLACEHOLDER);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("epic.pasta: timeout must be positive");
        }
    }

    /** The settings of {@code reference.conf}, so that code and configuration cannot disagree on a default. */
    public static PastaSettings defaults() {
        return fromConfig(ConfigFactory.defaultReference());
    }

    public static PastaSettings fromConfig(Config root) {
        Config c = root.getConfig("epic.pasta");
        String endpoint = c.getString("endpoint");
        return new PastaSettings(endpoint.isEmpty() ? null : endpoint, c.getString("template"), c.getString("sequential-template"),
                StitchLayout.valueOf(c.getString("layout").toUpperCase()), c.getDouble("budget-factor"), c.getInt("budget-slack"),
                c.getInt("max-chunk-tokens"), c.getInt("max-total-tokens"), c.getDouble("main-share"), c.getInt("default-promise-tokens"),
                c.getInt("max-rounds"), c.hasPath("temperature") ? c.getDouble("temperature") : null,
                c.hasPath("seed") ? c.getLong("seed") : null, c.getDuration("timeout"), Limits.fromConfig(c.getConfig("limits")));
    }

    public String prompt(String instruction) {
        return template.replace(PLACEHOLDER, instruction);
    }

    public String sequentialPrompt(String instruction) {
        return sequentialTemplate.replace(PLACEHOLDER, instruction);
    }

    /** The budget of a chunk promised with this hint, before the global cap. */
    public int chunkBudget(int hint) {
        return (int) Math.min(maxChunkTokens, Math.ceil(budgetFactor * hint) + budgetSlack);
    }

    /** The {@code max_tokens} of a main-thread decode that starts when {@code left} tokens of the cap are left. */
    public long mainBudget(long left) {
        return left < 1 ? 0 : Math.max(1, (long) Math.floor(mainShare * left));
    }

    /** These settings with some values changed: {@code with(b -> b.layout = StitchLayout.APPENDED)}. */
    public PastaSettings with(Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        return b.build();
    }

    public PastaSettings withEndpoint(String e) {
        return with(b -> b.endpoint = e);
    }

    public PastaSettings withLayout(StitchLayout l) {
        return with(b -> b.layout = l);
    }

    public PastaSettings withBudget(double factor, int slack, int maxChunk, int maxTotal) {
        return with(b -> {
            b.budgetFactor = factor;
            b.budgetSlack = slack;
            b.maxChunkTokens = maxChunk;
            b.maxTotalTokens = maxTotal;
        });
    }

    public PastaSettings withMaxRounds(int rounds) {
        return with(b -> b.maxRounds = rounds);
    }

    public PastaSettings withTimeout(Duration t) {
        return with(b -> b.timeout = t);
    }

    /** The record's components, to change some of them (see {@link #with}). */
    public static final class Builder {
        public String endpoint;
        public String template;
        public String sequentialTemplate;
        public StitchLayout layout;
        public double budgetFactor;
        public int budgetSlack;
        public int maxChunkTokens;
        public int maxTotalTokens;
        public double mainShare;
        public int defaultPromiseTokens;
        public int maxRounds;
        public Double temperature;
        public Long seed;
        public Duration timeout;
        public Limits limits;

        private Builder(PastaSettings s) {
            endpoint = s.endpoint;
            template = s.template;
            sequentialTemplate = s.sequentialTemplate;
            layout = s.layout;
            budgetFactor = s.budgetFactor;
            budgetSlack = s.budgetSlack;
            maxChunkTokens = s.maxChunkTokens;
            maxTotalTokens = s.maxTotalTokens;
            mainShare = s.mainShare;
            defaultPromiseTokens = s.defaultPromiseTokens;
            maxRounds = s.maxRounds;
            temperature = s.temperature;
            seed = s.seed;
            timeout = s.timeout;
            limits = s.limits;
        }

        private PastaSettings build() {
            return new PastaSettings(endpoint, template, sequentialTemplate, layout, budgetFactor, budgetSlack, maxChunkTokens,
                    maxTotalTokens, mainShare, defaultPromiseTokens, maxRounds, temperature, seed, timeout, limits);
        }
    }
}
