package dev.epic.prob.analysis;

import dev.epic.prob.infer.SymbolicState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Canonical forms of abstract states, to decide when two paths behave alike from here on and may be merged.
 *
 * <p>A state is rendered entry by entry. Numbers inside it are reduced to what can change what an algorithm does
 * with them (0, 1, an integer, another number; unknown stays unknown): the program never reads them back, since a
 * value it reads is a sampled one, which is unknown. At the boundary of a {@code fold} iteration the random
 * variables created since the fold began are renamed in the order they are reached from the accumulator, and
 * those no longer reachable (from it, from the variables that existed before the fold, through distributions and
 * the algorithm's links) are left out but for their contribution to the plan: nothing can touch them again.
 */
final class Canon {
    /** A number as {@code Double.toString} writes it. */
    private static final Pattern NUMBER = Pattern.compile("-?\\d+\\.\\d+(?:E-?\\d+)?");
    /** A reference to another entry: a random variable in an expression, a node's parent. */
    private static final Pattern REF = Pattern.compile("rv(\\d+)|parent=(-?\\d+)");

    private Canon() {}

    /** The whole state, numbers reduced (paths forked at an {@code if} share their entries' ids). */
    static String state(SymbolicState s) {
        return numbers(s.fingerprint());
    }

    /**
     * The state as seen after a {@code fold} iteration that began with {@code start} entries, with the accumulator
     * {@code acc}.
     */
    static String atFoldBoundary(SymbolicState s, int start, AValue acc) {
        int n = s.size();
        Map<Integer, Integer> names = new HashMap<>();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        // The variables of before the fold keep their ids and are all live: pending values may refer to them.
        for (int id = 0; id < Math.min(start, n); id++) {
            queue.add(id);
        }
        String accText = acc.toString();
        for (int id : refs(accText)) {
            visit(id, start, names, queue);
        }
        while (!queue.isEmpty()) {
            int id = queue.poll();
            for (int f = 0; f < s.fieldCount(); f++) {
                for (int r : refs(text(s.field(id, f)))) {
                    visit(r, start, names, queue);
                }
            }
        }
        StringBuilder b = new StringBuilder();
        for (int id = 0; id < Math.min(start, n); id++) {
            entry(s, id, start, names, b);
        }
        List<Integer> order = new ArrayList<>(names.keySet());
        order.sort((x, y) -> Integer.compare(names.get(x), names.get(y)));
        for (int id : order) {
            entry(s, id, start, names, b);
        }
        // What the unreachable entries contribute to the plan: per variable name, sampled or not.
        Map<String, String> dead = new TreeMap<>();
        for (int id = start; id < n; id++) {
            if (!names.containsKey(id)) {
                String decl = text(s.field(id, 1));
                String sampled = text(s.field(id, 0)).contains(", sampled)") ? "S" : "s";
                dead.merge(decl.replaceAll("site=[^\\]]*", ""), sampled, (x, y) -> x.contains(y) ? x : x + y);
            }
        }
        // The accumulator is the program's: its numbers are compared exactly.
        return numbers(b.append(dead).toString()) + "#" + rename(accText, start, names);
    }

    private static void visit(int id, int start, Map<Integer, Integer> names, ArrayDeque<Integer> queue) {
        if (id >= start && !names.containsKey(id)) {
            names.put(id, names.size());
            queue.add(id);
        }
    }

    private static void entry(SymbolicState s, int id, int start, Map<Integer, Integer> names, StringBuilder b) {
        b.append(id < start ? String.valueOf(id) : "c" + names.get(id));
        for (int f = 0; f < s.fieldCount(); f++) {
            b.append('|').append(rename(text(s.field(id, f)), start, names));
        }
        b.append('\n');
    }

    private static String text(Object field) {
        if (field instanceof int[] ids) {
            StringBuilder b = new StringBuilder("children");
            for (int id : ids) {
                b.append(" rv").append(id);
            }
            return b.toString();
        }
        return String.valueOf(field);
    }

    private static List<Integer> refs(String text) {
        List<Integer> out = new ArrayList<>();
        Matcher m = REF.matcher(text);
        while (m.find()) {
            int id = Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2));
            if (id >= 0) {
                out.add(id);
            }
        }
        return out;
    }

    private static String rename(String text, int start, Map<Integer, Integer> names) {
        Matcher m = REF.matcher(text);
        StringBuilder b = new StringBuilder(text.length());
        while (m.find()) {
            boolean rv = m.group(1) != null;
            int id = Integer.parseInt(rv ? m.group(1) : m.group(2));
            String name = id < start ? String.valueOf(id) : names.containsKey(id) ? "c" + names.get(id) : "dead";
            m.appendReplacement(b, (rv ? "rv" : "parent=") + name);
        }
        m.appendTail(b);
        return b.toString();
    }

    static String numbers(String text) {
        Matcher m = NUMBER.matcher(text);
        StringBuilder b = new StringBuilder(text.length());
        while (m.find()) {
            double v = Double.parseDouble(m.group());
            m.appendReplacement(b, v == 0 ? "#0" : v == 1 ? "#1" : v == Math.rint(v) ? "#i" : "#r");
        }
        m.appendTail(b);
        return b.toString();
    }
}
