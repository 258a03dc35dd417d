package fr.coffre.store;

import fr.coffre.InvalidInputException;
import fr.coffre.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import javax.security.auth.Destroyable;

/**
 * Credentials of a remote store, given explicitly or read from the environment, never from a store URI. The secret
 * is held as {@link SecretBytes}; {@link #toString()} shows only the kind; {@link #destroy()} zeroes the secret.
 *
 * <h2>Environment variables ({@link #fromEnvironment})</h2>
 * <ul>
 *   <li>S3, OVHcloud, Scaleway, Outscale: {@value #S3_ACCESS_KEY} and {@value #S3_SECRET_KEY}.</li>
 *   <li>Swift: {@value #SWIFT_USER} (tempauth {@code account:user}, or the Keystone v3 user name) and
 *       {@value #SWIFT_KEY} (key or password).</li>
 *   <li>Azure: exactly one of {@value #AZURE_ACCOUNT_KEY} (the account's shared key) and {@value #AZURE_SAS}
 *       (a SAS token).</li>
 * </ul>
 * Adapters lend the secret with {@link #withSecret} and convert it to whatever their SDK needs; nobody logs it.
 */
public final class StoreCredentials implements Destroyable, AutoCloseable {

    public static final String S3_ACCESS_KEY = "COFFRE_S3_ACCESS_KEY";
    public static final String S3_SECRET_KEY = "COFFRE_S3_SECRET_KEY";
    public static final String SWIFT_USER = "COFFRE_SWIFT_USER";
    public static final String SWIFT_KEY = "COFFRE_SWIFT_KEY";
    public static final String AZURE_ACCOUNT_KEY = "COFFRE_AZURE_ACCOUNT_KEY";
    public static final String AZURE_SAS = "COFFRE_AZURE_SAS";

    /** What the credentials are. */
    public enum Kind {
        /** S3 access key id ({@link #identity()}) and secret access key. */
        S3_ACCESS_KEY,
        /** Swift user ({@link #identity()}) and key or password. */
        SWIFT_PASSWORD,
        /** Azure storage account shared key (no identity: the account is in the store config). */
        AZURE_SHARED_KEY,
        /** Azure shared access signature token (no identity). */
        AZURE_SAS
    }

    private final Kind kind;
    private final String identity;
    private final SecretBytes secret;

    private StoreCredentials(Kind kind, String identity, SecretBytes secret) {
        this.kind = kind;
        this.identity = identity;
        this.secret = secret;
    }

    /** S3 credentials; takes ownership of {@code secretAccessKey}. */
    public static StoreCredentials s3(String accessKeyId, SecretBytes secretAccessKey) {
        return new StoreCredentials(Kind.S3_ACCESS_KEY, requireIdentity("accessKeyId", accessKeyId),
                requireSecret("secretAccessKey", secretAccessKey));
    }

    /** Swift credentials; takes ownership of {@code key}. */
    public static StoreCredentials swift(String user, SecretBytes key) {
        return new StoreCredentials(Kind.SWIFT_PASSWORD, requireIdentity("user", user), requireSecret("key", key));
    }

    /** Azure shared-key credentials; takes ownership of {@code accountKey} (the base64 key as text bytes). */
    public static StoreCredentials azureSharedKey(SecretBytes accountKey) {
        return new StoreCredentials(Kind.AZURE_SHARED_KEY, null, requireSecret("accountKey", accountKey));
    }

    /** Azure SAS credentials; takes ownership of {@code sasToken}. */
    public static StoreCredentials azureSas(SecretBytes sasToken) {
        return new StoreCredentials(Kind.AZURE_SAS, null, requireSecret("sasToken", sasToken));
    }

    /**
     * Reads the credentials {@code provider} needs from {@code env} (pass {@code System.getenv()}).
     *
     * @throws InvalidInputException naming the missing or conflicting variables (never their values), or if the
     *         provider takes no credentials
     */
    public static StoreCredentials fromEnvironment(StoreProvider provider, Map<String, String> env) {
        if (provider == null || env == null) {
            throw new InvalidInputException("provider and env: must be non-null");
        }
        if (provider.isS3Compatible()) {
            return s3(requireVariable(env, S3_ACCESS_KEY), secretOf(requireVariable(env, S3_SECRET_KEY)));
        }
        switch (provider) {
            case SWIFT:
                return swift(requireVariable(env, SWIFT_USER), secretOf(requireVariable(env, SWIFT_KEY)));
            case AZURE:
                boolean key = present(env, AZURE_ACCOUNT_KEY);
                boolean sas = present(env, AZURE_SAS);
                if (key == sas) {
                    throw new InvalidInputException("environment: set exactly one of " + AZURE_ACCOUNT_KEY + " and "
                            + AZURE_SAS + " for an azure store, " + (key ? "both are set" : "neither is set"));
                }
                return key ? azureSharedKey(secretOf(env.get(AZURE_ACCOUNT_KEY)))
                        : azureSas(secretOf(env.get(AZURE_SAS)));
            default:
                throw new InvalidInputException("provider: the " + provider.scheme() + " store takes no credentials");
        }
    }

    public Kind kind() {
        return kind;
    }

    /** The access key id or user; null for Azure kinds. Not secret, but not logged either. */
    public String identity() {
        return identity;
    }

    /** Lends the secret's bytes (UTF-8 text for every kind) to {@code use}, which must not keep the array. */
    public <T> T withSecret(Function<byte[], T> use) {
        return secret.apply(use);
    }

    /** The secret as a String, for SDKs that only take one (a String cannot be zeroed: keep its use short). */
    public String secretAsString() {
        return withSecret(b -> new String(b, StandardCharsets.UTF_8));
    }

    @Override
    public void destroy() {
        secret.destroy();
    }

    @Override
    public boolean isDestroyed() {
        return secret.isDestroyed();
    }

    @Override
    public void close() {
        destroy();
    }

    @Override
    public String toString() {
        return "StoreCredentials[" + kind + ", identity and secret redacted]";
    }

    private static boolean present(Map<String, String> env, String name) {
        String v = env.get(name);
        return v != null && !v.isEmpty();
    }

    private static String requireVariable(Map<String, String> env, String name) {
        if (!present(env, name)) {
            throw new InvalidInputException("environment: variable " + name + " must be set and non-empty");
        }
        return env.get(name);
    }

    private static SecretBytes secretOf(String value) {
        return SecretBytes.wrap(value.getBytes(StandardCharsets.UTF_8));
    }

    private static String requireIdentity(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field + ": must be non-blank");
        }
        return value;
    }

    private static SecretBytes requireSecret(String field, SecretBytes value) {
        if (value == null || value.isDestroyed()) {
            throw new InvalidInputException(field + ": must be a live (not destroyed) secret");
        }
        return value;
    }
}
