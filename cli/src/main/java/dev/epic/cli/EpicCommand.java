package dev.epic.cli;

import picocli.CommandLine.Command;

/** {@code epic}: the root command; its work is in the subcommands. */
@Command(name = "epic", mixinStandardHelpOptions = true, version = "epic 0.1.0",
        description = "Run EPIC programs: opportunistic evaluation of programs that call LLMs and tools.",
        subcommands = {RunCommand.class, CheckCommand.class, SimModelCommand.class, NodeCommand.class, GatewayCommand.class})
final class EpicCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }
}
