package fr.coffre.custody.internal;

import fr.coffre.InvalidInputException;
import fr.coffre.KeyRef;
import fr.coffre.KeyUnavailableException;
import fr.coffre.SecretBytes;
import fr.coffre.custody.KeyCustodian;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Pattern;

/** Argument checks shared by every custodian and its builder, so they all reject bad input the same way. */
public final class CustodyArgs {
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private CustodyArgs() {
    }

    public static String keyId(String keyId) {
        if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
            throw new InvalidInputException("keyId: must match " + KEY_ID + ", was "
                    + (keyId == null ? "null" : keyId.length() > 40 ? "a value of length " + keyId.length() : "'" + keyId + "'"));
        }
        return keyId;
    }

    /** Checks that {@code ref} is non-null and of this custody's scheme. */
    public static KeyRef ref(String scheme, KeyRef ref) {
        if (ref == null) {
            throw new InvalidInputException("masterKey: must be non-null");
        }
        if (!scheme.equals(ref.scheme())) {
            throw new KeyUnavailableException("master key " + ref + ": not held by a " + scheme + " custody");
        }
        return ref;
    }

    public static SecretBytes dataKey(SecretBytes dataKey) {
        if (dataKey == null || dataKey.isDestroyed()) {
            throw new InvalidInputException("dataKey: must be a live SecretBytes, was " + (dataKey == null ? "null" : "destroyed"));
        }
        return dataKey;
    }

    public static byte[] context(byte[] context) {
        if (context == null || context.length > KeyCustodian.MAX_CONTEXT_BYTES) {
            throw new InvalidInputException("context: must be non-null and at most " + KeyCustodian.MAX_CONTEXT_BYTES
                    + " bytes, was " + (context == null ? "null" : context.length + " bytes"));
        }
        return context;
    }

    public static byte[] wrapped(byte[] wrapped) {
        if (wrapped == null) {
            throw new InvalidInputException("wrapped: must be non-null");
        }
        return wrapped;
    }

    public static String jurisdiction(String jurisdiction) {
        if (jurisdiction == null || !jurisdiction.matches("[A-Z]{2}")) {
            throw new InvalidInputException("jurisdiction: must be an ISO 3166-1 alpha-2 code in upper case such as FR, was "
                    + (jurisdiction == null ? "null" : "'" + jurisdiction + "'"));
        }
        return jurisdiction;
    }

    /** The retry and refresh settings every remote custodian takes, checked the same way. */
    public static void tuning(Duration refreshInterval, int maxAttempts, Duration retryBackoff, Clock clock) {
        if (refreshInterval == null || refreshInterval.isNegative()) {
            throw new InvalidInputException("refreshInterval: must be >= 0, was " + refreshInterval);
        }
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new InvalidInputException("maxAttempts: must be in [1, 10], was " + maxAttempts);
        }
        if (retryBackoff == null || retryBackoff.isNegative() || retryBackoff.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new InvalidInputException("retryBackoff: must be in [0, 10 s], was " + retryBackoff);
        }
        if (clock == null) {
            throw new InvalidInputException("clock: must be non-null");
        }
    }
}
