package dev.epic.model.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {
    private static final String TRANSCRIPT = ": keep-alive comment\r\n"
            + "data: {\"choices\":[{\"index\":1,\"text\":\"héllo ✓\"}]}\r\n\r\n"
            + "event: message\n"
            + "data: first line\n"
            + "data: second line\n\n"
            + "id: 7\n"
            + "data:no-space\n\n"
            + "data: [DONE]\n\n";

    private static final List<String> EVENTS = List.of("{\"choices\":[{\"index\":1,\"text\":\"héllo ✓\"}]}",
            "first line\nsecond line", "no-space", "[DONE]");

    @Test
    void parsesAWholeTranscript() {
        assertThat(new SseParser().feed(TRANSCRIPT.getBytes(StandardCharsets.UTF_8))).isEqualTo(EVENTS);
    }

    @Test
    void givesTheSameEventsWhereverTheBytesAreSplitInTwo() {
        byte[] bytes = TRANSCRIPT.getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= bytes.length; cut++) {
            SseParser p = new SseParser();
            List<String> out = new ArrayList<>(p.feed(Arrays.copyOfRange(bytes, 0, cut)));
            out.addAll(p.feed(Arrays.copyOfRange(bytes, cut, bytes.length)));
            assertThat(out).as("split at byte %d", cut).isEqualTo(EVENTS);
        }
    }

    @Test
    void givesTheSameEventsFedOneByteAtATime() {
        SseParser p = new SseParser();
        List<String> out = new ArrayList<>();
        for (byte b : TRANSCRIPT.getBytes(StandardCharsets.UTF_8)) {
            out.addAll(p.feed(new byte[] {b}));
        }
        assertThat(out).isEqualTo(EVENTS);
        assertThat(p.midEvent()).isFalse();
    }

    @Test
    void anUnfinishedEventIsHeldBack() {
        SseParser p = new SseParser();
        assertThat(p.feed("data: partial".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(p.midEvent()).isTrue();
        assertThat(p.feed("\n\n".getBytes(StandardCharsets.UTF_8))).containsExactly("partial");
    }
}
