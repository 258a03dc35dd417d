package fr.coffre.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The sealed metadata section (FORMAT.md §5): AES-256-GCM under the object's metadata key, an all-zero nonce (the key
 * seals exactly one message), associated data = the object binding.
 */
final class MetadataSection {
    private MetadataSection() {
    }

    static int sealedLength(SealedMetadata m) {
        return MetadataCodec.paddedLength(MetadataCodec.encodedLength(m.contentType(), m.user())) + Cof1Layout.TAG_BYTES;
    }

    static byte[] seal(KeySchedule keys, byte[] binding, SealedMetadata m) {
        byte[] plain = MetadataCodec.encode(m);
        try {
            return cipher(Cipher.ENCRYPT_MODE, keys, binding).doFinal(plain);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** @throws TamperedObjectException wrong identity, tampered header or tampered section */
    static SealedMetadata open(KeySchedule keys, byte[] binding, byte[] sealed) {
        byte[] plain;
        try {
            plain = cipher(Cipher.DECRYPT_MODE, keys, binding).doFinal(sealed);
        } catch (AEADBadTagException e) {
            throw new TamperedObjectException("COF1 sealed metadata failed authentication (wrong logical identity,"
                    + " tampered header or tampered metadata)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
        try {
            return MetadataCodec.decode(plain);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private static Cipher cipher(int mode, KeySchedule keys, byte[] binding) throws GeneralSecurityException {
        Cipher c = SegmentCipher.newGcm();
        c.init(mode, keys.metadataKey().asAesKey(), new GCMParameterSpec(Cof1Layout.TAG_BYTES * 8, new byte[SegmentCipher.NONCE_BYTES]));
        c.updateAAD(binding);
        return c;
    }
}
