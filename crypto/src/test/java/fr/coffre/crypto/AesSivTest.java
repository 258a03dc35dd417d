package fr.coffre.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AesSivTest {
    private static final HexFormat HEX = HexFormat.of();

    private static JsonNode vectors() throws IOException {
        try (InputStream in = AesSivTest.class.getResourceAsStream("/vectors/siv-vectors.json")) {
            return new ObjectMapper().readTree(in).get("vectors");
        }
    }

    private static byte[][] ad(JsonNode v) {
        List<byte[]> list = new ArrayList<>();
        v.get("associatedData").forEach(n -> list.add(HEX.parseHex(n.asText())));
        return list.toArray(new byte[0][]);
    }

    @Nested
    class KnownAnswers {
        @Test
        void sealMatchesRfc5297Vectors() throws IOException {
            int checked = 0;
            for (JsonNode v : vectors()) {
                AesSiv siv = new AesSiv(HEX.parseHex(v.get("key").asText()));
                byte[] out = siv.seal(HEX.parseHex(v.get("plaintext").asText()), ad(v));
                assertEquals(v.get("output").asText(), HEX.formatHex(out), v.get("name").asText());
                checked++;
            }
            assertEquals(2, checked);
        }

        @Test
        void openRecoversRfc5297Plaintexts() throws IOException {
            for (JsonNode v : vectors()) {
                AesSiv siv = new AesSiv(HEX.parseHex(v.get("key").asText()));
                byte[] plain = siv.open(HEX.parseHex(v.get("output").asText()), ad(v));
                assertArrayEquals(HEX.parseHex(v.get("plaintext").asText()), plain, v.get("name").asText());
            }
        }
    }

    @Nested
    class Tampering {
        @Test
        void bitFlipInEveryByteIsRejected() throws IOException {
            JsonNode v = vectors().get(0);
            AesSiv siv = new AesSiv(HEX.parseHex(v.get("key").asText()));
            byte[] sealed = HEX.parseHex(v.get("output").asText());
            for (int i = 0; i < sealed.length; i++) {
                byte[] bad = sealed.clone();
                bad[i] ^= 1;
                assertNull(siv.open(bad, ad(v)), "flip at byte " + i);
            }
        }

        @Test
        void otherAssociatedDataIsRejected() throws IOException {
            JsonNode v = vectors().get(0);
            AesSiv siv = new AesSiv(HEX.parseHex(v.get("key").asText()));
            byte[] sealed = HEX.parseHex(v.get("output").asText());
            assertNull(siv.open(sealed, new byte[] {1}));
            assertNull(siv.open(sealed));
        }

        @Test
        void truncatedInputIsRejected() {
            AesSiv siv = new AesSiv(new byte[64]);
            assertNull(siv.open(new byte[15]));
            byte[] sealed = siv.seal(new byte[] {1, 2, 3});
            assertNull(siv.open(java.util.Arrays.copyOf(sealed, sealed.length - 1)));
        }
    }

    @Test
    void roundTripsEveryLengthWithAes256Key() {
        AesSiv siv = new AesSiv(HEX.parseHex("00".repeat(63) + "01"));
        for (int n = 0; n <= 40; n++) {
            byte[] p = new byte[n];
            for (int i = 0; i < n; i++) {
                p[i] = (byte) (i * 7);
            }
            assertArrayEquals(p, siv.open(siv.seal(p, new byte[] {9}), new byte[] {9}), "length " + n);
        }
    }
}
