package fr.coffre.custody;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import fr.coffre.InvalidInputException;
import fr.coffre.UriQuery;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes {@link CustodyUri#parse} on UTF-8 text in which every U+0001 is replaced by one of a few credential-looking
 * values (chosen by the first byte). Only {@link InvalidInputException} may escape, and its message never contains the
 * planted value, wherever the fuzzer put it; a parsed URI's canonical form parses to an equal URI.
 */
class CustodyUriFuzzTest {
    /** Values {@link UriQuery#looksLikeCredential} recognises: what must never be echoed. */
    static final List<String> SECRETS = List.of("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AKIAIOSFODNN7EXAMPLE",
            "ghp_16C7e42F292c6912E7710c838347Ae178B4a", "hunter2-password", "sig=Zm9vYmFyYmF6cXV4");

    static {
        SECRETS.forEach(s -> assertTrue(UriQuery.looksLikeCredential(s), s));
    }

    @FuzzTest(maxDuration = "2m")
    void parse(byte[] data) {
        String secret = data.length == 0 ? SECRETS.get(0) : SECRETS.get(Math.floorMod(data[0], SECRETS.size()));
        String uri = new String(Arrays.copyOfRange(data, Math.min(1, data.length), data.length), UTF_8)
                .replace("\u0001", secret);
        CustodyUri parsed;
        try {
            parsed = CustodyUri.parse(uri);
        } catch (InvalidInputException e) {
            assertEquals(InvalidInputException.class, e.getClass());
            assertFalse(e.getMessage().contains(secret), "the message echoes a credential-looking value");
            return;
        }
        assertEquals(parsed, CustodyUri.parse(parsed.toString()), "the canonical URI parses to another custody");
    }
}
