package fr.coffre.core.audit;

/** One problem found by {@link AuditVerifier}: the first sequence number affected and why. */
public record AuditProblem(long seq, Reason reason, String detail) {
    /** What the verifier found. */
    public enum Reason {
        /** A line is not a well-formed record. */
        MALFORMED,
        /** The record's HMAC does not verify under the custody-held audit key (altered or re-chained). */
        BAD_MAC,
        /** The record does not chain to the previous one (SHA-256 of the previous line). */
        BROKEN_CHAIN,
        /** Sequence numbers are missing and never appear: records deleted. */
        MISSING_RECORDS,
        /** A trail file is missing (file numbers have a gap or do not start at 1). */
        MISSING_FILE,
        /** A record appears after records with higher sequence numbers. */
        OUT_OF_ORDER,
        /** An authentic record appears a second time (replayed copy). */
        INSERTED,
        /** A checkpoint's signature, count or head hash is wrong. */
        FORGED_CHECKPOINT,
        /** A destruction certificate's HMAC does not verify: altered after it was written. */
        FORGED_CERTIFICATE,
        /** An authentic destruction certificate is not well-formed (subject, outcome or destroyed key versions). */
        BAD_CERTIFICATE,
        /** A successful shred has no destruction certificate for its subject before it. */
        MISSING_CERTIFICATE,
        /** The trail does not end with a final checkpoint: its tail was cut (or the writer crashed). */
        TRUNCATED
    }

    @Override
    public String toString() {
        return "seq " + seq + ": " + reason + " (" + detail + ")";
    }
}
