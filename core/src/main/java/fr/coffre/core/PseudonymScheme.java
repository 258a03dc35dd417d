package fr.coffre.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Scheme {@code p} of application pseudonyms (POLICY.md, "Pseudonyms"): with S the registry's pseudonym secret of
 * version v, K = HKDF-Expand-SHA-256(PRK = S, info = {@value #LABEL}, 32 bytes) = HMAC-SHA-256(S, info ‖ 0x01), and
 * pseudonym = {@code "p" v "."} base32(HMAC-SHA-256(K, kind ‖ 0x00 ‖ canonical identifier)), base32 lowercase,
 * unpadded. K is never S: data-key ids use S itself under another input label.
 */
final class PseudonymScheme {
    static final String LABEL = "coffre-application-pseudonym/1";
    static final int MAC_CHARS = 52;

    private PseudonymScheme() {
    }

    static String pseudonym(byte[] secret, int version, String kind, String canonical) {
        byte[] info = LABEL.getBytes(StandardCharsets.UTF_8);
        byte[] key = hmac(secret, Arrays.copyOf(info, info.length + 1), info.length);
        try {
            return "p" + version + "." + Base32.encode(hmac(key, (kind + "\0" + canonical)
                    .getBytes(StandardCharsets.UTF_8), -1));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** HMAC-SHA-256; {@code counterAt >= 0} sets the HKDF block counter 0x01 there. */
    private static byte[] hmac(byte[] key, byte[] input, int counterAt) {
        if (counterAt >= 0) {
            input[counterAt] = 1;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
