package fr.coffre.core;

import fr.coffre.core.audit.AuditProblem;
import fr.coffre.custody.CustodyDescriptor;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a compliance officer hands an auditor about one vault ({@link Coffre#complianceReport()}): where the data
 * rests and why the policy allows it, where the keys are, which algorithms protect the objects, the policy and its
 * exceptions, the key registry, the audit trail as verified now, and the migrations the trail recorded. Immutable;
 * holds no secret, credential, object name or patient identifier (only counts, descriptors and pseudonymous ids).
 */
public record ComplianceReport(Instant generatedAt, String vault, List<Transfer> stores, Custody custody,
        Algorithms algorithms, Policy policy, Registry registry, Audit audit, List<Run> migrations) {
    public ComplianceReport {
        stores = List.copyOf(stores);
        migrations = List.copyOf(migrations);
    }

    /** The custody holding the master key; {@code nonExtractability} says what the custody can tell about it. */
    public record Custody(CustodyDescriptor descriptor, String masterKeyId, List<MasterKeyVersion> masterKeyVersions,
            String nonExtractability) {
        public Custody {
            masterKeyVersions = List.copyOf(masterKeyVersions);
        }
    }

    /** One master-key version as custody reports it, with its age in days when the report was made. */
    public record MasterKeyVersion(int version, String state, Instant createdAt, long ageDays) {
    }

    /** Format and algorithms (FORMAT.md, AUDIT.md, POLICY.md). */
    public record Algorithms(String format, String content, String keyDerivation, String keyCommitment,
            String names, String pseudonyms, String dataKeys, String auditTrail) {
        /** What this version of Coffre writes. */
        public static Algorithms current() {
            return new Algorithms("COF1 version 1, suite 1 (FORMAT.md)",
                    "AES-256-GCM per segment, STREAM nonces (segment index and final flag)",
                    "HKDF-SHA-256 per object from the data key and a 256-bit random salt",
                    "HMAC-SHA-256 commitment over the header, checked before decryption",
                    "AES-SIV per name segment, base32", "HMAC-SHA-256 under a versioned registry secret (scheme p)",
                    "256-bit, one per subject or collection, wrapped by the custody's master key",
                    "JSON lines chained by SHA-256, HMAC-SHA-256 under a custody-wrapped key");
        }
    }

    /** The key registry: counts and the last master-key rotation, if any. */
    public record Registry(int liveDataKeys, int shreddedDataKeys, int pseudonymSecretVersion,
            String currentMasterKey, Optional<Instant> lastRotation) {
    }

    /**
     * The audit trail as verified when the report was made. {@code open} is true while this process writes it (its
     * final checkpoint is not written yet, so its open tail is not counted as a problem). {@code retention} states
     * what Coffre does about retention.
     */
    public record Audit(boolean verified, String summary, List<AuditProblem> problems, long records,
            Optional<Instant> firstRecord, Optional<Instant> lastRecord, long destructionCertificates, boolean open,
            String retention) {
        public Audit {
            problems = List.copyOf(problems);
        }
    }

    /** A migration, verification or repair run recorded in the audit trail. */
    public record Run(long seq, Instant time, String action, String principal, String outcome) {
    }
}
