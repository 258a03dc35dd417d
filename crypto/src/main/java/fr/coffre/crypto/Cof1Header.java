package fr.coffre.crypto;
import fr.coffre.KeyRef;

import java.util.Arrays;

/**
 * A parsed, not yet authenticated COF1 header (see FORMAT.md). It is authenticated by the key commitment
 * and by every segment's associated data once the data key is known: until then treat every field as
 * attacker-controlled. Immutable; {@link #toString()} shows no salt, nonce or commitment.
 */
public final class Cof1Header {
    private final byte[] encoded;
    private final int segmentSizeBytes;
    private final byte[] salt;
    private final byte[] noncePrefix;
    private final int sealedMetadataLengthBytes;
    private final KeyRef keyRef;
    private final byte[] wrappedDataKey;
    private final byte[] commitment;

    Cof1Header(byte[] encoded, int segmentSizeBytes, byte[] salt, byte[] noncePrefix, int sealedMetadataLengthBytes,
            KeyRef keyRef, byte[] wrappedDataKey, byte[] commitment) {
        this.encoded = encoded;
        this.segmentSizeBytes = segmentSizeBytes;
        this.salt = salt;
        this.noncePrefix = noncePrefix;
        this.sealedMetadataLengthBytes = sealedMetadataLengthBytes;
        this.keyRef = keyRef;
        this.wrappedDataKey = wrappedDataKey;
        this.commitment = commitment;
    }

    public int formatVersion() {
        return Cof1Layout.FORMAT_VERSION;
    }

    public int suiteId() {
        return Cof1Layout.SUITE_ID;
    }

    public int segmentSizeBytes() {
        return segmentSizeBytes;
    }

    public KeyRef keyRef() {
        return keyRef;
    }

    /** Empty when the data key is referenced, not embedded. */
    public byte[] wrappedDataKey() {
        return wrappedDataKey.clone();
    }

    /** Length of the header itself (the bytes {@link Cof1#readHeader} consumed). */
    public int headerLengthBytes() {
        return encoded.length;
    }

    /** Length of the sealed metadata section that follows the header. */
    public int sealedMetadataLengthBytes() {
        return sealedMetadataLengthBytes;
    }

    /** Bytes from the start of the object to the first content segment (header plus sealed metadata). */
    public int prefixLengthBytes() {
        return encoded.length + sealedMetadataLengthBytes;
    }

    /** A copy of the header's exact bytes. */
    public byte[] encoded() {
        return encoded.clone();
    }

    /**
     * Plaintext length implied by the object's total length.
     *
     * @throws TamperedObjectException if no valid COF1 object with this header has that length
     */
    public long plaintextLengthBytes(long objectLengthBytes) {
        if (objectLengthBytes < prefixLengthBytes()) {
            throw new TamperedObjectException("COF1 object shorter than its header and sealed metadata");
        }
        return Cof1Layout.plaintextLength(objectLengthBytes - prefixLengthBytes(), segmentSizeBytes);
    }

    /**
     * The ciphertext range to fetch for plaintext bytes {@code [offset, offset+length)}.
     *
     * @throws fr.coffre.InvalidInputException negative offset/length or a range past the end of the plaintext
     * @throws TamperedObjectException if no valid COF1 object with this header has that length
     */
    public RangePlan planRange(long plainOffsetBytes, long plainLengthBytes, long objectLengthBytes) {
        return Cof1Layout.planRange(prefixLengthBytes(), segmentSizeBytes, plainOffsetBytes, plainLengthBytes,
                objectLengthBytes);
    }

    /** A copy of the header's 32-byte salt (public: it is stored in clear; e.g. bound into a blinded key reference). */
    public byte[] saltBytes() {
        return salt.clone();
    }

    /** A copy of the header's 7-byte nonce prefix (stored in clear). */
    public byte[] noncePrefixBytes() {
        return noncePrefix.clone();
    }

    byte[] salt() {
        return salt;
    }

    byte[] noncePrefix() {
        return noncePrefix;
    }

    byte[] commitment() {
        return commitment;
    }

    /** The header bytes the commitment covers (all but the commitment itself). */
    byte[] uncommitted() {
        return Arrays.copyOf(encoded, encoded.length - Cof1Layout.COMMITMENT_BYTES);
    }

    byte[] encodedView() {
        return encoded;
    }

    @Override
    public String toString() {
        return "Cof1Header[version=" + formatVersion() + ", suite=" + suiteId() + ", keyRef=" + keyRef
                + ", segmentSizeBytes=" + segmentSizeBytes + ", headerLengthBytes=" + encoded.length
                + ", sealedMetadataLengthBytes=" + sealedMetadataLengthBytes + ", wrappedDataKeyBytes="
                + wrappedDataKey.length + "]";
    }
}
