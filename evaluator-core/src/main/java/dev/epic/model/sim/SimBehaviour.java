package dev.epic.model.sim;

import java.util.List;
import java.util.Optional;

/**
 * One way the simulated engine answers prompts. Behaviours are tried in order; the first that answers wins.
 * Answers must be deterministic in (prompt, seed, choice).
 */
public interface SimBehaviour {
    Optional<String> answer(String prompt, long seed, int choice);

    /**
     * The next-token alternatives after {@code prefix} (the text generated so far), most likely first, if this
     * behaviour decides them; the engine then emits the first. Empty: the engine's generic alternatives.
     */
    default Optional<List<SimEngine.Alternative>> alternatives(String prompt, String prefix, int k) {
        return Optional.empty();
    }
}
