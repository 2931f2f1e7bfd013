package dev.epic.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.engine.RunOptions;
import dev.epic.engine.RunResult;
import dev.epic.engine.SequentialEngine;
import dev.epic.host.StandardLanguage;
import dev.epic.lang.compile.Program;
import dev.epic.lang.syntax.Source;
import dev.epic.runtime.OpportunisticEngine;
import dev.epic.tools.ExternalRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Random well-scoped programs — lets, lambdas, tuples, lists, folds, {@code if}, arithmetic that may divide by
 * zero, strings, {@code delay} calls with random latencies — run on both engines, which must give the same
 * value or the same error (message, position and call chain). Seeds are fixed so a failure can be replayed;
 * {@code -Depic.diff.seed=N} runs one more seed, {@code -Depic.diff.count=N} changes how many.
 */
class DifferentialTest {
    private static final OpportunisticEngine opportunistic = new OpportunisticEngine();
    private static final SequentialEngine sequential = new SequentialEngine();

    @AfterAll
    static void close() {
        opportunistic.close();
    }

    @TestFactory
    Stream<DynamicTest> enginesAgreeOnRandomPrograms() {
        int count = Integer.getInteger("epic.diff.count", 300);
        LongStream seeds = LongStream.range(1, count + 1);
        String extra = System.getProperty("epic.diff.seed");
        if (extra != null) {
            seeds = LongStream.concat(seeds, LongStream.of(Long.parseLong(extra)));
        }
        Stream<DynamicTest> cases = seeds.mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> agree(seed)));
        // Runs last: the programs were not trivially alike (some values, some errors, many external calls).
        DynamicTest mix = DynamicTest.dynamicTest("the random programs mix values, errors and external calls", () -> {
            assertThat(values).as("programs that ran to a value (errors: %d)", errors).isGreaterThan(count / 3);
            assertThat(errors).as("programs that ended in an error").isGreaterThan(count / 20);
            assertThat(calls).as("external calls made").isGreaterThan(count);
        });
        return Stream.concat(cases, Stream.of(mix));
    }

    private static int values;
    private static int errors;
    private static long calls;

    private static void agree(long seed) {
        String text = new Generator(new Random(seed)).program();
        Program p = StandardLanguage.compile(new Source("random-" + seed + ".epic", text), ExternalRegistry.withDefaults());
        RunOptions options = RunOptions.defaults().withMaxSteps(5_000_000).withTimeout(Duration.ofSeconds(60));
        RunResult s = sequential.run(p, options);
        RunResult o = opportunistic.run(p, options);
        assertThat(o.display()).as("seed %d, program:%n%s%nsequential: %s", seed, text, s.display()).isEqualTo(s.display());
        if (s.ok()) {
            values++;
        } else {
            errors++;
        }
        calls += s.stats().externalCalls();
    }

    /** Generates typed expressions so most programs run to a value; some divide by zero or take the head of []. */
    static final class Generator {
        enum Type { INT, STR, BOOL, LIST, FN, PAIR }

        private record Var(String name, Type type) {}

        private final Random rnd;
        private final List<Var> scope = new ArrayList<>();
        private int names;

        Generator(Random rnd) {
            this.rnd = rnd;
        }

        String program() {
            StringBuilder sb = new StringBuilder();
            int lets = 1 + rnd.nextInt(4);
            for (int i = 0; i < lets; i++) {
                Type t = Type.values()[rnd.nextInt(Type.values().length)];
                String name = fresh();
                sb.append("let ").append(name).append(" = ").append(gen(t, 3)).append(" in\n");
                scope.add(new Var(name, t));
            }
            sb.append("(").append(gen(Type.INT, 3)).append(", ").append(gen(Type.STR, 2)).append(", ")
                    .append(gen(Type.LIST, 2)).append(")");
            return sb.toString();
        }

        private String fresh() {
            return "v" + (names++);
        }

        private boolean chance(int percent) {
            return rnd.nextInt(100) < percent;
        }

        private String var(Type t) {
            List<Var> ok = scope.stream().filter(v -> v.type() == t).toList();
            return ok.isEmpty() ? null : ok.get(rnd.nextInt(ok.size())).name();
        }

        private String delay(String e) {
            return "(delay(" + rnd.nextInt(6) + ", " + e + "))";
        }

        private String let(Type t, int d) {
            Type bound = Type.values()[rnd.nextInt(Type.values().length)];
            String name = fresh();
            String value = gen(bound, d - 1);
            scope.add(new Var(name, bound));
            String body = gen(t, d - 1);
            scope.remove(scope.size() - 1);
            return "(let " + name + " = " + value + " in " + body + ")";
        }

        private String lambdaInt(int d) {
            String x = fresh();
            scope.add(new Var(x, Type.INT));
            String body = gen(Type.INT, d - 1);
            scope.remove(scope.size() - 1);
            return "(fun " + x + " -> " + body + ")";
        }

        private String lambdaBool(int d) {
            String x = fresh();
            scope.add(new Var(x, Type.INT));
            String body = gen(Type.BOOL, d - 1);
            scope.remove(scope.size() - 1);
            return "(fun " + x + " -> " + body + ")";
        }

        String gen(Type t, int d) {
            if (d <= 0 || chance(15)) {
                String v = var(t);
                if (v != null && chance(60)) {
                    return v;
                }
                return leaf(t);
            }
            if (chance(12)) {
                return let(t, d);
            }
            if (chance(8)) {
                return "(if " + gen(Type.BOOL, d - 1) + " then " + gen(t, d - 1) + " else " + gen(t, d - 1) + ")";
            }
            switch (t) {
                case INT: return "(" + genInt(d) + ")";
                case STR: return "(" + genStr(d) + ")";
                case BOOL: return "(" + genBool(d) + ")";
                case LIST: return "(" + genList(d) + ")";
                case FN: return lambdaInt(d);
                case PAIR: return chance(30) ? delay("(" + gen(Type.INT, d - 1) + ", " + gen(Type.INT, d - 1) + ")")
                        : "(" + gen(Type.INT, d - 1) + ", " + gen(Type.INT, d - 1) + ")";
                default: throw new IllegalStateException();
            }
        }

        private String leaf(Type t) {
            switch (t) {
                case INT: {
                    int n = rnd.nextInt(12) - 2;
                    return n < 0 ? "(" + n + ")" : Integer.toString(n);
                }
                case STR: return "\"" + List.of("a", "bc", "", "xyz", "q r").get(rnd.nextInt(5)) + "\"";
                case BOOL: return rnd.nextBoolean() ? "true" : "false";
                case LIST: return "[" + rnd.nextInt(5) + ", " + rnd.nextInt(5) + "]";
                case FN: return "(fun z -> z + " + rnd.nextInt(5) + ")";
                case PAIR: return "(" + rnd.nextInt(5) + ", " + rnd.nextInt(5) + ")";
                default: throw new IllegalStateException();
            }
        }

        private String genInt(int d) {
            int k = d - 1;
            if (chance(3)) {
                return "(" + gen(Type.STR, k) + " + 1)";
            }
            switch (rnd.nextInt(16)) {
                case 0: return "(" + gen(Type.INT, k) + " + " + gen(Type.INT, k) + ")";
                case 1: return "(" + gen(Type.INT, k) + " - " + gen(Type.INT, k) + ")";
                case 2: return "(" + gen(Type.INT, k) + " * " + gen(Type.INT, k) + ")";
                case 3: return "(" + gen(Type.INT, k) + " / " + divisor(k) + ")";
                case 4: return "(" + gen(Type.INT, k) + " % " + divisor(k) + ")";
                case 5: return delay(gen(Type.INT, k));
                case 6: return "(" + gen(Type.FN, k) + " " + gen(Type.INT, k) + ")";
                case 7: return "List.len " + gen(Type.LIST, k);
                case 8: return "fold(fun (x, acc) -> acc + x, " + gen(Type.LIST, k) + ", " + gen(Type.INT, k) + ")";
                case 9: return chance(40) ? "List.hd " + gen(Type.LIST, k) : "List.hd (" + gen(Type.INT, k) + " :: " + gen(Type.LIST, k) + ")";
                case 10: return "String.length " + gen(Type.STR, k);
                case 11: {
                    String a = fresh();
                    String b = fresh();
                    String pair = gen(Type.PAIR, k);
                    scope.add(new Var(a, Type.INT));
                    scope.add(new Var(b, Type.INT));
                    String body = gen(Type.INT, k);
                    scope.remove(scope.size() - 1);
                    scope.remove(scope.size() - 1);
                    return "(let (" + a + ", " + b + ") = " + pair + " in " + body + ")";
                }
                case 12: return "fst " + gen(Type.PAIR, k);
                case 13: return "(" + lambdaInt(k) + " " + gen(Type.INT, k) + ")";
                case 14: return "-" + gen(Type.INT, k);
                default: return "List.sum " + gen(Type.LIST, k);
            }
        }

        /** Mostly a divisor that cannot be zero; sometimes one that may be. */
        private String divisor(int k) {
            return chance(35) ? gen(Type.INT, k) : "(" + gen(Type.INT, k) + " * 0 + " + (1 + rnd.nextInt(4)) + ")";
        }

        private String genStr(int d) {
            int k = d - 1;
            switch (rnd.nextInt(6)) {
                case 0: return "(" + gen(Type.STR, k) + " ^ " + gen(Type.STR, k) + ")";
                case 1: return "\"n=${" + gen(Type.INT, k) + "} s=${" + gen(Type.STR, k) + "}\"";
                case 2: return "to_string " + gen(Type.LIST, k);
                case 3: return delay(gen(Type.STR, k));
                case 4: return "String.join(\",\", List.map to_string " + gen(Type.LIST, k) + ")";
                default: return "String.trim " + gen(Type.STR, k);
            }
        }

        private String genBool(int d) {
            int k = d - 1;
            switch (rnd.nextInt(7)) {
                case 0: return "(" + gen(Type.INT, k) + " < " + gen(Type.INT, k) + ")";
                case 1: return "(" + gen(Type.INT, k) + " = " + gen(Type.INT, k) + ")";
                case 2: return "not " + gen(Type.BOOL, k);
                case 3: return "(" + gen(Type.BOOL, k) + " && " + gen(Type.BOOL, k) + ")";
                case 4: return "(" + gen(Type.BOOL, k) + " || " + gen(Type.BOOL, k) + ")";
                case 5: return "List.is_empty " + gen(Type.LIST, k);
                default: return "(" + gen(Type.STR, k) + " = " + gen(Type.STR, k) + ")";
            }
        }

        private String genList(int d) {
            int k = d - 1;
            switch (rnd.nextInt(8)) {
                case 0: {
                    int n = rnd.nextInt(4);
                    List<String> es = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        es.add(gen(Type.INT, k));
                    }
                    return "[" + String.join(", ", es) + "]";
                }
                case 1: return "List.map " + lambdaInt(k) + " " + gen(Type.LIST, k);
                case 2: return "List.filter " + lambdaBool(k) + " " + gen(Type.LIST, k);
                case 3: return "List.range(0, " + rnd.nextInt(5) + ")";
                case 4: return "(" + gen(Type.INT, k) + " :: " + gen(Type.LIST, k) + ")";
                case 5: return "List.rev " + gen(Type.LIST, k);
                case 6: return "List.map (fun i -> " + delay("i") + ") " + gen(Type.LIST, k);
                default: return chance(40) ? "List.tl " + gen(Type.LIST, k) : "List.tl (0 :: " + gen(Type.LIST, k) + ")";
            }
        }
    }
}
