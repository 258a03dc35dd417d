package fr.coffre.custody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import fr.coffre.KeyUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

class CustodyUriTest {
    @TempDir
    Path tmp;

    /** Asserts an InvalidInputException whose message starts with {@code prefix} and never contains {@code secret}. */
    private static String refused(String prefix, String secret, Executable call) {
        InvalidInputException e = assertThrows(InvalidInputException.class, call);
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
        if (secret != null) {
            assertFalse(e.getMessage().contains(secret), e.getMessage());
        }
        return e.getMessage();
    }

    private static String refused(String prefix, Executable call) {
        return refused(prefix, null, call);
    }

    @Nested
    class ParseKeystore {
        @Test
        void relativePathBecomesAbsoluteWithFranceByDefault() {
            CustodyUri u = CustodyUri.parse("keystore:./data/../keys/k.bcfks");
            Path expected = Path.of("keys/k.bcfks").toAbsolutePath().normalize();
            assertEquals("keystore", u.scheme());
            assertEquals("FR", u.jurisdiction());
            assertEquals(Optional.of(expected), u.keystore());
            assertEquals("keystore:" + expected + "?jurisdiction=FR", u.toString());
        }

        @Test
        void jurisdictionLabelIsKept() {
            CustodyUri u = CustodyUri.parse("keystore:/srv/keys.bcfks?jurisdiction=DE");
            assertEquals("DE", u.jurisdiction());
            assertEquals(u, CustodyUri.parse(u.toString()));
        }
    }

    @Nested
    class ParsePkcs11 {
        @Test
        void configFileAndJurisdiction() {
            CustodyUri u = CustodyUri.parse("pkcs11:/etc/coffre/hsm.cfg?jurisdiction=FR");
            assertEquals("pkcs11", u.scheme());
            assertEquals(Optional.empty(), u.keystore());
            assertEquals("pkcs11:/etc/coffre/hsm.cfg?jurisdiction=FR", u.toString());
            assertEquals(u, CustodyUri.parse("pkcs11:/etc/coffre/hsm.cfg"));
        }
    }

    @Nested
    class ParseKmip {
        @Test
        void defaultsAreServerSideOnPort5696InNamespaceCoffre() {
            CustodyUri u = CustodyUri.parse("kmip://kms.example.fr?ca=/etc/ca.pem&client=/etc/c.p12");
            assertEquals("kmip", u.scheme());
            assertEquals("FR", u.jurisdiction());
            assertEquals("kmip://kms.example.fr:5696?mode=server-side&ca=/etc/ca.pem&client=/etc/c.p12"
                    + "&namespace=coffre&jurisdiction=FR", u.toString());
        }

        @Test
        void everyParameter() {
            CustodyUri u = CustodyUri.parse("kmip://127.0.0.1:15696?mode=fetch-then-wrap&ca=/a/ca%26b.pem"
                    + "&client=/a/c+d.p12&namespace=team-1&jurisdiction=FR");
            assertEquals("kmip://127.0.0.1:15696?mode=fetch-then-wrap&ca=/a/ca%26b.pem&client=/a/c+d.p12"
                    + "&namespace=team-1&jurisdiction=FR", u.toString());
            assertEquals(u, CustodyUri.parse(u.toString()));
        }

        @Test
        void ipv6LiteralHost() {
            CustodyUri u = CustodyUri.parse("kmip://[::1]:5697?ca=/ca&client=/c");
            assertTrue(u.toString().startsWith("kmip://[::1]:5697?"), u.toString());
            assertEquals(u, CustodyUri.parse(u.toString()));
        }

        @Test
        void relativeFilesResolveAgainstTheWorkingDirectory() {
            CustodyUri u = CustodyUri.parse("kmip://h?ca=ca.pem&client=tls/c.p12");
            assertTrue(u.toString().contains("&ca=" + Path.of("ca.pem").toAbsolutePath()), u.toString());
            assertTrue(u.toString().contains("&client=" + Path.of("tls/c.p12").toAbsolutePath()), u.toString());
        }
    }

    @Nested
    class ParseErrors {
        @Test
        void blankOrPaddedUri() {
            refused("custody URI: must be non-blank", () -> CustodyUri.parse(null));
            refused("custody URI: must be non-blank", () -> CustodyUri.parse("  "));
            refused("custody URI: must not start or end with whitespace", () -> CustodyUri.parse(" keystore:/k"));
        }

        @Test
        void missingOrUnknownScheme() {
            refused("custody URI: must start with keystore:, pkcs11: or kmip://, was without a scheme",
                    () -> CustodyUri.parse("/etc/keys.bcfks"));
            refused("custody URI: must start with keystore:, pkcs11: or kmip://, was scheme 'hsm'",
                    () -> CustodyUri.parse("hsm:/etc/x"));
            refused("custody URI: must start with keystore:, pkcs11: or kmip://, was scheme 'PKCS11'",
                    () -> CustodyUri.parse("PKCS11:/etc/x"));
        }

        @Test
        void fileSchemesNeedAFile() {
            refused("custody URI keystore: must be followed by the keystore file", () -> CustodyUri.parse("keystore:"));
            refused("custody URI pkcs11: must be followed by the SunPKCS11 configuration file",
                    () -> CustodyUri.parse("pkcs11:?jurisdiction=FR"));
            refused("custody URI pkcs11: must be followed by", () -> CustodyUri.parse("pkcs11://token/x"));
        }

        @Test
        void pinOrPasswordInTheUriIsRefusedWithoutEchoingIt() {
            String m = refused("custody URI pkcs11: parameter 'pin' is not allowed: credentials never go in a custody"
                    + " URI", "417253", () -> CustodyUri.parse("pkcs11:/etc/hsm.cfg?pin=417253"));
            assertTrue(m.contains(CustodyUri.PKCS11_PIN_ENV), m);
            refused("custody URI keystore: parameter 'password' is not allowed", "hunter2",
                    () -> CustodyUri.parse("keystore:/k?password=hunter2"));
            refused("custody URI kmip: parameter 'clientPassword' is not allowed", "hunter2",
                    () -> CustodyUri.parse("kmip://h?ca=/a&client=/b&clientPassword=hunter2"));
            refused("custody URI pkcs11: parameter of 13 characters (not shown) is not allowed", "41725/3!",
                    () -> CustodyUri.parse("pkcs11:/etc/hsm.cfg?1234/41725/3!"));
        }

        @Test
        void userInfoIsRefusedWithoutEchoingIt() {
            refused("custody URI kmip: must not contain user info", "hunter2",
                    () -> CustodyUri.parse("kmip://admin:hunter2@kms.example.fr?ca=/a&client=/b"));
        }

        @Test
        void malformedQueries() {
            refused("custody URI keystore: parameter 'region' is not known; known: jurisdiction",
                    () -> CustodyUri.parse("keystore:/k?region=x"));
            refused("custody URI kmip: parameter 'jurisdicton' is not known; known: ca, client, jurisdiction, mode,"
                    + " namespace", () -> CustodyUri.parse("kmip://h?ca=/a&client=/b&jurisdicton=FR"));
            refused("custody URI keystore: parameter 'jurisdiction' must have a value",
                    () -> CustodyUri.parse("keystore:/k?jurisdiction"));
            refused("custody URI keystore: query has an empty parameter name",
                    () -> CustodyUri.parse("keystore:/k?jurisdiction=FR&"));
            refused("custody URI kmip: parameter 'mode' is given twice",
                    () -> CustodyUri.parse("kmip://h?ca=/a&client=/b&mode=server-side&mode=fetch-then-wrap"));
            refused("custody URI kmip: not a valid URI (Malformed escape pair", () -> CustodyUri.parse("kmip://h?ca=/a%zz&client=/b"));
        }

        @Test
        void jurisdictionMustBeAnUpperCaseAlpha2Code() {
            refused("custody URI keystore: jurisdiction: must be an ISO 3166-1 alpha-2 code in upper case such as FR,"
                    + " was 'fr'", () -> CustodyUri.parse("keystore:/k?jurisdiction=fr"));
            refused("custody URI kmip: jurisdiction: must be an ISO 3166-1 alpha-2 code in upper case such as FR,"
                    + " was 'FRA'", () -> CustodyUri.parse("kmip://h?ca=/a&client=/b&jurisdiction=FRA"));
        }

        @Test
        void kmipShape() {
            refused("custody URI kmip: must be kmip://HOST[:PORT]", () -> CustodyUri.parse("kmip:h:5696"));
            refused("custody URI kmip: not a valid URI", () -> CustodyUri.parse("kmip://h?ca=/a b&client=/b"));
            refused("custody URI kmip: host: must be a host name or IP address (and an optional :PORT) after"
                    + " 'kmip://', was 'kms_1:5696'", () -> CustodyUri.parse("kmip://kms_1:5696?ca=/a&client=/b"));
            refused("custody URI kmip: path: must be empty (parameters follow '?'), was '/kms'",
                    () -> CustodyUri.parse("kmip://h/kms?ca=/a&client=/b"));
            refused("custody URI kmip: must not have a fragment", () -> CustodyUri.parse("kmip://h?ca=/a&client=/b#x"));
            refused("custody URI kmip: port: must be in [1, 65535], was 0", () -> CustodyUri.parse("kmip://h:0?ca=/a&client=/b"));
            refused("custody URI kmip: port: must be in [1, 65535], was 70000",
                    () -> CustodyUri.parse("kmip://h:70000?ca=/a&client=/b"));
        }

        @Test
        void kmipParameters() {
            refused("custody URI kmip: ca: parameter must be set (ca=PEM file", () -> CustodyUri.parse("kmip://h?client=/b"));
            refused("custody URI kmip: client: parameter must be set (client=PKCS#12 file",
                    () -> CustodyUri.parse("kmip://h?ca=/a"));
            refused("custody URI kmip: ca: parameter must be set", () -> CustodyUri.parse("kmip://h?ca=&client=/b"));
            refused("custody URI kmip: mode: must be server-side or fetch-then-wrap, was 'SERVER_SIDE'",
                    () -> CustodyUri.parse("kmip://h?ca=/a&client=/b&mode=SERVER_SIDE"));
            refused("custody URI kmip: namespace: must match [A-Za-z0-9._-]{1,64}, was 'a/b'",
                    () -> CustodyUri.parse("kmip://h?ca=/a&client=/b&namespace=a/b"));
        }
    }

    @Nested
    class Open {
        @Test
        void keystoreWithPasswordFromTheEnvironmentReportsItsDescriptor() {
            Path file = tmp.resolve("k.bcfks");
            CustodyUri u = CustodyUri.parse("keystore:" + file + "?jurisdiction=DE");
            try (KeyCustodian c = u.open(Map.of(CustodyUri.KEYSTORE_PASSWORD_ENV, TestCustodians.KEYSTORE_PASSWORD), true)) {
                assertEquals(new CustodyDescriptor("keystore", file.toString(), "DE"), c.descriptor());
            }
        }

        @Test
        void missingKeystoreIsRefusedUnlessCreationIsAskedAndNothingIsWritten() throws java.io.IOException {
            CustodyUri u = CustodyUri.parse("keystore:" + tmp.resolve("typo/k.bcfks"));
            assertThrows(KeystoreNotFoundException.class,
                    () -> u.open(Map.of(CustodyUri.KEYSTORE_PASSWORD_ENV, TestCustodians.KEYSTORE_PASSWORD)));
            try (var left = java.nio.file.Files.list(tmp)) {
                assertEquals(0, left.count());
            }
        }

        @Test
        void wrongKeystorePasswordIsKeyUnavailable() {
            CustodyUri u = CustodyUri.parse("keystore:" + tmp.resolve("k.bcfks"));
            u.open(Map.of(CustodyUri.KEYSTORE_PASSWORD_ENV, TestCustodians.KEYSTORE_PASSWORD), true).close();
            assertThrows(KeyUnavailableException.class,
                    () -> u.open(Map.of(CustodyUri.KEYSTORE_PASSWORD_ENV, "not-the-password")));
        }

        @Test
        void missingCredentialNamesItsVariable() {
            refused("keystore custody: the keystore password must be in environment variable COFFRE_KEYSTORE_PASSWORD",
                    () -> CustodyUri.parse("keystore:" + tmp.resolve("k")).open(Map.of()));
            refused("pkcs11 custody: the token's user PIN must be in environment variable COFFRE_PKCS11_PIN",
                    () -> CustodyUri.parse("pkcs11:/etc/hsm.cfg").open(Map.of(CustodyUri.PKCS11_PIN_ENV, "")));
            assertFalse(Files.exists(tmp.resolve("k")), "nothing created without a password");
        }

        @Test
        void unreadableFilesAreNamedBeforeAnyConnection() throws IOException {
            Path ca = Files.writeString(tmp.resolve("ca.pem"), "not read");
            refused("pkcs11 custody: path: '" + tmp.resolve("none.cfg") + "' is not a readable file",
                    () -> CustodyUri.parse("pkcs11:" + tmp.resolve("none.cfg"))
                            .open(Map.of(CustodyUri.PKCS11_PIN_ENV, "1234")));
            refused("kmip custody: client: '" + tmp.resolve("c.p12") + "' is not a readable file",
                    () -> CustodyUri.parse("kmip://127.0.0.1:1?ca=" + ca + "&client=" + tmp.resolve("c.p12"))
                            .open(Map.of(CustodyUri.KMIP_CLIENT_PASSWORD_ENV, "x")));
            refused("kmip custody: ca: '" + tmp + "' is not a readable file",
                    () -> CustodyUri.parse("kmip://127.0.0.1:1?ca=" + tmp + "&client=" + ca)
                            .open(Map.of(CustodyUri.KMIP_CLIENT_PASSWORD_ENV, "x")));
        }

        @Test
        void kmipWithoutClientPasswordNamesItsVariable() throws IOException {
            Path f = Files.writeString(tmp.resolve("f"), "x");
            refused("kmip custody: the client key store password must be in environment variable"
                    + " COFFRE_KMIP_CLIENT_PASSWORD", () -> CustodyUri.parse("kmip://127.0.0.1?ca=" + f + "&client=" + f)
                            .open(Map.of()));
        }

        @Test
        void nullEnvironment() {
            refused("environment: must be non-null", () -> CustodyUri.parse("keystore:/k").open(null));
        }
    }

    /** Found by CustodyUriFuzzTest (reproducer in CustodyUriFuzzTestInputs/parse/): a key pasted beside other text. */
    @Nested
    class FuzzFindings {
        @Test
        void schemeHoldingAnAccessKeyIdIsNotEchoed() {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> CustodyUri.parse("g1.AKIAIOSFODNN7EXAMPLE:A"));
            assertFalse(e.getMessage().contains("AKIAIOSFODNN7EXAMPLE"), e.getMessage());
            assertTrue(e.getMessage().contains("(not shown)"), e.getMessage());
        }

        @Test
        void schemeEndingInAnAccessKeyIdAndAHyphenIsNotEchoed() {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> CustodyUri.parse("AKIAIOSFODNN7EXAMPLE-::"));
            assertFalse(e.getMessage().contains("AKIAIOSFODNN7EXAMPLE"), e.getMessage());
        }

        @Test
        void parameterValueHoldingAnAccessKeyIdIsNotEchoed() {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> CustodyUri.parse("kmip://kms.example.fr?ca=/a&client=/b&mode=x.AKIAIOSFODNN7EXAMPLE"));
            assertFalse(e.getMessage().contains("AKIAIOSFODNN7EXAMPLE"), e.getMessage());
            assertTrue(e.getMessage().startsWith("custody URI kmip: mode: must be server-side or fetch-then-wrap, was a value of"), e.getMessage());
        }
    }
}
