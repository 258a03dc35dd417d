package fr.coffre.crypto;
import fr.coffre.SecretBytes;

import fr.coffre.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The per-object keys of FORMAT.md §4: HKDF-SHA-256 (BouncyCastle) from the data key and the header salt, the key
 * commitment over the header, and the 64-byte binding used as associated data. {@link #close()} zeroes every key.
 */
final class KeySchedule implements AutoCloseable {
    static final byte[] INFO_CONTENT = ascii("coffre.cof1.v1.content-key");
    static final byte[] INFO_METADATA = ascii("coffre.cof1.v1.metadata-key");
    static final byte[] INFO_COMMITMENT = ascii("coffre.cof1.v1.commitment-key");
    static final int KEY_BYTES = 32;

    private final SecretBytes contentKey;
    private final SecretBytes metadataKey;
    private final SecretBytes commitmentKey;

    private KeySchedule(SecretBytes contentKey, SecretBytes metadataKey, SecretBytes commitmentKey) {
        this.contentKey = contentKey;
        this.metadataKey = metadataKey;
        this.commitmentKey = commitmentKey;
    }

    static KeySchedule derive(SecretBytes dataKey, byte[] salt) {
        if (dataKey == null || dataKey.isDestroyed() || dataKey.length() != Cof1Layout.DATA_KEY_BYTES) {
            throw new InvalidInputException("dataKey: must be a live " + Cof1Layout.DATA_KEY_BYTES + "-byte secret, was "
                    + (dataKey == null ? "null" : dataKey.isDestroyed() ? "destroyed" : dataKey.length() + " bytes"));
        }
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        byte[] prk = dataKey.apply(dek -> hkdf.extractPRK(salt, dek));
        try {
            return new KeySchedule(expand(hkdf, prk, INFO_CONTENT), expand(hkdf, prk, INFO_METADATA),
                    expand(hkdf, prk, INFO_COMMITMENT));
        } finally {
            Arrays.fill(prk, (byte) 0);
        }
    }

    private static SecretBytes expand(HKDFBytesGenerator hkdf, byte[] prk, byte[] info) {
        hkdf.init(HKDFParameters.skipExtractParameters(prk, info));
        byte[] out = new byte[KEY_BYTES];
        hkdf.generateBytes(out, 0, KEY_BYTES);
        return SecretBytes.wrap(out);
    }

    /** HMAC-SHA-256 under the commitment key of every header byte before the commitment. */
    byte[] commitment(byte[] uncommittedHeader) {
        HMac mac = new HMac(new SHA256Digest());
        mac.init(commitmentKey.apply(KeyParameter::new));
        mac.update(uncommittedHeader, 0, uncommittedHeader.length);
        byte[] out = new byte[Cof1Layout.COMMITMENT_BYTES];
        mac.doFinal(out, 0);
        mac.reset();
        return out;
    }

    /** Checks the commitment in constant time before anything is decrypted. */
    void verifyCommitment(Cof1Header header) {
        if (!MessageDigest.isEqual(commitment(header.uncommitted()), header.commitment())) {
            throw new TamperedObjectException("COF1 key commitment mismatch: wrong data key or tampered header");
        }
    }

    SecretBytes contentKey() {
        return contentKey;
    }

    SecretBytes metadataKey() {
        return metadataKey;
    }

    /** SHA-256(header) || SHA-256(logical identity): the associated data of the metadata and of every segment. */
    static byte[] binding(byte[] header, byte[] logicalIdentity) {
        byte[] out = Arrays.copyOf(sha256(header), 64);
        System.arraycopy(sha256(logicalIdentity), 0, out, 32, 32);
        return out;
    }

    static void checkIdentity(byte[] logicalIdentity) {
        if (logicalIdentity == null || logicalIdentity.length == 0
                || logicalIdentity.length > EncryptionSpec.MAX_IDENTITY_BYTES) {
            throw new InvalidInputException("logicalIdentity: must have 1 to " + EncryptionSpec.MAX_IDENTITY_BYTES
                    + " bytes, was " + (logicalIdentity == null ? "null" : logicalIdentity.length + " bytes"));
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Zeroes the metadata and commitment keys, keeping the content key for the segments. */
    void destroyPrefixKeys() {
        metadataKey.destroy();
        commitmentKey.destroy();
    }

    @Override
    public void close() {
        contentKey.destroy();
        destroyPrefixKeys();
    }
}
