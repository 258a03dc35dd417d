package fr.coffre.custody.kmip;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Strict KMIP TTLV encoding (KMIP 1.x §9.1): 3-byte tag (0x42xxxx or 0x54xxxx), 1-byte type, 4-byte big-endian
 * length, value padded with zeros to a multiple of 8 bytes. Decoding checks every rule and fails with
 * {@link TtlvException} on the first violation: fixed lengths of fixed-size types, Boolean 0/1, non-zero padding,
 * structures whose children do not exactly fill them, nesting deeper than {@link #MAX_DEPTH}, messages larger than
 * the limit, invalid UTF-8, unknown types and trailing bytes.
 */
final class TtlvCodec {
    static final int MAX_DEPTH = 16;
    static final int HEADER_BYTES = 8;

    private TtlvCodec() {
    }

    /** Encodes into one exact-size array (no intermediate copies of byte strings, which may be key material). */
    static byte[] encode(Ttlv item) {
        long size = size(item);
        if (size > Integer.MAX_VALUE - 8) {
            throw new TtlvException("message too large to encode");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size);
        write(item, out);
        return out.array();
    }

    /** Encoded size of {@code item}, header and padding included. */
    private static long size(Ttlv item) {
        long value = valueLength(item);
        return HEADER_BYTES + value + pad((int) (value % 8));
    }

    private static long valueLength(Ttlv item) {
        switch (item.type()) {
            case Ttlv.STRUCTURE: {
                long n = 0;
                for (Ttlv c : item.children()) {
                    n += size(c);
                }
                return n;
            }
            case Ttlv.INTEGER:
            case Ttlv.ENUMERATION:
            case Ttlv.INTERVAL:
                return 4;
            case Ttlv.LONG_INTEGER:
            case Ttlv.DATE_TIME:
            case Ttlv.BOOLEAN:
                return 8;
            case Ttlv.TEXT_STRING:
                return ((String) item.value()).getBytes(StandardCharsets.UTF_8).length;
            case Ttlv.BYTE_STRING:
                return ((byte[]) item.value()).length;
            case Ttlv.BIG_INTEGER:
                return (((BigInteger) item.value()).toByteArray().length + 7) / 8 * 8;
            default:
                throw new TtlvException(String.format("item 0x%06X: cannot encode type 0x%02X", item.tag(), item.type()));
        }
    }

    private static void write(Ttlv item, ByteBuffer out) {
        int length = (int) valueLength(item);
        out.put((byte) (item.tag() >>> 16)).put((byte) (item.tag() >>> 8)).put((byte) item.tag()).put((byte) item.type());
        out.putInt(length);
        switch (item.type()) {
            case Ttlv.STRUCTURE:
                for (Ttlv c : item.children()) {
                    write(c, out);
                }
                break;
            case Ttlv.INTEGER:
            case Ttlv.ENUMERATION:
            case Ttlv.INTERVAL:
                out.putInt((Integer) item.value());
                break;
            case Ttlv.LONG_INTEGER:
            case Ttlv.DATE_TIME:
                out.putLong((Long) item.value());
                break;
            case Ttlv.BOOLEAN:
                out.putLong((Boolean) item.value() ? 1 : 0);
                break;
            case Ttlv.TEXT_STRING:
                out.put(((String) item.value()).getBytes(StandardCharsets.UTF_8));
                break;
            case Ttlv.BYTE_STRING:
                out.put((byte[]) item.value());
                break;
            default: { // BIG_INTEGER, sign-extended to a multiple of 8 bytes
                BigInteger v = (BigInteger) item.value();
                byte[] b = v.toByteArray();
                for (int i = b.length; i < length; i++) {
                    out.put((byte) (v.signum() < 0 ? 0xff : 0));
                }
                out.put(b);
            }
        }
        out.position(out.position() + pad(length)); // the array is zero-filled: padding is zeros
    }

    private static int pad(int length) {
        return (8 - length % 8) % 8;
    }

    /**
     * Reads exactly one top-level item from {@code in}: the header first, then (after checking its length against
     * {@code maxBytes}) the value. Returns null on a clean end of stream before the first byte.
     */
    static Ttlv read(InputStream in, int maxBytes) throws IOException {
        byte[] header = new byte[HEADER_BYTES];
        int n = in.readNBytes(header, 0, HEADER_BYTES);
        if (n == 0) {
            return null;
        }
        if (n < HEADER_BYTES) {
            throw new TtlvException("message truncated in its header (" + n + " bytes)");
        }
        long length = ByteBuffer.wrap(header, 4, 4).getInt() & 0xffffffffL;
        if (length + HEADER_BYTES > maxBytes) {
            throw new TtlvException("message of " + (length + HEADER_BYTES) + " bytes exceeds the limit of " + maxBytes);
        }
        byte[] message = new byte[(int) (HEADER_BYTES + length)];
        System.arraycopy(header, 0, message, 0, HEADER_BYTES);
        try {
            if (in.readNBytes(message, HEADER_BYTES, (int) length) != length) {
                throw new TtlvException("message truncated: " + length + " value bytes announced");
            }
            return decode(message, maxBytes);
        } finally {
            java.util.Arrays.fill(message, (byte) 0); // decoded values are copies; the raw message may hold key bytes
        }
    }

    /** Decodes a whole message: one item, nothing after it. */
    static Ttlv decode(byte[] message, int maxBytes) {
        if (message.length > maxBytes) {
            throw new TtlvException("message of " + message.length + " bytes exceeds the limit of " + maxBytes);
        }
        ByteBuffer buf = ByteBuffer.wrap(message);
        Ttlv item = item(buf, 1);
        if (buf.hasRemaining()) {
            throw new TtlvException(buf.remaining() + " trailing bytes after the message");
        }
        return item;
    }

    private static Ttlv item(ByteBuffer buf, int depth) {
        if (depth > MAX_DEPTH) {
            throw new TtlvException("nesting deeper than " + MAX_DEPTH);
        }
        if (buf.remaining() < HEADER_BYTES) {
            throw new TtlvException("item header truncated at offset " + buf.position());
        }
        int offset = buf.position();
        int tag = (buf.get() & 0xff) << 16 | (buf.get() & 0xff) << 8 | buf.get() & 0xff;
        if (tag >>> 16 != 0x42 && tag >>> 16 != 0x54) {
            throw new TtlvException(String.format("tag 0x%06X at offset %d: not a KMIP tag (0x42xxxx or 0x54xxxx)", tag, offset));
        }
        int type = buf.get() & 0xff;
        long length = buf.getInt() & 0xffffffffL;
        long padded = length + pad((int) Math.min(length, Integer.MAX_VALUE));
        if (padded > buf.remaining()) {
            throw new TtlvException(String.format("item 0x%06X at offset %d: length %d overruns the enclosing data (%d bytes left)",
                    tag, offset, length, buf.remaining()));
        }
        int len = (int) length;
        Object value;
        switch (type) {
            case Ttlv.STRUCTURE: {
                if (len % 8 != 0) {
                    throw new TtlvException(String.format("structure 0x%06X at offset %d: length %d is not a multiple of 8", tag, offset, len));
                }
                ByteBuffer inner = buf.slice(buf.position(), len);
                List<Ttlv> children = new ArrayList<>();
                while (inner.hasRemaining()) {
                    children.add(item(inner, depth + 1));
                }
                buf.position(buf.position() + len);
                return new Ttlv(tag, type, List.copyOf(children));
            }
            case Ttlv.INTEGER:
            case Ttlv.ENUMERATION:
            case Ttlv.INTERVAL:
                fixed(tag, offset, type, len, 4);
                value = buf.getInt();
                break;
            case Ttlv.LONG_INTEGER:
            case Ttlv.DATE_TIME:
                fixed(tag, offset, type, len, 8);
                value = buf.getLong();
                break;
            case Ttlv.BOOLEAN: {
                fixed(tag, offset, type, len, 8);
                long b = buf.getLong();
                if (b != 0 && b != 1) {
                    throw new TtlvException(String.format("boolean 0x%06X at offset %d: value %d is neither 0 nor 1", tag, offset, b));
                }
                value = b == 1;
                break;
            }
            case Ttlv.BIG_INTEGER: {
                if (len == 0 || len % 8 != 0) {
                    throw new TtlvException(String.format("big integer 0x%06X at offset %d: length %d is not a positive multiple of 8", tag, offset, len));
                }
                byte[] b = new byte[len];
                buf.get(b);
                value = new BigInteger(b);
                break;
            }
            case Ttlv.TEXT_STRING: {
                byte[] b = new byte[len];
                buf.get(b);
                value = utf8(tag, offset, b);
                break;
            }
            case Ttlv.BYTE_STRING: {
                byte[] b = new byte[len];
                buf.get(b);
                value = b;
                break;
            }
            default:
                throw new TtlvException(String.format("item 0x%06X at offset %d: unknown type 0x%02X", tag, offset, type));
        }
        for (int i = pad(len); i > 0; i--) {
            if (buf.get() != 0) {
                throw new TtlvException(String.format("item 0x%06X at offset %d: non-zero padding", tag, offset));
            }
        }
        return new Ttlv(tag, type, value);
    }

    private static void fixed(int tag, int offset, int type, int len, int expected) {
        if (len != expected) {
            throw new TtlvException(String.format("item 0x%06X at offset %d: type 0x%02X needs length %d, was %d",
                    tag, offset, type, expected, len));
        }
    }

    private static String utf8(int tag, int offset, byte[] b) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new TtlvException(String.format("text 0x%06X at offset %d: invalid UTF-8", tag, offset));
        }
    }
}
