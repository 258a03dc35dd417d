package fr.coffre.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code audit}: the audit trail's commands (AUDIT.md); alone, their usage. */
@Command(name = "audit", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        synopsisSubcommandLabel = "COMMAND",
        description = "The tamper-evident audit trail: verify it, show its tail, export one patient's history.",
        subcommands = {AuditVerifyCommand.class, AuditTailCommand.class, AuditExportCommand.class})
final class AuditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ((CoffreCommand) spec.root().userObject()).io.out().print(spec.commandLine().getUsageMessage(Ansi.OFF));
        return ExitCodes.OK;
    }
}
