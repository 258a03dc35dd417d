package fr.coffre.cli;

import fr.coffre.core.ExportCheck;
import fr.coffre.core.ExportReport;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code export --to DIR [--subject S | --prefix P]}: reversibility. Writes the plaintext records under their
 * logical names with a manifest of SHA-256 digests sealed under the audit trail's custody-held key; audited.
 * {@code --verify} checks an existing export instead (exit 4 if the seal or a digest does not verify).
 */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Write the plaintext records (all, one subject's, or under a prefix) to DIR under their"
                + " names, with a sealed manifest of SHA-256 digests (reversibility; audited).",
                "With --verify: check an export (the manifest's seal, then every file's digest)."})
final class ExportCommand extends StoreSubcommand {
    @Option(names = "--to", paramLabel = "DIR", required = true, description = "an absent or empty directory")
    Path to;

    @Option(names = "--subject", paramLabel = "S", description = "only the records of this subject (patient)")
    String subject;

    @Option(names = "--prefix", paramLabel = "P", description = "only the records whose names start with P")
    String prefix;

    @Option(names = "--verify", description = "check the export in DIR instead of writing one")
    boolean verify;

    @Override
    public Integer call() {
        if (subject != null && prefix != null) {
            throw new UsageException("--subject and --prefix: give at most one");
        }
        Output out = output();
        try (Session s = session()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            if (verify) {
                ExportCheck check = s.coffre.verifyExport(to);
                out.info("manifest seal: %s; %d files listed, %d missing, %d altered", check.sealValid() ? "valid"
                        : "INVALID", check.files(), check.missing().size(), check.altered().size());
                check.missing().forEach(p -> out.data("missing: %s", p));
                check.altered().forEach(p -> out.data("altered: %s", p));
                doc.put("sealValid", check.sealValid());
                doc.put("files", check.files());
                doc.put("missing", check.missing());
                doc.put("altered", check.altered());
                doc.put("ok", check.ok());
                out.document(doc);
                return check.ok() ? ExitCodes.OK : ExitCodes.TAMPERED;
            }
            ExportReport report = subject != null ? s.coffre.exportSubject(to, subject)
                    : s.coffre.exportPrefix(to, prefix == null ? "" : prefix);
            out.info("exported %d record(s), %d bytes, to %s; manifest SHA-256 %s (sealed)", report.files(),
                    report.bytes(), report.directory(), report.manifestSha256());
            doc.put("directory", report.directory().toString());
            doc.put("files", report.files());
            doc.put("bytes", report.bytes());
            doc.put("manifestSha256", report.manifestSha256());
            out.document(doc);
            return ExitCodes.OK;
        }
    }
}
