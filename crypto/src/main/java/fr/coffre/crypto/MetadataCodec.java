package fr.coffre.crypto;

import fr.coffre.InvalidInputException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The plaintext encoding of {@link SealedMetadata} (FORMAT.md §5): version, declared length, content type, sorted
 * entries, zero padding to a multiple of 256 bytes. Strict UTF-8 both ways.
 */
final class MetadataCodec {
    static final int ENCODING_VERSION = 1;

    private MetadataCodec() {
    }

    /** Unpadded encoded length. @throws InvalidInputException a string is not well-formed Unicode */
    static int encodedLength(String contentType, Map<String, String> user) {
        long n = 1 + 8 + 2 + utf8(contentType, "contentType").length + 2;
        for (Map.Entry<String, String> e : user.entrySet()) {
            n += 2 + utf8(e.getKey(), "metadata key").length + 4 + utf8(e.getValue(), "metadata value").length;
        }
        return (int) Math.min(n, Integer.MAX_VALUE);
    }

    static int paddedLength(int encodedLength) {
        int pad = Cof1Layout.METADATA_PAD_BYTES;
        return (encodedLength + pad - 1) / pad * pad;
    }

    static byte[] encode(SealedMetadata m) {
        ByteBuffer b = ByteBuffer.allocate(paddedLength(encodedLength(m.contentType(), m.user())));
        byte[] type = utf8(m.contentType(), "contentType");
        b.put((byte) ENCODING_VERSION).putLong(m.plaintextLengthBytes().orElse(-1))
                .putShort((short) type.length).put(type).putShort((short) m.user().size());
        for (Map.Entry<String, String> e : m.user().entrySet()) {
            byte[] k = utf8(e.getKey(), "metadata key");
            byte[] v = utf8(e.getValue(), "metadata value");
            b.putShort((short) k.length).put(k).putInt(v.length).put(v);
        }
        return b.array();
    }

    /** @throws TamperedObjectException on any deviation from the canonical encoding */
    static SealedMetadata decode(byte[] padded) {
        ByteBuffer b = ByteBuffer.wrap(padded);
        try {
            if (b.get() != ENCODING_VERSION) {
                throw malformed("unknown metadata encoding version");
            }
            SealedMetadata.Builder m = SealedMetadata.builder().plaintextLengthBytes(b.getLong())
                    .contentType(string(b, b.getShort() & 0xffff));
            int count = b.getShort() & 0xffff;
            for (int i = 0; i < count; i++) {
                String key = string(b, b.getShort() & 0xffff);
                int valueLength = b.getInt();
                if (valueLength < 0 || m.has(key)) {
                    throw malformed("bad or duplicate entry");
                }
                m.put(key, string(b, valueLength));
            }
            if (paddedLength(b.position()) != padded.length) {
                throw malformed("padding is not minimal");
            }
            while (b.hasRemaining()) {
                if (b.get() != 0) {
                    throw malformed("non-zero padding");
                }
            }
            return m.build();
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw malformed("fields overrun the section");
        } catch (InvalidInputException e) {
            throw malformed("field values break SealedMetadata rules");
        }
    }

    private static String string(ByteBuffer b, int length) {
        if (length > b.remaining()) {
            throw new BufferUnderflowException();
        }
        ByteBuffer slice = b.slice().limit(length);
        b.position(b.position() + length);
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(slice).toString();
        } catch (CharacterCodingException e) {
            throw malformed("invalid UTF-8");
        }
    }

    private static byte[] utf8(String s, String field) {
        try {
            ByteBuffer out = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(s));
            byte[] bytes = new byte[out.remaining()];
            out.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(field + ": must be well-formed Unicode (no unpaired surrogate)");
        }
    }

    private static TamperedObjectException malformed(String what) {
        return new TamperedObjectException("malformed COF1 sealed metadata: " + what);
    }
}
