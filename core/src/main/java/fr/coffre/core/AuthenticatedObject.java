package fr.coffre.core;

/**
 * The outcome of {@link Coffre#authenticate}: one stored object whose key commitment, sealed metadata, every segment
 * tag and identity (bound to its decrypted name) were checked, the plaintext being discarded as it was verified.
 *
 * @param storeName the opaque store name (never the logical name)
 * @param storeSizeBytes ciphertext bytes read
 * @param plaintextBytes plaintext bytes authenticated (and thrown away)
 * @param ciphertextSha256 lowercase hex SHA-256 of the ciphertext as read
 */
public record AuthenticatedObject(String storeName, long storeSizeBytes, long plaintextBytes,
        String ciphertextSha256) {
}
