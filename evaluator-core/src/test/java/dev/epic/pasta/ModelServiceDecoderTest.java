package dev.epic.pasta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.epic.model.endpoint.Capabilities;
import dev.epic.model.endpoint.ModelSettings;
import dev.epic.pasta.decode.ModelServiceDecoder;
import dev.epic.pasta.decode.PastaInterpreter;
import dev.epic.pasta.decode.PastaSettings;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What PASTA decoding asks of an endpoint, checked against its configured capabilities. */
class ModelServiceDecoderTest {
    @Test
    void anEndpointThatStripsTheStopStringIsRefusedInsteadOfEndingAtTheFirstSync() throws Exception {
        try (SimFixture sim = new SimFixture("pasta-strips-stops", 1, new Capabilities(true, true, true, false, false))) {
            PastaSettings s = PastaSettings.defaults();
            PastaInterpreter pasta = new PastaInterpreter(new ModelServiceDecoder(sim.models.service(), s), s);
            assertThatThrownBy(() -> pasta.answer("Give five tips for better sleep.").toCompletableFuture().get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasMessageContaining("capabilities.stop-in-output = false")
                    .hasMessageContaining("model endpoint 'sim'");
            assertThat(sim.models.sim().engine().log().entries()).as("nothing was sent").isEmpty();
            // A plain decode has no stop strings, so it does not need them kept.
            assertThat(pasta.sequential("Give five tips for better sleep.").toCompletableFuture().get(60, TimeUnit.SECONDS).text()).isNotEmpty();
        }
    }

    @Test
    void theReferenceConfigurationSaysServersKeepTheStopString() {
        assertThat(Capabilities.VLLM.stopInOutput()).isTrue();
        assertThat(ModelSettings.fromConfig(ConfigFactory.defaultReference())
                .endpoints().values()).allSatisfy(e -> assertThat(e.capabilities().stopInOutput()).isTrue());
    }
}
