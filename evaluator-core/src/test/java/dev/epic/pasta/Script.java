package dev.epic.pasta;

import dev.epic.pasta.decode.Decoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an annotating model would write for one prompt: its main-thread text (promises and syncs included)
 * and the text of each chunk. Answers decode calls as such a model would: a context ending in {@code <async>}
 * gets the chunk of the last promise and {@code </async>}; a main-thread context gets the main text after as
 * many syncs as the context holds (chunks already stitched in are skipped when counting).
 */
record Script(String prompt, String main, List<String> chunks) {
    private static final Pattern ASYNC_BLOCK = Pattern.compile("(?s)<async>.*?</async>");
    private static final Pattern PROMISE = Pattern.compile("<promise[^>]*/>");

    String respond(Decoder.Decode d) {
        if (!d.context().startsWith(prompt)) {
            return null;
        }
        String response = d.context().substring(prompt.length());
        if (d.role() == Decoder.Role.ASYNC) {
            if (!response.endsWith("<async>")) {
                return null;
            }
            String before = ASYNC_BLOCK.matcher(response.substring(0, response.length() - "<async>".length())).replaceAll("");
            Matcher m = PROMISE.matcher(before);
            int count = 0;
            while (m.find()) {
                count++;
            }
            return chunks.get(count - 1) + "</async>";
        }
        String seen = ASYNC_BLOCK.matcher(response).replaceAll("");
        int syncs = count(seen, "<sync/>");
        int at = 0;
        for (int i = 0; i < syncs; i++) {
            at = main.indexOf("<sync/>", at) + "<sync/>".length();
        }
        return main.substring(at);
    }

    /** The answer as one plain stream: each promise replaced by its chunk, syncs removed. */
    String plain() {
        StringBuilder sb = new StringBuilder();
        Matcher m = PROMISE.matcher(main);
        int last = 0;
        int i = 0;
        while (m.find()) {
            sb.append(main, last, m.start()).append(chunks.get(i++));
            last = m.end();
        }
        sb.append(main.substring(last));
        return sb.toString().replace("<sync/>", "");
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /** A random script: 1 to 4 rounds of text and promises, syncs between rounds. */
    static Script random(long seed, String prompt) {
        Random rnd = new Random(seed);
        StringBuilder main = new StringBuilder();
        List<String> chunks = new ArrayList<>();
        int rounds = 1 + rnd.nextInt(4);
        for (int r = 0; r < rounds; r++) {
            main.append(words(rnd, 2 + rnd.nextInt(8)));
            int promises = rnd.nextInt(5);
            for (int p = 0; p < promises; p++) {
                int hint = 3 + rnd.nextInt(12);
                main.append("\n- <promise topic=\"part ").append(chunks.size()).append("\" tokens=\"").append(hint).append("\"/>");
                chunks.add(words(rnd, Math.max(1, hint + rnd.nextInt(7) - 3)));
            }
            main.append(words(rnd, rnd.nextInt(4)));
            if (r < rounds - 1) {
                main.append("<sync/>");
            }
        }
        return new Script(prompt, main.toString(), chunks);
    }

    static String words(Random rnd, int n) {
        String[] pool = {"river", "light", "stone", "bridge", "market", "quiet", "north", "garden", "bread", "music"};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(' ').append(pool[rnd.nextInt(pool.length)]);
        }
        return sb.toString();
    }
}
