package dev.epic.model.sim.tasks;

import dev.epic.model.sim.DefaultGenerator;
import dev.epic.model.sim.SimBehaviour;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A simulated PASTA-annotating model. It answers instruction prompts in the format
 * {@code ### Instruction:\n…\n### Response:\n} with an answer annotated by {@code <promise topic tokens/>} and
 * {@code <sync/>}, of one of several realistic shapes (see {@link AnnotatedPlan}): a list of independent points
 * then a conclusion that depends on them; an explanation in several sync rounds, each paragraph building on
 * the chunks before it; a comparison; a plan by days; a mostly sequential answer with one late promise. Chunk
 * lengths vary around their {@code tokens} hints. Everything is deterministic in the instruction and seed.
 *
 * <p>It answers each kind of call the interpreter makes: the bare prompt with the main text from the start;
 * a context that ends in {@code <async>} with the chunk of the last promise and {@code </async>}; a context after
 * a sync (chunks stitched in as {@code <async>…</async>}, in either layout) with the main text from there.
 * {@code ### Plain response:\n} instead of {@code ### Response:\n} asks for the same answer unannotated — every
 * promise replaced by its chunk, syncs removed — to be decoded as one stream, for comparison.
 */
public final class PastaAnnotator implements SimBehaviour {
    public static final String INSTRUCTION = "### Instruction:\n";
    public static final String RESPONSE = "\n### Response:\n";
    public static final String PLAIN = "\n### Plain response:\n";
    private static final Pattern ASYNC_BLOCK = Pattern.compile("(?s)<async>.*?</async>");
    private static final Pattern PROMISE = Pattern.compile("<promise[^>\\n]*/>");

    @Override
    public Optional<String> answer(String prompt, long seed, int choice) {
        int start = prompt.indexOf(INSTRUCTION);
        if (start < 0) {
            return Optional.empty();
        }
        int annotated = prompt.indexOf(RESPONSE, start);
        int plain = prompt.indexOf(PLAIN, start);
        if (annotated < 0 && plain < 0) {
            return Optional.empty();
        }
        boolean isPlain = plain >= 0 && (annotated < 0 || plain < annotated);
        int end = isPlain ? plain : annotated;
        String instruction = prompt.substring(start + INSTRUCTION.length(), end);
        AnnotatedPlan plan = AnnotatedPlan.of(instruction, seed + 31L * choice);
        if (isPlain) {
            return Optional.of(plan.plain());
        }
        return Optional.of(continuation(plan, prompt.substring(end + RESPONSE.length())));
    }

    /** What the model writes after {@code response} (the answer so far, as the context shows it). */
    static String continuation(AnnotatedPlan plan, String response) {
        if (response.endsWith("<async>")) {
            String before = ASYNC_BLOCK.matcher(response.substring(0, response.length() - "<async>".length())).replaceAll("");
            Matcher m = PROMISE.matcher(before);
            int count = 0;
            while (m.find()) {
                count++;
            }
            String chunk = count >= 1 && count <= plan.chunks().size() ? plan.chunks().get(count - 1) : "";
            return chunk + "</async>";
        }
        String seen = ASYNC_BLOCK.matcher(response).replaceAll("");
        if (plan.main().startsWith(seen)) {
            return plan.main().substring(seen.length());
        }
        // A context the model did not write itself: go on after as many syncs as it holds.
        int at = 0;
        for (int i = seen.indexOf("<sync/>"); i >= 0; i = seen.indexOf("<sync/>", i + 1)) {
            int next = plan.main().indexOf("<sync/>", at);
            if (next < 0) {
                return "";
            }
            at = next + "<sync/>".length();
        }
        return plan.main().substring(at);
    }

    /**
     * One planned answer: the main thread's text with its tags, and each promise's chunk. {@link #plain()} is the
     * same answer as one stream.
     */
    public record AnnotatedPlan(String main, List<String> chunks, List<Integer> hints, String shape) {
        public String plain() {
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

        public static AnnotatedPlan of(String instruction, long seed) {
            return new Writer(instruction, seed).write();
        }
    }

    /** Writes one answer from a seeded generator. */
    private static final class Writer {
        private static final String[] NOUNS = ("approach detail habit routine result example reason budget schedule method "
                + "pattern option routine choice process benefit risk cost signal effect structure practice tool goal "
                + "context evidence balance step question answer system change trade-off").split(" ");
        private static final String[] VERBS = ("improves shapes reduces supports changes explains follows affects builds "
                + "limits reveals needs strengthens keeps makes turns").split(" ");
        private static final String[] ADJ = ("small clear steady careful simple useful practical common early late "
                + "strong quiet regular honest broad narrow direct modest").split(" ");
        private static final String[] LINKS = ("because so while and although since which when as").split(" ");
        private static final String[] ORDINAL = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"};

        private final String subject;
        private final String lower;
        private final Random rnd;
        private final StringBuilder main = new StringBuilder();
        private final List<String> chunks = new ArrayList<>();
        private final List<Integer> hints = new ArrayList<>();

        Writer(String instruction, long seed) {
            this.lower = instruction.toLowerCase(Locale.ROOT).trim();
            this.subject = subject(lower);
            this.rnd = new Random(DefaultGenerator.hash(instruction) * 1_000_003L + seed);
        }

        AnnotatedPlan write() {
            String shape;
            int pick = rnd.nextInt(100);
            if (lower.matches(".*\\b(tips|ways|reasons|steps|ideas|list|examples|mistakes|habits)\\b.*")) {
                shape = pick < 85 ? "list" : "sequential";
            } else if (lower.matches(".*\\b(compare|versus|vs|difference|differences)\\b.*")) {
                shape = pick < 85 ? "comparison" : "sequential";
            } else if (lower.matches(".*\\b(plan|itinerary|schedule|week|days|trip)\\b.*")) {
                shape = pick < 85 ? "plan" : "sequential";
            } else {
                shape = pick < 80 ? "rounds" : "sequential";
            }
            switch (shape) {
                case "list" -> list();
                case "comparison" -> comparison();
                case "plan" -> plan();
                case "rounds" -> rounds();
                default -> sequential();
            }
            return new AnnotatedPlan(main.toString(), chunks, hints, shape);
        }

        /** Intro, N independent points, then a conclusion written with the points in view. */
        private void list() {
            int n = count(3 + rnd.nextInt(4));
            main.append(said("Here are " + n + " " + (lower.contains("tips") ? "tips" : "points") + " on " + subject, 6));
            for (int i = 0; i < n; i++) {
                main.append("\n").append(i + 1).append(". ");
                promise(subject + ", " + ORDINAL[i % ORDINAL.length] + " point", 30 + rnd.nextInt(40));
            }
            main.append("\n<sync/>\n");
            main.append(said("Taken together, these points on " + subject + " work best when combined", 12 + rnd.nextInt(10)));
        }

        /** Several sync rounds: each round's paragraph depends on the chunks of the round before. */
        private void rounds() {
            main.append(said(capital(subject) + " is easier to follow in parts", 10 + rnd.nextInt(8)));
            int r = 2 + rnd.nextInt(2);
            for (int round = 0; round < r; round++) {
                int k = 2 + rnd.nextInt(2);
                for (int i = 0; i < k; i++) {
                    main.append("\n\n");
                    promise(subject + ", aspect " + (chunks.size() + 1), 35 + rnd.nextInt(45));
                }
                main.append("\n<sync/>\n\n");
                main.append(said(round == r - 1 ? "In short, " + subject + " comes down to these parts" : "Building on these parts, the next question is how they interact", 8 + rnd.nextInt(14)));
            }
        }

        /** Two sides in parallel, a comparison that needs both, then a list of independent recommendations. */
        private void comparison() {
            main.append(said("Both sides of " + subject + " have their strengths", 8 + rnd.nextInt(6)));
            main.append("\n\n");
            promise("the first side of " + subject, 45 + rnd.nextInt(30));
            main.append("\n\n");
            promise("the second side of " + subject, 45 + rnd.nextInt(30));
            main.append("\n<sync/>\n\n");
            main.append(said("Compared directly, the two differ mostly in cost and effort", 15 + rnd.nextInt(15)));
            main.append("\nRecommendations:");
            int n = 2 + rnd.nextInt(3);
            for (int i = 0; i < n; i++) {
                main.append("\n- ");
                promise("recommendation " + (i + 1), 20 + rnd.nextInt(25));
            }
        }

        /** A plan by days, then a budget that depends on the days, then independent packing notes. */
        private void plan() {
            int days = count(2 + rnd.nextInt(4));
            main.append(said("A " + days + "-day plan for " + subject, 6 + rnd.nextInt(6)));
            for (int d = 1; d <= days; d++) {
                main.append("\nDay ").append(d).append(": ");
                promise("day " + d + " of " + subject, 40 + rnd.nextInt(30));
            }
            main.append("\n<sync/>\n");
            main.append(said("Budget: with these days, the costs add up as follows", 18 + rnd.nextInt(12)));
            main.append("\nBefore you go:\n");
            promise("what to prepare", 25 + rnd.nextInt(20));
            main.append("\n<sync/>\n");
            main.append(said("Enjoy the plan", 4 + rnd.nextInt(4)));
        }

        /** Mostly one stream: long sequential reasoning, one small late promise. */
        private void sequential() {
            for (int i = 0; i < 3 + rnd.nextInt(3); i++) {
                main.append(i == 0 ? "" : " ").append(said(i == 0 ? capital(subject) + " needs one line of reasoning" : "Each step follows from the one before", 14 + rnd.nextInt(12)));
            }
            main.append("\nOne more note: ");
            promise("a closing note on " + subject, 15 + rnd.nextInt(15));
        }

        private void promise(String topic, int hint) {
            double f = 0.6 + 0.8 * rnd.nextDouble();
            int words = Math.max(4, (int) Math.round(hint * f));
            main.append("<promise topic=\"").append(topic.replaceAll("[<>\"\\n]", " ")).append("\" tokens=\"").append(hint).append("\"/>");
            hints.add(hint);
            StringBuilder c = new StringBuilder();
            int left = words;
            boolean first = true;
            while (left > 0) {
                int n = Math.min(left, 6 + rnd.nextInt(10));
                String head = first ? capital(ADJ[rnd.nextInt(ADJ.length)]) + " " + NOUNS[rnd.nextInt(NOUNS.length)] : null;
                String s = sentence(head, n - (first ? 2 : 0));
                c.append(first ? "" : " ").append(s);
                left -= n;
                first = false;
            }
            chunks.add(c.toString());
        }

        /** The main thread's own sentence {@code head}, then a generated one of about {@code words} words. */
        private String said(String head, int words) {
            return head + ". " + sentence(null, Math.max(1, words - 1));
        }

        /** A sentence beginning with {@code head} (null: generated), with about {@code words} more words. */
        private String sentence(String head, int words) {
            StringBuilder sb = new StringBuilder(head == null ? capital(NOUNS[rnd.nextInt(NOUNS.length)]) : head);
            for (int i = 0; i < words; i++) {
                String[] pool = switch (i % 4) {
                    case 0 -> VERBS;
                    case 1 -> ADJ;
                    case 2 -> NOUNS;
                    default -> LINKS;
                };
                sb.append(' ').append(pool[rnd.nextInt(pool.length)]);
            }
            return sb.append('.').toString();
        }

        private int count(int dflt) {
            String[] numbers = {"two", "three", "four", "five", "six", "seven", "eight"};
            for (int i = 0; i < numbers.length; i++) {
                if (lower.matches(".*\\b" + numbers[i] + "\\b.*")) {
                    return i + 2;
                }
            }
            Matcher m = Pattern.compile("\\b([2-8])\\b").matcher(lower);
            return m.find() ? Integer.parseInt(m.group(1)) : dflt;
        }

        private static String subject(String lower) {
            String s = lower.replaceAll("[.?!]+$", "")
                    .replaceFirst("^(please\\s+)?(give|list|explain|describe|compare|plan|suggest|write|tell me|outline|summarize|name)\\s+(me\\s+)?", "")
                    .replaceFirst("^(a|an|the|some|\\d+|two|three|four|five|six|seven|eight)\\s+", "")
                    .replaceFirst("^(tips|ways|reasons|steps|ideas|examples|mistakes|habits|differences)\\s+(for|to|of|on|in|about)\\s+", "")
                    .replace("\"", "'").trim();
            return s.isEmpty() ? "the question" : s;
        }

        private static String capital(String s) {
            return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
        }
    }
}
