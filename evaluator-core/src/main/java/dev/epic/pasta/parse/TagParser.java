package dev.epic.pasta.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An incremental parser of PASTA tags over a streamed decode. {@link #feed} takes each piece of text as it
 * arrives, in any split (a tag may arrive one character at a time), and returns the pieces that are complete;
 * text that may still turn out to be the start of a tag is held until it is decided. {@link #finish} ends the
 * stream and releases what is held.
 *
 * <p>Policies (each raises a {@link Flag} and never stops the stream):
 * <ul>
 *   <li>Only {@code <promise …/>}, {@code <sync/>} (also {@code <sync />} and {@code <sync>}), {@code <async>} and
 *       {@code </async>} are tags. A {@code <} that cannot start one of them is text at once ({@code a < b},
 *       {@code <synchronous>}).</li>
 *   <li>A tag must close with {@code >} on its own line within {@value #MAX_TAG} characters and before any other
 *       {@code <} (a {@code >} inside a double-quoted attribute does not close it). Otherwise, or if its inside is
 *       not well-formed ({@code <promise topic=x/>}, single-quoted attributes {@code <promise topic='x'/>},
 *       {@code <async foo>}), it is {@link Flag#MALFORMED_TAG} and stays text; a malformed span ends at the next
 *       {@code <}, which is read afresh.</li>
 *   <li>A promise without {@code tokens} is {@link Flag#PROMISE_WITHOUT_TOKENS}; one whose {@code tokens} is not
 *       an integer from 1 to {@value #MAX_HINT} is {@link Flag#BAD_TOKENS}: both get the default hint. A
 *       missing {@code topic} is the empty topic. Other attributes are ignored.</li>
 *   <li>A tag still open when the stream ends is {@link Flag#UNCLOSED_TAG} and stays text.</li>
 * </ul>
 * Not thread-safe: one parser per stream, fed in order.
 */
public final class TagParser {
    static final int MAX_TAG = 400;
    static final int MAX_HINT = 100_000;
    private static final String[] NAMES = {"<promise", "<sync", "<async", "</async"};
    private static final Pattern PROMISE = Pattern.compile("<promise((?:\\s+[A-Za-z_][\\w-]*\\s*=\\s*\"[^\"\\n]*\")*)\\s*/>");
    private static final Pattern ATTRIBUTE = Pattern.compile("([A-Za-z_][\\w-]*)\\s*=\\s*\"([^\"\\n]*)\"");
    private static final Pattern SYNC = Pattern.compile("<sync\\s*/?>");
    private static final Pattern OPEN = Pattern.compile("<async\\s*>");
    private static final Pattern CLOSE = Pattern.compile("</async\\s*>");

    private final int defaultTokens;
    private final Consumer<Flag> flags;
    private final StringBuilder held = new StringBuilder();
    private boolean finished;

    /** {@code defaultTokens}: the hint of a promise that gives none; {@code flags} hears every policy decision. */
    public TagParser(int defaultTokens, Consumer<Flag> flags) {
        if (defaultTokens < 1) {
            throw new IllegalArgumentException("the default promise length must be positive");
        }
        this.defaultTokens = defaultTokens;
        this.flags = flags;
    }

    /** The pieces completed by {@code delta}, in order. */
    public List<Piece> feed(String delta) {
        if (finished) {
            throw new IllegalStateException("the stream has ended");
        }
        held.append(delta);
        List<Piece> out = new ArrayList<>();
        scan(out, false);
        return out;
    }

    /** Ends the stream: whatever is held is released (an unfinished tag as text). */
    public List<Piece> finish() {
        if (finished) {
            return List.of();
        }
        finished = true;
        List<Piece> out = new ArrayList<>();
        scan(out, true);
        return out;
    }

    /** Text held back because it may still start a tag. */
    public String held() {
        return held.toString();
    }

    private enum Kind { COMPLETE, NEED_MORE, NOT_TAG, MALFORMED }

    private record Match(Kind kind, Piece piece, int end) {}

    private void scan(List<Piece> out, boolean atEnd) {
        int i = 0;
        StringBuilder text = new StringBuilder();
        while (i < held.length()) {
            int lt = held.indexOf("<", i);
            if (lt < 0) {
                text.append(held, i, held.length());
                i = held.length();
                break;
            }
            text.append(held, i, lt);
            i = lt;
            Match m = match(i);
            if (m.kind() == Kind.NEED_MORE) {
                if (!atEnd) {
                    break;
                }
                flags.accept(Flag.UNCLOSED_TAG);
                text.append(held, i, held.length());
                i = held.length();
            } else if (m.kind() == Kind.NOT_TAG) {
                text.append('<');
                i++;
            } else if (m.kind() == Kind.MALFORMED) {
                flags.accept(Flag.MALFORMED_TAG);
                text.append(held, i, m.end());
                i = m.end();
            } else {
                if (text.length() > 0) {
                    out.add(new Piece.Text(text.toString()));
                    text.setLength(0);
                }
                out.add(m.piece());
                i = m.end();
            }
        }
        if (text.length() > 0) {
            out.add(new Piece.Text(text.toString()));
        }
        held.delete(0, i);
    }

    /** What the text at {@code i} (a {@code <}) is, as far as the text held so far tells. */
    private Match match(int i) {
        int avail = held.length() - i;
        boolean couldBe = false;
        for (String name : NAMES) {
            if (avail < name.length()) {
                if (name.startsWith(held.substring(i))) {
                    couldBe = true;
                }
                continue;
            }
            if (!held.substring(i, i + name.length()).equals(name)) {
                continue;
            }
            int after = i + name.length();
            if (after == held.length()) {
                return new Match(Kind.NEED_MORE, null, 0);
            }
            char c = held.charAt(after);
            boolean fits = Character.isWhitespace(c) || c == '>' || (c == '/' && !name.equals("<async") && !name.equals("</async"));
            if (!fits) {
                continue;
            }
            return tag(name, i, after);
        }
        return couldBe ? new Match(Kind.NEED_MORE, null, 0) : new Match(Kind.NOT_TAG, null, 0);
    }

    /**
     * A tag named {@code name} starts at {@code i}: find its closing {@code >} and read it. A {@code <} before it
     * (quoted or not) ends the malformed span there, so a broken tag cannot swallow the real tag after it.
     */
    private Match tag(String name, int i, int from) {
        boolean quoted = false;
        for (int j = from; j < held.length(); j++) {
            char c = held.charAt(j);
            if (c == '\n' || c == '<' || j - i >= MAX_TAG) {
                return new Match(Kind.MALFORMED, null, j);
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '>' && !quoted) {
                return read(name, held.substring(i, j + 1), j + 1);
            }
        }
        return new Match(Kind.NEED_MORE, null, 0);
    }

    private Match read(String name, String raw, int end) {
        switch (name) {
            case "<promise":
                Matcher m = PROMISE.matcher(raw);
                return m.matches() ? new Match(Kind.COMPLETE, promise(m.group(1), raw), end) : new Match(Kind.MALFORMED, null, end);
            case "<sync":
                return SYNC.matcher(raw).matches() ? new Match(Kind.COMPLETE, new Piece.Sync(raw), end) : new Match(Kind.MALFORMED, null, end);
            case "<async":
                return OPEN.matcher(raw).matches() ? new Match(Kind.COMPLETE, new Piece.AsyncOpen(raw), end) : new Match(Kind.MALFORMED, null, end);
            case "</async":
                return CLOSE.matcher(raw).matches() ? new Match(Kind.COMPLETE, new Piece.AsyncClose(raw), end) : new Match(Kind.MALFORMED, null, end);
            default:
                throw new IllegalStateException("unknown tag " + name);
        }
    }

    private Piece.Promise promise(String attributes, String raw) {
        String topic = "";
        String tokens = null;
        Matcher a = ATTRIBUTE.matcher(attributes);
        while (a.find()) {
            if (a.group(1).equals("topic")) {
                topic = a.group(2);
            } else if (a.group(1).equals("tokens")) {
                tokens = a.group(2).trim();
            }
        }
        if (tokens == null) {
            flags.accept(Flag.PROMISE_WITHOUT_TOKENS);
            return new Piece.Promise(topic, defaultTokens, false, raw);
        }
        if (!tokens.matches("[0-9]{1,6}") || Integer.parseInt(tokens) < 1 || Integer.parseInt(tokens) > MAX_HINT) {
            flags.accept(Flag.BAD_TOKENS);
            return new Piece.Promise(topic, defaultTokens, false, raw);
        }
        return new Piece.Promise(topic, Integer.parseInt(tokens), true, raw);
    }
}
