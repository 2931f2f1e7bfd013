package dev.epic.gateway.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.epic.host.StandardLanguage;
import dev.epic.lang.builtins.JsonBuiltins;
import dev.epic.lang.compile.Program;
import dev.epic.lang.syntax.Source;
import dev.epic.lang.value.Value;
import dev.epic.tools.ExternalRegistry;
import dev.epic.tools.FileReadTool;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Compiles a job's program against the gateway's external functions, with {@code File.read} confined to the
 * configured data directory and the job's arguments bound as the record {@code args} (so {@code args.city}
 * reads the field {@code city}; a missing field is an error at that position when the program runs).
 * Throws {@link dev.epic.lang.syntax.CompileException} with every error found.
 */
public final class JobCompiler {
    private final Supplier<ExternalRegistry> registry;
    private final Path dataDir;
    private final long fileMaxBytes;
    private final boolean selfContained;
    private final Executor fileIo;

    /**
     * {@code selfContained}: the program's text must compile alike without the gateway's bindings, as on a
     * cluster's worker nodes, which get only the text: then {@code args} is bound in the text itself, on a first
     * line before the program's ({@link #SOURCE_LINE_SHIFT}), and {@code File.read} is not added (a worker has
     * no such data directory). {@code fileIo} is where {@code File.read} reads (the gateway's blocking pool);
     * null for the tool's own pool.
     */
    public JobCompiler(Supplier<ExternalRegistry> registry, Path dataDir, long fileMaxBytes, boolean selfContained,
                       Executor fileIo) {
        this.registry = registry;
        this.dataDir = dataDir;
        this.fileMaxBytes = fileMaxBytes;
        this.selfContained = selfContained;
        this.fileIo = fileIo;
    }

    /** Lines a self-contained program's text has before the job's own: positions are reported less this. */
    public static final int SOURCE_LINE_SHIFT = 1;

    /** Whether programs are compiled self-contained, with positions {@link #SOURCE_LINE_SHIFT} lines late. */
    public boolean selfContained() {
        return selfContained;
    }

    /** The file name positions are reported against. */
    public static final String SOURCE_NAME = "job.epic";

    public Program compile(String program, ObjectNode args) {
        ExternalRegistry r = registry.get();
        if (dataDir != null && !selfContained) {
            r.register(new FileReadTool(dataDir, fileMaxBytes, fileIo));
        }
        Value bound = JsonBuiltins.fromJson(args);
        // Compiled as written first: compile errors carry the positions the client wrote.
        Program p = StandardLanguage.compile(new Source(SOURCE_NAME, program), r, Map.of("args", bound));
        if (!selfContained) {
            return p;
        }
        String json = args.toString().replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$");
        return StandardLanguage.compile(new Source(SOURCE_NAME, "let args = Json.parse(\"" + json + "\") in\n" + program), r);
    }

    /** Checks only: the same errors a submission would get; the compiled program. */
    public Program check(String program) {
        return compile(program, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
    }
}
