package fr.coffre.store;

import fr.coffre.UriQuery;

/**
 * Decides whether a configuration value may be quoted in an error message. Values that look like credentials
 * (long random-looking tokens, anything with a signature or key parameter, anything with user info) are replaced
 * by a note, so that a secret pasted into the wrong field never reaches a log.
 */
final class Redaction {

    private static final int MAX_QUOTED = 80;

    private Redaction() {
    }

    /** {@code 'value'}, or a note saying the value is not shown. */
    static String quote(String value) {
        if (value == null) {
            return "null";
        }
        if (looksLikeCredential(value)) {
            return "a value that looks like a credential (not shown)";
        }
        if (value.length() > MAX_QUOTED) {
            return "a value of " + value.length() + " characters (not shown)";
        }
        return "'" + value + "'";
    }

    static boolean looksLikeCredential(String value) {
        return UriQuery.holdsCredential(value);
    }
}
