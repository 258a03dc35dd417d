package fr.coffre.crypto;
import fr.coffre.KeyRef;

import fr.coffre.InvalidInputException;

/**
 * What the writer of one COF1 object needs besides the data key: the key reference written in the header,
 * optionally the wrapped data key to embed (empty = the header carries only the reference), the object's
 * logical identity (bound into every segment's associated data, never written in clear), the segment size and
 * the metadata to seal.
 */
public final class EncryptionSpec {
    public static final int DEFAULT_SEGMENT_SIZE_BYTES = 64 * 1024;
    public static final int MIN_SEGMENT_SIZE_BYTES = 4 * 1024;
    public static final int MAX_SEGMENT_SIZE_BYTES = 8 * 1024 * 1024;
    public static final int MAX_IDENTITY_BYTES = 4096;
    public static final int MAX_WRAPPED_KEY_BYTES = 1024;

    private final KeyRef keyRef;
    private final KeyRefBinding binding;
    private final byte[] wrappedDataKey;
    private final byte[] logicalIdentity;
    private final int segmentSizeBytes;
    private final SealedMetadata metadata;
    private final boolean sizePadding;

    private EncryptionSpec(Builder b) {
        this.sizePadding = b.sizePadding;
        this.keyRef = b.keyRef;
        this.binding = b.binding;
        this.wrappedDataKey = b.wrappedDataKey.clone();
        this.logicalIdentity = b.logicalIdentity.clone();
        this.segmentSizeBytes = b.segmentSizeBytes;
        this.metadata = b.metadata;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The header's key reference, or with a {@link KeyRefBinding} the template giving its scheme and length. */
    public KeyRef keyRef() {
        return keyRef;
    }

    /** The reference written in the header of the object with this salt and nonce prefix. */
    KeyRef headerKeyRef(byte[] salt, byte[] noncePrefix) {
        if (binding == null) {
            return keyRef;
        }
        KeyRef bound = binding.keyRef(salt.clone(), noncePrefix.clone());
        if (bound == null || !bound.scheme().equals(keyRef.scheme())
                || bound.keyId().length() != keyRef.keyId().length()) {
            throw new InvalidInputException("keyRef binding: must return a reference with scheme '" + keyRef.scheme()
                    + "' and a " + keyRef.keyId().length() + "-character key id, like its template");
        }
        return bound;
    }

    public byte[] wrappedDataKey() {
        return wrappedDataKey.clone();
    }

    public byte[] logicalIdentity() {
        return logicalIdentity.clone();
    }

    public int segmentSizeBytes() {
        return segmentSizeBytes;
    }

    public SealedMetadata metadata() {
        return metadata;
    }

    /** Whether the object is written size-padded (suite 2, FORMAT.md §6.2). */
    public boolean sizePadding() {
        return sizePadding;
    }

    @Override
    public String toString() {
        return "EncryptionSpec[keyRef=" + keyRef + ", segmentSizeBytes=" + segmentSizeBytes + ", sizePadding="
                + sizePadding + ", identity redacted]";
    }

    public static final class Builder {
        private KeyRef keyRef;
        private KeyRefBinding binding;
        private byte[] wrappedDataKey = new byte[0];
        private byte[] logicalIdentity;
        private int segmentSizeBytes = DEFAULT_SEGMENT_SIZE_BYTES;
        private SealedMetadata metadata = SealedMetadata.empty();
        private boolean sizePadding;

        public Builder keyRef(KeyRef value) {
            this.keyRef = value;
            this.binding = null;
            return this;
        }

        /**
         * A key reference computed per object from its salt and nonce prefix ({@link KeyRefBinding}); {@code template}
         * gives its scheme and key-id length (its id and version are not written).
         */
        public Builder keyRef(KeyRef template, KeyRefBinding value) {
            if (value == null) {
                throw new InvalidInputException("keyRef binding: must be non-null");
            }
            this.keyRef = template;
            this.binding = value;
            return this;
        }

        public Builder wrappedDataKey(byte[] value) {
            this.wrappedDataKey = value == null ? new byte[0] : value.clone();
            return this;
        }

        public Builder logicalIdentity(byte[] value) {
            this.logicalIdentity = value == null ? null : value.clone();
            return this;
        }

        public Builder segmentSizeBytes(int value) {
            this.segmentSizeBytes = value;
            return this;
        }

        public Builder metadata(SealedMetadata value) {
            this.metadata = value;
            return this;
        }

        /**
         * Pads the plaintext to its Padmé length (suite 2, FORMAT.md §6.2: at most 11.2 % plus 8 bytes more), so that
         * the object's length reveals only the length's few most significant bits. Default off (suite 1).
         */
        public Builder sizePadding(boolean value) {
            this.sizePadding = value;
            return this;
        }

        public EncryptionSpec build() {
            if (keyRef == null) {
                throw new InvalidInputException("keyRef: must be set");
            }
            if (logicalIdentity == null || logicalIdentity.length == 0 || logicalIdentity.length > MAX_IDENTITY_BYTES) {
                throw new InvalidInputException("logicalIdentity: must have 1 to " + MAX_IDENTITY_BYTES + " bytes, was "
                        + (logicalIdentity == null ? "null" : logicalIdentity.length + " bytes"));
            }
            if (wrappedDataKey.length > MAX_WRAPPED_KEY_BYTES) {
                throw new InvalidInputException("wrappedDataKey: must have at most " + MAX_WRAPPED_KEY_BYTES
                        + " bytes, was " + wrappedDataKey.length);
            }
            if (segmentSizeBytes < MIN_SEGMENT_SIZE_BYTES || segmentSizeBytes > MAX_SEGMENT_SIZE_BYTES
                    || Integer.bitCount(segmentSizeBytes) != 1) {
                throw new InvalidInputException("segmentSizeBytes: must be a power of two in [" + MIN_SEGMENT_SIZE_BYTES
                        + ", " + MAX_SEGMENT_SIZE_BYTES + "], was " + segmentSizeBytes);
            }
            if (metadata == null) {
                throw new InvalidInputException("metadata: must be non-null (use SealedMetadata.empty())");
            }
            return new EncryptionSpec(this);
        }
    }
}
