package fr.coffre.crypto;
import fr.coffre.KeyRef;

import fr.coffre.InvalidInputException;
import java.util.Arrays;

/**
 * A parsed, not yet authenticated COF1 header (see FORMAT.md). It is authenticated by the key commitment
 * and by every segment's associated data once the data key is known: until then treat every field as
 * attacker-controlled. Immutable; {@link #toString()} shows no salt, nonce or commitment.
 */
public final class Cof1Header {
    private final byte[] encoded;
    private final int suite;
    private final int segmentSizeBytes;
    private final byte[] salt;
    private final byte[] noncePrefix;
    private final int sealedMetadataLengthBytes;
    private final KeyRef keyRef;
    private final byte[] wrappedDataKey;
    private final byte[] commitment;

    Cof1Header(byte[] encoded, int suite, int segmentSizeBytes, byte[] salt, byte[] noncePrefix, int sealedMetadataLengthBytes,
            KeyRef keyRef, byte[] wrappedDataKey, byte[] commitment) {
        this.encoded = encoded;
        this.suite = suite;
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

    /** 1, or 2 for a size-padded object ({@link #sizePadded()}). */
    public int suiteId() {
        return suite;
    }

    /**
     * Whether the object's segments carry its plaintext padded to a Padmé length (suite 2, FORMAT.md §6.2): its
     * length then does not give the plaintext length, which is sealed in its final segment (and in its sealed
     * metadata if the writer declared it).
     */
    public boolean sizePadded() {
        return suite == Cof1Layout.SUITE_PADDED;
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
     * Plaintext length implied by the object's total length (suite 1 only: a size-padded object seals it).
     *
     * @throws TamperedObjectException if no valid COF1 object with this header has that length
     * @throws InvalidInputException if the object is size-padded ({@link #lengthTrailerRange} then
     *     {@link Cof1#openLengthTrailer}, or its sealed metadata, give the length)
     */
    public long plaintextLengthBytes(long objectLengthBytes) {
        if (sizePadded()) {
            throw new InvalidInputException("plaintext length: this object is size-padded, its length is sealed"
                    + " (read its length trailer or its sealed metadata)");
        }
        return Cof1Layout.segmentPlaintextLength(prefixLengthBytes(), segmentSizeBytes, objectLengthBytes);
    }

    /**
     * The ciphertext range to fetch for plaintext bytes {@code [offset, offset+length)} (suite 1 only).
     *
     * @throws InvalidInputException negative offset/length, a range past the end of the plaintext, or a
     *     size-padded object
     * @throws TamperedObjectException if no valid COF1 object with this header has that length
     */
    public RangePlan planRange(long plainOffsetBytes, long plainLengthBytes, long objectLengthBytes) {
        return planRange(plainOffsetBytes, plainLengthBytes, objectLengthBytes,
                plaintextLengthBytes(objectLengthBytes));
    }

    /**
     * The ciphertext range to fetch for plaintext bytes {@code [offset, offset+length)} of an object whose
     * plaintext length is known to be {@code plaintextLengthBytes} (for a size-padded object: the authenticated
     * length from its trailer or sealed metadata).
     *
     * @throws InvalidInputException negative offset/length or a range past the end of the plaintext
     * @throws TamperedObjectException if the object's length does not match that plaintext length
     */
    public RangePlan planRange(long plainOffsetBytes, long plainLengthBytes, long objectLengthBytes,
            long plaintextLengthBytes) {
        long segmentPlain = Cof1Layout.segmentPlaintextLength(prefixLengthBytes(), segmentSizeBytes,
                objectLengthBytes);
        long expected = sizePadded() ? Cof1Layout.paddedLength(plaintextLengthBytes, segmentSizeBytes)
                : plaintextLengthBytes;
        if (expected != segmentPlain) {
            throw new TamperedObjectException("COF1 object length does not match its sealed plaintext length");
        }
        return Cof1Layout.planRange(prefixLengthBytes(), segmentSizeBytes, plainOffsetBytes, plainLengthBytes,
                objectLengthBytes, plaintextLengthBytes);
    }

    /**
     * The ciphertext range holding a size-padded object's length trailer (its final segment, and the one before
     * when the final one is shorter than the trailer), for {@link Cof1#openLengthTrailer}.
     *
     * @throws InvalidInputException if the object is not size-padded
     * @throws TamperedObjectException if no valid padded object with this header has that length
     */
    public RangePlan lengthTrailerRange(long objectLengthBytes) {
        if (!sizePadded()) {
            throw new InvalidInputException("length trailer: only a size-padded object (suite 2) has one");
        }
        long segmentPlain = Cof1Layout.segmentPlaintextLength(prefixLengthBytes(), segmentSizeBytes,
                objectLengthBytes);
        if (segmentPlain < Cof1Layout.LENGTH_TRAILER_BYTES) {
            throw new TamperedObjectException("COF1 padded object too short for its length trailer");
        }
        return Cof1Layout.planRange(prefixLengthBytes(), segmentSizeBytes,
                segmentPlain - Cof1Layout.LENGTH_TRAILER_BYTES, Cof1Layout.LENGTH_TRAILER_BYTES, objectLengthBytes,
                segmentPlain);
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
