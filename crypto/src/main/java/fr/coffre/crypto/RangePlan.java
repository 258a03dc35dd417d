package fr.coffre.crypto;

/**
 * Which ciphertext bytes a ranged read must fetch, computed from the header and the object's total length alone:
 * fetch {@code cipherLengthBytes} bytes at {@code cipherOffsetBytes}, which hold segments
 * {@code firstSegmentIndex..lastSegmentIndex}; after decryption drop {@code skipBytes} and keep
 * {@code plaintextLengthBytes}.
 */
public record RangePlan(long cipherOffsetBytes, long cipherLengthBytes, long firstSegmentIndex,
        long lastSegmentIndex, boolean includesFinalSegment, int skipBytes, long plaintextLengthBytes) {
}
