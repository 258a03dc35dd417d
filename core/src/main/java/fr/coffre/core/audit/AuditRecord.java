package fr.coffre.core.audit;

import java.time.Instant;
import java.util.List;

/**
 * One access in the audit trail (AUDIT.md). {@code object} and {@code subject} are keyed pseudonyms (never a name
 * or a patient identifier); {@code outcome} is {@code "ok"} or the simple class name of the exception raised.
 * Records built by {@link #event} have {@code seq} 0 and no time: the {@link AuditSink} stamps them. Checkpoints
 * (action {@value #CHECKPOINT}) are written by the sink itself. {@code keys} is empty except in a destruction
 * certificate (action {@value #DESTRUCTION_CERTIFICATE}), where it lists the data-key versions destroyed
 * ({@code "<pseudonymous key id>:v<version>"}).
 */
public record AuditRecord(long seq, Instant time, String principal, String action, String vault, String store,
        String object, String subject, String reason, String outcome, List<String> keys) {
    public static final String OK = "ok";
    public static final String CHECKPOINT = "checkpoint";
    /** Written by the sink when retention removed old trail files; {@code reason} says which. */
    public static final String RETENTION = "retention-prune";
    public static final String SHRED = "shred";
    public static final String DESTRUCTION_CERTIFICATE = "destruction-certificate";

    public AuditRecord {
        keys = keys == null ? List.of() : List.copyOf(keys);
    }

    /** An access to append: the sink gives it its sequence number and UTC time. */
    public static AuditRecord event(String principal, String action, String vault, String store, String object,
            String subject, String reason, String outcome) {
        return new AuditRecord(0, null, principal, action, vault, store, object, subject, reason, outcome, List.of());
    }

    /** The destruction certificate of a shred of {@code subject} (its audit pseudonym): {@code keys} destroyed. */
    public static AuditRecord certificate(String principal, String vault, String store, String subject,
            String reason, List<String> keys) {
        return new AuditRecord(0, null, principal, DESTRUCTION_CERTIFICATE, vault, store, null, subject, reason, OK,
                keys);
    }

    AuditRecord stamped(long newSeq, Instant now) {
        return new AuditRecord(newSeq, now, principal, action, vault, store, object, subject, reason, outcome, keys);
    }
}
