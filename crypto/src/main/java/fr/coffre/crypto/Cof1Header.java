package fr.coffre.crypto;

/**
 * A parsed, not yet authenticated COF1 header (see FORMAT.md). It is authenticated by the key commitment
 * and by every segment's associated data once the data key is known: until then treat every field as
 * attacker-controlled.
 */
public final class Cof1Header {
    // TODO(crypto): fields per FORMAT.md

    public int formatVersion() {
        throw new UnsupportedOperationException("TODO");
    }

    public int suiteId() {
        throw new UnsupportedOperationException("TODO");
    }

    public int segmentSizeBytes() {
        throw new UnsupportedOperationException("TODO");
    }

    public KeyRef keyRef() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Empty when the data key is referenced, not embedded. */
    public byte[] wrappedDataKey() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Length of the header itself (the bytes {@link Cof1#readHeader} consumed). */
    public int headerLengthBytes() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Length of the sealed metadata section that follows the header. */
    public int sealedMetadataLengthBytes() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Bytes from the start of the object to the first content segment (header plus sealed metadata). */
    public int prefixLengthBytes() {
        throw new UnsupportedOperationException("TODO");
    }

    /** A copy of the header's exact bytes. */
    public byte[] encoded() {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Plaintext length implied by the object's total length.
     *
     * @throws TamperedObjectException if no valid COF1 object with this header has that length
     */
    public long plaintextLengthBytes(long objectLengthBytes) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * The ciphertext range to fetch for plaintext bytes {@code [offset, offset+length)}.
     *
     * @throws fr.coffre.InvalidInputException negative offset/length or a range past the end of the plaintext
     * @throws TamperedObjectException if no valid COF1 object with this header has that length
     */
    public RangePlan planRange(long plainOffsetBytes, long plainLengthBytes, long objectLengthBytes) {
        throw new UnsupportedOperationException("TODO");
    }
}
