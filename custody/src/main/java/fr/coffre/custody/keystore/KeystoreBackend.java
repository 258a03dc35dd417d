package fr.coffre.custody.keystore;

import fr.coffre.KeyRef;
import fr.coffre.KeyUnavailableException;
import fr.coffre.SecretBytes;
import fr.coffre.custody.internal.CustodyBackend;
import fr.coffre.custody.internal.GcmEnvelope;
import fr.coffre.custody.internal.HeldLock;
import fr.coffre.custody.internal.KeyTable;
import fr.coffre.custody.internal.MissingKeyException;
import fr.coffre.custody.internal.TransientCustodyException;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

/**
 * {@link CustodyBackend} over one BCFKS file: master keys are AES-256 secret-key entries aliased
 * {@code <keyId>#<version>}, the table an entry of the same file, and each commit one atomic file write. Wrapping
 * is {@link GcmEnvelope} with the JDK provider.
 */
public final class KeystoreBackend implements CustodyBackend {
    private final KeystoreFile file;
    private final SecureRandom random;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Decrypted master keys by alias: BCFKS runs PBKDF2 per entry, so each is decrypted once. */
    private final Map<String, SecretKey> keys = new ConcurrentHashMap<>();
    private KeyStore keyStore; // guarded by lock

    /**
     * The backend over the BCFKS file {@code path}, created (empty) if absent and {@code createIfMissing}. The
     * password is copied; the copy is zeroed by {@link #close()}, or at once if opening fails.
     *
     * @throws fr.coffre.custody.KeystoreNotFoundException if the file is absent and may not be created
     * @throws KeyUnavailableException if it cannot be created
     */
    public static KeystoreBackend forFile(Path path, char[] password, boolean createIfMissing, SecureRandom random) {
        KeystoreFile file = new KeystoreFile(path, password);
        try {
            return new KeystoreBackend(file, createIfMissing, random);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private KeystoreBackend(KeystoreFile file, boolean createIfMissing, SecureRandom random) {
        this.file = file;
        this.random = random;
        if (!file.exists()) {
            if (!createIfMissing) {
                throw new fr.coffre.custody.KeystoreNotFoundException("keystore " + file.path() + ": no such file;"
                        + " nothing was created. Check the path, or create the keystore explicitly (coffre init, or"
                        + " KeystoreCustodian.Builder.createIfMissing(true))");
            }
            FileLock l = file.lock();
            try {
                if (!file.exists()) {
                    KeyStore ks = file.newEmpty();
                    file.putTable(ks, KeyTable.empty());
                    file.store(ks);
                }
            } finally {
                KeystoreFile.release(l);
            }
        }
    }

    /** The keystore file, absolute and normalised. */
    public Path path() {
        return file.path();
    }

    @Override
    public KeyTable load() {
        KeystoreFile.Loaded loaded = file.load();
        lock.writeLock().lock();
        try {
            keys.clear();
            keyStore = loaded.keyStore();
            return loaded.table();
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public Object changeStamp() {
        return file.stamp();
    }

    @Override
    public HeldLock lockForChange() {
        FileLock l = file.lock();
        return () -> KeystoreFile.release(l);
    }

    @Override
    public void commit(KeyTable next, List<KeyRef> create, List<KeyRef> delete) {
        lock.writeLock().lock();
        try {
            try {
                for (KeyRef ref : create) {
                    KeyGenerator gen = KeyGenerator.getInstance("AES");
                    gen.init(256, random);
                    SecretKey k = gen.generateKey();
                    file.entry(keyStore, CustodyBackend.alias(ref), k);
                    keys.put(CustodyBackend.alias(ref), k);
                }
                for (KeyRef ref : delete) {
                    keys.remove(CustodyBackend.alias(ref));
                    if (keyStore.containsAlias(CustodyBackend.alias(ref))) {
                        keyStore.deleteEntry(CustodyBackend.alias(ref));
                    }
                }
                file.putTable(keyStore, next);
                file.store(keyStore);
            } catch (GeneralSecurityException | RuntimeException e) {
                // the in-memory keystore may now be ahead of the file: reload it before any other use
                keys.clear();
                keyStore = file.load().keyStore();
                if (e instanceof KeyUnavailableException) {
                    throw (KeyUnavailableException) e;
                }
                throw new KeyUnavailableException("keystore " + file.path() + ": cannot update", e);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public byte[] seal(KeyRef ref, SecretBytes dataKey, byte[] context) {
        return GcmEnvelope.seal(key(ref), null, ref, dataKey, context, random);
    }

    @Override
    public SecretBytes open(KeyRef ref, byte[] wrapped, byte[] context) {
        return GcmEnvelope.open(key(ref), null, ref, wrapped, context);
    }

    private SecretKey key(KeyRef ref) {
        String alias = CustodyBackend.alias(ref);
        SecretKey cached = keys.get(alias);
        if (cached != null) {
            return cached;
        }
        lock.readLock().lock();
        try {
            if (keyStore == null) {
                throw new TransientCustodyException("keystore not loaded", null);
            }
            return keys.computeIfAbsent(alias, a -> {
                try {
                    Key k = keyStore.getKey(a, file.password());
                    if (!(k instanceof SecretKey)) {
                        throw new MissingKeyException("no key entry " + a);
                    }
                    return (SecretKey) k;
                } catch (GeneralSecurityException e) {
                    throw new KeyUnavailableException("master key " + ref + ": cannot read key entry", e);
                }
            });
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void recover() {
        load();
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            keys.clear();
            keyStore = null;
            file.close();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
