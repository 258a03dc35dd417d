package fr.coffre.cli;

import fr.coffre.core.ComplianceReport;
import picocli.CommandLine.Command;

/**
 * {@code report}: the compliance report of the vault (stores, custody, algorithms, policy, registry, audit trail
 * verified now, migrations), Markdown by default, one JSON document with {@code --json}. Never a secret, credential,
 * object name or patient identifier.
 */
@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Print the compliance report of the vault (Markdown; --json for one JSON document): stores,"
                + " custody, algorithms, policy, key registry, audit trail verified now, migrations."})
final class ReportCommand extends StoreSubcommand {
    @Override
    public Integer call() {
        Output out = output();
        try (Session s = session()) {
            ComplianceReport report = s.coffre.complianceReport();
            if (out.json()) {
                out.document(ReportDocument.json(report));
            } else {
                out.stream().print(ReportDocument.markdown(report));
            }
            return ExitCodes.OK; // the report states whether the trail verified; audit verify sets an exit code
        }
    }
}
