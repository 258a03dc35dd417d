package fr.coffre.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code help [COMMAND]}: the usage of coffre, or of one command only (the same text as {@code COMMAND --help}).
 * Takes the store options too (ignored), so that an alias carrying them still gets help.
 */
@Command(name = "help", helpCommand = true, description = "Show the usage of coffre, or of one command.")
final class HelpCommand extends StoreSubcommand {
    @Parameters(arity = "0..1", paramLabel = "COMMAND", description = "the command to describe")
    String command;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine top = spec.commandLine().getParent();
        CommandLine target = command == null ? top : top.getSubcommands().get(command);
        if (target == null) {
            throw new ParameterException(spec.commandLine(), "help: unknown command '" + command + "'");
        }
        String usage = target.getUsageMessage(Ansi.OFF);
        Output out = output();
        if (out.json()) {
            out.document(Map.of("command", command == null ? "coffre" : command, "usage", usage));
        } else {
            out.stream().print(usage);
        }
        return ExitCodes.OK;
    }
}
