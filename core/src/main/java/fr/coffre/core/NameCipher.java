package fr.coffre.core;
import fr.coffre.crypto.AesSiv;

import fr.coffre.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Maps logical names to opaque store names and back (FORMAT.md §13). Each '/'-separated segment is padded to a
 * length bucket ({@link #bucket}), sealed with AES-SIV under the registry's names secret, with the vault id and the
 * segment's parent path as associated data, then base32-encoded (lowercase, no padding). Deterministic, so a prefix
 * of whole segments maps to a store prefix; equal segments under the same parent give equal store segments, which is
 * all a store learns (plus the segment count and each segment's bucket).
 *
 * <p>Names written before padding ({@linkplain Form#LEGACY legacy form}: unpadded, domain {@code coffre-name/1})
 * still decode: {@link #logicalName} tries the padded form, then the legacy one.
 */
final class NameCipher {
    /** Longest store name the ObjectStore SPI accepts. */
    static final int MAX_STORE_NAME_CHARS = 1024;

    /** The two encodings of a name: every segment of one name uses the same. */
    enum Form {
        PADDED("coffre-name/2"), LEGACY("coffre-name/1");

        private final byte[] domain;

        Form(String domain) {
            this.domain = domain.getBytes(StandardCharsets.UTF_8);
        }
    }

    private final AesSiv siv;
    private final byte[] vaultAd;

    NameCipher(AesSiv siv, String vaultId) {
        this.siv = siv;
        this.vaultAd = vaultId.getBytes(StandardCharsets.UTF_8);
    }

    /** Largest padded segment whose sealed, base32 form fits a store segment (200 characters: 125 bytes - 16). */
    static final int MAX_FITTING_BUCKET = 109;

    /**
     * The padded length of a segment of {@code n} UTF-8 bytes: the smallest of 16, 32, 64 and
     * {@value #MAX_FITTING_BUCKET} bytes (the largest that still fits one store-name segment once sealed and
     * base32-encoded), then of the multiples of 256, that holds {@code n + 1} bytes (the segment and its {@code 80} end
     * marker). Segments padded past {@value #MAX_FITTING_BUCKET} bytes are refused by the stores' segment limit.
     */
    static int bucket(int n) {
        for (int b : new int[] {16, 32, 64, MAX_FITTING_BUCKET}) {
            if (n + 1 <= b) {
                return b;
            }
        }
        return (n + 1 + 255) / 256 * 256;
    }

    /** The store name of a valid logical name, padded form. */
    String storeName(String logicalName) {
        return storeName(logicalName, Form.PADDED);
    }

    /** The store name of a valid logical name in {@code form}. */
    String storeName(String logicalName, Form form) {
        LogicalNames.validateName(logicalName);
        String storeName = encodeSegments(logicalName.split("/", -1), form);
        if (storeName.length() > MAX_STORE_NAME_CHARS) {
            throw new InvalidInputException("name: its encrypted form has " + storeName.length()
                    + " characters, stores accept at most " + MAX_STORE_NAME_CHARS
                    + " (each segment costs 1.6 characters per byte of its padded length, plus 26)");
        }
        return storeName;
    }

    /** The logical name of a store name (padded or legacy form), or {@code null} if not made by this vault's secret. */
    String logicalName(String storeName) {
        String padded = decode(storeName, Form.PADDED);
        return padded != null ? padded : decode(storeName, Form.LEGACY);
    }

    private String decode(String storeName, Form form) {
        StringBuilder parent = new StringBuilder();
        for (String encoded : storeName.split("/", -1)) {
            byte[] sealed = Base32.decode(encoded);
            byte[] plain = sealed == null ? null : siv.open(sealed, form.domain, vaultAd, utf8(parent));
            if (plain != null && form == Form.PADDED) {
                plain = unpad(plain);
            }
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
     * The store prefixes covering a logical prefix, padded form first: its whole segments, encrypted in each form
     * ({@code [""]} when it has no whole segment). A trailing partial segment cannot be encrypted as a prefix, so
     * callers filter the decrypted names with {@code startsWith(logicalPrefix)}.
     */
    List<String> storePrefixes(String logicalPrefix) {
        LogicalNames.validatePrefix(logicalPrefix);
        int cut = logicalPrefix.lastIndexOf('/');
        if (cut < 0) {
            return List.of("");
        }
        String[] whole = logicalPrefix.substring(0, cut).split("/", -1);
        return List.of(encodeSegments(whole, Form.PADDED) + "/", encodeSegments(whole, Form.LEGACY) + "/");
    }

    private String encodeSegments(String[] segments, Form form) {
        List<String> out = new ArrayList<>(segments.length);
        StringBuilder parent = new StringBuilder();
        for (String segment : segments) {
            byte[] plain = form == Form.PADDED ? pad(utf8(segment)) : utf8(segment);
            out.add(Base32.encode(siv.seal(plain, form.domain, vaultAd, utf8(parent))));
            if (parent.length() > 0) {
                parent.append('/');
            }
            parent.append(segment);
        }
        return String.join("/", out);
    }

    /** {@code segment || 80 || 00...} to {@link #bucket} bytes. */
    static byte[] pad(byte[] segment) {
        byte[] out = Arrays.copyOf(segment, bucket(segment.length));
        out[segment.length] = (byte) 0x80;
        return out;
    }

    /** The segment inside a padded plaintext, or {@code null} unless it is exactly {@code pad(segment)}. */
    static byte[] unpad(byte[] padded) {
        int end = padded.length - 1;
        while (end >= 0 && padded[end] == 0) {
            end--;
        }
        if (end < 1 || padded[end] != (byte) 0x80 || bucket(end) != padded.length) {
            return null;
        }
        return Arrays.copyOf(padded, end);
    }

    private static byte[] utf8(CharSequence s) {
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }
}
