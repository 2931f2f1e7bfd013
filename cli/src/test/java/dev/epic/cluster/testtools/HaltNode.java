package dev.epic.cluster.testtools;

import dev.epic.lang.value.Value;
import dev.epic.spi.ExternalFunction;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A test hook on the test class path only: {@code Test.halt_node "now"} stops the JVM that runs it at once, as a
 * crash would, so a cluster test can send a part of a job that kills every worker node it runs on. Any other
 * argument answers unit.
 */
public final class HaltNode implements ExternalFunction {
    @Override
    public String name() {
        return "Test.halt_node";
    }

    @Override
    public int arity() {
        return 1;
    }

    @Override
    public CompletionStage<Value> call(List<Value> args) {
        if (args.get(0).equals(new Value.Str("now"))) {
            Runtime.getRuntime().halt(137);
        }
        return CompletableFuture.completedFuture(Value.Unit.UNIT);
    }
}
