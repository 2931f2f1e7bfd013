package dev.epic.cli;

import dev.epic.lang.syntax.Source;
import dev.epic.tools.ExternalRegistry;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code epic check FILE}: parse and check only. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Parse and check a program without running it; print every error found.")
final class CheckCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the .epic program")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Source source;
        try {
            source = ProgramFiles.read(file);
        } catch (ProgramFiles.Unreadable e) {
            spec.commandLine().getErr().println("epic: " + e.getMessage());
            return 2;
        }
        if (ProgramFiles.compile(source, ExternalRegistry.withDefaults(), spec.commandLine().getErr()) == null) {
            return 1;
        }
        spec.commandLine().getOut().println(file + ": ok");
        return 0;
    }
}
