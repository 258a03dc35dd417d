package fr.coffre.store;

import fr.coffre.InvalidInputException;
import java.time.Duration;

/**
 * Something a killed or failed writer left in a store, invisible to {@link ObjectStore#list} and reclaimable by
 * {@link ObjectStore#reclaim}: never an object. It carries only store-side, opaque identifiers (the ciphertext
 * object names a store already sees), never a logical name.
 *
 * @param kind what it is
 * @param id the adapter's opaque identifier of it (e.g. an S3 key and upload id); pass it back through
 *        {@link ObjectStore#reclaim(Leftover)} unchanged
 * @param sizeBytes the bytes it occupies, as the store reports them (0 if unknown)
 * @param age how long ago it was last written (zero if the store's clock is ahead or the store does not say)
 */
public record Leftover(Kind kind, String id, long sizeBytes, Duration age) {

    /** The kinds of leftovers, one per mechanism an adapter uses for uploads in flight. */
    public enum Kind {
        /** An S3 multipart upload never completed nor aborted (its parts are billed). */
        MULTIPART_UPLOAD,
        /** Swift Static Large Object segments no manifest references (one upload's segments). */
        LARGE_OBJECT_SEGMENTS,
        /** An Azure block blob with uncommitted blocks and no committed content. */
        UNCOMMITTED_BLOB,
        /**
         * Azure blocks staged against a blob that has committed blocks, never committed themselves (an overwrite
         * killed before its commit); their age is unknown (zero), so only a cleanup of any age finds them.
         */
        UNCOMMITTED_BLOCKS,
        /** A temporary upload file of the filesystem store. */
        TEMPORARY_FILE
    }

    public Leftover {
        if (kind == null || id == null || id.isEmpty() || age == null) {
            throw new InvalidInputException("kind, id and age: must be non-null, id non-empty");
        }
        if (sizeBytes < 0 || age.isNegative()) {
            throw new InvalidInputException("sizeBytes and age: must be >= 0");
        }
    }

    /** The age from a store-side timestamp to {@code now}: zero when unknown (null) or in the future. */
    public static Duration age(java.time.Instant lastWritten, java.time.Instant now) {
        if (lastWritten == null || lastWritten.isAfter(now)) {
            return Duration.ZERO;
        }
        return Duration.between(lastWritten, now);
    }
}
