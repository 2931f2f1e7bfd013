package dev.epic.tools;

import dev.epic.spi.ExternalFunction;
import dev.epic.spi.ExternalCallException;
import dev.epic.lang.value.Value;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Constraint checks for constrained decoding, as external tools: {@code Regex.viable(pattern, text)} — can
 * {@code text} still be extended to a full match? — and {@code Regex.matches(pattern, text)} — does it match
 * whole?
 */
public final class RegexTool implements ExternalFunction {
    private final boolean prefix;

    private RegexTool(boolean prefix) {
        this.prefix = prefix;
    }

    public static RegexTool viable() {
        return new RegexTool(true);
    }

    public static RegexTool matches() {
        return new RegexTool(false);
    }

    @Override
    public String name() {
        return prefix ? "Regex.viable" : "Regex.matches";
    }

    @Override
    public int arity() {
        return 2;
    }

    @Override
    public CompletionStage<Value> call(List<Value> args) {
        if (!(args.get(0) instanceof Value.Str) || !(args.get(1) instanceof Value.Str)) {
            return CompletableFuture.failedFuture(new ExternalCallException(name() + " expects a pattern and a text, both strings"));
        }
        Pattern p;
        try {
            p = Pattern.compile(((Value.Str) args.get(0)).value());
        } catch (PatternSyntaxException e) {
            return CompletableFuture.failedFuture(new ExternalCallException(name() + ": bad pattern: " + e.getDescription()));
        }
        Matcher m = p.matcher(((Value.Str) args.get(1)).value());
        boolean full = m.matches();
        // A failed whole match that reached the end of the text means more text could still make it match.
        return CompletableFuture.completedFuture(Value.Bool.of(prefix ? full || m.hitEnd() : full));
    }
}
