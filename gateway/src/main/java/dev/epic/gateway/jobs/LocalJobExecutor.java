package dev.epic.gateway.jobs;

import dev.epic.host.EpicRuntime;
import dev.epic.engine.Engine;
import dev.epic.engine.RunHandle;
import dev.epic.engine.RunOptions;
import dev.epic.engine.SequentialEngine;
import dev.epic.lang.compile.Program;
import dev.epic.runtime.OpportunisticEngine;
import java.util.List;

/**
 * Evaluates jobs in this JVM: the opportunistic engine on the runtime's actor system, or the sequential
 * engine. Model endpoints (by default the in-process simulated engine) start with the first job that calls a
 * model, as for {@code epic run}.
 */
public final class LocalJobExecutor implements JobExecutor {
    private final EpicRuntime runtime;
    private final Engine opportunistic;
    private final Engine sequential = new SequentialEngine();

    public LocalJobExecutor(EpicRuntime runtime) {
        this.runtime = runtime;
        this.opportunistic = new OpportunisticEngine(runtime.system());
    }

    @Override
    public List<String> engines() {
        return List.of(opportunistic.name(), sequential.name());
    }

    @Override
    public RunHandle start(Program program, RunOptions options, String engine) {
        runtime.startModelsFor(program);
        return (sequential.name().equals(engine) ? sequential : opportunistic).start(program, options);
    }

    @Override
    public boolean ready() {
        return true;
    }

    @Override
    public String describe() {
        return "local";
    }
}
