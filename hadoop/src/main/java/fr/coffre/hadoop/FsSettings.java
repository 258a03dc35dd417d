package fr.coffre.hadoop;

import fr.coffre.InvalidInputException;
import fr.coffre.core.Policy;
import fr.coffre.core.PutOptions;
import fr.coffre.crypto.EncryptionSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;

/**
 * The {@code fs.coffre.*} keys of a Hadoop configuration, read and checked once per file system instance. A key
 * may be given for one vault as {@code fs.coffre.vault.<vault>.<key>} (e.g. {@code fs.coffre.vault.hospital-a.store.uri}),
 * which wins over {@code fs.coffre.<key>}. Secrets never come from the configuration: a {@code fs.coffre.*} key that
 * looks like one is refused, naming the key only.
 */
final class FsSettings {
    static final String PREFIX = "fs.coffre.";
    static final String STORE_URI = "store.uri";
    static final String CUSTODY_URI = "custody.uri";
    static final String REGISTRY_DIR = "registry.dir";
    static final String VAULT = "vault";
    static final String POLICY = "policy";
    static final String ALLOW_JURISDICTIONS = "allow-jurisdictions";
    static final String MASTER_KEY_ID = "master-key.id";
    static final String PRINCIPAL = "principal";
    static final String REASON = "reason";
    static final String COLLECTION = "collection";
    static final String SEGMENT_SIZE = "segment-size";
    static final String SIZE_PADDING = "size-padding";
    static final String READ_AHEAD = "read-ahead";
    static final String CACHE_MAX_ENTRIES = "cache.max-entries";
    static final String CACHE_TTL_SECONDS = "cache.ttl-seconds";
    static final String BLOCK_SIZE = "block-size";
    static final String CREATE_CONTAINER = "store.create-container";
    static final String CREATE_REGISTRY = "registry.create";
    static final String AUDIT_DIR = "audit.dir";

    static final int DEFAULT_READ_AHEAD_BYTES = 1 << 20;
    static final long DEFAULT_BLOCK_SIZE_BYTES = 128L << 20;
    private static final Pattern SECRET_LIKE =
            Pattern.compile(".*(password|passwd|pin|secret|token|credential|access-?key|private).*");
    private static final Set<String> KNOWN = Set.of(STORE_URI, CUSTODY_URI, REGISTRY_DIR, VAULT, POLICY,
            ALLOW_JURISDICTIONS, MASTER_KEY_ID, PRINCIPAL, REASON, COLLECTION, SEGMENT_SIZE, SIZE_PADDING,
            READ_AHEAD, CACHE_MAX_ENTRIES, CACHE_TTL_SECONDS, BLOCK_SIZE, CREATE_CONTAINER, CREATE_REGISTRY, AUDIT_DIR, "impl");

    final String vault;
    final String storeUri;
    final String custodyUri;
    final Path registryDirectory;
    /** Where this instance's own audit trail directory is created (one writer per trail directory). */
    final Path auditBase;
    final Policy policy;
    final Set<String> allowedJurisdictions;
    final String masterKeyId;
    final String principal;
    final String reason;
    final String collection;
    final int segmentSizeBytes;
    /** Write files size-padded (COF1 suite 2); default false. */
    final boolean sizePadding;
    final int readAheadBytes;
    final int cacheMaxEntries;
    final Duration cacheTimeToLive;
    final long blockSizeBytes;
    final boolean createContainer;
    /** Create a missing registry, master key and development keystore (default false: refused, nothing written). */
    final boolean createRegistry;

    private FsSettings(Configuration conf, String vault) {
        refuseSecrets(conf);
        this.vault = vault;
        this.storeUri = required(conf, STORE_URI);
        this.custodyUri = required(conf, CUSTODY_URI);
        this.registryDirectory = Path.of(required(conf, REGISTRY_DIR));
        String audit = get(conf, AUDIT_DIR, null);
        this.auditBase = audit == null ? registryDirectory.resolve("audit") : Path.of(audit);
        this.policy = Policy.preset(get(conf, POLICY, Policy.DEVELOPMENT));
        this.allowedJurisdictions = jurisdictions(get(conf, ALLOW_JURISDICTIONS, null));
        this.masterKeyId = get(conf, MASTER_KEY_ID, "coffre-master");
        this.principal = get(conf, PRINCIPAL, "hadoop:" + System.getProperty("user.name", "unknown"));
        this.reason = get(conf, REASON, null);
        this.collection = get(conf, COLLECTION, PutOptions.DEFAULT_COLLECTION);
        this.segmentSizeBytes = (int) number(conf, SEGMENT_SIZE, EncryptionSpec.DEFAULT_SEGMENT_SIZE_BYTES,
                4096, 8 << 20);
        this.sizePadding = bool(conf, SIZE_PADDING);
        this.readAheadBytes = (int) number(conf, READ_AHEAD, DEFAULT_READ_AHEAD_BYTES, 4096, 64 << 20);
        this.cacheMaxEntries = (int) number(conf, CACHE_MAX_ENTRIES, 1000, 1, 1_000_000);
        this.cacheTimeToLive = Duration.ofSeconds(number(conf, CACHE_TTL_SECONDS, 300, 1, 86_400));
        this.blockSizeBytes = number(conf, BLOCK_SIZE, DEFAULT_BLOCK_SIZE_BYTES, 1 << 20, 1L << 40);
        this.createContainer = bool(conf, CREATE_CONTAINER);
        this.createRegistry = bool(conf, CREATE_REGISTRY);
    }

    /**
     * The settings of {@code vault} (the authority of {@code coffre://<vault>/}, or {@code fs.coffre.vault} when the URI
     * has none).
     *
     * @throws InvalidInputException naming the key, the rule and (unless it may be secret) the value
     */
    static FsSettings of(Configuration conf, String authority) {
        String vault = authority == null || authority.isEmpty() ? conf.getTrimmed(PREFIX + VAULT) : authority;
        if (vault == null || vault.isEmpty()) {
            throw new InvalidInputException(PREFIX + VAULT + ": must be set when the URI names no vault"
                    + " (coffre://<vault>/<path>)");
        }
        return new FsSettings(conf, vault);
    }

    private void refuseSecrets(Configuration conf) {
        for (Map.Entry<String, String> e : conf.getPropsWithPrefix(PREFIX).entrySet()) {
            String key = e.getKey().toLowerCase(Locale.ROOT);
            if (SECRET_LIKE.matcher(key).matches()) {
                throw new InvalidInputException(PREFIX + e.getKey() + ": looks like a secret; credentials come from"
                        + " the environment (COFFRE_KEYSTORE_PASSWORD, COFFRE_PKCS11_PIN, COFFRE_KMIP_CLIENT_PASSWORD,"
                        + " COFFRE_S3_ACCESS_KEY...), never from the configuration");
            }
            boolean known = KNOWN.contains(key) || key.startsWith("impl.")
                    || key.startsWith(VAULT + ".") && KNOWN.stream().anyMatch(k -> key.endsWith("." + k));
            if (!known) {
                throw new InvalidInputException(PREFIX + e.getKey() + ": unknown key; known: " + new TreeSet<>(KNOWN));
            }
        }
    }

    private String get(Configuration conf, String key, String fallback) {
        String perVault = conf.getTrimmed(PREFIX + VAULT + "." + vault + "." + key);
        if (perVault != null && !perVault.isEmpty()) {
            return perVault;
        }
        String v = conf.getTrimmed(PREFIX + key);
        return v == null || v.isEmpty() ? fallback : v;
    }

    private String required(Configuration conf, String key) {
        String v = get(conf, key, null);
        if (v == null) {
            throw new InvalidInputException(PREFIX + key + ": must be set (or " + PREFIX + VAULT + "." + vault + "."
                    + key + ")");
        }
        return v;
    }

    /** {@code true} or {@code false} (any case); default false. */
    private boolean bool(Configuration conf, String key) {
        String v = get(conf, key, "false");
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new InvalidInputException(PREFIX + key + ": must be true or false, was '"
                    + (v.length() <= 16 ? v : v.length() + " characters") + "'");
        }
        return Boolean.parseBoolean(v);
    }

    private long number(Configuration conf, String key, long fallback, long min, long max) {
        String v = get(conf, key, null);
        if (v == null) {
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(PREFIX + key + ": must be an integer, was '" + v + "'");
        }
        if (n < min || n > max) {
            throw new InvalidInputException(PREFIX + key + ": must be in [" + min + ", " + max + "], was " + n);
        }
        return n;
    }

    private static Set<String> jurisdictions(String csv) {
        if (csv == null) {
            return null;
        }
        Set<String> out = new TreeSet<>();
        for (String part : csv.split(",")) {
            String code = part.strip();
            if (!code.matches("[A-Z]{2}")) {
                throw new InvalidInputException(PREFIX + ALLOW_JURISDICTIONS
                        + ": must be ISO 3166-1 alpha-2 codes separated by commas, was '" + csv + "'");
            }
            out.add(code);
        }
        return Set.copyOf(out);
    }
}
