package fr.coffre.core;
import fr.coffre.crypto.AesSiv;

import fr.coffre.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps logical names to opaque store names and back. Each '/'-separated segment is sealed with AES-SIV under
 * the registry's names secret, with the vault id and the segment's parent path as associated data, then
 * base32-encoded (lowercase, no padding). Deterministic, so a prefix of whole segments maps to a store prefix;
 * equal segments under the same parent give equal store segments, which is all a store learns (plus lengths).
 */
final class NameCipher {
    /** Longest store name the ObjectStore SPI accepts. */
    static final int MAX_STORE_NAME_CHARS = 1024;
    private static final byte[] DOMAIN = "coffre-name/1".getBytes(StandardCharsets.UTF_8);

    private final AesSiv siv;
    private final byte[] vaultAd;

    NameCipher(AesSiv siv, String vaultId) {
        this.siv = siv;
        this.vaultAd = vaultId.getBytes(StandardCharsets.UTF_8);
    }

    /** The store name of a valid logical name. */
    String storeName(String logicalName) {
        LogicalNames.validateName(logicalName);
        String storeName = encodeSegments(logicalName.split("/", -1));
        if (storeName.length() > MAX_STORE_NAME_CHARS) {
            throw new InvalidInputException("name: its encrypted form has " + storeName.length()
                    + " characters, stores accept at most " + MAX_STORE_NAME_CHARS
                    + " (each segment costs about 1.6 characters per byte plus 26)");
        }
        return storeName;
    }

    /** The logical name of a store name, or {@code null} if it was not made by this vault's names secret. */
    String logicalName(String storeName) {
        StringBuilder parent = new StringBuilder();
        for (String encoded : storeName.split("/", -1)) {
            byte[] sealed = Base32.decode(encoded);
            byte[] plain = sealed == null ? null : siv.open(sealed, DOMAIN, vaultAd, utf8(parent));
            if (plain == null) {
                return null;
            }
            if (parent.length() > 0) {
                parent.append('/');
            }
            parent.append(new String(plain, StandardCharsets.UTF_8));
        }
        return parent.toString();
    }

    /**
     * The store prefix covering a logical prefix: its whole segments, encrypted. A trailing partial segment cannot
     * be encrypted as a prefix, so callers filter the decrypted names with {@code startsWith(logicalPrefix)}.
     */
    String storePrefix(String logicalPrefix) {
        LogicalNames.validatePrefix(logicalPrefix);
        int cut = logicalPrefix.lastIndexOf('/');
        if (cut < 0) {
            return "";
        }
        return encodeSegments(logicalPrefix.substring(0, cut).split("/", -1)) + "/";
    }

    private String encodeSegments(String[] segments) {
        List<String> out = new ArrayList<>(segments.length);
        StringBuilder parent = new StringBuilder();
        for (String segment : segments) {
            out.add(Base32.encode(siv.seal(utf8(segment), DOMAIN, vaultAd, utf8(parent))));
            if (parent.length() > 0) {
                parent.append('/');
            }
            parent.append(segment);
        }
        return String.join("/", out);
    }

    private static byte[] utf8(CharSequence s) {
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }
}
