package fr.coffre.crypto;

import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;

/**
 * Reads and writes COF1 objects (specified in FORMAT.md). Memory stays bounded by one segment whatever the
 * object size.
 */
public final class Cof1 {
    /** Upper bound of a header plus sealed metadata; a reader fetching the prefix never needs more. */
    public static final int MAX_PREFIX_BYTES = 80 * 1024;

    private Cof1() {
    }

    /**
     * A stream that encrypts what is written to it into {@code sink}. {@code close()} writes the final segment
     * and closes {@code sink}; an object whose stream was not closed is missing its final segment and is rejected
     * by readers.
     */
    public static OutputStream encrypt(OutputStream sink, EncryptionSpec spec, SecretBytes dataKey, SecureRandom random) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Reads exactly the header (not the sealed metadata) from {@code in}.
     *
     * @throws UnsupportedFormatException bad magic, unknown version or suite
     * @throws TamperedObjectException malformed lengths or fields
     */
    public static Cof1Header readHeader(InputStream in) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Opens a whole object: {@code afterHeader} continues right after the header read by {@link #readHeader}.
     * Checks the key commitment first, then authenticates and returns the sealed metadata and a plaintext stream.
     *
     * @throws TamperedObjectException commitment mismatch (wrong key), identity mismatch, or any tampering
     */
    public static DecryptedObject open(Cof1Header header, InputStream afterHeader, SecretBytes dataKey,
            byte[] logicalIdentity) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Decrypts a ranged read: {@code cipherRange} holds exactly the bytes named by {@code plan}. Checks the key
     * commitment, decrypts only those segments and returns exactly the requested plaintext.
     */
    public static InputStream openRange(Cof1Header header, InputStream cipherRange, RangePlan plan, SecretBytes dataKey,
            byte[] logicalIdentity) {
        throw new UnsupportedOperationException("TODO");
    }
}
