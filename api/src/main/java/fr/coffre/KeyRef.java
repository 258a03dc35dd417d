package fr.coffre;

import java.util.regex.Pattern;

/**
 * Names one version of a key held by a custodian: {@code scheme} (e.g. {@code keystore}, {@code pkcs11},
 * {@code kmip}), an opaque {@code keyId} and a {@code version} (1, 2, …).
 *
 * <p>A key id is written in clear in every COF1 header, so it must never carry a patient identifier or
 * any other personal data: use random or keyed-pseudonymous ids.
 */
public record KeyRef(String scheme, String keyId, int version) {
    private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    public KeyRef {
        if (scheme == null || !SCHEME.matcher(scheme).matches()) {
            throw new InvalidInputException("scheme: must match " + SCHEME + ", was " + quote(scheme));
        }
        if (keyId == null || !ID.matcher(keyId).matches()) {
            throw new InvalidInputException("keyId: must match " + ID + ", was " + quote(keyId));
        }
        if (version < 1) {
            throw new InvalidInputException("version: must be >= 1, was " + version);
        }
    }

    /** The same key id at another version. */
    public KeyRef withVersion(int newVersion) {
        return new KeyRef(scheme, keyId, newVersion);
    }

    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() > 40 ? "a value of length " + s.length() : "'" + s + "'";
    }

    @Override
    public String toString() {
        return scheme + ":" + keyId + "#" + version;
    }
}
