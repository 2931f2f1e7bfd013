package dev.epic.pasta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.pasta.parse.Flag;
import dev.epic.pasta.parse.Piece;
import dev.epic.pasta.parse.TagParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TagParserTest {
    private final List<Flag> flags = new ArrayList<>();

    private List<Piece> parseWhole(String text) {
        TagParser p = new TagParser(64, flags::add);
        List<Piece> out = new ArrayList<>(p.feed(text));
        out.addAll(p.finish());
        return merged(out);
    }

    private List<Piece> parseSplit(String text, int... cuts) {
        TagParser p = new TagParser(64, flags::add);
        List<Piece> out = new ArrayList<>();
        int last = 0;
        for (int c : cuts) {
            out.addAll(p.feed(text.substring(last, c)));
            last = c;
        }
        out.addAll(p.feed(text.substring(last)));
        out.addAll(p.finish());
        return merged(out);
    }

    /** Adjacent text pieces joined, so that splits that only cut text compare equal. */
    private static List<Piece> merged(List<Piece> pieces) {
        List<Piece> out = new ArrayList<>();
        for (Piece p : pieces) {
            if (p instanceof Piece.Text && !out.isEmpty() && out.get(out.size() - 1) instanceof Piece.Text) {
                out.set(out.size() - 1, new Piece.Text(out.get(out.size() - 1).raw() + p.raw()));
            } else {
                out.add(p);
            }
        }
        return out;
    }

    private static final String ANNOTATED = "Intro a < b.\n1. <promise topic=\"first > point\" tokens=\"12\"/>\n"
            + "2. <promise tokens=\"7\" topic=\"second\"/> <sync/> then <async>x</async> end <sync />";

    @Test
    void readsEveryTagWithItsRawText() {
        List<Piece> pieces = parseWhole(ANNOTATED);
        assertThat(pieces).containsExactly(
                new Piece.Text("Intro a < b.\n1. "),
                new Piece.Promise("first > point", 12, true, "<promise topic=\"first > point\" tokens=\"12\"/>"),
                new Piece.Text("\n2. "),
                new Piece.Promise("second", 7, true, "<promise tokens=\"7\" topic=\"second\"/>"),
                new Piece.Text(" "), new Piece.Sync("<sync/>"), new Piece.Text(" then "), new Piece.AsyncOpen("<async>"),
                new Piece.Text("x"), new Piece.AsyncClose("</async>"), new Piece.Text(" end "), new Piece.Sync("<sync />"));
        assertThat(flags).isEmpty();
    }

    @Test
    void givesTheSamePiecesHoweverTheStreamIsSplit() {
        List<Piece> whole = parseWhole(ANNOTATED);
        for (int a = 0; a <= ANNOTATED.length(); a++) {
            for (int b = a; b <= ANNOTATED.length(); b += 7) {
                assertThat(parseSplit(ANNOTATED, a, b)).as("cut at %d and %d", a, b).isEqualTo(whole);
            }
        }
        int[] everyChar = new int[ANNOTATED.length() - 1];
        for (int i = 0; i < everyChar.length; i++) {
            everyChar[i] = i + 1;
        }
        assertThat(parseSplit(ANNOTATED, everyChar)).isEqualTo(whole);
        assertThat(flags).isEmpty();
    }

    @Test
    void holdsAPartialTagUntilItIsComplete() {
        TagParser p = new TagParser(64, flags::add);
        assertThat(p.feed("abc <prom")).containsExactly(new Piece.Text("abc "));
        assertThat(p.held()).isEqualTo("<prom");
        assertThat(p.feed("ise topic=\"x\" tok")).isEmpty();
        assertThat(p.feed("ens=\"5\"/> d")).containsExactly(new Piece.Promise("x", 5, true, "<promise topic=\"x\" tokens=\"5\"/>"),
                new Piece.Text(" d"));
        assertThat(p.held()).isEmpty();
    }

    @Test
    void aLessThanThatCannotStartATagIsTextAtOnce() {
        TagParser p = new TagParser(64, flags::add);
        assertThat(p.feed("a < b <synchronous> <asyncio> <p>")).containsExactly(new Piece.Text("a < b <synchronous> <asyncio> <p>"));
        assertThat(p.held()).isEmpty();
        assertThat(flags).isEmpty();
    }

    @Test
    void malformedTagsStayText() {
        String text = "a <promise topic=x tokens=\"3\"/> b <async foo> c <sync/ > d";
        assertThat(parseWhole(text)).containsExactly(new Piece.Text(text));
        assertThat(flags).containsExactly(Flag.MALFORMED_TAG, Flag.MALFORMED_TAG, Flag.MALFORMED_TAG);
    }

    @Test
    void aMalformedTagEndsAtTheNextTagSoTheSyncAfterItIsKept() {
        String text = "<promise topic=\"a\" tokens=\"3\" <sync/> x";
        assertThat(parseWhole(text)).containsExactly(new Piece.Text("<promise topic=\"a\" tokens=\"3\" "), new Piece.Sync("<sync/>"),
                new Piece.Text(" x"));
        assertThat(flags).containsExactly(Flag.MALFORMED_TAG);
        flags.clear();
        // Streamed a character at a time the sync is found all the same.
        int[] cuts = new int[text.length() - 1];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }
        assertThat(parseSplit(text, cuts)).contains(new Piece.Sync("<sync/>"));
        flags.clear();
        // An unclosed quote does not hide a later promise either.
        assertThat(parseWhole("<promise topic=\"a <promise topic=\"b\" tokens=\"2\"/>"))
                .containsExactly(new Piece.Text("<promise topic=\"a "), new Piece.Promise("b", 2, true, "<promise topic=\"b\" tokens=\"2\"/>"));
        assertThat(flags).containsExactly(Flag.MALFORMED_TAG);
    }

    @Test
    void singleQuotedAttributesAreMalformed() {
        String text = "<promise topic='a' tokens='3'/> y";
        assertThat(parseWhole(text)).containsExactly(new Piece.Text(text));
        assertThat(flags).containsExactly(Flag.MALFORMED_TAG);
    }

    @Test
    void aTagCannotSpanALineOrGrowWithoutBound() {
        String broken = "x <promise topic=\"a\"\ntokens=\"3\"/> y";
        assertThat(parseWhole(broken)).containsExactly(new Piece.Text(broken));
        assertThat(flags).containsExactly(Flag.MALFORMED_TAG);
        flags.clear();
        String endless = "<promise topic=\"" + "w".repeat(1000) + "\"/>";
        assertThat(parseWhole(endless)).containsExactly(new Piece.Text(endless));
        assertThat(flags).containsExactly(Flag.MALFORMED_TAG);
    }

    @Test
    void aPromiseWithoutTokensGetsTheDefaultHint() {
        assertThat(parseWhole("<promise topic=\"t\"/>")).containsExactly(new Piece.Promise("t", 64, false, "<promise topic=\"t\"/>"));
        assertThat(flags).containsExactly(Flag.PROMISE_WITHOUT_TOKENS);
    }

    @Test
    void unusableTokenHintsGetTheDefault() {
        for (String bad : List.of("abc", "0", "-3", "1.5", "9999999")) {
            assertThat(parseWhole("<promise tokens=\"" + bad + "\"/>"))
                    .containsExactly(new Piece.Promise("", 64, false, "<promise tokens=\"" + bad + "\"/>"));
        }
        assertThat(flags).containsOnly(Flag.BAD_TOKENS).hasSize(5);
    }

    @Test
    void aTagOpenAtTheEndOfTheStreamStaysText() {
        TagParser p = new TagParser(64, flags::add);
        assertThat(p.feed("end <promise topic=\"half")).containsExactly(new Piece.Text("end "));
        assertThat(p.finish()).containsExactly(new Piece.Text("<promise topic=\"half"));
        assertThat(flags).containsExactly(Flag.UNCLOSED_TAG);
        flags.clear();
        assertThat(parseWhole("tail <syn")).containsExactly(new Piece.Text("tail <syn"));
        assertThat(flags).containsExactly(Flag.UNCLOSED_TAG);
    }

    @Test
    void syncAcceptsItsThreeSpellings() {
        assertThat(parseWhole("<sync/><sync /><sync>")).containsExactly(new Piece.Sync("<sync/>"), new Piece.Sync("<sync />"),
                new Piece.Sync("<sync>"));
    }

    @Test
    void theRawTextOfThePiecesIsTheInput() {
        String text = ANNOTATED + " <promise bad> <promise topic=\"z\"/> <sync";
        StringBuilder sb = new StringBuilder();
        parseWhole(text).forEach(p -> sb.append(p.raw()));
        assertThat(sb.toString()).isEqualTo(text);
    }
}
