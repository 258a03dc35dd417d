package fr.coffre;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The query part ({@code a=1&b=2}) of the URIs that name stores and custodies, parsed one way for both, with one
 * deny-list of credential-looking parameter names: credentials never travel in a URI (shell histories, process
 * lists and logs see URIs), so a parameter such as {@code secret}, {@code password}, {@code pin}, {@code token},
 * {@code sig}, a random-looking name, or any name that is not plain ({@code [A-Za-z][A-Za-z0-9_.-]{0,31}}: it may
 * be something pasted by mistake) is refused, and the refusal never quotes it.
 *
 * <p>Rules: parameters are {@code name=value} pairs separated by {@code &}; names are never empty and never
 * repeated; names and (when asked) values are percent-decoded as UTF-8, a literal {@code +} staying {@code +}.
 * The result keeps the order of the URI. Errors are {@link InvalidInputException}s that start with the caller's
 * context (e.g. {@code "store URI"}) and never quote a value.
 */
public final class UriQuery {
    /**
     * Names that are, or carry, a credential. {@code auth} alone is allowed: it names an authentication endpoint
     * (Swift's Keystone URL), never a secret; {@code auth_*} (auth_token...) is refused.
     */
    private static final Pattern CREDENTIAL_NAME = Pattern.compile(
            "(?i)(.*(secret|key|sig|token|pass|pwd|pin|credential|x-amz|sas).*|auth_.*|sv|se|sp)");
    private static final Pattern SHOWABLE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,31}");
    private static final Pattern TOKEN_CHARS = Pattern.compile("[A-Za-z0-9+/=_-]+");
    private static final Pattern NON_TOKEN = Pattern.compile("[^A-Za-z0-9+/=_-]+");
    private static final Pattern NON_KEY = Pattern.compile("[^A-Za-z0-9+/=]+");
    private static final Pattern SECRET_WORDS = Pattern.compile("(?i).*(sig=|signature|secret|password|passwd|token"
            + "|apikey|api_key|accesskey|access_key|credential|@).*");

    private UriQuery() {
    }

    /**
     * Parses {@code rawQuery} (the URI's raw query, without {@code ?}; {@code null} or empty gives an empty map).
     *
     * @param context        how errors start, e.g. {@code "store URI"} or {@code "custody URI kmip"}
     * @param decodeValues   whether values are percent-decoded (names always are)
     * @param refusal        what follows the parameter's name when a credential-looking name is refused, e.g.
     *                       {@code "is not allowed: credentials never go in a custody URI (PIN from ...)"}
     * @return the parameters, unmodifiable, in URI order
     * @throws InvalidInputException empty or repeated name, missing value, malformed percent-encoding, or a
     *                               credential-looking name
     */
    public static Map<String, String> parse(String rawQuery, String context, boolean decodeValues,
            String refusal) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Collections.unmodifiableMap(params);
        }
        for (String pair : rawQuery.split("&", -1)) {
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            if (rawName.isEmpty()) {
                throw new InvalidInputException(context + ": query has an empty parameter name");
            }
            String name = decode(rawName, context, "a parameter name");
            if (isCredentialName(name) || !SHOWABLE_NAME.matcher(name).matches()) {
                throw new InvalidInputException(context + ": parameter " + showName(name) + " " + refusal);
            }
            if (eq < 0) {
                throw new InvalidInputException(context + ": parameter " + showName(name)
                        + " must have a value (name=value)");
            }
            String raw = pair.substring(eq + 1);
            String value = decodeValues ? decode(raw, context, "parameter " + showName(name)) : raw;
            if (params.put(name, value) != null) {
                throw new InvalidInputException(context + ": parameter " + showName(name) + " is given twice");
            }
        }
        return Collections.unmodifiableMap(params);
    }

    /** Whether a parameter name is, or looks like, a credential (the one deny-list of every Coffre URI). */
    public static boolean isCredentialName(String name) {
        return CREDENTIAL_NAME.matcher(name).matches() || looksLikeCredential(name);
    }

    /**
     * Whether a value looks like a credential: secret-sounding words, user info, or a long random-looking token
     * (mixed letter cases, digits and base64 symbols; long runs of letters and digits such as access key ids).
     */
    public static boolean looksLikeCredential(String value) {
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
        return classes >= 3 || (digit && (lower || upper) && !separators && value.length() >= 20);
    }

    /**
     * Whether a value is, or holds, something credential-looking: {@link #looksLikeCredential} of the whole value or
     * of any run of token characters in it, with or without {@code -} and {@code _} (a key pasted next to other
     * text, as in {@code x.AKIA...:} or {@code AKIA...-}).
     */
    public static boolean holdsCredential(String value) {
        if (looksLikeCredential(value)) {
            return true;
        }
        for (Pattern separators : new Pattern[] {NON_TOKEN, NON_KEY}) {
            for (String part : separators.split(value)) {
                if (part.length() >= 16 && looksLikeCredential(part)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * {@code 'name'} when it is plain and does not look like a pasted token, else a note with its length. A name
     * such as {@code password} is shown: it says what was refused, and holds no secret itself.
     */
    public static String showName(String name) {
        boolean pastedToken = name.length() >= 16 && holdsCredential(name);
        return SHOWABLE_NAME.matcher(name).matches() && !pastedToken ? "'" + name + "'"
                : "of " + name.length() + " characters (not shown)";
    }

    private static String decode(String raw, String context, String what) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(context + ": " + what + " has malformed percent-encoding");
        }
    }
}
