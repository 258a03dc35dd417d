package fr.coffre.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import fr.coffre.InvalidInputException;

/**
 * Fuzzes {@link StoreUri#parse} on UTF-8 text carrying planted credential-looking values ({@link PlantedSecrets}).
 * Only {@link InvalidInputException} may escape, and its message never contains the planted value; a parsed config
 * is deterministic and describes itself ({@link StoreConfig#descriptor()}, what {@code coffre info} prints).
 */
class StoreUriFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void parse(byte[] data) {
        PlantedSecrets input = PlantedSecrets.plant(data);
        StoreConfig parsed;
        try {
            parsed = StoreUri.parse(input.text());
        } catch (InvalidInputException e) {
            assertEquals(InvalidInputException.class, e.getClass());
            assertFalse(e.getMessage().contains(input.secret()), "the message echoes a credential-looking value");
            return;
        }
        // toString holds every field (StoreConfig.equals also compares RetryPolicy and PartSizing by identity)
        assertEquals(parsed.toString(), StoreUri.parse(input.text()).toString(), "parsing is not deterministic");
        assertTrue(parsed.descriptor().provider().equals(parsed.provider().scheme()), "descriptor of another scheme");
    }
}
