package fr.coffre.core;

import fr.coffre.InvalidInputException;
import fr.coffre.crypto.SealedMetadata;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * How to write one object: its sealed metadata (content type, user key/values; encrypted with the object, never
 * visible to the store), whose data key protects it, and optionally its exact plaintext length.
 *
 * <p>Data key: {@link Builder#subject} (a patient: the object can then be crypto-shredded with
 * {@link Coffre#shred}) or {@link Builder#collection} (default {@value #DEFAULT_COLLECTION}); not both. The
 * subject or collection name is never stored: the registry keeps only a keyed pseudonym of it.
 *
 * <p>{@link #toString()} shows no subject, collection or metadata value.
 */
public final class PutOptions {
    public static final String DEFAULT_COLLECTION = "default";
    private final String contentType;
    private final Map<String, String> metadata;
    private final String subject;
    private final String collection;
    private final long plaintextLengthBytes;

    private PutOptions(Builder b) {
        this.contentType = b.contentType;
        this.metadata = Map.copyOf(b.metadata);
        this.subject = b.subject;
        this.collection = b.collection == null && b.subject == null ? DEFAULT_COLLECTION : b.collection;
        this.plaintextLengthBytes = b.plaintextLengthBytes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collection {@value #DEFAULT_COLLECTION}, content type {@code application/octet-stream}, unknown length. */
    public static PutOptions defaults() {
        return builder().build();
    }

    public Optional<String> subject() {
        return Optional.ofNullable(subject);
    }

    public Optional<String> collection() {
        return Optional.ofNullable(collection);
    }

    public OptionalLong plaintextLengthBytes() {
        return plaintextLengthBytes < 0 ? OptionalLong.empty() : OptionalLong.of(plaintextLengthBytes);
    }

    /** The metadata sealed into the object. */
    SealedMetadata sealedMetadata() {
        return SealedMetadata.builder().contentType(contentType).putAll(metadata)
                .plaintextLengthBytes(plaintextLengthBytes).build();
    }

    @Override
    public String toString() {
        return "PutOptions[contentType=" + contentType + ", metadataKeys=" + new TreeMap<>(metadata).keySet()
                + ", key=" + (subject != null ? "subject" : "collection") + " (redacted), plaintextLengthBytes="
                + plaintextLengthBytes + "]";
    }

    public static final class Builder {
        private String contentType = "application/octet-stream";
        private final Map<String, String> metadata = new TreeMap<>();
        private String subject;
        private String collection;
        private long plaintextLengthBytes = -1;

        private Builder() {
        }

        public Builder contentType(String value) {
            this.contentType = value;
            return this;
        }

        /** One user metadata entry, sealed inside the object. */
        public Builder metadata(String key, String value) {
            if (key == null || value == null) {
                throw new InvalidInputException("metadata: key and value must be non-null");
            }
            metadata.put(key, value);
            return this;
        }

        public Builder metadata(Map<String, String> values) {
            values.forEach(this::metadata);
            return this;
        }

        /** The data subject (patient) whose data key protects the object. */
        public Builder subject(String value) {
            this.subject = value;
            return this;
        }

        /** A named collection whose data key protects the object (objects not tied to one subject). */
        public Builder collection(String value) {
            this.collection = value;
            return this;
        }

        /**
         * The exact plaintext length, if known: lets the store upload with a known content length (single request),
         * and COF1 refuses a source that delivers more or fewer bytes. {@code -1} = unknown (default).
         */
        public Builder plaintextLengthBytes(long value) {
            this.plaintextLengthBytes = value;
            return this;
        }

        public PutOptions build() {
            if (subject != null && collection != null) {
                throw new InvalidInputException("subject, collection: set at most one of them");
            }
            if (plaintextLengthBytes < -1) {
                throw new InvalidInputException("plaintextLengthBytes: must be >= 0 or -1 (unknown), was "
                        + plaintextLengthBytes);
            }
            PutOptions options = new PutOptions(this);
            options.sealedMetadata();
            return options;
        }
    }
}
