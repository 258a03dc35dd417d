package fr.coffre.core;

import fr.coffre.core.audit.AuditProblem;
import fr.coffre.core.audit.AuditRecord;
import fr.coffre.core.audit.AuditReport;
import fr.coffre.core.audit.AuditVerifier;
import fr.coffre.custody.CustodyDescriptor;
import fr.coffre.custody.KeyVersionInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds a {@link ComplianceReport} from one Coffre's descriptors, registry, custody and trail. */
final class ComplianceReports {
    /** The retention line of the report: what the registry's sink enforces (AUDIT.md, "Retention", "Durability"). */
    static String retention(KeyRegistry registry) {
        return registry.auditRetention() + ": whole trail files whose last record is older are removed behind an"
                + " authenticated anchor; durability " + registry.auditDurability() + " (AUDIT.md)";
    }

    private ComplianceReports() {
    }

    static ComplianceReport of(Coffre coffre) {
        Instant now = Instant.now();
        KeyRegistry registry = coffre.keyRegistry();
        List<AuditRecord> records = AuditVerifier.read(registry.auditDirectory());
        RegistryStatus status = registry.status();
        return new ComplianceReport(now, coffre.vaultId(), coffre.transfers().transfers(),
                custody(registry, now), ComplianceReport.Algorithms.current(), coffre.policy(),
                new ComplianceReport.Registry(status.liveDataKeys(), status.destroyedDataKeys(),
                        status.pseudonymSecretVersion(), String.valueOf(status.currentMasterKey()),
                        lastRotation(records, registry.masterKeyVersions())),
                audit(registry, records), runs(records));
    }

    private static ComplianceReport.Custody custody(KeyRegistry registry, Instant now) {
        List<ComplianceReport.MasterKeyVersion> versions = new ArrayList<>();
        for (KeyVersionInfo v : registry.masterKeyVersions()) {
            versions.add(new ComplianceReport.MasterKeyVersion(v.ref().version(), v.state().name(), v.createdAt(),
                    Duration.between(v.createdAt(), now).toDays()));
        }
        CustodyDescriptor d = registry.custody();
        return new ComplianceReport.Custody(d, registry.masterKeyId(), versions, nonExtractability(d.scheme()));
    }

    static String nonExtractability(String scheme) {
        return switch (scheme) {
            case "pkcs11" -> "generated on the token as sensitive and non-extractable; Coffre refuses a key"
                    + " generated otherwise (checked at creation)";
            case "kmip" -> "held by the KMIP server, used there; extractability not reported by the server";
            case "keystore" -> "software keystore file: extractable by whoever holds the file and its password";
            default -> "not reported by this custody";
        };
    }

    /** The last successful rotation recorded, else the creation of the current version if it is not the first. */
    private static Optional<Instant> lastRotation(List<AuditRecord> records, List<KeyVersionInfo> versions) {
        Optional<Instant> recorded = records.stream().filter(r -> "rotate-master-key".equals(r.action())
                && AuditRecord.OK.equals(r.outcome())).map(AuditRecord::time).reduce((a, b) -> b);
        if (recorded.isPresent()) {
            return recorded;
        }
        return versions.stream().filter(v -> v.ref().version() > 1).map(KeyVersionInfo::createdAt)
                .max(Instant::compareTo);
    }

    private static ComplianceReport.Audit audit(KeyRegistry registry, List<AuditRecord> records) {
        AuditReport report = registry.verifyAuditTrail();
        List<AuditProblem> problems = new ArrayList<>(report.problems());
        boolean open = true; // the registry's sink is open while the registry is
        if (!problems.isEmpty() && problems.get(problems.size() - 1).reason() == AuditProblem.Reason.TRUNCATED) {
            problems.remove(problems.size() - 1);
        }
        List<AuditRecord> accesses = records.stream().filter(r -> !AuditRecord.CHECKPOINT.equals(r.action())).toList();
        long certificates = records.stream().filter(r -> AuditRecord.DESTRUCTION_CERTIFICATE.equals(r.action()))
                .count();
        return new ComplianceReport.Audit(problems.isEmpty(), report.summary(), problems, accesses.size(),
                accesses.stream().map(AuditRecord::time).findFirst(),
                accesses.stream().map(AuditRecord::time).reduce((a, b) -> b), certificates, open, retention(registry));
    }

    private static List<ComplianceReport.Run> runs(List<AuditRecord> records) {
        return records.stream().filter(r -> r.action() != null && r.action().matches("(migrat|verif|repair).*"))
                .map(r -> new ComplianceReport.Run(r.seq(), r.time(), r.action(), r.principal(), r.outcome()))
                .toList();
    }
}
