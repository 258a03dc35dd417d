package fr.coffre.custody.kmip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;

/**
 * Fuzzes the TTLV decoder on raw bytes, as {@link TtlvCodec#decode} (a whole message) and as {@link TtlvCodec#read}
 * (what {@link KmipClient} reads from the socket). Only {@link TtlvException} may escape: it is internal to this
 * package and {@link KmipClient} turns every one into a {@code TransientCustodyException} (drop the connection,
 * bounded retry). A decoded message re-encodes to exactly the bytes read (the codec is strict and canonical),
 * {@code read} and {@code decode} agree, {@code toString} never prints a byte string, and {@code wipe} zeroes them.
 */
class TtlvCodecFuzzTest {
    private static final int MAX = 64 * 1024;

    @FuzzTest(maxDuration = "2m")
    void decode(byte[] message) throws IOException {
        Ttlv item;
        try {
            item = TtlvCodec.decode(message, MAX);
        } catch (TtlvException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isEmpty());
            try {
                Ttlv streamed = TtlvCodec.read(new ByteArrayInputStream(message), MAX);
                if (message.length > 0) {
                    // a stream may legitimately stop after one item: then the rest was the trailing bytes
                    ByteArrayInputStream in = new ByteArrayInputStream(message);
                    TtlvCodec.read(in, MAX);
                    assertFalse(in.available() == 0, "read accepted a message that decode refused");
                } else {
                    assertNull(streamed);
                }
            } catch (TtlvException expected) {
                // both refuse it
            }
            return;
        }
        assertArrayEquals(message, TtlvCodec.encode(item), "decode then encode changed the bytes");
        assertEquals(item, TtlvCodec.read(new ByteArrayInputStream(message), MAX));
        String shown = item.toString();
        Deque<Ttlv> todo = new ArrayDeque<>();
        todo.push(item);
        while (!todo.isEmpty()) {
            Ttlv t = todo.pop();
            if (t.type() == Ttlv.STRUCTURE) {
                t.children().forEach(todo::push);
            } else if (t.type() == Ttlv.BYTE_STRING && t.asBytes().length >= 4) {
                assertFalse(shown.contains(HexFormat.of().formatHex(t.asBytes())), "toString printed a byte string");
            }
        }
        item.wipe();
        todo.push(item);
        while (!todo.isEmpty()) {
            Ttlv t = todo.pop();
            if (t.type() == Ttlv.STRUCTURE) {
                t.children().forEach(todo::push);
            } else if (t.type() == Ttlv.BYTE_STRING) {
                for (byte b : t.asBytes()) {
                    assertEquals(0, b, "wipe left a byte-string byte");
                }
            }
        }
    }
}
