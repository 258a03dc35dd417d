package fr.coffre.core.audit;

/**
 * Where audit records go. {@link #append} returns once the record is written (or throws): an operation that
 * returned has its record, even if the process then crashes; when it is also on stable storage is the sink's
 * {@link AuditDurability} (AUDIT.md, "Durability"). Implementations serialise concurrent callers without losing or
 * reordering any record.
 */
public interface AuditSink extends AutoCloseable {
    /** Stamps {@code event} (sequence number, UTC time), chains and authenticates it, and writes it durably. */
    AuditRecord append(AuditRecord event);

    /** Writes a final checkpoint and releases the sink's key; later appends fail. */
    @Override
    void close();
}
