package fr.coffre.cli;

import fr.coffre.InvalidInputException;
import fr.coffre.core.audit.AuditRecord;
import fr.coffre.core.audit.AuditVerifier;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code audit tail [-n N]}: the last records of the trail (read, not verified: see audit verify). The consultation
 * is itself recorded ({@code audit-tail}, after the records shown), as every consultation of the traces must be.
 */
@Command(name = "tail", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Print the last records of the audit trail (pseudonymous ids only; not verified: see audit"
                + " verify). The consultation is recorded in the trail (action audit-tail).")
final class AuditTailCommand extends StoreSubcommand {
    static final int MAX = 1_000_000;

    @Option(names = "-n", paramLabel = "N", description = "how many records (default 10)")
    int count = 10;

    @Option(names = "--format", paramLabel = "table|jsonl", description = "table (default) or JSON lines")
    String format;

    @Override
    public Integer call() {
        if (count < 1 || count > MAX) {
            throw new InvalidInputException("-n: must be in [1, " + MAX + "], was " + count);
        }
        boolean jsonLines = AuditListing.jsonLines(format);
        Settings s = settings();
        List<AuditRecord> all;
        try (Session session = new Session(s, s.vault(), io().err(), Session.Scope.REGISTRY)) {
            all = AuditVerifier.read(session.auditDirectory());
            session.registry.recordAuditConsultation(s.principal(), "audit-tail", null, s.reason());
        }
        List<AuditRecord> last = all.subList(Math.max(0, all.size() - count), all.size());
        AuditListing.print(output(), last, jsonLines, Map.of("count", last.size()));
        return ExitCodes.OK;
    }
}
