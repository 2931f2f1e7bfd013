package dev.epic.model.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code include_stop_str_in_output}: the matched stop string stays at the end of the text and of the stream. */
class IncludeStopTest {
    @Test
    void aMatchedStopStringIsKeptWhenAskedFor() throws Exception {
        ScriptedRules rules = new ScriptedRules(List.of(new ScriptedRules.Rule(Pattern.compile("go"), "one two<sync/> three</async> four")));
        SimSettings s = new SimSettings("sim", 25, 0.6, 0.05, 64, SimSettings.Mode.CONTINUOUS, 0.02, 64, Optional.empty());
        try (SimEngine e = new SimEngine(s, List.of(rules))) {
            List<String> streamed = new ArrayList<>();
            SimEngine.SequenceResult kept = e.submit(new SimEngine.Request(List.of("go"), 1, 50, List.of("<sync/>", "</async>"), 0, null, true),
                    (i, token, alts) -> streamed.add(token)).get(30, TimeUnit.SECONDS).sequences().get(0);
            assertThat(kept.text()).isEqualTo("one two<sync/>");
            assertThat(String.join("", streamed)).isEqualTo("one two<sync/>");
            SimEngine.SequenceResult trimmed = e.submit(new SimEngine.Request(List.of("go"), 1, 50, List.of("<sync/>"), 0, null), null)
                    .get(30, TimeUnit.SECONDS).sequences().get(0);
            assertThat(trimmed.text()).isEqualTo("one two");
        }
    }
}
