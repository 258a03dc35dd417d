package fr.coffre.core;

import fr.coffre.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keyed, versioned pseudonyms of patient identifiers, so that applications can name records without identifiers
 * (an unkeyed hash of a NIR is reversible by enumeration; these are not without the registry's secret).
 *
 * <p>A pseudonym is {@code p<version>.<52 base32 characters>}: HMAC-SHA-256 under a key derived, with its own label,
 * from the key registry's pseudonym secret of that version (held wrapped by the master key in custody; never the
 * key that names data keys). {@link KeyRegistry#renewPseudonymSecret()} adds a version: {@link #nir(String)} then
 * uses it, and {@link #nir(String, int)} and {@link #nirAllVersions(String)} still compute the old ones for
 * lookups. Deterministic: one identifier, one registry, one version give one pseudonym. Identifiers are never
 * logged nor put in a message. Obtained from {@link KeyRegistry#pseudonyms()} or {@link Coffre#pseudonyms()};
 * thread-safe; unusable once the registry is closed.
 */
public final class Pseudonyms {
    static final String NIR = "nir";
    private static final Pattern FORM = Pattern.compile("p([1-9]\\d{0,8})\\.([a-z2-7]{" + PseudonymScheme.MAC_CHARS
            + "})");

    private final RegistrySecrets secrets;
    private final Runnable checkOpen;

    Pseudonyms(RegistrySecrets secrets, Runnable checkOpen) {
        this.secrets = secrets;
        this.checkOpen = checkOpen;
    }

    /** The version new pseudonyms are computed under. */
    public int currentVersion() {
        checkOpen.run();
        return secrets.currentPseudonymVersion();
    }

    /** Every version still computable, oldest first. */
    public List<Integer> versions() {
        checkOpen.run();
        return List.copyOf(secrets.pseudonymVersions());
    }

    /**
     * The pseudonym of a French NIR (13 characters and its 2-digit key; spaces ignored) under the current version.
     *
     * @throws InvalidInputException if {@code nir} is not a valid NIR (the message does not quote it)
     */
    public String nir(String nir) {
        return nir(nir, currentVersion());
    }

    /** The pseudonym of {@code nir} under an older (or the current) version, to look up records named under it. */
    public String nir(String nir, int version) {
        String canonical = Nir.canonical(nir);
        checkOpen.run();
        String p = secrets.withPseudonymSecret(version, s -> PseudonymScheme.pseudonym(s, version, NIR, canonical));
        if (p == null) {
            throw new InvalidInputException("version: no pseudonym-secret version " + version + " in this key"
                    + " registry; versions: " + secrets.pseudonymVersions());
        }
        return p;
    }

    /** The pseudonyms of {@code nir} under every version, oldest first (lookups across renewals). */
    public List<String> nirAllVersions(String nir) {
        List<String> out = new ArrayList<>();
        for (int v : versions()) {
            out.add(nir(nir, v));
        }
        return out;
    }

    /** Whether {@code pseudonym} is the pseudonym of {@code nir} under the version it names (constant time). */
    public boolean matchesNir(String nir, String pseudonym) {
        int version = versionOf(pseudonym);
        if (!versions().contains(version)) {
            return false;
        }
        return MessageDigest.isEqual(nir(nir, version).getBytes(StandardCharsets.US_ASCII),
                pseudonym.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The version a pseudonym was computed under.
     *
     * @throws InvalidInputException if it is not of the form {@code p<version>.<52 base32 characters>}
     */
    public static int versionOf(String pseudonym) {
        Matcher m = pseudonym == null ? null : FORM.matcher(pseudonym);
        if (m == null || !m.matches() || Base32.decode(m.group(2)) == null) {
            throw new InvalidInputException("pseudonym: must be p<version>.<" + PseudonymScheme.MAC_CHARS
                    + " base32 characters>");
        }
        return Integer.parseInt(m.group(1));
    }

    @Override
    public String toString() {
        return "Pseudonyms[scheme p, " + PseudonymScheme.LABEL + "]";
    }
}
