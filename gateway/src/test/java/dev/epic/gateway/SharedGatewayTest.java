package dev.epic.gateway;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Tests that share one gateway with the default settings, started before the class and closed after it. */
abstract class SharedGatewayTest {
    @TempDir
    static Path dir;

    static GatewayFixture g;

    @BeforeAll
    static void startGateway() {
        g = new GatewayFixture(dir.resolve("db/jobs"));
    }

    @AfterAll
    static void stopGateway() {
        g.close();
    }
}
