package dev.epic.pasta.decode;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The options callers may give a PASTA answer, read one way for every surface ({@code pasta_with} records and
 * OpenAI requests): {@code layout}, {@code budget_factor}, {@code budget_slack}, {@code max_chunk_tokens},
 * {@code max_tokens}, {@code max_rounds}, {@code temperature}, {@code seed}. A surface turns its values into
 * Java ones first ({@code String}, {@code Long} for integers, {@code Double}, {@code Boolean}; anything else is
 * refused with its {@code toString}). Limits come from {@link PastaSettings.Limits}. An option the surface does
 * not allow is refused, naming the known ones.
 */
public final class PastaOptions {
    public static final Set<String> ALL = Set.of("layout", "budget_factor", "budget_slack", "max_chunk_tokens", "max_tokens",
            "max_rounds", "temperature", "seed");

    private PastaOptions() {}

    /** An option that cannot be honoured; {@code param} is its full name, as the caller wrote it ({@code pasta.budget_slack}). */
    public static final class InvalidOption extends RuntimeException {
        public final String param;

        public InvalidOption(String message, String param) {
            super(message, null, false, false);
            this.param = param;
        }
    }

    /**
     * {@code base} with the options applied. {@code prefix} is put before each name in messages ({@code "pasta."}
     * for the OpenAI request's nested object); {@code allowed} are the names this surface accepts, of which those
     * outside {@link #ALL} are the surface's own and skipped here.
     */
    public static PastaSettings apply(PastaSettings base, Map<String, Object> options, String prefix, Set<String> allowed) {
        for (String name : options.keySet()) {
            if (!allowed.contains(name)) {
                throw new InvalidOption("unknown option '" + prefix + name + "' (known: " + String.join(", ", new TreeSet<>(allowed)) + ")",
                        prefix + name);
            }
        }
        PastaSettings.Limits lim = base.limits();
        Reader r = new Reader(options, prefix);
        return base.with(b -> {
            if (r.has("layout")) {
                String l = r.string("layout");
                if (!l.equals("inline") && !l.equals("appended")) {
                    throw r.invalid("layout", "\"inline\" or \"appended\"");
                }
                b.layout = StitchLayout.valueOf(l.toUpperCase());
            }
            if (r.has("budget_factor")) {
                b.budgetFactor = r.number("budget_factor", Double.MIN_VALUE, lim.maxBudgetFactor(), "a number above 0 and at most " + lim.maxBudgetFactor());
            }
            b.budgetSlack = (int) r.integer("budget_slack", 0, lim.maxTokens(), b.budgetSlack);
            b.maxChunkTokens = (int) r.integer("max_chunk_tokens", 1, lim.maxTokens(), b.maxChunkTokens);
            b.maxTotalTokens = (int) r.integer("max_tokens", 1, lim.maxTokens(), b.maxTotalTokens);
            b.maxRounds = (int) r.integer("max_rounds", 1, lim.maxRounds(), b.maxRounds);
            if (r.has("temperature")) {
                b.temperature = r.number("temperature", 0, 2, "a number from 0 to 2");
            }
            if (r.has("seed")) {
                b.seed = r.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE, 0);
            }
        });
    }

    private record Reader(Map<String, Object> options, String prefix) {
        boolean has(String name) {
            return options.get(name) != null;
        }

        InvalidOption invalid(String name, String what) {
            return new InvalidOption("option '" + prefix + name + "' must be " + what + " but is " + options.get(name), prefix + name);
        }

        String string(String name) {
            if (options.get(name) instanceof String s) {
                return s;
            }
            throw invalid(name, "a string");
        }

        double number(String name, double min, double max, String what) {
            Object v = options.get(name);
            double d = v instanceof Long l ? l : v instanceof Double x ? x : Double.NaN;
            if (!(d >= min && d <= max)) {
                throw invalid(name, what);
            }
            return d;
        }

        long integer(String name, long min, long max, long dflt) {
            if (!has(name)) {
                return dflt;
            }
            if (options.get(name) instanceof Long l && l >= min && l <= max) {
                return l;
            }
            throw invalid(name, min == Long.MIN_VALUE ? "an integer" : "an integer from " + min + " to " + max);
        }
    }
}
