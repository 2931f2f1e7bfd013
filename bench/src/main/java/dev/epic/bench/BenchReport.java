package dev.epic.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a benchmark's results under {@code docs/}: its section of {@code docs/benchmarks.md} (between
 * {@code <!-- bench:NAME -->} markers, so each benchmark rewrites only its own part), a JSON file and an SVG
 * plot in {@code docs/bench/}.
 */
public final class BenchReport {
    private BenchReport() {}

    public static void write(Path docs, String name, String markdownSection, String json, String svg) throws IOException {
        Path dir = docs.resolve("bench");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".json"), json, StandardCharsets.UTF_8);
        if (svg != null) {
            Files.writeString(dir.resolve(name + ".svg"), svg, StandardCharsets.UTF_8);
        }
        Path md = docs.resolve("benchmarks.md");
        String begin = "<!-- bench:" + name + " -->";
        String end = "<!-- /bench:" + name + " -->";
        String text = Files.exists(md) ? Files.readString(md, StandardCharsets.UTF_8)
                : "# EPIC benchmarks\n\nEvery number here is written by `epic bench …`; each section says how to reproduce it.\n";
        String block = begin + "\n" + markdownSection.strip() + "\n" + end;
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b >= 0 && e > b) {
            text = text.substring(0, b) + block + text.substring(e + end.length());
        } else {
            text = text.stripTrailing() + "\n\n" + block + "\n";
        }
        Files.writeString(md, text, StandardCharsets.UTF_8);
    }

    /** A grouped horizontal bar chart: one group per category, one bar per series. */
    public static String barChart(String title, String unit, List<String> categories, List<String> series, double[][] values) {
        int barH = 16;
        int groupGap = 14;
        int left = 230;
        int width = 760;
        int plotW = width - left - 90;
        int top = 50;
        double max = 0;
        for (double[] row : values) {
            for (double v : row) {
                max = Math.max(max, v);
            }
        }
        int height = top + categories.size() * (series.size() * barH + groupGap) + 40;
        String[] colors = {"#4472c4", "#ed7d31", "#70ad47", "#a5a5a5"};
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height));
        sb.append(String.format("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        sb.append(String.format("<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n", esc(title)));
        for (int s = 0; s < series.size(); s++) {
            int x = left + s * Math.min(160, (width - left - 20) / Math.max(1, series.size()));
            sb.append(String.format("<rect x=\"%d\" y=\"32\" width=\"12\" height=\"12\" fill=\"%s\"/>", x, colors[s % colors.length]));
            sb.append(String.format("<text x=\"%d\" y=\"43\">%s</text>%n", x + 16, esc(series.get(s))));
        }
        int y = top + 10;
        for (int c = 0; c < categories.size(); c++) {
            sb.append(String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", left - 8,
                    y + series.size() * barH / 2 + 4, esc(categories.get(c))));
            for (int s = 0; s < series.size(); s++) {
                double v = values[c][s];
                int w = max <= 0 ? 0 : (int) Math.round(plotW * v / max);
                sb.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>", left, y, Math.max(w, 1),
                        barH - 2, colors[s % colors.length]));
                sb.append(String.format("<text x=\"%d\" y=\"%d\">%s</text>%n", left + w + 4, y + barH - 5, esc(format(v) + " " + unit)));
                y += barH;
            }
            y += groupGap;
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    static String format(double v) {
        if (v >= 1e6) {
            return String.format("%.2fM", v / 1e6);
        }
        if (v >= 1e3) {
            return String.format("%.1fk", v / 1e3);
        }
        return v >= 100 ? String.format("%.0f", v) : String.format("%.2f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
