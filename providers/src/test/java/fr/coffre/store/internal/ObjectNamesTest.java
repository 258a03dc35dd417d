package fr.coffre.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ObjectNamesTest {

    @Test
    void lastByteOfARangeIsInclusiveAndSaturatesInsteadOfOverflowing() {
        assertEquals(0, ObjectNames.lastByteInclusive(0, 1));
        assertEquals(109, ObjectNames.lastByteInclusive(100, 10));
        assertEquals(Long.MAX_VALUE - 1, ObjectNames.lastByteInclusive(1, Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE - 1, ObjectNames.lastByteInclusive(Long.MAX_VALUE - 5, 100));
    }

    @Test
    void validNamesPassThrough() {
        for (String n : new String[] {"a", "A-Z_0.9=x", "a/b/c", ".hidden", "..a", "a..", "x-123e4567"}) {
            assertEquals(n, ObjectNames.requireValidName(n));
        }
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
        "''| length must be 1 to 1024",
        "/a| must not start or end with '/'",
        "a//b| must not start or end with '/' nor contain '//'",
        "a/../b| segments '.' and '..' are not allowed",
        "./a| segments '.' and '..' are not allowed",
        "a b| only the characters [A-Za-z0-9/._=-] are allowed, found another at index 1",
        "a/b-123e4567-e89b-12d3-a456-426614174000| reserved for in-flight uploads"})
    void invalidNamesSayWhichRule(String name, String rule) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ObjectNames.requireValidName(name));
        assertTrue(e.getMessage().startsWith("name: "), e.getMessage());
        assertTrue(e.getMessage().contains(rule.strip()), e.getMessage());
    }

    @Test
    void lengthLimits() {
        String segment = "s".repeat(ObjectNames.MAX_SEGMENT_LENGTH);
        assertEquals(segment, ObjectNames.requireValidName(segment));
        assertThrows(InvalidInputException.class, () -> ObjectNames.requireValidName(segment + "s"));
        String longName = (segment + "/").repeat(6).substring(0, ObjectNames.MAX_NAME_LENGTH); // 1024, ends in 's'
        assertEquals(ObjectNames.MAX_NAME_LENGTH, longName.length());
        assertEquals(longName, ObjectNames.requireValidName(longName));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ObjectNames.requireValidName(longName + "s"));
        assertTrue(e.getMessage().contains("length must be 1 to 1024 characters, was 1025"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> ObjectNames.requireValidName(null));
    }

    @Test
    void foreignCharactersAreLocatedNotQuoted() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ObjectNames.requireValidName("patient/Jean Dupont"));
        assertFalse(e.getMessage().contains("Dupont"), e.getMessage());
        assertTrue(e.getMessage().contains("index 12"), e.getMessage());
    }

    @Test
    void prefixes() {
        assertEquals("", ObjectNames.requireValidPrefix(""));
        assertEquals("a/", ObjectNames.requireValidPrefix("a/"));
        assertThrows(InvalidInputException.class, () -> ObjectNames.requireValidPrefix(null));
        assertThrows(InvalidInputException.class, () -> ObjectNames.requireValidPrefix("a b"));
        assertThrows(InvalidInputException.class, () -> ObjectNames.requireValidPrefix("x".repeat(1025)));
    }

    @Test
    void reservedFamilyIsOnlyTheLowercaseUuidSuffix() {
        assertTrue(ObjectNames.isReserved("n-123e4567-e89b-12d3-a456-426614174000"));
        assertFalse(ObjectNames.isReserved("n-123E4567-E89B-12D3-A456-426614174000"));
        assertFalse(ObjectNames.isReserved("n-123e4567-e89b-12d3-a456-426614174000/x"));
    }
}
