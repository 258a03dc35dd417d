package fr.coffre.custody.kmip;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One KMIP TTLV item (tag, type, value). Structures hold child items; the other types hold an {@link Integer}
 * (Integer, Enumeration, Interval), {@link Long} (Long Integer, Date-Time), {@link BigInteger}, {@link Boolean},
 * {@link String} (Text String) or {@code byte[]} (Byte String). Byte-string values may be key material: {@link
 * #toString()} never prints them, and {@link #wipe()} zeroes them.
 */
record Ttlv(int tag, int type, Object value) {
    static final int STRUCTURE = 0x01;
    static final int INTEGER = 0x02;
    static final int LONG_INTEGER = 0x03;
    static final int BIG_INTEGER = 0x04;
    static final int ENUMERATION = 0x05;
    static final int BOOLEAN = 0x06;
    static final int TEXT_STRING = 0x07;
    static final int BYTE_STRING = 0x08;
    static final int DATE_TIME = 0x09;
    static final int INTERVAL = 0x0A;

    static Ttlv struct(int tag, Ttlv... children) {
        return new Ttlv(tag, STRUCTURE, List.of(children));
    }

    static Ttlv struct(int tag, List<Ttlv> children) {
        return new Ttlv(tag, STRUCTURE, List.copyOf(children));
    }

    static Ttlv integer(int tag, int v) {
        return new Ttlv(tag, INTEGER, v);
    }

    static Ttlv enumeration(int tag, int v) {
        return new Ttlv(tag, ENUMERATION, v);
    }

    static Ttlv bool(int tag, boolean v) {
        return new Ttlv(tag, BOOLEAN, v);
    }

    static Ttlv text(int tag, String v) {
        return new Ttlv(tag, TEXT_STRING, v);
    }

    static Ttlv bytes(int tag, byte[] v) {
        return new Ttlv(tag, BYTE_STRING, v);
    }

    static Ttlv dateTime(int tag, long epochSeconds) {
        return new Ttlv(tag, DATE_TIME, epochSeconds);
    }

    @SuppressWarnings("unchecked")
    List<Ttlv> children() {
        if (type != STRUCTURE) {
            throw new TtlvException(String.format("item 0x%06X: a structure expected, was type 0x%02X", tag, type));
        }
        return (List<Ttlv>) value;
    }

    /** The only child with {@code childTag}, or null if absent. */
    Ttlv find(int childTag) {
        Ttlv found = null;
        for (Ttlv c : children()) {
            if (c.tag == childTag) {
                if (found != null) {
                    throw new TtlvException(String.format("item 0x%06X: repeated 0x%06X", tag, childTag));
                }
                found = c;
            }
        }
        return found;
    }

    /** Every child with {@code childTag}, in order. */
    List<Ttlv> all(int childTag) {
        List<Ttlv> out = new ArrayList<>();
        for (Ttlv c : children()) {
            if (c.tag == childTag) {
                out.add(c);
            }
        }
        return out;
    }

    /** The only child with {@code childTag}; a {@link TtlvException} if absent. */
    Ttlv get(int childTag) {
        Ttlv c = find(childTag);
        if (c == null) {
            throw new TtlvException(String.format("item 0x%06X: missing 0x%06X", tag, childTag));
        }
        return c;
    }

    int asInt() {
        expect(INTEGER, ENUMERATION, INTERVAL);
        return (Integer) value;
    }

    String asText() {
        expect(TEXT_STRING);
        return (String) value;
    }

    /** The byte-string value itself (not a copy): callers zero it when it is secret. */
    byte[] asBytes() {
        expect(BYTE_STRING);
        return (byte[]) value;
    }

    private void expect(int... types) {
        for (int t : types) {
            if (type == t) {
                return;
            }
        }
        throw new TtlvException(String.format("item 0x%06X: unexpected type 0x%02X", tag, type));
    }

    /** Zeroes every byte string in this tree (key material, plaintext data keys). */
    void wipe() {
        if (type == STRUCTURE) {
            children().forEach(Ttlv::wipe);
        } else if (type == BYTE_STRING) {
            Arrays.fill((byte[]) value, (byte) 0);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ttlv t && t.tag == tag && t.type == type
                && (value instanceof byte[] b ? t.value instanceof byte[] tb && Arrays.equals(b, tb) : value.equals(t.value));
    }

    @Override
    public int hashCode() {
        return 31 * tag + type;
    }

    @Override
    public String toString() {
        String v = type == BYTE_STRING ? "<" + ((byte[]) value).length + " bytes>" : String.valueOf(value);
        return String.format("Ttlv[0x%06X type 0x%02X %s]", tag, type, v);
    }
}
