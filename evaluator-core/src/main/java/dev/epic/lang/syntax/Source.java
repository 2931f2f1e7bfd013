package dev.epic.lang.syntax;

import java.util.Arrays;

/** Program text with its name; turns offsets into line and column. */
public final class Source {
    private final String name;
    private final String text;
    private final int[] lineStarts;

    public Source(String name, String text) {
        this.name = name;
        this.text = text;
        int[] starts = new int[16];
        int n = 0;
        starts[n++] = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n * 2);
                }
                starts[n++] = i + 1;
            }
        }
        this.lineStarts = Arrays.copyOf(starts, n);
    }

    public String name() {
        return name;
    }

    /**
     * Whether the text is read in Siren's dialect (a {@code .si} file): every numeric literal is a float, comments
     * do not nest (SIREN.md §3).
     */
    public boolean sirenDialect() {
        return name.endsWith(".si");
    }

    public String text() {
        return text;
    }

    public Span span(int offset) {
        int idx = Arrays.binarySearch(lineStarts, offset);
        int line = idx >= 0 ? idx : -idx - 2;
        // Columns count characters, tabs as one.
        return new Span(name, line + 1, offset - lineStarts[line] + 1);
    }
}
