package fr.coffre.crypto;
import fr.coffre.SecretBytes;

import fr.coffre.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Reads and writes COF1 objects. FORMAT.md is normative; this is a summary.
 *
 * <pre>
 * object   = header || sealed_metadata || segment_0 || ... || segment_{n-1}
 * header   = "COF1" | u8 version=1 | u8 suite=1 | u16 H | u32 S | salt[32] | noncePrefix[7] | u32 M
 *            | u8 a | scheme[a] | u8 b | keyId[b] | u32 keyVersion | u16 w | wrappedKey[w] | commitment[32]
 * PRK      = HKDF-Extract(salt, DEK)            (HKDF-SHA-256, BouncyCastle; DEK is 32 bytes)
 * K_content, K_meta, K_commit = HKDF-Expand(PRK, "coffre.cof1.v1.{content,metadata,commitment}-key", 32)
 * commitment = HMAC-SHA-256(K_commit, header without its last 32 bytes)   -- checked first, in constant time
 * B        = SHA-256(header) || SHA-256(logical identity)                 -- AAD of metadata and of every segment
 * sealed_metadata = AES-256-GCM(K_meta, nonce 0^12, B, encoded metadata zero-padded to a multiple of 256)
 * segment_i = AES-256-GCM(K_content, noncePrefix || u32 i || u8 last, B, plaintext[i*S, min((i+1)*S, L)))
 * suite 2  = the same, the segments carrying plaintext || 00…00 || u64 L of padme(L + 8) bytes (size padding)
 * </pre>
 *
 * <p>Every segment but the last holds exactly {@code S} plaintext bytes (default 64 KiB); the last holds 1..S bytes,
 * or 0 for the empty object, whose only segment is a bare 16-byte tag. The object length alone gives the plaintext
 * length and any range's ciphertext bytes ({@link Cof1Header#planRange}), except for a size-padded object
 * ({@link EncryptionSpec.Builder#sizePadding}), whose length is sealed ({@link #openLengthTrailer}). JDK AES-GCM
 * (SunJCE) does the bulk work; ciphers and buffers are reused per stream; derived keys are zeroed when the stream
 * ends.
 *
 * <p>Reading flow: {@link #readHeader} (no key needed) → look up the data key named by {@link Cof1Header#keyRef()}
 * → {@link #open} (whole object) or {@link Cof1Header#planRange} + {@link #openRange} (ranged read). Plaintext streams
 * never release a byte of a segment before its tag verified; {@link InputStream#transferTo} on them avoids a copy.
 *
 * <p>Errors: {@link UnsupportedFormatException} (bad magic, unknown version or suite), {@link TamperedObjectException}
 * (any authentication, commitment, identity, truncation or structure failure; no unauthenticated plaintext is ever
 * released), {@link InvalidInputException} (caller misuse). Sink/source I/O failures surface as
 * {@link java.io.IOException} from the returned streams (as {@link UncheckedIOException} from {@link #open}).
 */
public final class Cof1 {
    /** Upper bound of a header plus sealed metadata; a reader fetching the prefix never needs more. */
    public static final int MAX_PREFIX_BYTES = 80 * 1024;
    /** Upper bound of the header alone (FORMAT.md §3.1). */
    public static final int MAX_HEADER_BYTES = HeaderCodec.MAX_HEADER_BYTES;
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
        return encrypt(sink, spec, dataKey, random, spec != null && spec.sizePadding());
    }

    /**
     * {@link #encrypt} whose segments carry exactly what is written, padded or not ({@code pad}), under the suite of
     * {@code spec}: lets tests and vectors build size-padded objects whose padding is malformed.
     */
    static OutputStream encrypt(OutputStream sink, EncryptionSpec spec, SecretBytes dataKey, SecureRandom random,
            boolean pad) {
        if (sink == null || spec == null || random == null) {
            throw new InvalidInputException("encrypt: sink, spec and random must be non-null");
        }
        byte[] salt = new byte[Cof1Layout.SALT_BYTES];
        random.nextBytes(salt);
        byte[] noncePrefix = new byte[Cof1Layout.NONCE_PREFIX_BYTES];
        random.nextBytes(noncePrefix);
        KeySchedule keys = KeySchedule.derive(dataKey, salt);
        try {
            SealedMetadata metadata = spec.metadata();
            int suite = spec.sizePadding() ? Cof1Layout.SUITE_PADDED : Cof1Layout.SUITE_ID;
            byte[] uncommitted = HeaderCodec.encodeUncommitted(suite, spec.segmentSizeBytes(), salt, noncePrefix,
                    MetadataSection.sealedLength(metadata), spec.headerKeyRef(salt, noncePrefix),
                    spec.wrappedDataKey());
            byte[] header = concat(uncommitted, keys.commitment(uncommitted));
            byte[] binding = KeySchedule.binding(header, spec.logicalIdentity());
            byte[] sealedMetadata = MetadataSection.seal(keys, binding, metadata);
            byte[] prefix = concat(header, sealedMetadata);
            SegmentCipher cipher = new SegmentCipher(keys.contentKey(), noncePrefix, binding);
            return new SegmentWriter(sink, prefix, cipher, keys.contentKey(), spec.segmentSizeBytes(),
                    metadata.plaintextLengthBytes().orElse(-1), pad);
        } catch (RuntimeException e) {
            keys.close();
            throw e;
        } finally {
            keys.destroyPrefixKeys();
        }
    }

    /**
     * Starts, at most once per JVM, a background compilation warm-up of the AES-GCM path (a daemon thread working
     * on throwaway data under a throwaway key; about one second of one core), so the first large object of a fresh
     * JVM is encrypted at full speed (BENCHMARKS.md, "Cold start"). Returns at once; idempotent. Streams start it
     * by themselves from their third segment.
     */
    public static void warmUp() {
        GcmWarmup.start();
    }

    /**
     * Exact length of the COF1 object {@link #encrypt} writes for {@code spec} and a plaintext of
     * {@code plaintextLengthBytes} (e.g. to upload with a known content length).
     */
    public static long encryptedLengthBytes(EncryptionSpec spec, long plaintextLengthBytes) {
        long declared = spec.metadata().plaintextLengthBytes().orElse(plaintextLengthBytes);
        if (declared != plaintextLengthBytes) {
            throw new InvalidInputException("plaintextLengthBytes: must equal the length declared in the metadata ("
                    + declared + "), was " + plaintextLengthBytes);
        }
        long segmentPlain = plaintextLengthBytes;
        if (spec.sizePadding()) {
            segmentPlain = Cof1Layout.paddedLength(plaintextLengthBytes, spec.segmentSizeBytes());
            if (segmentPlain < 0) {
                throw new InvalidInputException("plaintextLengthBytes: must be in [0, "
                        + Cof1Layout.maxPaddedPlaintextBytes(spec.segmentSizeBytes()) + "] for a size-padded object"
                        + " of segment size " + spec.segmentSizeBytes() + ", was " + plaintextLengthBytes);
            }
        }
        return HeaderCodec.headerLength(spec.keyRef(), spec.wrappedDataKey().length)
                + MetadataSection.sealedLength(spec.metadata())
                + Cof1Layout.bodyLength(segmentPlain, spec.segmentSizeBytes());
    }

    /**
     * Reads exactly the header (not the sealed metadata) from {@code in}.
     *
     * @throws UnsupportedFormatException bad magic, unknown version or suite
     * @throws TamperedObjectException malformed lengths or fields, or the stream ends inside the header
     */
    public static Cof1Header readHeader(InputStream in) {
        if (in == null) {
            throw new InvalidInputException("in: must be non-null");
        }
        return HeaderCodec.read(in);
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
        KeySchedule.checkIdentity(logicalIdentity);
        KeySchedule keys = KeySchedule.derive(dataKey, header.salt());
        try {
            keys.verifyCommitment(header);
            byte[] binding = KeySchedule.binding(header.encodedView(), logicalIdentity);
            byte[] sealed = afterHeader.readNBytes(header.sealedMetadataLengthBytes());
            if (sealed.length < header.sealedMetadataLengthBytes()) {
                throw new TamperedObjectException("COF1 object truncated inside the sealed metadata");
            }
            SealedMetadata metadata = MetadataSection.open(keys, binding, sealed);
            SegmentCipher cipher = new SegmentCipher(keys.contentKey(), header.noncePrefix(), binding);
            return new DecryptedObject(metadata, SegmentReader.whole(afterHeader, cipher, keys.contentKey(),
                    header.segmentSizeBytes(), metadata.plaintextLengthBytes().orElse(-1), header.sizePadded()));
        } catch (IOException e) {
            keys.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            keys.close();
            throw e;
        } finally {
            keys.destroyPrefixKeys();
        }
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
        KeySchedule.checkIdentity(logicalIdentity);
        if (plan == null || cipherRange == null) {
            throw new InvalidInputException("openRange: plan and cipherRange must be non-null");
        }
        if (plan.cipherOffsetBytes() < header.prefixLengthBytes() || plan.skipBytes() < 0
                || plan.skipBytes() >= header.segmentSizeBytes() || plan.firstSegmentIndex() < 0
                || plan.plaintextLengthBytes() < 0 || plan.cipherLengthBytes() < 0) {
            throw new InvalidInputException("plan: must come from this header's planRange, was " + plan);
        }
        KeySchedule keys = KeySchedule.derive(dataKey, header.salt());
        try {
            keys.verifyCommitment(header);
            byte[] binding = KeySchedule.binding(header.encodedView(), logicalIdentity);
            SegmentCipher cipher = new SegmentCipher(keys.contentKey(), header.noncePrefix(), binding);
            return SegmentReader.ranged(cipherRange, cipher, keys.contentKey(), header.segmentSizeBytes(), plan);
        } catch (RuntimeException e) {
            keys.close();
            throw e;
        } finally {
            keys.destroyPrefixKeys();
        }
    }

    /**
     * The authenticated plaintext length of a size-padded object, from {@code cipherRange}: exactly the bytes named
     * by {@link Cof1Header#lengthTrailerRange} (which include the final segment, so the length is authenticated as
     * the object's end). Closes {@code cipherRange}.
     *
     * @throws TamperedObjectException commitment or identity mismatch, tampering, or a trailer that does not match
     *     the object's length
     */
    public static long openLengthTrailer(Cof1Header header, InputStream cipherRange, RangePlan plan,
            SecretBytes dataKey, byte[] logicalIdentity) {
        if (!header.sizePadded()) {
            throw new InvalidInputException("length trailer: only a size-padded object (suite 2) has one");
        }
        try (InputStream trailer = openRange(header, cipherRange, plan, dataKey, logicalIdentity)) {
            byte[] bytes = trailer.readNBytes(Cof1Layout.LENGTH_TRAILER_BYTES);
            long length = bytes.length == Cof1Layout.LENGTH_TRAILER_BYTES
                    ? java.nio.ByteBuffer.wrap(bytes).getLong() : -1;
            long segmentPlain = plan.firstSegmentIndex() * header.segmentSizeBytes() + plan.skipBytes()
                    + Cof1Layout.LENGTH_TRAILER_BYTES;
            if (!plan.includesFinalSegment() || Cof1Layout.paddedLength(length, header.segmentSizeBytes())
                    != segmentPlain) {
                throw new TamperedObjectException("COF1 padded object: its length trailer does not match its length");
            }
            return length;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A ranged read as a {@link DecryptedObject}: the sealed metadata of {@code prefix} (an object this class opened
     * from the same header) with exactly the requested plaintext of {@code cipherRange}, decrypted as
     * {@link #openRange(Cof1Header, InputStream, RangePlan, SecretBytes, byte[])} does. An empty plan reads nothing
     * and closes {@code cipherRange}.
     */
    public static DecryptedObject openRange(DecryptedObject prefix, Cof1Header header, InputStream cipherRange,
            RangePlan plan, SecretBytes dataKey, byte[] logicalIdentity) {
        if (prefix == null) {
            throw new InvalidInputException("openRange: prefix must be the object opened from this header");
        }
        if (plan != null && plan.plaintextLengthBytes() == 0) {
            try {
                cipherRange.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new DecryptedObject(prefix.metadata(), InputStream.nullInputStream());
        }
        return new DecryptedObject(prefix.metadata(), openRange(header, cipherRange, plan, dataKey, logicalIdentity));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
