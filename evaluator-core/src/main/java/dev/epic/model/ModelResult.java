package dev.epic.model;

import java.util.List;

/** The answer to one {@link ModelCall}: its {@code n} choices in order. */
public record ModelResult(List<Choice> choices) {
    /** One choice; {@code firstTokenAlternatives} when log-probabilities were asked for, most likely first. */
    public record Choice(String text, String finishReason, List<Alternative> firstTokenAlternatives) {}

    public record Alternative(String token, double logprob) {}

    public String text() {
        return choices.get(0).text();
    }
}
