package fr.coffre.crypto;

import fr.coffre.InvalidInputException;

/** COF1 constants and the arithmetic between plaintext lengths/offsets and ciphertext lengths/offsets. */
final class Cof1Layout {
    static final byte[] MAGIC = {'C', 'O', 'F', '1'};
    static final int FORMAT_VERSION = 1;
    /** Suite 1: the segments carry the plaintext. */
    static final int SUITE_ID = 1;
    /** Suite 2: suite 1 whose segments carry the plaintext padded to its Padmé length (FORMAT.md §6.2). */
    static final int SUITE_PADDED = 2;
    /** The u64 plaintext length ending a padded object's segment plaintext. */
    static final int LENGTH_TRAILER_BYTES = 8;
    static final int TAG_BYTES = 16;
    static final int SALT_BYTES = 32;
    static final int NONCE_PREFIX_BYTES = 7;
    static final int COMMITMENT_BYTES = 32;
    static final int DATA_KEY_BYTES = 32;
    /** Segment indexes are unsigned 32-bit: at most 2^32 segments. */
    static final long MAX_SEGMENTS = 1L << 32;
    static final int METADATA_PAD_BYTES = 256;
    static final int MAX_METADATA_PADDED_BYTES = 64 * 1024;

    private Cof1Layout() {
    }

    /** Largest plaintext a single object may hold with segment size {@code s}. */
    static long maxPlaintextBytes(int s) {
        return MAX_SEGMENTS * s;
    }

    /** Number of segments of a plaintext of {@code plain} bytes: at least one (the empty object has one). */
    static long segmentCount(long plain, int s) {
        return plain == 0 ? 1 : (plain - 1) / s + 1;
    }

    /** Length of the segment area (everything after header and sealed metadata). */
    static long bodyLength(long plain, int s) {
        if (plain < 0 || plain > maxPlaintextBytes(s)) {
            throw new InvalidInputException("plaintextLengthBytes: must be in [0, " + maxPlaintextBytes(s)
                    + "] for segment size " + s + ", was " + plain);
        }
        return plain + TAG_BYTES * segmentCount(plain, s);
    }

    /**
     * Plaintext length of a segment area of {@code body} bytes.
     *
     * @throws TamperedObjectException if no valid object has that segment area length
     */
    static long plaintextLength(long body, int s) {
        long seg = s + (long) TAG_BYTES;
        if (body < TAG_BYTES) {
            throw new TamperedObjectException("COF1 object too short: final segment missing");
        }
        long n = (body - 1) / seg + 1;
        long last = body - (n - 1) * seg;
        if (n > MAX_SEGMENTS || (n > 1 && last <= TAG_BYTES)) {
            throw new TamperedObjectException("COF1 object length matches no valid segment layout");
        }
        return body - TAG_BYTES * n;
    }

    /** The segment area's plaintext length of an object of {@code objectLength} bytes with this prefix. */
    static long segmentPlaintextLength(long prefix, int s, long objectLength) {
        if (objectLength < prefix) {
            throw new TamperedObjectException("COF1 object shorter than its header and sealed metadata");
        }
        return plaintextLength(objectLength - prefix, s);
    }

    /**
     * Padmé (Nikitin et al., PURBs, 2019): {@code x} rounded up so that only its {@code floor(log2 E) + 1} most
     * significant bits may be non-zero, {@code E = floor(log2 x)}; at most 11.2 % more than {@code x}. Values below 2
     * are returned as they are.
     */
    static long padme(long x) {
        if (x < 2) {
            return x;
        }
        int e = 63 - Long.numberOfLeadingZeros(x);
        int s = 32 - Integer.numberOfLeadingZeros(e);
        long mask = (1L << (e - s)) - 1;
        return (x + mask) & ~mask;
    }

    /**
     * Segment plaintext length of a padded object whose plaintext has {@code plain} bytes: Padmé of
     * {@code plain + 8}, or -1 if {@code plain} is negative or too long for segment size {@code s}.
     */
    static long paddedLength(long plain, int s) {
        if (plain < 0 || plain > maxPaddedPlaintextBytes(s)) {
            return -1;
        }
        return padme(plain + LENGTH_TRAILER_BYTES);
    }

    /** Largest plaintext a padded object may hold with segment size {@code s}. */
    static long maxPaddedPlaintextBytes(int s) {
        return maxPlaintextBytes(s) - maxPlaintextBytes(s) / 8;
    }

    /**
     * Plans plaintext {@code [offset, offset + length)} of an object whose segments carry {@code segmentPlain}
     * bytes (the object's length gives it) of which the first {@code plain} are its plaintext: equal for suite 1,
     * the sealed length for a padded object.
     */
    static RangePlan planRange(long prefix, int s, long offset, long length, long objectLength, long plain) {
        long body = objectLength - prefix;
        long segmentPlain = plaintextLength(body, s);
        if (offset < 0 || length < 0 || offset > plain || length > plain - offset) {
            throw new InvalidInputException("range: must satisfy 0 <= offset, 0 <= length, offset + length <= "
                    + plain + " (plaintext length), was offset=" + offset + " length=" + length);
        }
        long seg = s + (long) TAG_BYTES;
        if (length == 0) {
            return new RangePlan(prefix, 0, 0, -1, false, 0, 0);
        }
        long first = offset / s;
        long last = (offset + length - 1) / s;
        long start = prefix + first * seg;
        long end = prefix + Math.min((last + 1) * seg, body);
        boolean includesFinal = last == segmentCount(segmentPlain, s) - 1;
        return new RangePlan(start, end - start, first, last, includesFinal, (int) (offset - first * s), length);
    }
}
