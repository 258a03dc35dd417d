package fr.coffre;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UriQueryTest {
    private static final String REFUSAL = "is refused (test)";

    private static Map<String, String> parse(String raw) {
        return UriQuery.parse(raw, "test URI", true, REFUSAL);
    }

    private static String refused(String raw) {
        return assertThrows(InvalidInputException.class, () -> parse(raw)).getMessage();
    }

    @Nested
    class Parsing {
        @Test
        void keepsTheOrderOfTheUri() {
            assertEquals(List.of("region", "endpoint", "auth"),
                    List.copyOf(parse("region=gra&endpoint=https%3A%2F%2Fe&auth=https://k/v3").keySet()));
        }

        @Test
        void decodesNamesAndValuesButKeepsLiteralPlus() {
            Map<String, String> p = parse("endpoint=https%3A%2F%2Fe%2Fa+b");
            assertEquals("https://e/a+b", p.get("endpoint"));
        }

        @Test
        void leavesValuesAloneWhenAsked() {
            assertEquals("a%2Fb", UriQuery.parse("path=a%2Fb", "test URI", false, REFUSAL).get("path"));
        }

        @Test
        void emptyOrAbsentQueryIsEmpty() {
            assertTrue(parse(null).isEmpty());
            assertTrue(parse("").isEmpty());
        }

        @Test
        void resultIsUnmodifiable() {
            assertThrows(UnsupportedOperationException.class, () -> parse("a=1").put("b", "2"));
        }
    }

    @Nested
    class Refusals {
        @Test
        void emptyName() {
            assertEquals("test URI: query has an empty parameter name", refused("a=1&=2"));
        }

        @Test
        void repeatedName() {
            assertEquals("test URI: parameter 'region' is given twice", refused("region=a&region=b"));
        }

        @Test
        void missingValue() {
            assertEquals("test URI: parameter 'region' must have a value (name=value)", refused("region"));
        }

        @Test
        void malformedPercentEncodingNeverQuotesTheValue() {
            String m = refused("endpoint=%zzhunter2");
            assertEquals("test URI: parameter 'endpoint' has malformed percent-encoding", m);
        }

        @ParameterizedTest
        @ValueSource(strings = {"secret", "password", "pin", "PIN", "clientPassword", "apiKey", "key", "sig",
            "token", "auth_token", "x-amz-signature", "sas", "sv", "se", "sp", "pwd", "credential"})
        void credentialNamesAreRefusedWithTheCallersWording(String name) {
            String m = refused("region=gra&" + name + "=hunter2");
            assertTrue(m.startsWith("test URI: parameter "), m);
            assertTrue(m.endsWith(" " + REFUSAL), m);
            assertFalse(m.contains("hunter2"), m);
        }

        @ParameterizedTest
        @ValueSource(strings = {"AKIAIOSFODNN7EXAMPLE", "41725/3!hunter2", "a/b", "naïve"})
        void oddOrRandomLookingNamesAreRefusedWithoutEcho(String name) {
            String m = assertThrows(InvalidInputException.class,
                    () -> UriQuery.parse(java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)
                            + "=v", "test URI", true, REFUSAL)).getMessage();
            assertTrue(m.contains("characters (not shown)"), m);
            assertFalse(m.contains(name), m);
        }

        @Test
        void authAloneNamesAnEndpointAndIsAllowed() {
            assertEquals("https://keystone/v3", parse("auth=https://keystone/v3").get("auth"));
        }
    }

    @Nested
    class Heuristics {
        @ParameterizedTest
        @ValueSource(strings = {"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AKIAIOSFODNN7EXAMPLE",
            "https://h/?sig=abc", "user@host"})
        void credentialLookingValues(String value) {
            assertTrue(UriQuery.looksLikeCredential(value), value);
        }

        @ParameterizedTest
        @ValueSource(strings = {"gra", "eu-west-par", "https://s3.gra.io.cloud.ovh.net", "my-bucket-2026"})
        void ordinaryValues(String value) {
            assertFalse(UriQuery.looksLikeCredential(value), value);
        }
    }
}
