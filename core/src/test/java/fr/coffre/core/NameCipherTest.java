package fr.coffre.core;
import fr.coffre.crypto.AesSiv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NameCipherTest {
    private final byte[] key = new byte[64];
    private final NameCipher names = new NameCipher(new AesSiv(key), "vault-a");

    @Nested
    class Encoding {
        @Test
        void storeNamesAreOpaqueBase32PerSegmentAndRoundTrip() {
            String logical = "patients/Alice Martin/Observation/obs-1.json";
            String stored = names.storeName(logical);
            assertTrue(stored.matches("[a-z2-7]+(/[a-z2-7]+){3}"), stored);
            assertFalse(stored.toLowerCase().contains("alice"));
            assertEquals(logical, names.logicalName(stored));
            assertEquals(stored, names.storeName(logical), "deterministic");
        }

        @Test
        void sameSegmentUnderOtherParentsOrVaultsEncodesDifferently() {
            String a = names.storeName("a/x");
            String b = names.storeName("b/x");
            assertNotEquals(a.split("/")[1], b.split("/")[1]);
            NameCipher other = new NameCipher(new AesSiv(key), "vault-b");
            assertNotEquals(names.storeName("x"), other.storeName("x"));
            assertNull(other.logicalName(names.storeName("x")), "a name from another vault does not decode");
        }

        @Test
        void unicodeNamesRoundTrip() {
            String logical = "dossiers/Hélène Lefèvre/é😀";
            assertEquals(logical, names.logicalName(names.storeName(logical)));
        }

        @Test
        void foreignOrTamperedStoreNamesDoNotDecode() {
            String stored = names.storeName("a/b");
            assertNull(names.logicalName("readme.txt"));
            char first = stored.charAt(0);
            assertNull(names.logicalName((first == 'a' ? 'b' : 'a') + stored.substring(1)));
            assertNull(names.logicalName(stored.split("/")[1]), "segment moved to another parent");
            NameCipher otherKey = new NameCipher(new AesSiv(new byte[32]), "vault-a");
            assertNull(otherKey.logicalName(stored));
        }
    }

    @Nested
    class Padding {
        @Test
        void bucketsAre16To109ThenMultiplesOf256() {
            assertEquals(16, NameCipher.bucket(1));
            assertEquals(16, NameCipher.bucket(15));
            assertEquals(32, NameCipher.bucket(16));
            assertEquals(64, NameCipher.bucket(63 - 31));
            assertEquals(64, NameCipher.bucket(63));
            assertEquals(109, NameCipher.bucket(64));
            assertEquals(109, NameCipher.bucket(108));
            assertEquals(256, NameCipher.bucket(109));
            assertEquals(256, NameCipher.bucket(255));
            assertEquals(512, NameCipher.bucket(256));
            assertEquals(768, NameCipher.bucket(512));
        }

        @Test
        void aSegmentOfUpTo108BytesStillFitsOneStoreSegment() { // e.g. Spark's part-00000-<uuid>-c000.snappy.parquet
            for (int n : new int[] {64, 66, 100, 108}) {
                String storeName = names.storeName("out/" + "p".repeat(n));
                String last = storeName.substring(storeName.lastIndexOf('/') + 1);
                assertTrue(last.length() <= 200, // the ObjectStore SPI's segment limit (ObjectNames.MAX_SEGMENT_LENGTH)
                        n + " bytes gave a " + last.length() + "-character store segment");
            }
        }

        @Test
        void segmentsOfOneBucketEncodeToTheSameLength() {
            int length = names.storeName("a").length();
            assertEquals(length, names.storeName("abcdefghijklmno").length(), "1 and 15 bytes: bucket 16");
            assertEquals(Base32.encode(new byte[16 + 16]).length(), length);
            assertTrue(names.storeName("abcdefghijklmnop").length() > length, "16 bytes: bucket 32");
            String two = names.storeName("patients/x");
            String[] parts = two.split("/");
            assertEquals(parts[0].length(), parts[1].length(), "8-byte and 1-byte segments, one bucket");
        }

        @Test
        void paddedNamesRoundTripAndLegacyNamesStillDecode() {
            for (String logical : List.of("a", "p/Hélène/é😀", "x".repeat(15) + "/" + "y".repeat(16), "À/é",
                    "z".repeat(300))) {
                assertEquals(logical, names.logicalName(names.storeName(logical)));
                String legacy = names.storeName(logical, NameCipher.Form.LEGACY);
                assertNotEquals(legacy, names.storeName(logical));
                assertEquals(logical, names.logicalName(legacy));
            }
        }

        @Test
        void nonCanonicalPaddingDoesNotDecode() {
            AesSiv siv = new AesSiv(key);
            byte[] domain = "coffre-name/2".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] vault = "vault-a".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] longPad = java.util.Arrays.copyOf(new byte[] {'a', (byte) 0x80}, 32);
            byte[] noMarker = java.util.Arrays.copyOf(new byte[] {'a'}, 16);
            for (byte[] plain : new byte[][] {longPad, noMarker}) {
                assertNull(names.logicalName(Base32.encode(siv.seal(plain, domain, vault, new byte[0]))));
            }
            assertEquals("a", names.logicalName(Base32.encode(siv.seal(NameCipher.pad(new byte[] {'a'}), domain,
                    vault, new byte[0]))));
        }

        @Test
        void segmentsOver511BytesNoLongerFitAStoreName() {
            assertEquals(845, names.storeName("s".repeat(511)).length());
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> names.storeName("s".repeat(512)));
            assertTrue(e.getMessage().contains("encrypted form"), e.getMessage());
        }
    }

    @Nested
    class Vectors {
        @Test
        void everyPaddedNameVectorEncodesToItsBytesAndDecodes() throws java.io.IOException {
            com.fasterxml.jackson.databind.JsonNode all;
            try (java.io.InputStream in = NameCipherTest.class.getResourceAsStream("/vectors/names-padded.json")) {
                all = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
            }
            assertEquals(3, all.get("vectors").size());
            java.util.HexFormat hex = java.util.HexFormat.of();
            for (com.fasterxml.jackson.databind.JsonNode v : all.get("vectors")) {
                NameCipher cipher = new NameCipher(new AesSiv(hex.parseHex(v.get("namesSecretHex").asText())),
                        v.get("vaultId").asText());
                String logical = v.get("logicalName").asText();
                assertEquals(v.get("storeName").asText(), cipher.storeName(logical));
                assertEquals(v.get("legacyStoreName").asText(), cipher.storeName(logical, NameCipher.Form.LEGACY));
                assertEquals(logical, cipher.logicalName(v.get("storeName").asText()));
                assertEquals(logical, cipher.logicalName(v.get("legacyStoreName").asText()));
                String[] segments = logical.split("/");
                for (int i = 0; i < segments.length; i++) {
                    com.fasterxml.jackson.databind.JsonNode seg = v.get("segments").get(i);
                    byte[] bytes = segments[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    assertEquals(seg.get("bucketBytes").asInt(), NameCipher.bucket(bytes.length));
                    assertEquals(seg.get("paddedHex").asText(), hex.formatHex(NameCipher.pad(bytes)));
                    assertArrayEquals(bytes, NameCipher.unpad(hex.parseHex(seg.get("paddedHex").asText())));
                }
            }
        }
    }

    @Nested
    class Prefixes {
        @Test
        void prefixOfWholeSegmentsMapsToStorePrefix() {
            String stored = names.storeName("p/q/r");
            assertTrue(stored.startsWith(names.storePrefixes("p/q/").get(0)));
            assertTrue(stored.startsWith(names.storePrefixes("p/").get(0)));
            assertTrue(stored.startsWith(names.storePrefixes("p/q/partial").get(0)));
            assertEquals(List.of(""), names.storePrefixes(""));
            assertEquals(List.of(""), names.storePrefixes("pa"));
        }

        @Test
        void legacyNamesMatchTheSecondPrefix() {
            String legacy = names.storeName("p/q/r", NameCipher.Form.LEGACY);
            List<String> prefixes = names.storePrefixes("p/q/");
            assertEquals(2, prefixes.size());
            assertTrue(legacy.startsWith(prefixes.get(1)));
            assertFalse(legacy.startsWith(prefixes.get(0)));
            assertFalse(names.storeName("p/q/r").startsWith(prefixes.get(1)));
        }

        @Test
        void emptyInnerSegmentInPrefixIsRejected() {
            assertThrows(InvalidInputException.class, () -> names.storePrefixes("a//"));
            assertThrows(InvalidInputException.class, () -> names.storePrefixes("/a"));
            assertThrows(InvalidInputException.class, () -> names.storePrefixes(null));
        }
    }

    @Nested
    class Validation {
        @ParameterizedTest
        @ValueSource(strings = {"", "/a", "a/", "a//b", "a/./b", "..", "a\u0000b", "a\nb", "a\u007fb", "a\u0085b",
                "a\u202eb", "a\u200bb"})
        void invalidNamesAreRejected(String bad) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> names.storeName(bad));
            assertTrue(e.getMessage().startsWith("name: "), e.getMessage());
        }

        @Test
        void unpairedSurrogateIsRejected() {
            assertThrows(InvalidInputException.class, () -> names.storeName("a\ud800b"));
            assertThrows(InvalidInputException.class, () -> names.storeName("a\udc00"));
        }

        @Test
        void tooLongNamesAreRejectedWithoutEchoingThem() {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> names.storeName("secretname".repeat(103)));
            assertFalse(e.getMessage().contains("secretname"));
            InvalidInputException many = assertThrows(InvalidInputException.class,
                    () -> names.storeName("ab/".repeat(60) + "c"));
            assertTrue(many.getMessage().contains("encrypted form"), many.getMessage());
        }

        @Test
        void nullIsRejected() {
            assertThrows(InvalidInputException.class, () -> names.storeName(null));
        }
    }
}
