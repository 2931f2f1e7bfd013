package dev.epic.cli;

import dev.epic.lang.syntax.Source;
import dev.epic.tools.ExternalRegistry;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code epic check FILE...}: parse and check only, each file in turn. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Parse and check programs without running them; print every error found in each.",
                "Exit 0 when every file is ok, 1 when one has an error, 2 when one cannot be read."})
final class CheckCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "the programs (.epic, or .si in Siren's dialect)")
    java.util.List<Path> files;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        int status = 0;
        for (Path file : files) {
            status = Math.max(status, check(file));
        }
        return status;
    }

    private int check(Path file) {
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
