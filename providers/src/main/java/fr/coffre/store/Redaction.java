package fr.coffre.store;

import java.util.regex.Pattern;

/**
 * Decides whether a configuration value may be quoted in an error message. Values that look like credentials
 * (long random-looking tokens, anything with a signature or key parameter, anything with user info) are replaced
 * by a note, so that a secret pasted into the wrong field never reaches a log.
 */
final class Redaction {

    private static final int MAX_QUOTED = 80;
    private static final Pattern TOKEN_CHARS = Pattern.compile("[A-Za-z0-9+/=_-]+");
    private static final Pattern SECRET_WORDS =
            Pattern.compile("(?i).*(sig=|signature|secret|password|passwd|token|apikey|api_key|accesskey|"
                    + "access_key|credential|@).*");

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
        if (SECRET_WORDS.matcher(value).matches()) {
            return true;
        }
        if (value.length() < 16 || !TOKEN_CHARS.matcher(value).matches()) {
            return false;
        }
        boolean lower = value.chars().anyMatch(Character::isLowerCase);
        boolean upper = value.chars().anyMatch(Character::isUpperCase);
        boolean digit = value.chars().anyMatch(Character::isDigit);
        boolean symbol = value.chars().anyMatch(c -> c == '+' || c == '/' || c == '=');
        int classes = (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (symbol ? 1 : 0);
        boolean separators = value.indexOf('-') >= 0 || value.indexOf('_') >= 0;
        // random tokens mix classes; access key ids and hex keys are long runs of letters and digits
        return classes >= 3 || (digit && (lower || upper) && !separators && value.length() >= 20);
    }
}
