package dev.epic.lang.syntax;

import java.util.List;

/**
 * A token. {@code text} is the name, the number's digits or the decoded string; a string token with
 * interpolation also carries its {@code parts}.
 */
public record Token(TokenKind kind, String text, int offset, List<StringPart> parts) {

    /** A piece of a string literal: plain text, or the source range of an embedded {@code ${expr}}. */
    public sealed interface StringPart permits Text, Embedded {}

    public record Text(String text) implements StringPart {}

    public record Embedded(int start, int end) implements StringPart {}

    public static Token of(TokenKind kind, String text, int offset) {
        return new Token(kind, text, offset, List.of());
    }
}
