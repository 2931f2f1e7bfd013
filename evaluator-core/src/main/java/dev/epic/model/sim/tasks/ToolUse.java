package dev.epic.model.sim.tasks;

import dev.epic.model.sim.SimBehaviour;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers for a tool-using agent. <em>Plan</em>: "Split this question into sub-questions, one per line:" then a
 * question naming an aspect (population, area, founding) and some cities gets one sub-question per city.
 * <em>Extract</em>: "Extract the number from: TEXT" gets the first number in the text. <em>Synthesise</em>:
 * "Write the final answer to: QUESTION" with "Facts:" lines gets a one-paragraph answer built from the facts.
 */
public final class ToolUse implements SimBehaviour {
    private static final Pattern PLAN = Pattern.compile("Split this question into sub-questions, one per line:\\s*\\n(.*)$", Pattern.DOTALL);
    private static final Pattern EXTRACT = Pattern.compile("Extract the number from: (.*)$", Pattern.DOTALL);
    private static final Pattern SYNTH = Pattern.compile("Write the final answer to: (.*?)\\nFacts:\\n(.*)$", Pattern.DOTALL);
    private static final Pattern CITY = Pattern.compile("\\b(Lyon|Porto|Turin|Geneva|Seville)\\b");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    @Override
    public Optional<String> answer(String prompt, long seed, int choice) {
        Matcher plan = PLAN.matcher(prompt);
        if (plan.find()) {
            String q = plan.group(1);
            String aspect = q.contains("area") ? "What is the area of %s?" : q.contains("found") ? "When was %s founded?"
                    : "What is the population of %s?";
            List<String> lines = new ArrayList<>();
            Matcher c = CITY.matcher(q);
            while (c.find()) {
                lines.add(String.format(aspect, c.group(1)));
            }
            return Optional.of(String.join("\n", lines));
        }
        Matcher ex = EXTRACT.matcher(prompt);
        if (ex.find()) {
            Matcher n = NUMBER.matcher(ex.group(1));
            return Optional.of(n.find() ? n.group() : "0");
        }
        Matcher syn = SYNTH.matcher(prompt);
        if (syn.find()) {
            String facts = syn.group(2).strip().replace("\n", " ");
            return Optional.of("In short: " + facts);
        }
        return Optional.empty();
    }
}
