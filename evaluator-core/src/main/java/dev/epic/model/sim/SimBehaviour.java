package dev.epic.model.sim;

import java.util.Optional;

/**
 * One way the simulated engine answers prompts. Behaviours are tried in order; the first that answers wins.
 * Answers must be deterministic in (prompt, seed, choice).
 */
public interface SimBehaviour {
    Optional<String> answer(String prompt, long seed, int choice);
}
