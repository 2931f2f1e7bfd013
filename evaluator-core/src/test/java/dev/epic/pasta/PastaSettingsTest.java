package dev.epic.pasta;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.epic.pasta.decode.PastaSettings;
import dev.epic.pasta.decode.StitchLayout;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** epic.pasta read into settings. */
class PastaSettingsTest {
    @Test
    void theDefaultsAreReferenceConf() {
        PastaSettings d = PastaSettings.defaults();
        assertThat(d).isEqualTo(PastaSettings.fromConfig(ConfigFactory.defaultReference()));
        assertThat(d.maxTotalTokens()).isEqualTo(ConfigFactory.defaultReference().getInt("epic.pasta.max-total-tokens"));
        assertThat(d.temperature()).isNull();
        assertThat(d.seed()).isNull();
    }

    @Test
    void temperatureSeedTimeoutAndLimitsAreRead() {
        PastaSettings s = PastaSettings.fromConfig(ConfigFactory.parseString(
                "epic.pasta { temperature = 0.7, seed = 42, timeout = 3s, layout = appended, limits.max-prompts = 8 }")
                .withFallback(ConfigFactory.defaultReference()));
        assertThat(s.temperature()).isEqualTo(0.7);
        assertThat(s.seed()).isEqualTo(42L);
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.layout()).isEqualTo(StitchLayout.APPENDED);
        assertThat(s.limits().maxPrompts()).isEqualTo(8);
    }

    @Test
    void withChangesOnlyWhatItIsTold() {
        PastaSettings d = PastaSettings.defaults();
        PastaSettings s = d.withLayout(StitchLayout.APPENDED).withMaxRounds(3);
        assertThat(s.layout()).isEqualTo(StitchLayout.APPENDED);
        assertThat(s.maxRounds()).isEqualTo(3);
        assertThat(s.with(b -> {
            b.layout = d.layout();
            b.maxRounds = d.maxRounds();
        })).isEqualTo(d);
    }
}
