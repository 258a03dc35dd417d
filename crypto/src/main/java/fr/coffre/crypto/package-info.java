/**
 * The COF1 object format (specified in FORMAT.md): streaming AES-256-GCM segments with per-object keys from HKDF,
 * a key commitment, identity binding and truncation protection; {@link fr.coffre.crypto.DecryptedObject} releases
 * only authenticated plaintext; tampering is always a {@link fr.coffre.crypto.TamperedObjectException}. Also
 * {@link fr.coffre.crypto.AesSiv} (RFC 5297) for deterministic name encryption.
 */
package fr.coffre.crypto;
