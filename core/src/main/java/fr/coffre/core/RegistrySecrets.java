package fr.coffre.core;
import fr.coffre.crypto.AesSiv;

import fr.coffre.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The registry's own secrets, unwrapped once at start and held until {@link #close()}: the versioned pseudonym
 * secret (HMAC-SHA-256 key turning subject and collection names into data-key ids), the names secret
 * (AES-SIV key for object names) and the key-reference secret (AES-SIV key blinding header key references). All
 * live wrapped in {@code secrets/} beside the data keys. Readers of the pseudonym secret share a read lock (every
 * audited access computes pseudonyms, so they must not serialise); adding versions and closing take the write lock,
 * so no reader ever sees a secret being destroyed.
 */
final class RegistrySecrets implements AutoCloseable {
    static final String PSEUDONYM = "pseudonym";
    static final String NAMES = "names";
    static final String KEY_REF = "key-ref";
    private static final int PSEUDONYM_KEY_BYTES = 32;
    private static final int NAMES_KEY_BYTES = 64;

    private final RegistryStore dir;
    private final EntryCrypto crypto;
    private final SecureRandom random;
    private final TreeMap<Integer, SecretBytes> pseudonymKeys = new TreeMap<>();
    private final java.util.concurrent.locks.ReentrantReadWriteLock lock =
            new java.util.concurrent.locks.ReentrantReadWriteLock();
    private final AesSiv names;
    private final AesSiv keyRefs;

    RegistrySecrets(RegistryStore dir, EntryCrypto crypto, SecureRandom random) {
        this.dir = dir;
        this.crypto = crypto;
        this.random = random;
        addVersions(loadOrCreate(PSEUDONYM, PSEUDONYM_KEY_BYTES));
        this.names = siv(loadOrCreate(NAMES, NAMES_KEY_BYTES));
        this.keyRefs = siv(loadOrCreate(KEY_REF, NAMES_KEY_BYTES));
    }

    private AesSiv siv(RegistryEntry entry) {
        try (SecretBytes key = crypto.unwrap(entry, entry.versions().get(0))) {
            return key.apply(AesSiv::new);
        }
    }

    AesSiv names() {
        return names;
    }

    /** AES-SIV key blinding header key references (FORMAT.md §3.2). */
    AesSiv keyRefs() {
        return keyRefs;
    }

    int currentPseudonymVersion() {
        return read(() -> pseudonymKeys.lastKey());
    }

    List<Integer> pseudonymVersions() {
        return read(() -> new ArrayList<>(pseudonymKeys.keySet()));
    }

    private <T> T read(java.util.function.Supplier<T> body) {
        return under(lock.readLock(), body);
    }

    private <T> T write(java.util.function.Supplier<T> body) {
        return under(lock.writeLock(), body);
    }

    private static <T> T under(java.util.concurrent.locks.Lock held, java.util.function.Supplier<T> body) {
        held.lock();
        try {
            return body.get();
        } finally {
            held.unlock();
        }
    }

    /** Data-key id of a subject or collection under pseudonym-secret {@code version}: kind letter, version, HMAC. */
    String dataKeyId(int version, boolean subject, String value) {
        byte[] input = ("coffre-pseudonym/1\0" + (subject ? "subject" : "collection") + "\0" + value)
                .getBytes(StandardCharsets.UTF_8);
        byte[] mac = withPseudonymSecret(version, key -> {
            try {
                Mac hmac = Mac.getInstance("HmacSHA256");
                hmac.init(new SecretKeySpec(key, "HmacSHA256"));
                return hmac.doFinal(input);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
        });
        return (subject ? "s" : "c") + version + "-" + Base32.encode(mac);
    }

    /**
     * Applies {@code use} to pseudonym-secret {@code version} (for {@link Pseudonyms}, which derives its own key from
     * it under a distinct label); {@code null} if there is no such version.
     */
    <T> T withPseudonymSecret(int version, java.util.function.Function<byte[], T> use) {
        return read(() -> {
            SecretBytes key = pseudonymKeys.get(version);
            return key == null ? null : key.apply(use);
        });
    }

    /** Loads the pseudonym-secret versions another process (or instance) added since this one started. */
    void reload() {
        RegistryEntry entry = dir.read(RegistryEntry.SECRET, PSEUDONYM).orElseThrow();
        write(() -> {
            addVersions(entry);
            return null;
        });
    }

    private void addVersions(RegistryEntry pseudonyms) {
        for (RegistryEntry.Version v : pseudonyms.versions()) {
            if (!pseudonymKeys.containsKey(v.version())) {
                pseudonymKeys.put(v.version(), crypto.unwrap(pseudonyms, v));
            }
        }
    }

    /** Adds a pseudonym-secret version; new data keys get ids under it. */
    int renewPseudonymSecret() {
        return write(this::renewLocked);
    }

    private int renewLocked() {
        RegistryEntry entry = dir.read(RegistryEntry.SECRET, PSEUDONYM).orElseThrow();
        addVersions(entry);
        int next = entry.latestVersion() + 1;
        SecretBytes key = SecretBytes.random(PSEUDONYM_KEY_BYTES, random);
        List<RegistryEntry.Version> versions = new ArrayList<>(entry.versions());
        versions.add(crypto.wrap(RegistryEntry.SECRET, PSEUDONYM, next, key));
        dir.replace(entry.withVersions(versions));
        pseudonymKeys.put(next, key);
        return next;
    }

    private RegistryEntry loadOrCreate(String id, int lengthBytes) {
        return dir.read(RegistryEntry.SECRET, id).orElseGet(() -> {
            try (SecretBytes key = SecretBytes.random(lengthBytes, random)) {
                dir.create(crypto.newEntry(RegistryEntry.SECRET, id, key));
            }
            return dir.read(RegistryEntry.SECRET, id).orElseThrow();
        });
    }

    @Override
    public void close() {
        write(() -> {
            pseudonymKeys.values().forEach(SecretBytes::destroy);
            names.destroy();
            keyRefs.destroy();
            return null;
        });
    }
}
