package fr.coffre.crypto;

import fr.coffre.InvalidInputException;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Metadata sealed inside a COF1 object (encrypted and authenticated with the content): content type, user
 * metadata and, when known at write time, the plaintext length. The store never sees any of it.
 * {@link #toString()} shows keys and sizes, never values.
 */
public final class SealedMetadata {
    private final String contentType;
    private final Map<String, String> user;
    private final long plaintextLengthBytes;

    private SealedMetadata(Builder b) {
        this.contentType = b.contentType;
        this.user = java.util.Collections.unmodifiableMap(new TreeMap<>(b.user));
        this.plaintextLengthBytes = b.plaintextLengthBytes;
    }

    public static SealedMetadata empty() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public String contentType() {
        return contentType;
    }

    /** Sorted, unmodifiable. */
    public Map<String, String> user() {
        return user;
    }

    /** The plaintext length declared by the writer, if it was known when writing. */
    public OptionalLong plaintextLengthBytes() {
        return plaintextLengthBytes < 0 ? OptionalLong.empty() : OptionalLong.of(plaintextLengthBytes);
    }

    public Builder toBuilder() {
        Builder b = new Builder().contentType(contentType).plaintextLengthBytes(plaintextLengthBytes);
        b.user.putAll(user);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealedMetadata m && m.contentType.equals(contentType) && m.user.equals(user)
                && m.plaintextLengthBytes == plaintextLengthBytes;
    }

    @Override
    public int hashCode() {
        return (contentType.hashCode() * 31 + user.hashCode()) * 31 + Long.hashCode(plaintextLengthBytes);
    }

    @Override
    public String toString() {
        return "SealedMetadata[contentType=" + contentType + ", userKeys=" + user.keySet() + ", values redacted]";
    }

    public static final class Builder {
        /**
         * Upper bound of the encoded metadata (FORMAT.md §5: UTF-8 strings plus framing), so a header can never be used
         * to exhaust memory.
         */
        public static final int MAX_ENCODED_BYTES = 64 * 1024;
        private String contentType = "application/octet-stream";
        private final Map<String, String> user = new TreeMap<>();
        private long plaintextLengthBytes = -1;

        public Builder contentType(String value) {
            this.contentType = value;
            return this;
        }

        public Builder put(String key, String value) {
            if (key == null || key.isEmpty() || value == null) {
                throw new InvalidInputException("metadata: keys must be non-empty and values non-null");
            }
            user.put(key, value);
            return this;
        }

        boolean has(String key) {
            return user.containsKey(key);
        }

        public Builder putAll(Map<String, String> values) {
            values.forEach(this::put);
            return this;
        }

        /** {@code -1} means unknown. */
        public Builder plaintextLengthBytes(long value) {
            this.plaintextLengthBytes = value;
            return this;
        }

        public SealedMetadata build() {
            if (contentType == null || contentType.isEmpty() || contentType.length() > 255) {
                throw new InvalidInputException("contentType: must have 1 to 255 characters, was "
                        + (contentType == null ? "null" : contentType.length() + " characters"));
            }
            int encoded = MetadataCodec.encodedLength(contentType, user);
            if (encoded > MAX_ENCODED_BYTES) {
                throw new InvalidInputException("metadata: encoded size must be <= " + MAX_ENCODED_BYTES
                        + " bytes, was " + encoded);
            }
            if (plaintextLengthBytes < -1) {
                throw new InvalidInputException("plaintextLengthBytes: must be >= 0 or -1 (unknown), was "
                        + plaintextLengthBytes);
            }
            return new SealedMetadata(this);
        }
    }
}
