package fr.coffre.crypto;

/**
 * Strips the padding of a size-padded object (suite 2, FORMAT.md §6.2) from its authenticated segment plaintext,
 * as it is read, in constant memory. Its segments carry {@code plaintext || 00…00 || u64(L)}, and only the final
 * segment says where the plaintext ends, so a run of zero bytes at the end of a non-final segment may be padding:
 * it is held back as a count (never as bytes) and owed to the reader as soon as a non-zero byte follows, or at the
 * end as far as the trailer's length says. Checked at the final segment: a trailer, a segment plaintext length equal
 * to the Padmé length of {@code L + 8}, and nothing but zero bytes between the plaintext and the trailer; anything
 * else is {@link TamperedObjectException}.
 */
final class Unpadder {
    private final int segmentSize;
    private long released;
    private long heldZeros;
    private long zerosOwed;

    Unpadder(int segmentSize) {
        this.segmentSize = segmentSize;
    }

    /**
     * Takes a segment's {@code n} plaintext bytes ({@code segmentPlain} bytes so far, this segment included) and
     * returns how many of its first bytes are plaintext, to release after {@link #zerosOwed()} zero bytes.
     */
    int segment(byte[] plain, int n, boolean last, long segmentPlain) {
        if (!last) {
            int j = n - 1;
            while (j >= 0 && plain[j] == 0) {
                j--;
            }
            if (j < 0) {
                heldZeros += n;
                return 0;
            }
            zerosOwed += heldZeros;
            released += heldZeros + j + 1;
            heldZeros = n - 1 - j;
            return j + 1;
        }
        int body = n - Cof1Layout.LENGTH_TRAILER_BYTES;
        if (body < 0) {
            throw tampered("its final segment is shorter than the length trailer");
        }
        long length = 0;
        for (int i = body; i < n; i++) {
            length = (length << 8) | (plain[i] & 0xff);
        }
        long remaining = length - released;
        if (Cof1Layout.paddedLength(length, segmentSize) != segmentPlain || remaining < 0
                || remaining > heldZeros + body) {
            throw tampered("its length trailer does not match its length");
        }
        long fromHeld = Math.min(heldZeros, remaining);
        int fromSegment = (int) (remaining - fromHeld);
        for (int i = fromSegment; i < body; i++) {
            if (plain[i] != 0) {
                throw tampered("its padding is not zero bytes");
            }
        }
        zerosOwed += fromHeld;
        heldZeros = 0;
        released = length;
        return fromSegment;
    }

    /** The plaintext length once the final segment was taken. */
    long plaintextLength() {
        return released;
    }

    /** Zero bytes the reader must release before the plaintext bytes {@link #segment} returned. */
    long zerosOwed() {
        return zerosOwed;
    }

    void released(long zeros) {
        zerosOwed -= zeros;
    }

    private static TamperedObjectException tampered(String why) {
        return new TamperedObjectException("COF1 padded object: " + why);
    }
}
