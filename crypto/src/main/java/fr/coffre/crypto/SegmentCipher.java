package fr.coffre.crypto;
import fr.coffre.SecretBytes;

import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM (JDK provider) over COF1 segments with the STREAM nonce of FORMAT.md §6:
 * {@code noncePrefix(7) || uint32 index || final flag}. One instance per stream; the {@link Cipher} is reused and
 * output goes into the caller's preallocated arrays.
 */
final class SegmentCipher {
    static final int NONCE_BYTES = 12;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final Cipher cipher;
    private final SecretKey key;
    private final byte[] aad;
    private final byte[] nonce = new byte[NONCE_BYTES];

    SegmentCipher(SecretBytes key, byte[] noncePrefix, byte[] aad) {
        this.cipher = newGcm();
        this.key = key.asAesKey();
        this.aad = aad;
        System.arraycopy(noncePrefix, 0, nonce, 0, Cof1Layout.NONCE_PREFIX_BYTES);
    }

    /** AES/GCM/NoPadding from the JDK's SunJCE provider (AES-NI intrinsics), whatever providers were added. */
    static Cipher newGcm() {
        try {
            Provider sunJce = Security.getProvider("SunJCE");
            return sunJce != null ? Cipher.getInstance(TRANSFORMATION, sunJce) : Cipher.getInstance(TRANSFORMATION);
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            throw new IllegalStateException("AES/GCM/NoPadding missing from the JDK", e);
        }
    }

    /** Encrypts {@code len} bytes into {@code out} (ciphertext then tag); returns {@code len + 16}. */
    int seal(byte[] in, int off, int len, long index, boolean last, byte[] out) {
        try {
            init(Cipher.ENCRYPT_MODE, index, last);
            return cipher.doFinal(in, off, len, out, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Authenticates and decrypts one segment ({@code len} bytes: ciphertext then tag) into {@code out}; returns the
     * plaintext length. On a bad tag {@code out} is zeroed and nothing is returned.
     */
    int open(byte[] in, int off, int len, long index, boolean last, byte[] out) {
        try {
            init(Cipher.DECRYPT_MODE, index, last);
            return cipher.doFinal(in, off, len, out, 0);
        } catch (AEADBadTagException e) {
            java.util.Arrays.fill(out, (byte) 0);
            throw new TamperedObjectException("COF1 segment " + index + " failed authentication (tampered, reordered,"
                    + " truncated or extended object, wrong identity or wrong key)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    private void init(int mode, long index, boolean last) throws GeneralSecurityException {
        nonce[7] = (byte) (index >>> 24);
        nonce[8] = (byte) (index >>> 16);
        nonce[9] = (byte) (index >>> 8);
        nonce[10] = (byte) index;
        nonce[11] = (byte) (last ? 1 : 0);
        cipher.init(mode, key, new GCMParameterSpec(Cof1Layout.TAG_BYTES * 8, nonce));
        cipher.updateAAD(aad);
    }
}
