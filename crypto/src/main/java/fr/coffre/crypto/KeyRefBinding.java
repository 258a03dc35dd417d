package fr.coffre.crypto;

import fr.coffre.KeyRef;

/**
 * Computes the key reference a COF1 header carries from that object's fresh salt and nonce prefix, drawn by
 * {@link Cof1#encrypt} just before the header is written: lets a caller make the reference differ per object (for
 * example, seal the data-key id under a secret of its own so a store cannot group objects by key). The result MUST
 * have the same scheme and key-id length as the spec's template reference, so lengths stay known in advance.
 */
@FunctionalInterface
public interface KeyRefBinding {
    /** @param salt the header's 32-byte salt; @param noncePrefix its 7-byte nonce prefix (both copies) */
    KeyRef keyRef(byte[] salt, byte[] noncePrefix);
}
