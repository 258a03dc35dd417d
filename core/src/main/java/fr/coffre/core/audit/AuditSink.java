package fr.coffre.core.audit;

/**
 * Where audit records go. {@link #append} returns once the record is durable (or throws): an operation that
 * returned has its record. Implementations serialise concurrent callers without losing any record.
 */
public interface AuditSink extends AutoCloseable {
    /** Stamps {@code event} (sequence number, UTC time), chains and authenticates it, and makes it durable. */
    AuditRecord append(AuditRecord event);

    /** Writes a final checkpoint and releases the sink's key; later appends fail. */
    @Override
    void close();
}
