package dev.epic.model.sim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fallback behaviour: plausible filler text from a hash of the prompt, seed and choice. A prompt that asks
 * for a list ("one per line", "list N …") gets N lines (5 if no number is given); anything else a sentence or
 * two.
 */
public final class DefaultGenerator implements SimBehaviour {
    private static final Pattern COUNT = Pattern.compile("(?i)\\b(?:list|give|name)\\s+(\\d{1,2})\\b");
    private static final String[] WORDS = ("the a model answer city river quiet morning light market old new small "
            + "bright garden bridge museum harbour road walk visit season coast hills wine bread music stone street "
            + "square view north south early late simple clear long short warm cool open").split(" ");

    @Override
    public Optional<String> answer(String prompt, long seed, int choice) {
        Random rnd = new Random(hash(prompt) * 31 + seed * 1_000_003L + choice);
        String lower = prompt.toLowerCase();
        if (lower.contains("one per line") || lower.contains("per line") || COUNT.matcher(prompt).find()) {
            Matcher m = COUNT.matcher(prompt);
            int n = m.find() ? Math.max(1, Math.min(20, Integer.parseInt(m.group(1)))) : 5;
            boolean reasons = lower.contains("reason");
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String item = capitalise(words(rnd, 2 + rnd.nextInt(3)));
                lines.add(reasons ? item + " - " + words(rnd, 10 + rnd.nextInt(6)) + "." : item);
            }
            return Optional.of(String.join("\n", lines));
        }
        return Optional.of(capitalise(words(rnd, 8 + rnd.nextInt(12))) + ".");
    }

    private static String words(Random rnd, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(WORDS[rnd.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** A stable string hash (independent of the JVM's), for deterministic answers. */
    public static long hash(String s) {
        long h = 1125899906842597L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = 31 * h + b;
        }
        return h;
    }
}
