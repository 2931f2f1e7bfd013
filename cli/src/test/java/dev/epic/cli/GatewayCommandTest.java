package dev.epic.cli;

import static dev.epic.cli.CliRun.epic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.cli.CliRun.Outcome;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code epic gateway}: its options and usage errors. */
class GatewayCommandTest {

    @Test
    void theGatewayCommandIsListedInTheHelp() {
        assertThat(epic("--help").out()).contains("gateway");
        assertThat(epic("gateway", "--help").out()).contains("--port").contains("--cluster").contains("--data-dir");
    }

    @Test
    void clusterModeWithoutASeedIsAUsageError() {
        Outcome o = epic("gateway", "--port", "0", "--cluster", ",");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("no seed node given");
    }

    @Test
    void aDataDirectoryThatIsNotThereIsAUsageError() {
        Outcome o = epic("gateway", "--port", "0", "--data-dir", "/no/such/dir");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("not a directory");
    }

    @Test
    void withoutAnyTokenTheGatewayRefusesToStart() {
        Assumptions.assumeTrue(System.getenv("EPIC_GATEWAY_TOKENS") == null, "EPIC_GATEWAY_TOKENS is set in this environment");
        Outcome o = epic("gateway", "--port", "0");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("no API token configured").contains("EPIC_GATEWAY_TOKENS");
    }
}
