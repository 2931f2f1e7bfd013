package dev.epic.prob.analysis;

import dev.epic.prob.infer.Decl;
import dev.epic.prob.infer.SymbolicState;
import dev.epic.prob.sym.IntList;
import dev.epic.prob.sym.SymDist;
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
    static String state(SymbolicState s, int limit) {
        for (int id = 0; id < s.size(); id++) {
            Interpreter.checkSize(s.field(id, 0), limit);
        }
        return numbers(s.fingerprint());
    }

    /**
     * The state as seen after a {@code fold} iteration that began with {@code start} entries, with the accumulator
     * {@code acc}.
     */
    static String atFoldBoundary(SymbolicState s, int start, AValue acc, int limit) {
        int n = s.size();
        Map<Integer, Integer> names = new HashMap<>();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        // The variables of before the fold keep their ids and are all live: pending values may refer to them.
        for (int id = 0; id < Math.min(start, n); id++) {
            queue.add(id);
        }
        IntList accRvs = new IntList(8);
        rvs(acc, accRvs);
        for (int i = 0; i < accRvs.size(); i++) {
            visit(accRvs.get(i), start, names, queue);
        }
        while (!queue.isEmpty()) {
            int id = queue.poll();
            Interpreter.checkSize(s.field(id, 0), limit);
            for (int f = 0; f < s.fieldCount(); f++) {
                for (int r : refs(text(s.field(id, f)))) {
                    visit(r, start, names, queue);
                }
            }
        }
        StringBuilder b = new StringBuilder();
        for (int id = 0; id < Math.min(start, n); id++) {
            entry(s, id, start, names, b, limit);
        }
        List<Integer> order = new ArrayList<>(names.keySet());
        order.sort((x, y) -> Integer.compare(names.get(x), names.get(y)));
        for (int id : order) {
            entry(s, id, start, names, b, limit);
        }
        // What the unreachable entries contribute to the plan: per variable name, sampled or not.
        Map<String, String> dead = new TreeMap<>();
        for (int id = start; id < n; id++) {
            if (!names.containsKey(id) && s.field(id, 1) instanceof Decl decl) {
                String sampled = s.field(id, 0) instanceof SymDist.Delta d && d.sampled() ? "S" : "s";
                dead.merge(decl.name(), sampled, (x, y) -> x.contains(y) ? x : x + y);
            }
        }
        // The accumulator is the program's: its numbers are compared exactly.
        String accText = acc.toString();
        return numbers(b.append(dead).toString()) + "#" + (names.isEmpty() ? accText : rename(accText, start, names));
    }

    /** The random variables of a value. */
    private static void rvs(AValue v, IntList out) {
        if (v instanceof AValue.Num n) {
            n.expr().collectRvs(out);
        } else if (v instanceof AValue.Tuple t) {
            t.elements().forEach(x -> rvs(x, out));
        } else if (v instanceof AValue.Lst l) {
            l.elements().forEach(x -> rvs(x, out));
        } else if (v instanceof AValue.UnkList u) {
            rvs(u.element(), out);
        } else if (v instanceof AValue.Dist d) {
            d.dist().collectRvs(out);
        }
        // A closure renders as its identity: paths holding different ones are never merged.
    }

    private static void visit(int id, int start, Map<Integer, Integer> names, ArrayDeque<Integer> queue) {
        if (id >= start && !names.containsKey(id)) {
            names.put(id, names.size());
            queue.add(id);
        }
    }

    private static void entry(SymbolicState s, int id, int start, Map<Integer, Integer> names, StringBuilder b,
            int limit) {
        Interpreter.checkSize(s.field(id, 0), limit);
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
