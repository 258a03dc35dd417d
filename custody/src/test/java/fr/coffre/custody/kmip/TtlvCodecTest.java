package fr.coffre.custody.kmip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TtlvCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final int MAX = 1 << 20;

    private static byte[] hex(String s) {
        return HEX.parseHex(s.replace(" ", ""));
    }

    @Nested
    class Encode {
        /** Examples from the KMIP 1.x specification, §9.1.2. */
        @Test
        void matchesTheSpecificationExamples() {
            assertEquals("42002002000000040000000800000000", HEX.formatHex(TtlvCodec.encode(Ttlv.integer(0x420020, 8))));
            assertEquals("420020030000000801b69b4ba5749200", HEX.formatHex(TtlvCodec.encode(new Ttlv(0x420020, Ttlv.LONG_INTEGER, 123456789000000000L))));
            assertEquals("42002005000000040000ff0000000000", HEX.formatHex(TtlvCodec.encode(Ttlv.enumeration(0x420020, 0x0000ff00))));
            assertEquals("42002006000000080000000000000001", HEX.formatHex(TtlvCodec.encode(Ttlv.bool(0x420020, true))));
            assertEquals("420020070000000b48656c6c6f20576f726c640000000000",
                    HEX.formatHex(TtlvCodec.encode(Ttlv.text(0x420020, "Hello World"))));
            assertEquals("42002008000000030102030000000000", HEX.formatHex(TtlvCodec.encode(Ttlv.bytes(0x420020, new byte[] {1, 2, 3}))));
            assertEquals("4200200900000008000000004792cf85", HEX.formatHex(TtlvCodec.encode(Ttlv.dateTime(0x420020, 0x4792cf85L))));
            assertEquals("42002001000000204200040500000004000002540000000042000502000000040000000100000000",
                    HEX.formatHex(TtlvCodec.encode(Ttlv.struct(0x420020, Ttlv.enumeration(0x420004, 0x254), Ttlv.integer(0x420005, 1)))));
            assertEquals("4200200400000008000000000000000c",
                    HEX.formatHex(TtlvCodec.encode(new Ttlv(0x420020, Ttlv.BIG_INTEGER, BigInteger.valueOf(12)))));
        }

        @Test
        void roundTripsEveryType() {
            Ttlv t = Ttlv.struct(0x420078,
                    Ttlv.integer(0x420001, -5), new Ttlv(0x420002, Ttlv.LONG_INTEGER, Long.MIN_VALUE),
                    new Ttlv(0x420003, Ttlv.BIG_INTEGER, new BigInteger("-123456789012345678901234567890")),
                    Ttlv.enumeration(0x420004, 7), Ttlv.bool(0x420005, false), Ttlv.text(0x420006, "été ✓"),
                    Ttlv.bytes(0x420007, new byte[0]), Ttlv.dateTime(0x420008, 1_700_000_000L),
                    new Ttlv(0x420009, Ttlv.INTERVAL, 86400), Ttlv.struct(0x42000A));
            assertEquals(t, TtlvCodec.decode(TtlvCodec.encode(t), MAX));
        }
    }

    @Nested
    class Decode {
        private void rejects(String hexMessage) {
            assertThrows(TtlvException.class, () -> TtlvCodec.decode(hex(hexMessage), MAX), hexMessage);
        }

        @Test
        void readsTheSpecificationStructure() {
            Ttlv t = TtlvCodec.decode(hex("42002001000000204200040500000004000002540000000042000502000000040000000100000000"), MAX);
            assertEquals(0x254, t.get(0x420004).asInt());
            assertEquals(1, t.get(0x420005).asInt());
        }

        @Test
        void wrongLengthForFixedSizeTypes() {
            rejects("420020020000000800000000000000080000000000000000"); // Integer of 8 bytes
            rejects("42002003000000040000000800000000");                 // Long Integer of 4
            rejects("42002006000000040000000100000000");                 // Boolean of 4
            rejects("42002009000000040000000100000000");                 // Date-Time of 4
            rejects("42002004000000040000000c00000000");                 // Big Integer not a multiple of 8
        }

        @Test
        void booleanOtherThanZeroOrOne() {
            rejects("42002006000000080000000000000002");
        }

        @Test
        void nonZeroPadding() {
            rejects("42002002000000040000000800000001");
            rejects("420020070000000b48656c6c6f20576f726c640000000001");
        }

        @Test
        void lengthOverrunningTheMessage() {
            rejects("42002008000000ff0102030000000000");
            rejects("42002001000000284200040500000004000002540000000042000502000000040000000100000000");
            rejects("42002001000000204200040500000004000002540000000042000502000000100000000100000000");
        }

        @Test
        void structureLengthNotAMultipleOfEight() {
            rejects("420020010000000c420004050000000400000254");
        }

        @Test
        void truncatedHeaders() {
            rejects("");
            rejects("420020");
            rejects("42002001000000084200040500");
        }

        @Test
        void trailingBytes() {
            rejects("4200200200000004000000080000000000");
            rejects("4200200200000004000000080000000042002002000000040000000800000000");
        }

        @Test
        void unknownTypesAndTags() {
            rejects("420020ff000000040000000800000000");
            rejects("42002000000000040000000800000000");
            rejects("43002002000000040000000800000000");
        }

        @Test
        void invalidUtf8() {
            rejects("42002007000000020000000000000000".replace("0000000000000000", "c328000000000000"));
            rejects("4200200700000001ff00000000000000");
        }

        @Test
        void nestingDeeperThanTheLimit() {
            Ttlv t = Ttlv.integer(0x420001, 1);
            for (int i = 0; i < TtlvCodec.MAX_DEPTH; i++) {
                t = Ttlv.struct(0x420002, t);
            }
            byte[] tooDeep = TtlvCodec.encode(t);
            assertThrows(TtlvException.class, () -> TtlvCodec.decode(tooDeep, MAX));
            Ttlv ok = Ttlv.integer(0x420001, 1);
            for (int i = 0; i < TtlvCodec.MAX_DEPTH - 1; i++) {
                ok = Ttlv.struct(0x420002, ok);
            }
            assertEquals(ok, TtlvCodec.decode(TtlvCodec.encode(ok), MAX));
        }

        @Test
        void messagesOverTheSizeLimit() throws IOException {
            byte[] big = TtlvCodec.encode(Ttlv.bytes(0x420001, new byte[5000]));
            assertThrows(TtlvException.class, () -> TtlvCodec.decode(big, 4096));
            // the stream reader refuses on the header, before reading (or allocating) the announced value
            byte[] header = hex("42000108 7fffffff");
            assertThrows(TtlvException.class, () -> TtlvCodec.read(new ByteArrayInputStream(header), 4096));
        }

        @Test
        void streamsEndingEarly() throws IOException {
            assertNull(TtlvCodec.read(new ByteArrayInputStream(new byte[0]), MAX));
            assertThrows(TtlvException.class, () -> TtlvCodec.read(new ByteArrayInputStream(hex("42000102")), MAX));
            assertThrows(TtlvException.class, () -> TtlvCodec.read(new ByteArrayInputStream(hex("4200010200000004000000")), MAX));
        }

        @Test
        void randomMutationsNeverEscapeAsAnotherException() {
            Ttlv t = Ttlv.struct(0x42007B, Ttlv.struct(0x42007A, Ttlv.integer(0x42000D, 1), Ttlv.dateTime(0x420092, 5)),
                    Ttlv.struct(0x42000F, Ttlv.enumeration(0x42005C, 0x1F), Ttlv.enumeration(0x42007F, 0),
                            Ttlv.struct(0x42007C, Ttlv.text(0x420094, "12"), Ttlv.bytes(0x4200C2, new byte[32]))));
            byte[] good = TtlvCodec.encode(t);
            Random r = new Random(42);
            List<Integer> accepted = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                byte[] m = good.clone();
                int flips = 1 + r.nextInt(3);
                for (int f = 0; f < flips; f++) {
                    m[r.nextInt(m.length)] ^= (byte) (1 << r.nextInt(8));
                }
                try {
                    TtlvCodec.decode(m, MAX);
                    accepted.add(i); // a mutation inside a value can be a valid message: fine
                } catch (TtlvException e) {
                    assertFalse(e.getMessage().isEmpty());
                }
            }
            assertFalse(accepted.size() == 20_000);
        }
    }

    @Nested
    class Values {
        @Test
        void byteStringsAreNeverPrintedAndCanBeWiped() {
            byte[] secret = hex("00112233445566778899aabbccddeeff");
            Ttlv t = Ttlv.struct(0x420001, Ttlv.bytes(0x420043, secret));
            assertFalse(t.toString().contains("0011"));
            assertFalse(t.get(0x420043).toString().contains("17"));
            t.wipe();
            assertArrayEquals(new byte[16], secret);
        }

        @Test
        void typedAccessorsRefuseOtherTypes() {
            assertThrows(TtlvException.class, () -> Ttlv.text(0x420001, "x").asInt());
            assertThrows(TtlvException.class, () -> Ttlv.integer(0x420001, 1).asBytes());
            assertThrows(TtlvException.class, () -> Ttlv.integer(0x420001, 1).children());
            assertThrows(TtlvException.class, () -> Ttlv.struct(0x420001).get(0x420002));
            assertThrows(TtlvException.class, () -> Ttlv.struct(0x420001, Ttlv.integer(0x420002, 1), Ttlv.integer(0x420002, 2)).find(0x420002));
        }
    }
}
