package fr.coffre.custody;

import fr.coffre.crypto.KeyRef;
import fr.coffre.crypto.KeyUnavailableException;
import fr.coffre.crypto.SecretBytes;
import java.nio.channels.FileLock;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

/**
 * {@link KeyCustodian} over one BCFKS file (see {@link KeystoreCustodian}). Master keys are AES-256 secret-key
 * entries aliased {@code <keyId>#<version>}; the {@link KeyTable} lives in the same file. Every change is a
 * read-modify-write under an in-process write lock and a cross-process file lock, written atomically. Readers use
 * an in-memory snapshot and reload it when the file changed on disk (another process rotated or destroyed).
 */
final class BcfksKeyCustodian implements KeyCustodian {
    static final String SCHEME = "keystore";

    private final KeystoreFile file;
    private final CustodyDescriptor descriptor;
    private final SecureRandom random;
    private final Clock clock;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Decrypted master keys by alias: BCFKS runs PBKDF2 per entry, so each is decrypted once. */
    private final Map<String, SecretKey> keys = new ConcurrentHashMap<>();
    // guarded by lock
    private KeyStore keyStore;
    private KeyTable table;
    private KeystoreFile.Stamp stamp;
    private boolean closed;

    BcfksKeyCustodian(KeystoreFile file, String jurisdiction, boolean createIfMissing, SecureRandom random, Clock clock) {
        this.file = file;
        this.random = random;
        this.clock = clock;
        this.descriptor = new CustodyDescriptor(SCHEME, file.path().toString(), jurisdiction);
        FileLock l = file.lock();
        try {
            if (!file.exists()) {
                if (!createIfMissing) {
                    throw new KeyUnavailableException("keystore " + file.path() + ": no such file (createIfMissing is false)");
                }
                keyStore = file.newEmpty();
                table = KeyTable.empty();
                file.putTable(keyStore, table);
                stamp = file.store(keyStore);
            } else {
                install(file.load());
            }
        } finally {
            KeystoreFile.release(l);
        }
    }

    @Override
    public CustodyDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public KeyRef createKey(String keyId) {
        CustodyArgs.keyId(keyId);
        return mutate(keyId, t -> t.withCreated(SCHEME, keyId, clock.instant()), t -> new KeyRef(SCHEME, keyId, 1));
    }

    @Override
    public boolean exists(String keyId) {
        CustodyArgs.keyId(keyId);
        return read(t -> t.contains(keyId));
    }

    @Override
    public KeyRef currentKey(String keyId) {
        CustodyArgs.keyId(keyId);
        return read(t -> new KeyRef(SCHEME, keyId, t.activeVersion(SCHEME, keyId)));
    }

    @Override
    public List<KeyVersionInfo> versions(String keyId) {
        CustodyArgs.keyId(keyId);
        return read(t -> t.infos(SCHEME, keyId));
    }

    @Override
    public KeyRef rotate(String keyId) {
        CustodyArgs.keyId(keyId);
        return mutate(keyId, t -> t.withRotated(SCHEME, keyId, clock.instant()),
                t -> new KeyRef(SCHEME, keyId, t.activeVersion(SCHEME, keyId)));
    }

    @Override
    public void retire(KeyRef version) {
        CustodyArgs.ref(SCHEME, version);
        mutate(version.keyId(), t -> t.withRetired(version), t -> null);
    }

    @Override
    public void reinstate(KeyRef version) {
        CustodyArgs.ref(SCHEME, version);
        mutate(version.keyId(), t -> t.withReinstated(version), t -> null);
    }

    @Override
    public void destroyVersion(KeyRef version) {
        CustodyArgs.ref(SCHEME, version);
        mutate(version.keyId(), t -> t.withVersionDestroyed(version), t -> null);
    }

    @Override
    public void destroy(String keyId) {
        CustodyArgs.keyId(keyId);
        mutate(keyId, t -> t.withAllDestroyed(SCHEME, keyId), t -> null);
    }

    @Override
    public byte[] protect(KeyRef masterKey, SecretBytes dataKey, byte[] context) {
        CustodyArgs.ref(SCHEME, masterKey);
        CustodyArgs.dataKey(dataKey);
        CustodyArgs.context(context);
        Key key = read(t -> {
            t.require(masterKey, KeyTable.Use.PROTECT);
            return key(masterKey);
        });
        try {
            return GcmEnvelope.seal(key, null, masterKey, dataKey, context, random);
        } catch (TransientCustodyException e) {
            throw new KeyUnavailableException("master key " + masterKey + ": protect failed", e);
        }
    }

    @Override
    public SecretBytes unprotect(KeyRef masterKey, byte[] wrapped, byte[] context) {
        CustodyArgs.ref(SCHEME, masterKey);
        CustodyArgs.wrapped(wrapped);
        CustodyArgs.context(context);
        Key key = read(t -> {
            t.require(masterKey, KeyTable.Use.UNPROTECT);
            return key(masterKey);
        });
        try {
            return GcmEnvelope.open(key, null, masterKey, wrapped, context);
        } catch (TransientCustodyException e) {
            throw new KeyUnavailableException("master key " + masterKey + ": unprotect failed", e);
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            closed = true;
            keys.clear();
            keyStore = null;
            table = null;
            file.close();
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "KeystoreCustodian[" + descriptor.endpoint() + ", jurisdiction=" + descriptor.jurisdiction() + "]";
    }

    /** Called under the read lock, after the table allowed the use. */
    private SecretKey key(KeyRef ref) {
        String alias = alias(ref.keyId(), ref.version());
        return keys.computeIfAbsent(alias, a -> {
            try {
                Key k = keyStore.getKey(a, file.password());
                if (!(k instanceof SecretKey)) {
                    throw new KeyUnavailableException("master key " + ref + ": no key entry in keystore");
                }
                return (SecretKey) k;
            } catch (GeneralSecurityException e) {
                throw new KeyUnavailableException("master key " + ref + ": cannot read key entry", e);
            }
        });
    }

    private <T> T read(Function<KeyTable, T> use) {
        refreshIfChanged();
        lock.readLock().lock();
        try {
            checkOpen();
            return use.apply(table);
        } finally {
            lock.readLock().unlock();
        }
    }

    private void refreshIfChanged() {
        KeystoreFile.Stamp now = file.stamp();
        lock.readLock().lock();
        try {
            checkOpen();
            if (keyStore != null && Objects.equals(now, stamp)) {
                return;
            }
        } finally {
            lock.readLock().unlock();
        }
        lock.writeLock().lock();
        try {
            checkOpen();
            if (keyStore == null || !Objects.equals(file.stamp(), stamp)) {
                install(file.load());
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private <T> T mutate(String keyId, UnaryOperator<KeyTable> rule, Function<KeyTable, T> result) {
        lock.writeLock().lock();
        try {
            checkOpen();
            FileLock fl = file.lock();
            try {
                if (keyStore == null || !Objects.equals(file.stamp(), stamp)) {
                    install(file.load());
                }
                KeyTable next = rule.apply(table); // typed failure before anything changes
                if (next != table) {
                    try {
                        reconcile(keyId, next);
                        file.putTable(keyStore, next);
                        stamp = file.store(keyStore);
                        table = next;
                    } catch (RuntimeException e) {
                        keyStore = null; // the in-memory keystore may be ahead of the file: reload next time
                        throw e;
                    }
                }
                return result.apply(table);
            } finally {
                KeystoreFile.release(fl);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Makes the key entries of {@code keyId} match {@code next}: new versions get a fresh key, destroyed ones none. */
    private void reconcile(String keyId, KeyTable next) {
        for (KeyTable.Version v : next.list(keyId)) {
            String alias = alias(keyId, v.version());
            try {
                boolean present = keyStore.containsAlias(alias);
                if (v.state() == KeyState.DESTROYED) {
                    keys.remove(alias);
                    if (present) {
                        keyStore.deleteEntry(alias);
                    }
                } else if (!present) {
                    KeyGenerator gen = KeyGenerator.getInstance("AES");
                    gen.init(256, random);
                    SecretKey k = gen.generateKey();
                    file.entry(keyStore, alias, k);
                    keys.put(alias, k);
                }
            } catch (GeneralSecurityException e) {
                throw new KeyUnavailableException("keystore " + file.path() + ": cannot update entry " + alias, e);
            }
        }
    }

    private void install(KeystoreFile.Loaded loaded) {
        keys.clear();
        keyStore = loaded.keyStore();
        table = loaded.table();
        stamp = loaded.stamp();
    }

    private void checkOpen() {
        if (closed) {
            throw new KeyUnavailableException("keystore custodian " + file.path() + ": closed");
        }
    }

    static String alias(String keyId, int version) {
        return keyId + "#" + version;
    }
}
