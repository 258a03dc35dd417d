package fr.coffre.custody;

import fr.coffre.InvalidInputException;
import fr.coffre.UriQuery;
import fr.coffre.KeyUnavailableException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A custody named by a URI, for configuration files and the CLI; {@link #open} builds the {@link KeyCustodian}.
 * <pre>
 * keystore:PATH[?jurisdiction=FR]                  BCFKS keystore, password from COFFRE_KEYSTORE_PASSWORD (development)
 * pkcs11:CONFIG_FILE[?jurisdiction=FR]             SunPKCS11 configuration file, PIN from COFFRE_PKCS11_PIN
 * kmip://HOST[:PORT]?ca=PEM&amp;client=P12[&amp;mode=server-side|fetch-then-wrap][&amp;namespace=NS][&amp;jurisdiction=FR]
 *                                                  mutual TLS; client key store password from COFFRE_KMIP_CLIENT_PASSWORD
 * </pre>
 * Relative paths resolve against the working directory; the KMIP port defaults to 5696, the mode to
 * {@code server-side} (the master key never leaves the KMS), the namespace to {@code coffre}, the jurisdiction label
 * to {@code FR}. Paths in {@code keystore:} and {@code pkcs11:} are taken literally up to the first {@code '?'};
 * KMIP parameter values are percent-decoded.
 *
 * <p><b>Credentials never go in a URI</b>: PINs and passwords come from the environment (never the command line,
 * where other users and shell histories see them). User info ({@code user:secret@}) and parameters named like a
 * credential ({@code pin}, {@code password}, {@code secret}...) are refused, and error messages never quote their
 * values. Unknown parameters are errors: a typo must not silently change which custody holds the keys.
 * Immutable; {@link #toString()} is the canonical URI (it holds no secret).
 */
public final class CustodyUri {
    /** Environment variable holding the keystore password ({@code keystore:}). */
    public static final String KEYSTORE_PASSWORD_ENV = "COFFRE_KEYSTORE_PASSWORD";
    /** Environment variable holding the PKCS#11 user PIN ({@code pkcs11:}). */
    public static final String PKCS11_PIN_ENV = "COFFRE_PKCS11_PIN";
    /** Environment variable holding the password of the KMIP client PKCS#12 file ({@code kmip:}). */
    public static final String KMIP_CLIENT_PASSWORD_ENV = "COFFRE_KMIP_CLIENT_PASSWORD";
    /** KMIP's registered port. */
    public static final int KMIP_DEFAULT_PORT = 5696;

    private static final Pattern JURISDICTION = Pattern.compile("[A-Z]{2}");
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final String scheme;
    private final Path file;
    private final String host;
    private final int port;
    private final KmipCustodian.Mode mode;
    private final Path ca;
    private final Path client;
    private final String namespace;
    private final String jurisdiction;

    private CustodyUri(String scheme, Path file, String host, int port, KmipCustodian.Mode mode, Path ca, Path client,
            String namespace, String jurisdiction) {
        this.scheme = scheme;
        this.file = file;
        this.host = host;
        this.port = port;
        this.mode = mode;
        this.ca = ca;
        this.client = client;
        this.namespace = namespace;
        this.jurisdiction = jurisdiction;
    }

    /**
     * Parses and validates a custody URI (syntax only: files and servers are checked by {@link #open}).
     *
     * @throws InvalidInputException naming the part and the rule it broke (never quoting a credential)
     */
    public static CustodyUri parse(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new InvalidInputException("custody URI: must be non-blank, as in keystore:PATH, pkcs11:CONFIG_FILE"
                    + " or kmip://HOST:PORT?ca=...&client=...");
        }
        if (!uri.equals(uri.strip())) {
            throw new InvalidInputException("custody URI: must not start or end with whitespace");
        }
        int colon = uri.indexOf(':');
        String scheme = colon < 0 ? "" : uri.substring(0, colon);
        switch (scheme) {
            case KeystoreCustodian.SCHEME:
            case Pkcs11Custodian.SCHEME:
                return fileBased(scheme, uri.substring(colon + 1));
            case KmipCustodian.SCHEME:
                return kmip(uri);
            default:
                throw new InvalidInputException("custody URI: must start with keystore:, pkcs11: or kmip://, was "
                        + (colon < 0 ? "without a scheme" : "scheme " + UriQuery.showName(scheme)));
        }
    }

    private static CustodyUri fileBased(String scheme, String rest) {
        int q = rest.indexOf('?');
        String rawPath = q < 0 ? rest : rest.substring(0, q);
        Map<String, String> params = query(scheme, q < 0 ? null : rest.substring(q + 1), false);
        allow(scheme, params, Set.of("jurisdiction"));
        String what = scheme.equals(KeystoreCustodian.SCHEME) ? "the keystore file" : "the SunPKCS11 configuration file";
        if (rawPath.isEmpty() || rawPath.startsWith("//")) {
            throw new InvalidInputException("custody URI " + scheme + ": must be followed by " + what + ", as in "
                    + scheme + ":/etc/coffre/" + (scheme.equals(KeystoreCustodian.SCHEME) ? "keys.bcfks" : "hsm.cfg"));
        }
        return new CustodyUri(scheme, path(scheme, "path", rawPath), null, 0, null, null, null, null,
                jurisdiction(scheme, params));
    }

    private static CustodyUri kmip(String uri) {
        String scheme = KmipCustodian.SCHEME;
        URI u;
        try {
            u = new URI(uri);
        } catch (URISyntaxException e) {
            throw new InvalidInputException("custody URI kmip: not a valid URI (" + e.getReason() + " at index "
                    + e.getIndex() + ")");
        }
        if (u.isOpaque() || u.getRawAuthority() == null) {
            throw new InvalidInputException("custody URI kmip: must be kmip://HOST[:PORT]?ca=...&client=...");
        }
        if (u.getRawUserInfo() != null || u.getRawAuthority().contains("@")) {
            throw new InvalidInputException("custody URI kmip: must not contain user info ('user:secret@'); the"
                    + " client authenticates with its certificate, whose key store password comes from "
                    + KMIP_CLIENT_PASSWORD_ENV);
        }
        if (u.getHost() == null) {
            throw new InvalidInputException("custody URI kmip: host: must be a host name or IP address (and an"
                    + " optional :PORT) after 'kmip://', was " + show(u.getRawAuthority()));
        }
        if (u.getRawPath() != null && !u.getRawPath().isEmpty() && !u.getRawPath().equals("/")) {
            throw new InvalidInputException("custody URI kmip: path: must be empty (parameters follow '?'), was "
                    + show(u.getRawPath()));
        }
        if (u.getRawFragment() != null) {
            throw new InvalidInputException("custody URI kmip: must not have a fragment ('#...')");
        }
        Map<String, String> params = query(scheme, u.getRawQuery(), true);
        allow(scheme, params, Set.of("ca", "client", "mode", "namespace", "jurisdiction"));
        String namespace = params.getOrDefault("namespace", "coffre");
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw new InvalidInputException("custody URI kmip: namespace: must match " + NAMESPACE + ", was "
                    + show(namespace));
        }
        if (u.getPort() == 0 || u.getPort() > 65535) {
            throw new InvalidInputException("custody URI kmip: port: must be in [1, 65535], was " + u.getPort());
        }
        String host = u.getHost().startsWith("[") ? u.getHost().substring(1, u.getHost().length() - 1) : u.getHost();
        return new CustodyUri(scheme, null, host, u.getPort() < 0 ? KMIP_DEFAULT_PORT : u.getPort(),
                mode(params.get("mode")), path(scheme, "ca", required(params, "ca", "PEM file of the CA that signed the"
                        + " server certificate")),
                path(scheme, "client", required(params, "client", "PKCS#12 file of the client certificate and key")),
                namespace, jurisdiction(scheme, params));
    }

    private static KmipCustodian.Mode mode(String value) {
        if (value == null || value.equals("server-side")) {
            return KmipCustodian.Mode.SERVER_SIDE;
        }
        if (value.equals("fetch-then-wrap")) {
            return KmipCustodian.Mode.FETCH_THEN_WRAP;
        }
        throw new InvalidInputException("custody URI kmip: mode: must be server-side or fetch-then-wrap, was "
                + show(value));
    }

    private static String required(Map<String, String> params, String key, String what) {
        String v = params.get(key);
        if (v == null || v.isEmpty()) {
            throw new InvalidInputException("custody URI kmip: " + key + ": parameter must be set (" + key + "=" + what
                    + ")");
        }
        return v;
    }

    private static Path path(String scheme, String field, String value) {
        try {
            return Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new InvalidInputException("custody URI " + scheme + ": " + field + ": not a valid path ("
                    + e.getReason() + ")");
        }
    }

    private static String jurisdiction(String scheme, Map<String, String> params) {
        String j = params.getOrDefault("jurisdiction", "FR");
        if (!JURISDICTION.matcher(j).matches()) {
            throw new InvalidInputException("custody URI " + scheme + ": jurisdiction: must be an ISO 3166-1 alpha-2"
                    + " code in upper case such as FR, was " + show(j));
        }
        return j;
    }

    private static Map<String, String> query(String scheme, String raw, boolean decode) {
        return UriQuery.parse(raw, "custody URI " + scheme, decode, "is not allowed: credentials never go in a"
                + " custody URI (PIN from " + PKCS11_PIN_ENV + ", passwords from " + KEYSTORE_PASSWORD_ENV + " or "
                + KMIP_CLIENT_PASSWORD_ENV + ")");
    }

    private static void allow(String scheme, Map<String, String> params, Set<String> known) {
        for (String key : params.keySet()) {
            if (!known.contains(key)) {
                throw new InvalidInputException("custody URI " + scheme + ": parameter '" + key + "' is not known;"
                        + " known: " + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    /** A short user-given value in quotes, or a note (it may be something pasted by mistake). */
    private static String show(String value) {
        return value.length() <= 64 && value.chars().noneMatch(Character::isISOControl)
                && !UriQuery.holdsCredential(value) ? "'" + value + "'"
                : "a value of " + value.length() + " characters (not shown)";
    }

    /** {@code keystore}, {@code pkcs11} or {@code kmip}: the {@link fr.coffre.custody.CustodyDescriptor#scheme()}. */
    public String scheme() {
        return scheme;
    }

    /** The declared jurisdiction label (ISO 3166-1 alpha-2) the custodian will report. */
    public String jurisdiction() {
        return jurisdiction;
    }

    /** The keystore file of a {@code keystore:} URI (absolute); empty for other schemes. */
    public Optional<Path> keystore() {
        return scheme.equals(KeystoreCustodian.SCHEME) ? Optional.of(file) : Optional.empty();
    }

    /**
     * Opens the custody, reading its credential from {@code environment} (typically {@link System#getenv()}):
     * {@value #KEYSTORE_PASSWORD_ENV}, {@value #PKCS11_PIN_ENV} (read again at each token login) or
     * {@value #KMIP_CLIENT_PASSWORD_ENV}. The caller closes the custodian.
     *
     * @throws InvalidInputException if the credential variable is unset or a named file is not readable
     * @throws KeyUnavailableException if the custody cannot be reached or refuses the credential
     */
    public KeyCustodian open(Map<String, String> environment) {
        return open(environment, false);
    }

    /**
     * {@link #open(Map)}; with {@code createKeystoreIfMissing}, a {@code keystore:} file that does not exist is
     * created (an explicit setup step, such as {@code coffre init}); without it, it is a
     * {@link KeystoreNotFoundException}. Other schemes ignore the flag (an HSM or KMS is never created here).
     */
    public KeyCustodian open(Map<String, String> environment, boolean createKeystoreIfMissing) {
        if (environment == null) {
            throw new InvalidInputException("environment: must be non-null");
        }
        switch (scheme) {
            case KeystoreCustodian.SCHEME: {
                char[] password = credential(environment, KEYSTORE_PASSWORD_ENV, "the keystore password").toCharArray();
                try {
                    return KeystoreCustodian.builder().path(file).password(password).jurisdiction(jurisdiction)
                            .createIfMissing(createKeystoreIfMissing).build();
                } finally {
                    Arrays.fill(password, '\0');
                }
            }
            case Pkcs11Custodian.SCHEME:
                credential(environment, PKCS11_PIN_ENV, "the token's user PIN");
                return Pkcs11Custodian.builder().configFile(readable("path", file)).jurisdiction(jurisdiction)
                        .pin(() -> {
                            String pin = environment.get(PKCS11_PIN_ENV);
                            if (pin == null || pin.isEmpty()) {
                                throw new KeyUnavailableException("PKCS#11 PIN: " + PKCS11_PIN_ENV + " is not set");
                            }
                            return pin.toCharArray();
                        }).build();
            default: {
                readable("ca", ca);
                readable("client", client);
                char[] password = credential(environment, KMIP_CLIENT_PASSWORD_ENV, "the client key store password")
                        .toCharArray();
                try {
                    return KmipCustodian.builder().host(host).port(port).trustedCa(ca).clientKeyStore(client, password)
                            .mode(mode).namespace(namespace).jurisdiction(jurisdiction).build();
                } finally {
                    Arrays.fill(password, '\0');
                }
            }
        }
    }

    private String credential(Map<String, String> environment, String variable, String what) {
        String value = environment.get(variable);
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException(scheme + " custody: " + what + " must be in environment variable "
                    + variable + " (never on the command line or in the URI); it is not set");
        }
        return value;
    }

    private Path readable(String field, Path p) {
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw new InvalidInputException(scheme + " custody: " + field + ": '" + p + "' is not a readable file");
        }
        return p;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CustodyUri && toString().equals(o.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    /** The canonical URI: absolute paths, every default spelled out; never a credential. */
    @Override
    public String toString() {
        if (file != null) {
            return scheme + ":" + file + "?jurisdiction=" + jurisdiction;
        }
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "kmip://" + h + ":" + port + "?mode=" + (mode == KmipCustodian.Mode.SERVER_SIDE ? "server-side"
                : "fetch-then-wrap") + "&ca=" + escape(ca) + "&client=" + escape(client) + "&namespace=" + namespace
                + "&jurisdiction=" + jurisdiction;
    }

    private static String escape(Path p) {
        return p.toString().replace("%", "%25").replace("&", "%26").replace("#", "%23");
    }
}
