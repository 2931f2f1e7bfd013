package dev.epic.cli;

import dev.epic.lang.syntax.Source;
import dev.epic.prob.analysis.Analysis;
import dev.epic.prob.infer.Algorithm;
import dev.epic.tools.ExternalRegistry;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code epic check FILE...}: parse and check only, each file in turn; a Siren program ({@code .si}) also has its
 * inference plan analysed for {@code --method}: the inferred plan is printed, and a {@code symbolic} annotation that
 * might not be honoured is an error.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Parse and check programs without running them; print every error found in each.",
                "A .si program's inference plan is analysed: a symbolic annotation that might not be honoured is an error.",
                "Exit 0 when every file is ok, 1 when one has an error, 2 when one cannot be read."})
final class CheckCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "the programs (.epic, or .si in Siren's dialect)")
    java.util.List<Path> files;

    @Option(names = "--method", paramLabel = "ALG", defaultValue = "ssi",
            description = "the inference algorithm a .si program's plan is analysed for: ssi, ds or bp (default ${DEFAULT-VALUE})")
    String method;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Algorithm algorithm;
        try {
            algorithm = Algorithm.valueOf(method.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("epic: --method must be ssi, ds or bp");
            return 2;
        }
        int status = 0;
        for (Path file : files) {
            status = Math.max(status, check(file, algorithm));
        }
        return status;
    }

    private int check(Path file, Algorithm algorithm) {
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
        if (!source.sirenDialect()) {
            spec.commandLine().getOut().println(file + ": ok");
            return 0;
        }
        Analysis.Report report = Analysis.report(java.util.List.of(file), algorithm);
        report.lines().forEach(spec.commandLine().getOut()::println);
        spec.commandLine().getOut().flush();
        return report.exitStatus();
    }
}
