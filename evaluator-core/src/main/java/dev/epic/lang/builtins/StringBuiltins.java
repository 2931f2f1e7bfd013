package dev.epic.lang.builtins;

import static dev.epic.lang.builtins.Natives.def;
import static dev.epic.lang.builtins.Natives.defSized;
import static dev.epic.lang.builtins.Natives.string;
import static dev.epic.lang.builtins.Natives.str;

import dev.epic.lang.compile.Globals;
import dev.epic.lang.eval.Builtin.Strictness;
import dev.epic.lang.eval.EvalError;
import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@code String.*}: operations on host strings. */
final class StringBuiltins {
    private StringBuiltins() {}

    static void install(Globals g) {
        def(g, "String.length", 1, Strictness.SHALLOW,
                (a, at) -> Value.Int.of(str(a[0], "String.length", at).codePointCount(0, str(a[0], "String.length", at).length())));
        def(g, "String.trim", 1, Strictness.SHALLOW, (a, at) -> new Value.Str(str(a[0], "String.trim", at).strip()));
        defSized(g, "String.upper", 1, Strictness.SHALLOW, (m, a, at) -> string(m, str(a[0], "String.upper", at).toUpperCase(), at));
        defSized(g, "String.lower", 1, Strictness.SHALLOW, (m, a, at) -> string(m, str(a[0], "String.lower", at).toLowerCase(), at));
        defSized(g, "String.lines", 1, Strictness.SHALLOW, (m, a, at) -> {
            String s = str(a[0], "String.lines", at);
            m.reserve(2L * s.length());
            if (s.isEmpty()) {
                return Value.Nil.NIL;
            }
            List<String> lines = new ArrayList<>(Arrays.asList(s.split("\r?\n", -1)));
            if (s.endsWith("\n")) {
                lines.remove(lines.size() - 1);
            }
            m.reserveList(lines.size(), at);
            return Natives.strings(lines);
        });
        defSized(g, "String.split", 2, Strictness.SHALLOW, (m, a, at) -> {
            String s = str(a[0], "String.split", at);
            m.reserve(2L * s.length());
            String sep = str(a[1], "String.split", at);
            if (sep.isEmpty()) {
                throw EvalError.at(at, "String.split: the separator is empty");
            }
            List<String> parts = new ArrayList<>();
            int from = 0;
            for (int i = s.indexOf(sep); i >= 0; i = s.indexOf(sep, from)) {
                parts.add(s.substring(from, i));
                from = i + sep.length();
            }
            parts.add(s.substring(from));
            m.reserveList(parts.size(), at);
            return Natives.strings(parts);
        });
        def(g, "String.contains", 2, Strictness.SHALLOW,
                (a, at) -> Value.Bool.of(str(a[0], "String.contains", at).contains(str(a[1], "String.contains", at))));
        def(g, "String.starts_with", 2, Strictness.SHALLOW,
                (a, at) -> Value.Bool.of(str(a[0], "String.starts_with", at).startsWith(str(a[1], "String.starts_with", at))));
        defSized(g, "String.replace", 3, Strictness.SHALLOW, (m, a, at) -> {
            String s = str(a[0], "String.replace", at);
            String from = str(a[1], "String.replace", at);
            String to = str(a[2], "String.replace", at);
            // The longest the result can be, checked before it is made.
            if (to.length() > from.length() && !from.isEmpty()) {
                m.reserveString((long) s.length() / from.length() * (to.length() - from.length()) + s.length(), at);
            } else if (from.isEmpty()) {
                m.reserveString((long) (s.length() + 1) * to.length() + s.length(), at);
            }
            return string(m, s.replace(from, to), at);
        });
        def(g, "String.sub", 3, Strictness.SHALLOW, (a, at) -> {
            String s = str(a[0], "String.sub", at);
            long from = Natives.integer(a[1], "String.sub", at);
            long len = Natives.integer(a[2], "String.sub", at);
            if (from < 0 || len < 0 || from + len > s.length()) {
                throw EvalError.at(at, "String.sub: range " + from + "+" + len + " is outside a string of length " + s.length());
            }
            return new Value.Str(s.substring((int) from, (int) (from + len)));
        });
        defSized(g, "String.join", 2, Strictness.DEEP, (m, a, at) -> {
            String sep = str(a[0], "String.join", at);
            int cap = m.budget().maxStringChars();
            StringBuilder sb = new StringBuilder();
            boolean first = true;
            for (Value v : Natives.list(a[1], "String.join", at)) {
                if (!first) {
                    sb.append(sep);
                }
                first = false;
                sb.append(Values.display(v, Math.max(0, cap - sb.length())));
                if (sb.length() > cap) {
                    throw new Values.TooLarge(cap);
                }
            }
            return string(m, sb.toString(), at);
        });
    }
}
