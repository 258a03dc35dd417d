package fr.coffre.core;

import fr.coffre.InvalidInputException;
import java.nio.charset.StandardCharsets;

/**
 * Rules for logical object names. A name is 1 to {@value #MAX_NAME_BYTES} UTF-8 bytes of '/'-separated
 * segments; no segment is empty, "." or ".."; no control characters (C0, DEL, C1), Unicode format characters
 * (bidi overrides, zero-width characters) or unpaired surrogates. Messages name the rule and a position,
 * never the name itself (names may carry personal data).
 */
final class LogicalNames {
    static final int MAX_NAME_BYTES = 1024;

    private LogicalNames() {
    }

    static void validateName(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidInputException("name: must be non-empty");
        }
        validateCharacters("name", name);
        if (name.startsWith("/") || name.endsWith("/")) {
            throw new InvalidInputException("name: must not start or end with '/'");
        }
        validateSegments("name", name.split("/", -1));
    }

    /** A prefix may be empty, and may end with '/' (then it selects whole segments). */
    static void validatePrefix(String prefix) {
        if (prefix == null) {
            throw new InvalidInputException("prefix: must be non-null (use \"\" to list everything)");
        }
        if (prefix.isEmpty()) {
            return;
        }
        validateCharacters("prefix", prefix);
        if (prefix.startsWith("/")) {
            throw new InvalidInputException("prefix: must not start with '/'");
        }
        String body = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        String[] segments = body.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            boolean partialLast = i == segments.length - 1 && !prefix.endsWith("/");
            if (segments[i].isEmpty() && !partialLast) {
                throw new InvalidInputException("prefix: segment " + i + " is empty ('//')");
            }
        }
    }

    private static void validateSegments(String field, String[] segments) {
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].isEmpty()) {
                throw new InvalidInputException(field + ": segment " + i + " is empty ('//')");
            }
            if (segments[i].equals(".") || segments[i].equals("..")) {
                throw new InvalidInputException(field + ": segment " + i + " must not be '.' or '..'");
            }
        }
    }

    private static void validateCharacters(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new InvalidInputException(field + ": control character at index " + i + " is not allowed");
            }
            if (Character.getType(c) == Character.FORMAT) {
                throw new InvalidInputException(field + ": invisible format character at index " + i
                        + " is not allowed");
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidInputException(field + ": unpaired surrogate at index " + i + " is not allowed");
            }
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_NAME_BYTES) {
            throw new InvalidInputException(field + ": must have at most " + MAX_NAME_BYTES + " UTF-8 bytes, was " + bytes);
        }
    }
}
