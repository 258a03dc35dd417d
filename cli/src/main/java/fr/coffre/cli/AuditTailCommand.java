package fr.coffre.cli;

import fr.coffre.InvalidInputException;
import fr.coffre.core.audit.AuditRecord;
import fr.coffre.core.audit.AuditVerifier;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code audit tail [-n N]}: the last records of the trail (read, not verified: see audit verify). */
@Command(name = "tail", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Print the last records of the audit trail (pseudonymous ids only; not verified: see audit"
                + " verify).")
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
        List<AuditRecord> all = AuditVerifier.read(Session.registryDirectory(s).resolve("audit"));
        List<AuditRecord> last = all.subList(Math.max(0, all.size() - count), all.size());
        AuditListing.print(output(), last, jsonLines, Map.of("count", last.size()));
        return ExitCodes.OK;
    }
}
