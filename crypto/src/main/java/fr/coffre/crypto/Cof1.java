package fr.coffre.crypto;

import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;

/**
 * Reads and writes COF1 objects (specified in FORMAT.md). Memory stays bounded by one segment whatever the
 * object size.
 *
 * <p>Reading flow: {@link #readHeader} (no key needed) → look up the data key named by {@link Cof1Header#keyRef()}
 * → {@link #open} (whole object) or {@link Cof1Header#planRange} + {@link #openRange} (ranged read).
 *
 * <p>Errors: {@link UnsupportedFormatException} (bad magic, unknown version or suite), {@link TamperedObjectException}
 * (any authentication, commitment, identity, truncation or structure failure; no unauthenticated plaintext is ever
 * released), {@link fr.coffre.InvalidInputException} (caller misuse). Sink/source I/O failures surface as
 * {@link java.io.IOException} from the returned streams.
 */
public final class Cof1 {
    /** Upper bound of a header plus sealed metadata; a reader fetching the prefix never needs more. */
    public static final int MAX_PREFIX_BYTES = 80 * 1024;
    /** Upper bound of the header alone. */
    public static final int MAX_HEADER_BYTES = 2048;
    /** Length of the data key (DEK) suite 1 accepts. */
    public static final int DATA_KEY_BYTES = 32;

    private Cof1() {
    }

    /**
     * A stream that encrypts what is written to it into {@code sink}. Nothing is written to {@code sink} before the
     * first {@code write}/{@code close}. {@code close()} writes the final segment and closes {@code sink}; an object
     * whose stream was not closed is missing its final segment and is rejected by readers. If
     * {@code spec.metadata()} declares a plaintext length, writing more bytes, or closing after fewer, throws
     * {@link fr.coffre.InvalidInputException} and leaves the object without its final segment (and {@code sink}
     * open).
     *
     * @param dataKey {@value #DATA_KEY_BYTES}-byte data key; not retained after the call's derivations
     * @param random source of the salt (32 bytes, drawn first) and nonce prefix (7 bytes, drawn second)
     */
    public static OutputStream encrypt(OutputStream sink, EncryptionSpec spec, SecretBytes dataKey, SecureRandom random) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Exact length of the COF1 object {@link #encrypt} writes for {@code spec} and a plaintext of
     * {@code plaintextLengthBytes} (e.g. to upload with a known content length).
     */
    public static long encryptedLengthBytes(EncryptionSpec spec, long plaintextLengthBytes) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Reads exactly the header (not the sealed metadata) from {@code in}.
     *
     * @throws UnsupportedFormatException bad magic, unknown version or suite
     * @throws TamperedObjectException malformed lengths or fields, or the stream ends inside the header
     */
    public static Cof1Header readHeader(InputStream in) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Opens a whole object: {@code afterHeader} continues right after the header read by {@link #readHeader}.
     * Checks the key commitment first, then authenticates and returns the sealed metadata and a plaintext stream.
     * Closing the returned object closes {@code afterHeader}.
     *
     * @throws TamperedObjectException commitment mismatch (wrong key), identity mismatch, or any tampering
     */
    public static DecryptedObject open(Cof1Header header, InputStream afterHeader, SecretBytes dataKey,
            byte[] logicalIdentity) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Decrypts a ranged read: {@code cipherRange} holds exactly the bytes named by {@code plan} (from
     * {@link Cof1Header#planRange}). Checks the key commitment, decrypts only those segments and returns exactly the
     * requested plaintext. The sealed metadata is not needed. Closing the returned stream closes {@code cipherRange}.
     *
     * @throws TamperedObjectException commitment mismatch, identity mismatch, or any tampering in the range
     */
    public static InputStream openRange(Cof1Header header, InputStream cipherRange, RangePlan plan, SecretBytes dataKey,
            byte[] logicalIdentity) {
        throw new UnsupportedOperationException("TODO");
    }
}
