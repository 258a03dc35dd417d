package fr.coffre.core.audit;

import fr.coffre.InvalidInputException;
import java.time.Duration;
import java.util.Set;

/**
 * When an appended audit record reaches stable storage (AUDIT.md, "Durability").
 *
 * <ul>
 * <li>{@link #perRecord()}: every append returns only after an fsync covering its line (group commit batches
 * concurrent appends). Neither a process crash nor a power loss loses the record of an operation that returned.
 * <li>{@link #bounded(Duration)} (the default, {@link #DEFAULT} = 10 ms): a data access ({@code put}, {@code get},
 * {@code get-range}, {@code stat}, {@code list}, {@code delete}, {@code copy}) returns once its line is written to the
 * file (the operating system holds it); a background flusher forces the file at most {@code maxDelay} later. A crash of
 * the process loses no record of an operation that returned; a crash of the operating system or a power loss may lose
 * the records of the last {@code maxDelay} (plus one fsync) of data accesses, never a checkpoint, a shred, a
 * destruction certificate, a rotation or any other administrative record, which are always awaited as in per-record
 * mode. A failed background fsync makes every later append fail.
 * </ul>
 * Records are never dropped or reordered in either mode; the chain and the checkpoints are the same.
 */
public final class AuditDurability {
    /** Bounded, 10 ms. */
    public static final AuditDurability DEFAULT = new AuditDurability(Duration.ofMillis(10));
    private static final Duration MIN = Duration.ofMillis(1);
    private static final Duration MAX = Duration.ofSeconds(1);
    private static final Set<String> DEFERRABLE = Set.of("put", "get", "get-range", "stat", "list", "delete", "copy");
    private static final AuditDurability PER_RECORD = new AuditDurability(null);

    private final Duration maxDelay;

    private AuditDurability(Duration maxDelay) {
        this.maxDelay = maxDelay;
    }

    /** Every append awaits its fsync. */
    public static AuditDurability perRecord() {
        return PER_RECORD;
    }

    /** Data accesses are forced within {@code maxDelay}, 1 ms to 1 s; other records are awaited. */
    public static AuditDurability bounded(Duration maxDelay) {
        if (maxDelay == null || maxDelay.compareTo(MIN) < 0 || maxDelay.compareTo(MAX) > 0) {
            throw new InvalidInputException("auditDurability.maxDelay: must be in [1 ms, 1 s], was " + maxDelay);
        }
        return new AuditDurability(maxDelay);
    }

    /**
     * Parses {@code per-record} or {@code bounded:<ISO-8601 duration>} (e.g. {@code bounded:PT0.01S}); the
     * message of a refusal names {@code field}.
     */
    public static AuditDurability parse(String field, String text) {
        if ("per-record".equals(text)) {
            return PER_RECORD;
        }
        if (text != null && text.startsWith("bounded:")) {
            try {
                return bounded(Duration.parse(text.substring("bounded:".length())));
            } catch (java.time.format.DateTimeParseException | InvalidInputException e) {
                // fall through to the message naming the field
            }
        }
        throw new InvalidInputException(field + ": must be per-record or bounded:<ISO-8601 duration in [PT0.001S,"
                + " PT1S]>, was " + text);
    }

    /** True in bounded mode. */
    public boolean isBounded() {
        return maxDelay != null;
    }

    /** The bound of bounded mode; fails in per-record mode. */
    public Duration maxDelay() {
        if (maxDelay == null) {
            throw new IllegalStateException("per-record durability has no delay");
        }
        return maxDelay;
    }

    /** True if a record of {@code action} may return before its fsync under this durability. */
    boolean defers(String action) {
        return maxDelay != null && action != null && DEFERRABLE.contains(action);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuditDurability d && java.util.Objects.equals(maxDelay, d.maxDelay);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hashCode(maxDelay);
    }

    @Override
    public String toString() {
        return maxDelay == null ? "per-record" : "bounded:" + maxDelay;
    }
}
