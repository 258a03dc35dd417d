package fr.coffre.custody.keystore;

import fr.coffre.KeyUnavailableException;
import fr.coffre.custody.internal.HostFileLock;
import fr.coffre.custody.internal.KeyTable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.util.PBKDF2Config;
import org.bouncycastle.jcajce.BCFKSLoadStoreParameter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * One BCFKS file on disk: load (integrity-checked by BCFKS's MAC), atomic store (temp file, fsync, atomic move,
 * directory fsync), a cross-process lock ({@code <file>.lock}) for read-modify-write, and the key table kept as an
 * entry inside the keystore so that states share the keystore's encryption and MAC and change atomically with
 * the keys.
 */
final class KeystoreFile implements AutoCloseable {
    /** Alias of the entry holding the serialised {@link KeyTable}; has no '#', so no key alias can clash. */
    static final String TABLE_ALIAS = "coffre.key-table";
    /** BCFKS accepts only known secret-key algorithms: HMAC keys carry arbitrary bytes, so they carry the table. */
    private static final String TABLE_ALGORITHM = "HmacSHA256";
    private static final int PBKDF2_ITERATIONS = 51_200;
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(30);
    private static final FileAttribute<?>[] OWNER_ONLY = ownerOnly();

    /** What identifies one version of the file on disk; a new atomic write always changes it. */
    record Stamp(Object fileKey, FileTime modified, long size) { }

    record Loaded(KeyStore keyStore, KeyTable table, Stamp stamp) { }

    private final Path path;
    private final Path lockPath;
    private final char[] password;
    private final Provider bc = new BouncyCastleProvider();

    KeystoreFile(Path path, char[] password) {
        this.path = path.toAbsolutePath().normalize();
        this.lockPath = this.path.resolveSibling(this.path.getFileName() + ".lock");
        this.password = password.clone();
    }

    Path path() {
        return path;
    }

    char[] password() {
        return password;
    }

    /** The current stamp, or null if the file does not exist. */
    Stamp stamp() {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            return new Stamp(a.fileKey(), a.lastModifiedTime(), a.size());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new KeyUnavailableException("keystore " + path + ": cannot read attributes", e);
        }
    }

    boolean exists() {
        return Files.exists(path);
    }

    Loaded load() {
        Stamp stamp = stamp();
        if (stamp == null) {
            throw new KeyUnavailableException("keystore " + path + ": no such file");
        }
        try {
            byte[] bytes = Files.readAllBytes(path);
            KeyStore ks = KeyStore.getInstance("BCFKS", bc);
            ks.load(new ByteArrayInputStream(bytes), password);
            return new Loaded(ks, readTable(ks), stamp);
        } catch (IOException e) {
            throw new KeyUnavailableException("keystore " + path + ": cannot load (wrong password or corrupted file)", e);
        } catch (GeneralSecurityException e) {
            throw new KeyUnavailableException("keystore " + path + ": cannot load", e);
        }
    }

    KeyStore newEmpty() {
        try {
            KeyStore ks = KeyStore.getInstance("BCFKS", bc);
            ks.load(null, null);
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new KeyUnavailableException("keystore " + path + ": cannot create", e);
        }
    }

    private KeyTable readTable(KeyStore ks) throws GeneralSecurityException {
        if (!ks.containsAlias(TABLE_ALIAS)) {
            return KeyTable.empty();
        }
        byte[] bytes = ks.getKey(TABLE_ALIAS, password).getEncoded();
        try {
            return KeyTable.parse(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    void putTable(KeyStore ks, KeyTable table) {
        entry(ks, TABLE_ALIAS, new SecretKeySpec(table.serialise(), TABLE_ALGORITHM));
    }

    void entry(KeyStore ks, String alias, javax.crypto.SecretKey key) {
        try {
            ks.setEntry(alias, new KeyStore.SecretKeyEntry(key), new KeyStore.PasswordProtection(password));
        } catch (GeneralSecurityException e) {
            throw new KeyUnavailableException("keystore " + path + ": cannot set entry " + alias, e);
        }
    }

    /** Writes {@code ks} atomically: readers see the old or the new file, never a partial one. */
    Stamp store(KeyStore ks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path tmp = null;
        try {
            ks.store(new BCFKSLoadStoreParameter.Builder(out, password)
                    .withStorePBKDFConfig(new PBKDF2Config.Builder().withIterationCount(PBKDF2_ITERATIONS)
                            .withPRF(PBKDF2Config.PRF_SHA512).withSaltLength(64).build())
                    .withStoreEncryptionAlgorithm(BCFKSLoadStoreParameter.EncryptionAlgorithm.AES256_CCM)
                    .withStoreMacAlgorithm(BCFKSLoadStoreParameter.MacAlgorithm.HmacSHA512)
                    .build());
            Path dir = path.getParent();
            Files.createDirectories(dir);
            tmp = dir.resolve("." + path.getFileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
            try (FileChannel ch = FileChannel.open(tmp, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OWNER_ONLY)) {
                ByteBuffer buf = ByteBuffer.wrap(out.toByteArray());
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
            syncDirectory(dir);
            return stamp();
        } catch (IOException | GeneralSecurityException e) {
            throw new KeyUnavailableException("keystore " + path + ": cannot write", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: a stray temp file is never read as the keystore
                }
            }
        }
    }

    /** Holds the cross-process lock; in-process exclusion is the caller's job (FileLock is per JVM). */
    FileLock lock() {
        try {
            Files.createDirectories(path.getParent());
            try {
                Files.createFile(lockPath, OWNER_ONLY);
            } catch (FileAlreadyExistsException ignored) {
                // already there: fine
            }
            FileChannel ch = FileChannel.open(lockPath, StandardOpenOption.WRITE);
            return HostFileLock.lockWaiting(ch, LOCK_TIMEOUT, "keystore " + path + ": lock");
        } catch (IOException e) {
            throw new KeyUnavailableException("keystore " + path + ": cannot lock " + lockPath.getFileName(), e);
        }
    }

    static void release(FileLock lock) {
        try (FileChannel ch = lock.channel()) {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases the lock anyway
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // some platforms cannot fsync a directory; the atomic move is still atomic
        }
    }

    private static FileAttribute<?>[] ownerOnly() {
        boolean posix = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    @Override
    public void close() {
        Arrays.fill(password, '\0');
    }

    @Override
    public String toString() {
        return "KeystoreFile[" + path + "]";
    }
}
