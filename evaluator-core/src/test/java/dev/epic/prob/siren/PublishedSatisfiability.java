package dev.epic.prob.siren;

import dev.epic.prob.infer.Algorithm;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The published ground truth of plan satisfiability (SIREN.md §6.6, "truly satisfiable plans per setting"), per
 * benchmark and algorithm, and the published default plan ids (§7.2). §6.6 gives slds/SSI only as "36 plans", 8
 * of which the analysis misses; the 36 ids are the published artifact's verdicts ({@code config.json},
 * {@code plans[id].satisfiable.smc.ssi}). slam/SSI plans 0 and 2 were declared satisfiable by
 * the published authors without a run (§5.3): they are intractable under SSI, so a run of them times out.
 */
public final class PublishedSatisfiability {
    private PublishedSatisfiability() {}

    private static final Map<String, Map<Algorithm, Set<Integer>>> TRUTH = new LinkedHashMap<>();
    private static final Map<String, int[]> DEFAULTS = new LinkedHashMap<>();

    static {
        put("noise", ids(3, 4, 5, 6, 7), ids(4, 5, 6, 7), ids(3, 7));
        for (String b : new String[] {"radar", "envnoise", "aircraft"}) {
            put(b, ids(15, 29, 31), ids(29, 31), ids(15, 31));
        }
        put("outlier", ids(2, 3, 6, 7), ids(6, 7), ids(3, 7));
        put("outlierheavy", ids(6, 7), ids(6, 7), ids(7));
        put("gtree", ids(0, 1, 2, 3), ids(1, 2, 3), ids(0, 1, 2, 3));
        put("slds", ids(67, 71, 75, 79, 81, 83, 85, 87, 89, 91, 93, 95, 98, 99, 102, 103, 106, 107, 110, 111,
                112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127),
                range(112, 127), ids(79, 95, 111, 127));
        put("runner", ids(3, 7, 11, 15), ids(15), ids(3, 7, 11, 15));
        put("wheels", ids(0, 1, 2, 3), ids(1, 2, 3), ids(1, 2, 3));
        put("slam", ids(0, 1, 2, 3), ids(1, 3), ids(3));

        DEFAULTS.put("noise", new int[] {5, 5, 3});
        DEFAULTS.put("radar", new int[] {29, 29, 15});
        DEFAULTS.put("envnoise", new int[] {29, 29, 15});
        DEFAULTS.put("outlier", new int[] {6, 6, 3});
        DEFAULTS.put("outlierheavy", new int[] {6, 6, 7});
        DEFAULTS.put("gtree", new int[] {0, 2, 0});
        DEFAULTS.put("slds", new int[] {115, 115, 79});
        DEFAULTS.put("runner", new int[] {3, 15, 11});
        DEFAULTS.put("wheels", new int[] {0, 3, 2});
        DEFAULTS.put("slam", new int[] {0, 3, 3});
        DEFAULTS.put("aircraft", new int[] {29, 29, 15});
    }

    /**
     * The published harness's pre-check ({@code known_enc}, SIREN.md §5.3): variables taken as always sampled, so
     * that a plan annotating one of them {@code symbolic} is unsatisfiable without a run. In radar and envnoise
     * {@code other} and {@code invr} are sampled only in a particle that draws env = true (probability 10^-4 per
     * draw), which 20 seeds of 10 particles may never do.
     */
    public static Set<String> knownSampled(String benchmark) {
        switch (benchmark) {
            case "radar":
            case "envnoise":
            case "aircraft":
                return Set.of("other", "invr");
            case "outlierheavy":
                return Set.of("xt");
            default:
                return Set.of();
        }
    }

    /** Whether plan {@code id} annotates a {@link #knownSampled} variable {@code symbolic}. */
    public static boolean preCheckRejects(SirenBenchmark b, int id) {
        Set<String> known = knownSampled(b.name());
        for (int j = 0; j < b.variables().size(); j++) {
            if (!b.sampled(id, j) && known.contains(b.variables().get(j))) {
                return true;
            }
        }
        return false;
    }

    /** Plans declared satisfiable without a run, as intractable (slam under SSI). */
    public static boolean byDecision(String benchmark, Algorithm method, int plan) {
        return benchmark.equals("slam") && method == Algorithm.SSI && (plan == 0 || plan == 2);
    }

    public static Set<Integer> satisfiable(String benchmark, Algorithm method) {
        return TRUTH.get(benchmark).get(method);
    }

    /** The published default plan id of {@code benchmark} under {@code method}. */
    public static int defaultPlan(String benchmark, Algorithm method) {
        return DEFAULTS.get(benchmark)[method.ordinal()];
    }

    private static void put(String b, Set<Integer> ssi, Set<Integer> ds, Set<Integer> bp) {
        Map<Algorithm, Set<Integer>> m = new EnumMap<>(Algorithm.class);
        m.put(Algorithm.SSI, ssi);
        m.put(Algorithm.DS, ds);
        m.put(Algorithm.BP, bp);
        TRUTH.put(b, m);
    }

    private static Set<Integer> ids(int... ids) {
        return IntStream.of(ids).boxed().collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<Integer> range(int from, int to) {
        return IntStream.rangeClosed(from, to).boxed().collect(Collectors.toCollection(TreeSet::new));
    }
}
