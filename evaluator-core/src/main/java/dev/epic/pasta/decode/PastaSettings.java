package dev.epic.pasta.decode;

import com.typesafe.config.Config;

/**
 * How PASTA answers are decoded ({@code epic.pasta} in {@code reference.conf}).
 *
 * <ul>
 *   <li>{@code endpoint}: the model endpoint (null: the default one);</li>
 *   <li>{@code template}, {@code sequentialTemplate}: how an instruction becomes the model's prompt for annotated
 *       and for plain (sequential) decoding; {@code {prompt}} stands for the instruction;</li>
 *   <li>a chunk's budget is {@code ceil(budgetFactor · tokens) + budgetSlack}, at most {@code maxChunkTokens};
 *       {@code maxTotalTokens} caps the tokens of the whole answer; {@code defaultPromiseTokens} is the hint of a
 *       promise that gives none;</li>
 *   <li>{@code maxRounds}: most sync rounds (main-thread decodes) per answer;</li>
 *   <li>{@code temperature}, {@code seed}: passed to every decode (null: the server's default).</li>
 * </ul>
 */
public record PastaSettings(String endpoint, String template, String sequentialTemplate, StitchLayout layout,
                            double budgetFactor, int budgetSlack, int maxChunkTokens, int maxTotalTokens,
                            int defaultPromiseTokens, int maxRounds, Double temperature, Long seed) {
    public static final String PLACEHOLDER = "{prompt}";

    public PastaSettings {
        if (!(budgetFactor > 0) || budgetSlack < 0 || maxChunkTokens < 1 || maxTotalTokens < 1 || defaultPromiseTokens < 1
                || maxRounds < 1) {
            throw new IllegalArgumentException("epic.pasta: budgets, caps and max-rounds must be positive");
        }
        if (!template.contains(PLACEHOLDER) || !sequentialTemplate.contains(PLACEHOLDER)) {
            throw new IllegalArgumentException("epic.pasta: templates must contain " + PLACEHOLDER);
        }
    }

    public static PastaSettings defaults() {
        return new PastaSettings(null, "### Instruction:\n{prompt}\n### Response:\n", "### Instruction:\n{prompt}\n### Plain response:\n",
                StitchLayout.INLINE, 2.0, 16, 1024, 4096, 64, 32, null, null);
    }

    public static PastaSettings fromConfig(Config root) {
        Config c = root.getConfig("epic.pasta");
        String endpoint = c.getString("endpoint");
        return new PastaSettings(endpoint.isEmpty() ? null : endpoint, c.getString("template"), c.getString("sequential-template"),
                StitchLayout.valueOf(c.getString("layout").toUpperCase()), c.getDouble("budget-factor"), c.getInt("budget-slack"),
                c.getInt("max-chunk-tokens"), c.getInt("max-total-tokens"), c.getInt("default-promise-tokens"), c.getInt("max-rounds"),
                null, null);
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

    public PastaSettings withEndpoint(String e) {
        return new PastaSettings(e, template, sequentialTemplate, layout, budgetFactor, budgetSlack, maxChunkTokens, maxTotalTokens,
                defaultPromiseTokens, maxRounds, temperature, seed);
    }

    public PastaSettings withLayout(StitchLayout l) {
        return new PastaSettings(endpoint, template, sequentialTemplate, l, budgetFactor, budgetSlack, maxChunkTokens, maxTotalTokens,
                defaultPromiseTokens, maxRounds, temperature, seed);
    }

    public PastaSettings withBudget(double factor, int slack, int maxChunk, int maxTotal) {
        return new PastaSettings(endpoint, template, sequentialTemplate, layout, factor, slack, maxChunk, maxTotal,
                defaultPromiseTokens, maxRounds, temperature, seed);
    }

    public PastaSettings withMaxRounds(int rounds) {
        return new PastaSettings(endpoint, template, sequentialTemplate, layout, budgetFactor, budgetSlack, maxChunkTokens, maxTotalTokens,
                defaultPromiseTokens, rounds, temperature, seed);
    }

    public PastaSettings withSampling(Double t, Long s) {
        return new PastaSettings(endpoint, template, sequentialTemplate, layout, budgetFactor, budgetSlack, maxChunkTokens, maxTotalTokens,
                defaultPromiseTokens, maxRounds, t, s);
    }
}
