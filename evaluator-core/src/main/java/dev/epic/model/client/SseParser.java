package dev.epic.model.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An incremental Server-Sent-Events parser. Feed it bytes as they arrive, split anywhere (inside a line, a
 * CRLF pair or a multi-byte character); it returns the {@code data} of each event completed so far. Lines are
 * decoded only once whole, so characters are never cut. Multi-line data is joined with newlines; comments and
 * other fields are skipped.
 */
public final class SseParser {
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private boolean lastWasCr;

    /** The data of every event completed by these bytes, in order. */
    public List<String> feed(byte[] bytes) {
        List<String> out = new ArrayList<>();
        for (byte b : bytes) {
            if (b == '\n' && lastWasCr) {
                lastWasCr = false;
                continue;
            }
            lastWasCr = b == '\r';
            if (b == '\n' || b == '\r') {
                endLine(out);
            } else {
                line.write(b);
            }
        }
        return out;
    }

    /** Whether bytes of an unfinished event are buffered. */
    public boolean midEvent() {
        return line.size() > 0 || hasData;
    }

    private void endLine(List<String> out) {
        String l = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (l.isEmpty()) {
            if (hasData) {
                out.add(data.toString());
            }
            data.setLength(0);
            hasData = false;
            return;
        }
        if (l.startsWith(":")) {
            return;
        }
        int colon = l.indexOf(':');
        String field = colon < 0 ? l : l.substring(0, colon);
        String value = colon < 0 ? "" : l.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (field.equals("data")) {
            if (hasData) {
                data.append('\n');
            }
            data.append(value);
            hasData = true;
        }
    }
}
