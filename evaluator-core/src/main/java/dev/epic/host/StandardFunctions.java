package dev.epic.host;

import com.typesafe.config.Config;
import dev.epic.model.LlmFunctions;
import dev.epic.model.ModelService;
import dev.epic.pasta.decode.PastaRecorder;
import dev.epic.pasta.decode.PastaSettings;
import dev.epic.pasta.lang.PastaFunctions;
import dev.epic.tools.ExternalRegistry;
import java.util.function.Supplier;

/**
 * The external functions every EPIC process offers programs: the service-loaded tools, the model builtins and
 * PASTA decoding. Cluster members compile a job's program against this set and check that they agree, so every
 * process that takes part in a job must build its registry here.
 */
public final class StandardFunctions {
    private StandardFunctions() {}

    public static ExternalRegistry registry(Supplier<ModelService> models, Config config, PastaRecorder pasta) {
        ExternalRegistry r = LlmFunctions.register(ExternalRegistry.withDefaults(), models);
        return PastaFunctions.register(r, models, PastaSettings.fromConfig(config), pasta);
    }
}
