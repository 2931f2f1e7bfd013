package dev.epic.model.sim.tasks;

import dev.epic.model.sim.SimBehaviour;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Game of 24 as the Tree-of-Thoughts paper prompts it, answered from actual arithmetic. A <em>propose</em>
 * prompt ({@code Input: 4 9 10 13} … {@code Possible next steps:}) gets the candidate next states, one per
 * line ({@code 4 + 9 = 13 (left: 10 13 13)}), computed from the numbers (exact integer results only), in a
 * seeded order and at most {@link #MAX_PROPOSALS} of them, like a model's list. A <em>value</em> prompt
 * ({@code Evaluate if given numbers can reach 24 (sure/likely/impossible)} then the numbers) gets a judgement
 * from actual solvability with seeded noise, like a real model's mistakes. A state of one number is judged
 * "sure" only if it is 24.
 */
public final class Game24 implements SimBehaviour {
    static final int MAX_PROPOSALS = 8;
    private static final Pattern PROPOSE = Pattern.compile("Input: ([0-9 ]+)\\s*\\nPossible next steps:\\s*$", Pattern.DOTALL);
    private static final Pattern VALUE = Pattern.compile("Evaluate if given numbers can reach 24.*?\\n([0-9 ]+)\\s*$", Pattern.DOTALL);
    /** How often a judgement is off by one grade. */
    private static final double NOISE = 0.1;

    @Override
    public Optional<String> answer(String prompt, long seed, int choice) {
        Matcher p = PROPOSE.matcher(prompt);
        if (p.find()) {
            return Optional.of(propose(numbers(p.group(1)), seed));
        }
        Matcher v = VALUE.matcher(prompt);
        if (v.find()) {
            return Optional.of(value(numbers(v.group(1)), new Random(seed * 7919 + choice * 104_729L + v.group(1).hashCode())));
        }
        return Optional.empty();
    }

    static List<Long> numbers(String s) {
        List<Long> out = new ArrayList<>();
        for (String x : s.trim().split("\\s+")) {
            if (!x.isEmpty()) {
                out.add(Long.parseLong(x));
            }
        }
        return out;
    }

    private static String propose(List<Long> xs, long seed) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
            for (int j = 0; j < xs.size(); j++) {
                if (i == j) {
                    continue;
                }
                long a = xs.get(i);
                long b = xs.get(j);
                List<Long> rest = new ArrayList<>(xs);
                rest.remove(Math.max(i, j));
                rest.remove(Math.min(i, j));
                if (i < j) {
                    add(lines, a + " + " + b, a + b, rest);
                    add(lines, a + " * " + b, a * b, rest);
                }
                if (a >= b) {
                    add(lines, a + " - " + b, a - b, rest);
                }
                if (b != 0 && a % b == 0 && b != 1) {
                    add(lines, a + " / " + b, a / b, rest);
                }
            }
        }
        Collections.shuffle(lines, new Random(seed + xs.hashCode()));
        return String.join("\n", lines.subList(0, Math.min(MAX_PROPOSALS, lines.size())));
    }

    private static void add(List<String> lines, String expr, long result, List<Long> rest) {
        List<Long> left = new ArrayList<>(rest);
        left.add(result);
        Collections.sort(left);
        StringBuilder sb = new StringBuilder();
        for (long x : left) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(x);
        }
        String line = expr + " = " + result + " (left: " + sb + ")";
        if (!lines.contains(line)) {
            lines.add(line);
        }
    }

    private static String value(List<Long> xs, Random rnd) {
        int grade = solvable(xs) ? 2 : 0;
        if (xs.size() > 1 && rnd.nextDouble() < NOISE) {
            grade = 1;
        }
        return grade == 2 ? "sure" : grade == 1 ? "likely" : "impossible";
    }

    /** Whether the numbers reach 24 with + − × ÷ (rational arithmetic, each number used once). */
    static boolean solvable(List<Long> xs) {
        double[] v = new double[xs.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = xs.get(i);
        }
        return search(v);
    }

    private static boolean search(double[] v) {
        if (v.length == 1) {
            return Math.abs(v[0] - 24) < 1e-9;
        }
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < v.length; j++) {
                if (i == j) {
                    continue;
                }
                double[] rest = new double[v.length - 1];
                int k = 0;
                for (int m = 0; m < v.length; m++) {
                    if (m != i && m != j) {
                        rest[k++] = v[m];
                    }
                }
                double a = v[i];
                double b = v[j];
                for (double r : new double[] {a + b, a - b, a * b, b == 0 ? Double.NaN : a / b}) {
                    if (Double.isNaN(r)) {
                        continue;
                    }
                    rest[rest.length - 1] = r;
                    if (search(Arrays.copyOf(rest, rest.length))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
