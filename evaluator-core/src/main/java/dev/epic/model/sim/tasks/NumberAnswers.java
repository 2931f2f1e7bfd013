package dev.epic.model.sim.tasks;

import dev.epic.model.sim.DefaultGenerator;
import dev.epic.model.sim.SimBehaviour;
import dev.epic.model.sim.SimEngine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * For constrained decoding: prompts containing "Answer with a number." are answered digit by digit, and the
 * next-token alternatives are the ten digits with log-probabilities decided by the prompt and the text so far
 * (a skewed, deterministic distribution, so that the most likely digit is often not one a constraint accepts).
 */
public final class NumberAnswers implements SimBehaviour {
    static final String MARK = "Answer with a number.";

    @Override
    public Optional<String> answer(String prompt, long seed, int choice) {
        if (!prompt.contains(MARK)) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            sb.append(digits(prompt, sb.toString()).get(0).token());
        }
        return Optional.of(sb.toString());
    }

    @Override
    public Optional<List<SimEngine.Alternative>> alternatives(String prompt, String prefix, int k) {
        if (!prompt.contains(MARK)) {
            return Optional.empty();
        }
        return Optional.of(digits(prompt, prefix).subList(0, Math.min(k, 10)));
    }

    private static List<SimEngine.Alternative> digits(String prompt, String prefix) {
        Random rnd = new Random(DefaultGenerator.hash(prompt + "\u0000" + prefix));
        double[] w = new double[10];
        double sum = 0;
        for (int d = 0; d < 10; d++) {
            w[d] = Math.pow(rnd.nextDouble(), 3) + 0.01;
            sum += w[d];
        }
        List<SimEngine.Alternative> out = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            out.add(new SimEngine.Alternative(Integer.toString(d), Math.log(w[d] / sum)));
        }
        out.sort(Comparator.comparingDouble(SimEngine.Alternative::logprob).reversed());
        return out;
    }
}
