package fr.coffre.core;

import fr.coffre.KeyRef;
import fr.coffre.crypto.AesSiv;
import fr.coffre.crypto.Cof1Header;
import fr.coffre.crypto.KeyRefBinding;
import fr.coffre.crypto.TamperedObjectException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Blinded header key references (FORMAT.md §3.2, scheme {@value #SCHEME}): the data-key reference sealed with AES-SIV
 * under the registry's key-reference secret, with the object's salt and nonce prefix as associated data. Objects of
 * one subject get unrelated header bytes; a reader with the registry recovers the data-key reference with one
 * AES-SIV open. Padded to a fixed length, so every blinded reference is {@value #KEY_ID_CHARS} characters.
 */
final class KeyRefBlinding {
    static final String SCHEME = "coffre-dkb";
    /** Padded plaintext: u32 data-key version, ASCII data-key id, 0x80, zero bytes. */
    static final int PLAIN_BYTES = 64;
    static final int MAX_DATA_KEY_ID_CHARS = PLAIN_BYTES - 5;
    /** base32 of 16 + 64 bytes, no padding. */
    static final int KEY_ID_CHARS = 128;
    /** The reference used to size headers before the salt is drawn (only its scheme and length matter). */
    static final KeyRef TEMPLATE = new KeyRef(SCHEME, "a".repeat(KEY_ID_CHARS), 1);
    private static final byte[] DOMAIN = "coffre-keyref/1".getBytes(StandardCharsets.US_ASCII);

    private final AesSiv siv;

    KeyRefBlinding(AesSiv siv) {
        this.siv = siv;
    }

    /** The binding that blinds {@code dataKey} into each new object's header. */
    KeyRefBinding binding(KeyRef dataKey) {
        return (salt, noncePrefix) -> blind(dataKey, salt, noncePrefix);
    }

    KeyRef blind(KeyRef dataKey, byte[] salt, byte[] noncePrefix) {
        byte[] id = dataKey.keyId().getBytes(StandardCharsets.US_ASCII);
        if (id.length > MAX_DATA_KEY_ID_CHARS) {
            throw new IllegalStateException("data-key id longer than " + MAX_DATA_KEY_ID_CHARS + " characters");
        }
        byte[] plain = ByteBuffer.allocate(PLAIN_BYTES).putInt(dataKey.version()).put(id).put((byte) 0x80).array();
        byte[] sealed = siv.seal(plain, DOMAIN, salt, noncePrefix);
        return new KeyRef(SCHEME, Base32.encode(sealed), 1);
    }

    /**
     * The data-key reference a blinded header names.
     *
     * @throws TamperedObjectException if it does not open under this registry's secret with this header's salt and
     *         nonce prefix (altered, moved from another object, or written by another registry)
     */
    KeyRef unblind(Cof1Header header) {
        KeyRef blinded = header.keyRef();
        byte[] sealed = blinded.version() == 1 && blinded.keyId().length() == KEY_ID_CHARS
                ? Base32.decode(blinded.keyId()) : null;
        byte[] plain = sealed == null ? null : siv.open(sealed, DOMAIN, header.saltBytes(), header.noncePrefixBytes());
        KeyRef ref = plain == null ? null : decode(plain);
        if (ref == null) {
            throw new TamperedObjectException("blinded key reference: does not open under this key registry's "
                    + "key-reference secret with this object's salt (altered, moved from another object, or written "
                    + "by another registry)");
        }
        return ref;
    }

    private static KeyRef decode(byte[] plain) {
        int end = plain.length - 1;
        while (end >= 4 && plain[end] == 0) {
            end--;
        }
        int version = ByteBuffer.wrap(plain).getInt();
        if (end < 5 || plain[end] != (byte) 0x80 || version < 1) {
            return null;
        }
        String id = new String(Arrays.copyOfRange(plain, 4, end), StandardCharsets.US_ASCII);
        try {
            return new KeyRef(KeyRegistry.DATA_KEY_SCHEME, id, version);
        } catch (fr.coffre.InvalidInputException e) {
            return null;
        }
    }
}
