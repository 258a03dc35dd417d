package fr.coffre.crypto;
import fr.coffre.KeyRef;

import fr.coffre.CoffreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Encodes and decodes the COF1 header (FORMAT.md §3). Checks structure only; authenticity is the key schedule's job. */
final class HeaderCodec {
    static final int FIXED_BYTES = 8;
    /** Header length with 1-byte scheme, 1-byte key id and no wrapped key. */
    static final int MIN_HEADER_BYTES = 97;
    static final int MAX_HEADER_BYTES = 95 + 32 + 128 + EncryptionSpec.MAX_WRAPPED_KEY_BYTES;

    private HeaderCodec() {
    }

    static int headerLength(KeyRef ref, int wrappedKeyLength) {
        return 95 + ref.scheme().length() + ref.keyId().length() + wrappedKeyLength;
    }

    /** Every header byte except the trailing commitment. */
    static byte[] encodeUncommitted(int suite, int segmentSize, byte[] salt, byte[] noncePrefix, int sealedMetadataLength,
            KeyRef ref, byte[] wrappedKey) {
        byte[] scheme = ref.scheme().getBytes(StandardCharsets.US_ASCII);
        byte[] keyId = ref.keyId().getBytes(StandardCharsets.US_ASCII);
        int total = headerLength(ref, wrappedKey.length);
        ByteBuffer b = ByteBuffer.allocate(total - Cof1Layout.COMMITMENT_BYTES);
        b.put(Cof1Layout.MAGIC).put((byte) Cof1Layout.FORMAT_VERSION).put((byte) suite)
                .putShort((short) total).putInt(segmentSize).put(salt).put(noncePrefix).putInt(sealedMetadataLength)
                .put((byte) scheme.length).put(scheme).put((byte) keyId.length).put(keyId).putInt(ref.version())
                .putShort((short) wrappedKey.length).put(wrappedKey);
        return b.array();
    }

    static Cof1Header read(InputStream in) {
        byte[] fixed = readNBytes(in, FIXED_BYTES);
        int magicSeen = Math.min(fixed.length, Cof1Layout.MAGIC.length);
        if (!Arrays.equals(fixed, 0, magicSeen, Cof1Layout.MAGIC, 0, magicSeen)) {
            throw new UnsupportedFormatException("not a COF1 object: bad magic");
        }
        if (fixed.length < FIXED_BYTES) {
            throw malformed("stream ends inside the header (after " + fixed.length + " bytes)");
        }
        int length = checkFixed(fixed);
        byte[] all = Arrays.copyOf(fixed, length);
        byte[] rest = readNBytes(in, length - FIXED_BYTES);
        if (rest.length < length - FIXED_BYTES) {
            throw malformed("stream ends inside the header (after " + (FIXED_BYTES + rest.length) + " bytes)");
        }
        System.arraycopy(rest, 0, all, FIXED_BYTES, rest.length);
        return decode(all);
    }

    /** Checks magic, version, suite and header length; returns the header length. */
    private static int checkFixed(byte[] fixed) {
        if (!Arrays.equals(fixed, 0, 4, Cof1Layout.MAGIC, 0, 4)) {
            throw new UnsupportedFormatException("not a COF1 object: bad magic");
        }
        if (fixed[4] != Cof1Layout.FORMAT_VERSION) {
            throw new UnsupportedFormatException("COF1 format version " + (fixed[4] & 0xff) + " is not supported (this"
                    + " reader supports version " + Cof1Layout.FORMAT_VERSION + ")");
        }
        if (fixed[5] != Cof1Layout.SUITE_ID && fixed[5] != Cof1Layout.SUITE_PADDED) {
            throw new UnsupportedFormatException("COF1 algorithm suite " + (fixed[5] & 0xff) + " is not supported");
        }
        int length = ((fixed[6] & 0xff) << 8) | (fixed[7] & 0xff);
        if (length < MIN_HEADER_BYTES || length > MAX_HEADER_BYTES) {
            throw malformed("header length " + length + " outside [" + MIN_HEADER_BYTES + ", " + MAX_HEADER_BYTES + "]");
        }
        return length;
    }

    static Cof1Header decode(byte[] all) {
        int length = checkFixed(all);
        if (length != all.length) {
            throw malformed("header length field does not match the header");
        }
        ByteBuffer b = ByteBuffer.wrap(all, FIXED_BYTES, all.length - FIXED_BYTES);
        try {
            int segmentSize = b.getInt();
            if (segmentSize < EncryptionSpec.MIN_SEGMENT_SIZE_BYTES || segmentSize > EncryptionSpec.MAX_SEGMENT_SIZE_BYTES
                    || Integer.bitCount(segmentSize) != 1) {
                throw malformed("segment size is not a power of two in the allowed range");
            }
            byte[] salt = take(b, Cof1Layout.SALT_BYTES);
            byte[] prefix = take(b, Cof1Layout.NONCE_PREFIX_BYTES);
            int metadataLength = b.getInt();
            int padded = metadataLength - Cof1Layout.TAG_BYTES;
            if (padded < Cof1Layout.METADATA_PAD_BYTES || padded > Cof1Layout.MAX_METADATA_PADDED_BYTES
                    || padded % Cof1Layout.METADATA_PAD_BYTES != 0) {
                throw malformed("sealed metadata length is not 16 + a multiple of 256 in [256, 65536]");
            }
            KeyRef ref = keyRef(b);
            byte[] wrapped = take(b, b.getShort() & 0xffff);
            if (wrapped.length > EncryptionSpec.MAX_WRAPPED_KEY_BYTES) {
                throw malformed("wrapped data key longer than " + EncryptionSpec.MAX_WRAPPED_KEY_BYTES + " bytes");
            }
            byte[] commitment = take(b, Cof1Layout.COMMITMENT_BYTES);
            if (b.hasRemaining()) {
                throw malformed("header fields do not fill the header length");
            }
            return new Cof1Header(all, all[5], segmentSize, salt, prefix, metadataLength, ref, wrapped, commitment);
        } catch (BufferUnderflowException e) {
            throw malformed("header fields overrun the header length");
        }
    }

    private static KeyRef keyRef(ByteBuffer b) {
        String scheme = new String(take(b, b.get() & 0xff), StandardCharsets.US_ASCII);
        String keyId = new String(take(b, b.get() & 0xff), StandardCharsets.US_ASCII);
        int version = b.getInt();
        try {
            return new KeyRef(scheme, keyId, version); // rejects versions < 1, i.e. also those >= 2^31 read as uint32
        } catch (CoffreException e) {
            throw malformed("invalid key reference");
        }
    }

    private static byte[] take(ByteBuffer b, int n) {
        if (n > b.remaining()) {
            throw new BufferUnderflowException();
        }
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }

    private static byte[] readNBytes(InputStream in, int n) {
        try {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TamperedObjectException malformed(String what) {
        return new TamperedObjectException("malformed COF1 header: " + what);
    }
}
