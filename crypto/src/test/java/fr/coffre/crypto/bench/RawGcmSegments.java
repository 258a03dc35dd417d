package fr.coffre.crypto.bench;

import fr.coffre.crypto.Cof1Header;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The benchmark baseline: plain JDK AES-256-GCM over the same segments as a COF1 object (same key, nonces and
 * associated data, re-derived here from FORMAT.md alone), with no streams, no lookahead and no checks beyond the tag.
 */
final class RawGcmSegments {
    static final int TAG = 16;
    private final Cipher cipher;
    private final SecretKeySpec key;
    private final byte[] aad;
    private final byte[] nonce = new byte[12];

    /** The segments of the object whose header is {@code header}. */
    static RawGcmSegments of(byte[] dataKey, Cof1Header header, byte[] identity) throws GeneralSecurityException {
        byte[] encoded = header.encoded();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] aad = Arrays.copyOf(sha.digest(encoded), 64);
        System.arraycopy(sha.digest(identity), 0, aad, 32, 32);
        return new RawGcmSegments(dataKey, Arrays.copyOfRange(encoded, 12, 44), Arrays.copyOfRange(encoded, 44, 51), aad);
    }

    /** Fresh object keys, as a writer would derive for each new object. */
    RawGcmSegments rekeyed(byte[] dataKey, SecureRandom random) throws GeneralSecurityException {
        byte[] salt = new byte[32];
        byte[] prefix = new byte[7];
        random.nextBytes(salt);
        random.nextBytes(prefix);
        return new RawGcmSegments(dataKey, salt, prefix, aad);
    }

    private RawGcmSegments(byte[] dataKey, byte[] salt, byte[] noncePrefix, byte[] aad) throws GeneralSecurityException {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(dataKey, salt, "coffre.cof1.v1.content-key".getBytes(StandardCharsets.US_ASCII)));
        byte[] k = new byte[32];
        hkdf.generateBytes(k, 0, 32);
        this.key = new SecretKeySpec(k, "AES");
        this.aad = aad;
        System.arraycopy(noncePrefix, 0, nonce, 0, 7);
        this.cipher = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
    }

    int seal(byte[] in, int off, int len, long index, boolean last, byte[] out) throws GeneralSecurityException {
        init(Cipher.ENCRYPT_MODE, index, last);
        return cipher.doFinal(in, off, len, out, 0);
    }

    int open(byte[] in, int off, int len, long index, boolean last, byte[] out) throws GeneralSecurityException {
        init(Cipher.DECRYPT_MODE, index, last);
        return cipher.doFinal(in, off, len, out, 0);
    }

    private void init(int mode, long index, boolean last) throws GeneralSecurityException {
        nonce[7] = (byte) (index >>> 24);
        nonce[8] = (byte) (index >>> 16);
        nonce[9] = (byte) (index >>> 8);
        nonce[10] = (byte) index;
        nonce[11] = (byte) (last ? 1 : 0);
        cipher.init(mode, key, new GCMParameterSpec(128, nonce));
        cipher.updateAAD(aad);
    }
}
