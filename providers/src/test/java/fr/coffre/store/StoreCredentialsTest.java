package fr.coffre.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import fr.coffre.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class StoreCredentialsTest {

    private static SecretBytes secret(String s) {
        return SecretBytes.copyOf(s.getBytes(StandardCharsets.UTF_8));
    }

    @Nested
    class Explicit {
        @Test
        void toStringRevealsNeitherIdentityNorSecret() {
            StoreCredentials c = StoreCredentials.s3("AKIAIOSFODNN7EXAMPLE", secret("wJalrXUtnFEMI/K7MDENG"));
            assertFalse(c.toString().contains("AKIA"), c.toString());
            assertFalse(c.toString().contains("wJalr"), c.toString());
            assertTrue(c.toString().contains("S3_ACCESS_KEY"));
        }

        @Test
        void secretIsLentAndDestroyedOnClose() {
            StoreCredentials c = StoreCredentials.swift("test:tester", secret("testing"));
            assertEquals("testing", c.secretAsString());
            assertEquals("test:tester", c.identity());
            c.close();
            assertTrue(c.isDestroyed());
            assertThrows(IllegalStateException.class, c::secretAsString);
        }

        @Test
        void azureKindsHaveNoIdentity() {
            assertNull(StoreCredentials.azureSharedKey(secret("a2V5")).identity());
            assertEquals(StoreCredentials.Kind.AZURE_SAS, StoreCredentials.azureSas(secret("sv=1&sig=x")).kind());
        }

        @Test
        void badArgumentsAreInvalidInput() {
            assertThrows(InvalidInputException.class, () -> StoreCredentials.s3(" ", secret("x")));
            assertThrows(InvalidInputException.class, () -> StoreCredentials.s3("ak", null));
            SecretBytes destroyed = secret("x");
            destroyed.destroy();
            assertThrows(InvalidInputException.class, () -> StoreCredentials.azureSas(destroyed));
        }
    }

    @Nested
    class FromEnvironment {
        @Test
        void s3FamilyReadsTheS3Variables() {
            Map<String, String> env = Map.of("COFFRE_S3_ACCESS_KEY", "ak", "COFFRE_S3_SECRET_KEY", "sk");
            for (StoreProvider p : new StoreProvider[] {StoreProvider.S3, StoreProvider.OVH, StoreProvider.SCALEWAY,
                StoreProvider.OUTSCALE}) {
                StoreCredentials c = StoreCredentials.fromEnvironment(p, env);
                assertEquals(StoreCredentials.Kind.S3_ACCESS_KEY, c.kind());
                assertEquals("ak", c.identity());
                assertEquals("sk", c.secretAsString());
            }
        }

        @Test
        void swiftReadsUserAndKey() {
            StoreCredentials c = StoreCredentials.fromEnvironment(StoreProvider.SWIFT,
                    Map.of("COFFRE_SWIFT_USER", "test:tester", "COFFRE_SWIFT_KEY", "testing"));
            assertEquals(StoreCredentials.Kind.SWIFT_PASSWORD, c.kind());
        }

        @Test
        void azureNeedsExactlyOneOfKeyAndSas() {
            assertEquals(StoreCredentials.Kind.AZURE_SHARED_KEY, StoreCredentials.fromEnvironment(StoreProvider.AZURE,
                    Map.of("COFFRE_AZURE_ACCOUNT_KEY", "k")).kind());
            assertEquals(StoreCredentials.Kind.AZURE_SAS, StoreCredentials.fromEnvironment(StoreProvider.AZURE,
                    Map.of("COFFRE_AZURE_SAS", "s")).kind());
            InvalidInputException both = assertThrows(InvalidInputException.class,
                    () -> StoreCredentials.fromEnvironment(StoreProvider.AZURE,
                            Map.of("COFFRE_AZURE_ACCOUNT_KEY", "KEYVALUE", "COFFRE_AZURE_SAS", "SASVALUE")));
            assertTrue(both.getMessage().contains("both are set"), both.getMessage());
            assertFalse(both.getMessage().contains("KEYVALUE") || both.getMessage().contains("SASVALUE"));
            assertTrue(assertThrows(InvalidInputException.class,
                    () -> StoreCredentials.fromEnvironment(StoreProvider.AZURE, Map.of())).getMessage()
                    .contains("neither is set"));
        }

        @Test
        void missingVariableIsNamed() {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> StoreCredentials.fromEnvironment(StoreProvider.OVH, Map.of("COFFRE_S3_ACCESS_KEY", "ak")));
            assertEquals("environment: variable COFFRE_S3_SECRET_KEY must be set and non-empty", e.getMessage());
            assertThrows(InvalidInputException.class, () -> StoreCredentials.fromEnvironment(StoreProvider.SWIFT,
                    Map.of("COFFRE_SWIFT_USER", "u", "COFFRE_SWIFT_KEY", "")));
        }

        @Test
        void localStoresTakeNone() {
            assertThrows(InvalidInputException.class,
                    () -> StoreCredentials.fromEnvironment(StoreProvider.FILE, Map.of()));
            assertThrows(InvalidInputException.class,
                    () -> StoreCredentials.fromEnvironment(StoreProvider.MEM, Map.of()));
        }
    }
}
