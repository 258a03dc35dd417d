package fr.coffre.crypto;

import fr.coffre.CoffreException;
import java.util.Arrays;
import java.util.Set;

/**
 * The properties the COF1 fuzz tests check: which typed exceptions may escape, and that whatever a decryptor released
 * before failing is authentic plaintext. Anything else (an untyped exception, an error, a failed check) fails the
 * fuzz test.
 */
final class FuzzOracle {
    private FuzzOracle() {
    }

    /** Rethrows {@code e} unless its exact class is one of {@code allowed}. */
    static void allowOnly(CoffreException e, Set<Class<? extends CoffreException>> allowed) {
        if (!allowed.contains(e.getClass())) {
            throw new AssertionError("unexpected exception type " + e.getClass().getName(), e);
        }
        if (e.getMessage() == null || e.getMessage().isEmpty()) {
            throw new AssertionError("typed exception without a message", e);
        }
    }

    /** {@code released} must be a prefix of {@code expected[from..]} (empty if {@code from} is past its end). */
    static void assertAuthenticPrefix(byte[] expected, long from, byte[] released) {
        if (released.length == 0) {
            return;
        }
        if (from < 0 || from > expected.length || released.length > expected.length - from) {
            throw new AssertionError("released " + released.length + " bytes from offset " + from
                    + " of a " + expected.length + "-byte plaintext");
        }
        if (!Arrays.equals(released, 0, released.length, expected, (int) from, (int) from + released.length)) {
            throw new AssertionError("released bytes differ from the authentic plaintext (" + released.length
                    + " bytes from offset " + from + ")");
        }
    }
}
