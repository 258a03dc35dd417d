package fr.coffre.custody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import fr.coffre.KeyRef;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The public custody value types reject bad components with the project's typed error, naming the field. */
class CustodyValueTypesTest {
    @Nested
    class Descriptor {
        @Test
        void validComponentsAreKept() {
            CustodyDescriptor d = new CustodyDescriptor("kmip", "kms.example:5696", "FR");
            assertEquals("kmip", d.scheme());
            assertEquals("kms.example:5696", d.endpoint());
            assertEquals("FR", d.jurisdiction());
        }

        @Test
        void badComponentsAreInvalidInputNamingTheField() {
            assertField("scheme:", () -> new CustodyDescriptor(null, "e", "FR"));
            assertField("scheme:", () -> new CustodyDescriptor(" ", "e", "FR"));
            assertField("endpoint:", () -> new CustodyDescriptor("kmip", null, "FR"));
            assertField("jurisdiction:", () -> new CustodyDescriptor("kmip", "e", null));
            assertField("jurisdiction:", () -> new CustodyDescriptor("kmip", "e", "fr"));
            assertField("jurisdiction:", () -> new CustodyDescriptor("kmip", "e", "FRA"));
        }
    }

    @Nested
    class VersionInfo {
        @Test
        void missingComponentsAreInvalidInput() {
            KeyRef ref = new KeyRef("kmip", "k", 1);
            Instant now = Instant.EPOCH;
            assertField("ref, state and createdAt:", () -> new KeyVersionInfo(null, KeyState.ACTIVE, now));
            assertField("ref, state and createdAt:", () -> new KeyVersionInfo(ref, null, now));
            assertField("ref, state and createdAt:", () -> new KeyVersionInfo(ref, KeyState.ACTIVE, null));
        }
    }

    private static void assertField(String prefix, org.junit.jupiter.api.function.Executable create) {
        InvalidInputException e = assertThrows(InvalidInputException.class, create);
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    }
}
