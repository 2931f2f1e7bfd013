package dev.epic.gateway.bench;

import java.io.PrintWriter;
import java.nio.file.Path;

/** Placeholder replaced below. */
public final class GatewayBench {
    private final boolean quick;
    private final PrintWriter out;

    public GatewayBench(boolean quick, PrintWriter out) {
        this.quick = quick;
        this.out = out;
    }

    public void run(Path docs) {
        throw new UnsupportedOperationException("later");
    }
}
