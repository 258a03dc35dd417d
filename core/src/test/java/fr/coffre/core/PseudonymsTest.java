package fr.coffre.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.coffre.CoffreException;
import fr.coffre.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PseudonymsTest {
    static final String NIR = "184127645108946";
    static final String NIR_SPACED = "1 84 12 76 451 089 46";

    @TempDir
    Path tmp;

    static JsonNode vectors() throws IOException {
        try (InputStream in = PseudonymsTest.class.getResourceAsStream("/pseudonyms/nir-vectors.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    KeyRegistry registry(String name) {
        return KeyRegistry.builder().createIfMissing(true).custodian(TestCustody.keystore(tmp.resolve(name + "-keys")))
                .directory(tmp.resolve(name)).build();
    }

    @Nested
    class Vectors {
        @Test
        void theSchemeComputesEveryKnownAnswer() throws IOException {
            JsonNode v = vectors();
            assertEquals(PseudonymScheme.LABEL, v.get("label").asText());
            assertEquals(5, v.get("valid").size());
            for (JsonNode t : v.get("valid")) {
                String canonical = Nir.canonical(t.get("nir").asText());
                assertEquals(t.get("canonical").asText(), canonical);
                String p = PseudonymScheme.pseudonym(HexFormat.of().parseHex(t.get("secretHex").asText()),
                        t.get("version").asInt(), Pseudonyms.NIR, canonical);
                assertEquals(t.get("pseudonym").asText(), p, t.get("nir").asText());
                // and back: the pseudonym names its version
                assertEquals(t.get("version").asInt(), Pseudonyms.versionOf(p));
            }
        }

        @Test
        void everyInvalidNirIsRefusedWithoutEchoingIt() throws IOException {
            for (JsonNode t : vectors().get("invalid")) {
                String nir = t.get("nir").asText();
                InvalidInputException e = assertThrows(InvalidInputException.class, () -> Nir.canonical(nir),
                        t.get("why").asText());
                assertTrue(e.getMessage().startsWith("nir: "), e.getMessage());
                assertTrue(nir.length() < 6 || !e.getMessage().contains(nir.substring(0, 6)), e.getMessage());
            }
        }

        @Test
        void aChangedSecretVersionOrIdentifierChangesThePseudonym() throws IOException {
            JsonNode t = vectors().get("valid").get(0);
            byte[] secret = HexFormat.of().parseHex(t.get("secretHex").asText());
            String expected = t.get("pseudonym").asText();
            secret[0] ^= 1;
            assertNotEquals(expected, PseudonymScheme.pseudonym(secret, 1, Pseudonyms.NIR, NIR));
            secret[0] ^= 1;
            // the version labels which secret was used; each version has its own random secret
            assertEquals("p2." + expected.substring(3), PseudonymScheme.pseudonym(secret, 2, Pseudonyms.NIR, NIR));
            assertNotEquals(expected, PseudonymScheme.pseudonym(secret, 1, "ins", NIR));
        }
    }

    @Nested
    class FromTheRegistry {
        @Test
        void oneNirGivesOnePseudonymWhateverItsSpacing() {
            try (KeyRegistry r = registry("a")) {
                Pseudonyms p = r.pseudonyms();
                String pseudonym = p.nir(NIR);
                assertTrue(pseudonym.matches("p1\\.[a-z2-7]{52}"), pseudonym);
                assertEquals(pseudonym, p.nir(NIR_SPACED));
                assertTrue(p.matchesNir(NIR_SPACED, pseudonym));
                assertFalse(p.matchesNir("299059935012369", pseudonym));
            }
        }

        @Test
        void anotherRegistryGivesAnotherPseudonym() {
            try (KeyRegistry a = registry("a"); KeyRegistry b = registry("b")) {
                assertNotEquals(a.pseudonyms().nir(NIR), b.pseudonyms().nir(NIR));
            }
        }

        @Test
        void theKeyIsNotTheOneThatNamesDataKeys() {
            try (KeyRegistry r = registry("a")) {
                // same secret, same input shape under the data-key label: the MACs differ because the keys do
                String dataKeyId = r.keyForWrite(true, NIR).ref().keyId();
                String mac = dataKeyId.substring(dataKeyId.indexOf('-') + 1);
                assertFalse(r.pseudonyms().nir(NIR).contains(mac));
            }
        }

        @Test
        void theSameRegistryReopenedGivesTheSamePseudonym() {
            String first;
            try (KeyRegistry r = registry("a")) {
                first = r.pseudonyms().nir(NIR);
            }
            try (KeyRegistry r = KeyRegistry.builder()
                    .createIfMissing(true).custodian(TestCustody.keystore(tmp.resolve("a-keys")))
                    .directory(tmp.resolve("a")).build()) {
                assertEquals(first, r.pseudonyms().nir(NIR));
            }
        }
    }

    @Nested
    class Renewal {
        @Test
        void renewalIsANewVersionAndOldVersionsStayComputable() {
            try (KeyRegistry r = registry("a")) {
                Pseudonyms p = r.pseudonyms();
                String v1 = p.nir(NIR);
                assertEquals(2, r.renewPseudonymSecret());
                assertEquals(2, p.currentVersion());
                String v2 = p.nir(NIR);
                assertTrue(v2.startsWith("p2."), v2);
                assertNotEquals(v1.substring(3), v2.substring(3));
                assertEquals(v1, p.nir(NIR, 1));
                assertEquals(List.of(v1, v2), p.nirAllVersions(NIR));
                assertTrue(p.matchesNir(NIR, v1) && p.matchesNir(NIR, v2));
            }
        }

        @Test
        void anUnknownVersionIsAnInputError() {
            try (KeyRegistry r = registry("a")) {
                InvalidInputException e = assertThrows(InvalidInputException.class, () -> r.pseudonyms().nir(NIR, 3));
                assertTrue(e.getMessage().contains("no pseudonym-secret version 3") && !e.getMessage().contains(NIR),
                        e.getMessage());
                assertFalse(r.pseudonyms().matchesNir(NIR, "p3." + "a".repeat(52)));
            }
        }
    }

    @Nested
    class Validation {
        @Test
        void malformedInputsAreTypedErrorsThatNeverQuoteTheIdentifier() {
            try (KeyRegistry r = registry("a")) {
                Pseudonyms p = r.pseudonyms();
                InvalidInputException e = assertThrows(InvalidInputException.class, () -> p.nir("184127645108947"));
                assertTrue(e.getMessage().contains("key") && !e.getMessage().contains("18412764510"), e.getMessage());
                assertThrows(InvalidInputException.class, () -> p.nir(null));
                for (String bad : List.of("p1.abc", "p0." + "a".repeat(52), "q1." + "a".repeat(52), "p1." + "A".repeat(52))) {
                    assertThrows(InvalidInputException.class, () -> Pseudonyms.versionOf(bad), bad);
                }
                assertFalse(p.toString().contains(NIR));
            }
        }

        @Test
        void aClosedRegistryRefusesPseudonyms() {
            KeyRegistry r = registry("a");
            Pseudonyms p = r.pseudonyms();
            r.close();
            CoffreException e = assertThrows(CoffreException.class, () -> p.nir(NIR));
            assertEquals(CoffreException.class, e.getClass());
            assertEquals(CoffreException.class, assertThrows(CoffreException.class, r::pseudonyms).getClass());
        }
    }
}
