package fr.coffre.custody.internal;

import fr.coffre.KeyRef;
import fr.coffre.KeyUnavailableException;
import fr.coffre.SecretBytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.Provider;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The wrapped-key format shared by the custodians that run AES-256-GCM themselves (keystore, PKCS#11 token,
 * KMIP fetch-then-wrap):
 *
 * <pre>
 *   byte 0       format version = 0x01
 *   bytes 1..12  random 96-bit IV
 *   bytes 13..   AES-GCM ciphertext of the data key || 128-bit tag
 *   AAD = "coffre-custody-wrap" 0x00 | format | u16 len | scheme | u16 len | keyId | u32 version | u32 len | context
 * </pre>
 *
 * <p>The AAD binds the exact master key reference and the caller's context, so a wrapped key moved to another
 * version, key id or context does not authenticate. Random IVs are safe for up to 2^32 wraps per key version.
 */
public final class GcmEnvelope {
    public static final byte FORMAT_V1 = 0x01;
    public static final int IV_BYTES = 12;
    public static final int TAG_BYTES = 16;
    private static final int MIN_KEY_BYTES = 16;
    private static final int MAX_KEY_BYTES = 1024;
    private static final byte[] LABEL = "coffre-custody-wrap\0".getBytes(StandardCharsets.US_ASCII);

    private GcmEnvelope() {
    }

    /** The associated data for {@code format}, {@code ref} and {@code context}. */
    public static byte[] aad(byte format, KeyRef ref, byte[] context) {
        byte[] scheme = ref.scheme().getBytes(StandardCharsets.US_ASCII);
        byte[] id = ref.keyId().getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(LABEL.length + 1 + 2 + scheme.length + 2 + id.length + 4 + 4 + context.length)
                .put(LABEL).put(format)
                .putShort((short) scheme.length).put(scheme)
                .putShort((short) id.length).put(id)
                .putInt(ref.version())
                .putInt(context.length).put(context)
                .array();
    }

    /**
     * Seals {@code dataKey} with AES-GCM under {@code key}.
     *
     * @param provider the provider owning {@code key} (a PKCS#11 token), or null for the JDK default
     * @throws TransientCustodyException if the provider fails (token or session error)
     */
    public static byte[] seal(Key key, Provider provider, KeyRef ref, SecretBytes dataKey, byte[] context, SecureRandom random) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher c = cipher(provider);
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, iv));
            c.updateAAD(aad(FORMAT_V1, ref, context));
            byte[] out = new byte[1 + IV_BYTES + dataKey.length() + TAG_BYTES];
            out[0] = FORMAT_V1;
            System.arraycopy(iv, 0, out, 1, IV_BYTES);
            int n = dataKey.apply(k -> {
                try {
                    return c.doFinal(k, 0, k.length, out, 1 + IV_BYTES);
                } catch (GeneralSecurityException e) {
                    throw new TransientCustodyException("AES-GCM seal failed", e);
                }
            });
            if (n != dataKey.length() + TAG_BYTES) {
                throw new TransientCustodyException("AES-GCM seal produced " + n + " bytes", null);
            }
            return out;
        } catch (GeneralSecurityException | ProviderException e) {
            throw new TransientCustodyException("AES-GCM seal failed", e);
        }
    }

    /**
     * Opens bytes made by {@link #seal}.
     *
     * @throws KeyUnavailableException if the bytes are malformed or do not authenticate
     * @throws TransientCustodyException if the provider fails (token or session error)
     */
    public static SecretBytes open(Key key, Provider provider, KeyRef ref, byte[] wrapped, byte[] context) {
        checkShape(ref, wrapped);
        byte[] plain = null;
        try {
            Cipher c = cipher(provider);
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, wrapped, 1, IV_BYTES));
            c.updateAAD(aad(FORMAT_V1, ref, context));
            plain = c.doFinal(wrapped, 1 + IV_BYTES, wrapped.length - 1 - IV_BYTES);
            return SecretBytes.wrap(plain);
        } catch (AEADBadTagException e) {
            // by type, never by message text: SunPKCS11 maps the token's return code CKR_ENCRYPTED_DATA_INVALID
            // to this exception (P11AEADCipher), as the JDK's own AES-GCM does for a bad tag
            throw rejected(ref);
        } catch (GeneralSecurityException | ProviderException e) {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
            throw new TransientCustodyException("AES-GCM open failed", e);
        }
    }

    public static KeyUnavailableException rejected(KeyRef ref) {
        return new KeyUnavailableException("wrapped key under " + ref
                + ": does not authenticate (other key, version or context, or corrupted bytes)");
    }

    /**
     * Checks the shape of {@code wrapped} (format byte, length bounds) without any key.
     *
     * @throws KeyUnavailableException if malformed
     */
    public static void checkShape(KeyRef ref, byte[] wrapped) {
        int body = wrapped.length - 1 - IV_BYTES - TAG_BYTES;
        if (wrapped.length == 0 || wrapped[0] != FORMAT_V1 || body < MIN_KEY_BYTES || body > MAX_KEY_BYTES) {
            throw new KeyUnavailableException("wrapped key under " + ref + ": malformed ("
                    + wrapped.length + " bytes, format " + (wrapped.length == 0 ? "none" : String.valueOf(wrapped[0] & 0xff)) + ")");
        }
    }

    private static Cipher cipher(Provider provider) throws GeneralSecurityException {
        return provider == null ? Cipher.getInstance("AES/GCM/NoPadding") : Cipher.getInstance("AES/GCM/NoPadding", provider);
    }
}
