package dev.epic.model.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scripted answers: a list of rules {@code {"pattern": REGEX, "answer": TEXT}}, tried in order; the first
 * pattern found in the prompt gives the answer, in which {@code $1 … $9} stand for the pattern's groups.
 */
public final class ScriptedRules implements SimBehaviour {
    public record Rule(Pattern pattern, String answer) {}

    private final List<Rule> rules;

    public ScriptedRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Reads rules from a JSON file: {@code [{"pattern": "...", "answer": "..."}, …]}. */
    public static ScriptedRules load(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(Files.readString(file));
        List<Rule> rules = new ArrayList<>();
        if (!root.isArray()) {
            throw new IOException(file + ": rules must be a JSON list of {\"pattern\", \"answer\"} objects");
        }
        for (JsonNode r : root) {
            if (!r.hasNonNull("pattern") || !r.hasNonNull("answer")) {
                throw new IOException(file + ": every rule needs \"pattern\" and \"answer\"");
            }
            rules.add(new Rule(Pattern.compile(r.get("pattern").asText(), Pattern.DOTALL), r.get("answer").asText()));
        }
        return new ScriptedRules(rules);
    }

    @Override
    public Optional<String> answer(String prompt, long seed, int choice) {
        for (Rule r : rules) {
            Matcher m = r.pattern().matcher(prompt);
            if (m.find()) {
                String out = r.answer();
                for (int g = Math.min(9, m.groupCount()); g >= 1; g--) {
                    out = out.replace("$" + g, m.group(g) == null ? "" : m.group(g));
                }
                return Optional.of(out);
            }
        }
        return Optional.empty();
    }
}
