package fr.coffre.store.internal;
import fr.coffre.store.ObjectStore;

import fr.coffre.InvalidInputException;
import java.util.regex.Pattern;

/**
 * The object-name rules of the {@link ObjectStore} SPI, shared by every adapter so that an object written to one
 * store can always be copied to any other.
 *
 * <p>A valid name:
 * <ul>
 *   <li>is 1 to {@value #MAX_NAME_LENGTH} characters of {@code [A-Za-z0-9/._=-]} (plain ASCII, no spaces);</li>
 *   <li>is a sequence of {@code /}-separated segments, each 1 to {@value #MAX_SEGMENT_LENGTH} characters (so no
 *       leading, trailing or doubled {@code /}), none equal to {@code .} or {@code ..} (no path traversal on a
 *       filesystem store);</li>
 *   <li>does not end with {@code -} followed by a lowercase UUID ({@code -xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}):
 *       that family is reserved for in-flight uploads, which stores never list.</li>
 * </ul>
 * Messages of rejected names quote the name: names are opaque (Coffre derives them from encrypted identifiers).
 */
public final class ObjectNames {

    /** Longest name, in characters (= bytes: names are ASCII). */
    public static final int MAX_NAME_LENGTH = 1024;
    /**
     * Longest {@code /}-separated segment: a file-name component on a filesystem store is at most 255 bytes, and an
     * upload in flight adds a 37-character suffix to it.
     */
    public static final int MAX_SEGMENT_LENGTH = 200;

    private static final Pattern CHARS = Pattern.compile("[A-Za-z0-9/._=-]*");
    private static final Pattern RESERVED =
            Pattern.compile(".*-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private ObjectNames() {
    }

    /**
     * Returns {@code name} if it follows the rules above.
     *
     * @throws InvalidInputException naming the rule broken
     */
    public static String requireValidName(String name) {
        if (name == null) {
            throw new InvalidInputException("name: must be non-null");
        }
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new InvalidInputException("name: length must be 1 to " + MAX_NAME_LENGTH + " characters, was "
                    + name.length());
        }
        requireCharset("name", name);
        String[] segments = name.split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty()) {
                throw new InvalidInputException("name: must not start or end with '/' nor contain '//', was '"
                        + name + "'");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new InvalidInputException("name: segments '.' and '..' are not allowed, was '" + name + "'");
            }
            if (segment.length() > MAX_SEGMENT_LENGTH) {
                throw new InvalidInputException("name: each '/'-separated segment must be at most "
                        + MAX_SEGMENT_LENGTH + " characters, one was " + segment.length());
            }
        }
        if (isReserved(name)) {
            throw new InvalidInputException("name: names ending with '-' and a lowercase UUID are reserved for"
                    + " in-flight uploads, was '" + name + "'");
        }
        return name;
    }

    /**
     * Returns {@code prefix} if it is a valid listing prefix: 0 to {@value #MAX_NAME_LENGTH} characters of the name
     * alphabet ({@code ""} lists everything).
     *
     * @throws InvalidInputException naming the rule broken
     */
    public static String requireValidPrefix(String prefix) {
        if (prefix == null) {
            throw new InvalidInputException("prefix: must be non-null (use \"\" to list everything)");
        }
        if (prefix.length() > MAX_NAME_LENGTH) {
            throw new InvalidInputException("prefix: length must be at most " + MAX_NAME_LENGTH
                    + " characters, was " + prefix.length());
        }
        requireCharset("prefix", prefix);
        return prefix;
    }

    /**
     * Checks the arguments of {@link ObjectStore#list}: a valid prefix, a page token that is null or printable
     * ASCII of at most {@code maxTokenChars} characters, and a page size of 1 to 1000.
     *
     * @throws InvalidInputException naming the argument and the rule broken (never echoing the token)
     */
    public static void requireValidListing(String prefix, String pageToken, int maxResults, int maxTokenChars) {
        requireValidPrefix(prefix);
        if (pageToken != null && (pageToken.isEmpty() || pageToken.length() > maxTokenChars
                || !pageToken.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            throw new InvalidInputException("pageToken: must be null or a token returned by a previous page");
        }
        if (maxResults < 1 || maxResults > 1000) {
            throw new InvalidInputException("maxResults: must be 1 to 1000, was " + maxResults);
        }
    }

    /**
     * Checks the arguments of a ranged {@link ObjectStore#get(String, long, long)}.
     *
     * @throws InvalidInputException if the name is invalid or an argument is negative
     */
    public static void requireValidRange(String name, long offsetBytes, long lengthBytes) {
        requireValidName(name);
        if (offsetBytes < 0 || lengthBytes < 0) {
            throw new InvalidInputException("offsetBytes and lengthBytes: must be >= 0, were " + offsetBytes + " and "
                    + lengthBytes);
        }
    }

    /**
     * The inclusive index of the last byte of {@code [offsetBytes, offsetBytes + lengthBytes)}, as an HTTP
     * {@code Range: bytes=offset-last} header needs it; saturates at {@code Long.MAX_VALUE - 1} where the sum would
     * overflow. {@code lengthBytes} must be positive (a zero-length range sends no request).
     */
    public static long lastByteInclusive(long offsetBytes, long lengthBytes) {
        return offsetBytes > Long.MAX_VALUE - lengthBytes ? Long.MAX_VALUE - 1 : offsetBytes + lengthBytes - 1;
    }

    /** Whether {@code name} belongs to the family reserved for in-flight uploads (never listed, never accepted). */
    public static boolean isReserved(String name) {
        return RESERVED.matcher(name).matches();
    }

    private static void requireCharset(String field, String value) {
        if (!CHARS.matcher(value).matches()) {
            // the value may hold anything (even a leaked plaintext): name the first bad character's position only
            int bad = 0;
            while (bad < value.length() && CHARS.matcher(value.substring(bad, bad + 1)).matches()) {
                bad++;
            }
            throw new InvalidInputException(field + ": only the characters [A-Za-z0-9/._=-] are allowed, found"
                    + " another at index " + bad);
        }
    }
}
