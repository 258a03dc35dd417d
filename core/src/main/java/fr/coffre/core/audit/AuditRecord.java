package fr.coffre.core.audit;

import java.time.Instant;

/**
 * One access in the audit trail (AUDIT.md). {@code object} and {@code subject} are keyed pseudonyms (never a name
 * or a patient identifier); {@code outcome} is {@code "ok"} or the simple class name of the exception raised.
 * Records built by {@link #event} have {@code seq} 0 and no time: the {@link AuditSink} stamps them. Checkpoints
 * (action {@value #CHECKPOINT}) are written by the sink itself.
 */
public record AuditRecord(long seq, Instant time, String principal, String action, String vault, String store,
        String object, String subject, String reason, String outcome) {
    public static final String OK = "ok";
    public static final String CHECKPOINT = "checkpoint";
    /** Written by the sink when retention removed old trail files; {@code reason} says which. */
    public static final String RETENTION = "retention-prune";

    /** An access to append: the sink gives it its sequence number and UTC time. */
    public static AuditRecord event(String principal, String action, String vault, String store, String object,
            String subject, String reason, String outcome) {
        return new AuditRecord(0, null, principal, action, vault, store, object, subject, reason, outcome);
    }

    AuditRecord stamped(long newSeq, Instant now) {
        return new AuditRecord(newSeq, now, principal, action, vault, store, object, subject, reason, outcome);
    }
}
