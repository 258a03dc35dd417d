package fr.coffre.core;
import fr.coffre.crypto.AesSiv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
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
    class Prefixes {
        @Test
        void prefixOfWholeSegmentsMapsToStorePrefix() {
            String stored = names.storeName("p/q/r");
            assertTrue(stored.startsWith(names.storePrefix("p/q/")));
            assertTrue(stored.startsWith(names.storePrefix("p/")));
            assertTrue(stored.startsWith(names.storePrefix("p/q/partial")));
            assertEquals("", names.storePrefix(""));
            assertEquals("", names.storePrefix("pa"));
        }

        @Test
        void emptyInnerSegmentInPrefixIsRejected() {
            assertThrows(InvalidInputException.class, () -> names.storePrefix("a//"));
            assertThrows(InvalidInputException.class, () -> names.storePrefix("/a"));
            assertThrows(InvalidInputException.class, () -> names.storePrefix(null));
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
