package dev.epic.model.sim.tasks;

import dev.epic.model.sim.SimBehaviour;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The case-study behaviours of the simulated engine by the names {@code epic.sim.tasks} lists: each answers only
 * its own prompts (Game of 24, tool use, number answers, PASTA-annotated answers).
 */
public final class SimTasks {
    private static final Map<String, Supplier<SimBehaviour>> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("game24", Game24::new);
        BY_NAME.put("tool-use", ToolUse::new);
        BY_NAME.put("number-answers", NumberAnswers::new);
        BY_NAME.put("pasta", PastaAnnotator::new);
    }

    /** Every name, in the order the engine tries them. */
    public static final List<String> NAMES = List.copyOf(BY_NAME.keySet());

    private SimTasks() {}

    /** Fresh behaviours for {@code names}; an unknown name is an {@link IllegalArgumentException} naming the known ones. */
    public static List<SimBehaviour> named(List<String> names) {
        List<SimBehaviour> out = new ArrayList<>();
        for (String n : names) {
            Supplier<SimBehaviour> s = BY_NAME.get(n);
            if (s == null) {
                throw new IllegalArgumentException("unknown simulated-engine task '" + n + "' in epic.sim.tasks (known: "
                        + String.join(", ", NAMES) + ")");
            }
            out.add(s.get());
        }
        return out;
    }
}
