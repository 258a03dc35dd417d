package fr.coffre.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactionTest {

    @ParameterizedTest
    @ValueSource(strings = {"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "0123456789abcdef0123456789abcdef", "sv=2020-08-04&sig=abc", "my-secret-bucket", "user@host",
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="})
    void credentialLookingValuesAreNotQuoted(String value) {
        assertTrue(Redaction.looksLikeCredential(value), value);
        assertFalse(Redaction.quote(value).contains(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gra", "eu-west-par", "coffre-ct-56f89d47947b", "my.bucket", "us-east-1", "France",
        "health-records-2026"})
    void ordinaryValuesAreQuoted(String value) {
        assertFalse(Redaction.looksLikeCredential(value), value);
        assertEquals("'" + value + "'", Redaction.quote(value));
    }

    @org.junit.jupiter.api.Test
    void longValuesAreSummarised() {
        assertEquals("a value of 81 characters (not shown)", Redaction.quote("a-".repeat(40) + "a"));
        assertEquals("null", Redaction.quote(null));
    }
}
