package fr.coffre.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import fr.coffre.CoffreException;
import fr.coffre.InvalidInputException;
import fr.coffre.KeyUnavailableException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Key-registry entries as JSON files under one directory (custody side, never the object store):
 * {@code registry.json} (format and master key id), {@code secrets/<id>.json}, {@code data-keys/<id>.json}.
 * Every write goes to a temporary file, is synced, then renamed into place, so a crash leaves the old or the new
 * entry, never a torn one. Files are created owner-only (0600, directories 0700) where POSIX permissions exist.
 *
 * <p>Life-cycle changes hold {@link #lock()}: a thread lock plus an exclusive {@link FileLock} on
 * {@value #LOCK_FILE}, so threads and processes on one host take turns. Every {@link #replace} compares and swaps
 * on the entry's generation under that lock, and no replace turns a tombstone back into a live entry.
 */
final class RegistryDirectory implements AutoCloseable {
    static final String LOCK_FILE = "registry.lock";
    private static final Pattern ID = Pattern.compile("[a-z0-9-]{1,100}");
    private final Path root;
    private final ReentrantLock local = new ReentrantLock();
    private FileChannel lockChannel; // guarded by local, open until close()
    private FileLock fileLock; // guarded by local, held while local is
    private final ObjectMapper json = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final SecureRandom random;

    RegistryDirectory(Path root, String masterKeyId, SecureRandom random) {
        this.root = root;
        this.random = random;
        try {
            createPrivateDirectory(root);
            createPrivateDirectory(root.resolve(RegistryEntry.SECRET + "s"));
            createPrivateDirectory(root.resolve(RegistryEntry.DATA_KEY + "s"));
            Path marker = root.resolve("registry.json");
            Map<String, String> expected = Map.of("format", RegistryEntry.FORMAT, "masterKeyId", masterKeyId);
            if (!Files.exists(marker)) {
                createIfAbsent(marker, json.writeValueAsBytes(expected));
            }
            @SuppressWarnings("unchecked")
            Map<String, String> found = json.readValue(Files.readAllBytes(marker), Map.class);
            if (!RegistryEntry.FORMAT.equals(found.get("format"))) {
                throw new InvalidInputException("key registry: unsupported format in " + marker + ", expected "
                        + RegistryEntry.FORMAT);
            }
            if (!masterKeyId.equals(found.get("masterKeyId"))) {
                throw new InvalidInputException("key registry: " + marker + " belongs to master key id '"
                        + found.get("masterKeyId") + "', not '" + masterKeyId + "'");
            }
        } catch (IOException e) {
            throw new CoffreException("key registry: cannot open directory " + root + ": " + e.getClass().getSimpleName(), e);
        }
    }

    Path root() {
        return root;
    }

    /** Held while open: the registry's exclusive lock, reentrant, shared with every process on this host. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    Held lock() {
        local.lock();
        if (local.getHoldCount() == 1) {
            try {
                fileLock = acquireFileLock();
            } catch (RuntimeException e) {
                local.unlock();
                throw e;
            }
        }
        return this::unlock;
    }

    private void unlock() {
        try {
            if (local.getHoldCount() == 1 && fileLock != null) {
                fileLock.release();
                fileLock = null;
            }
        } catch (IOException e) {
            throw new CoffreException("key registry: cannot release " + LOCK_FILE, e);
        } finally {
            local.unlock();
        }
    }

    /** Another registry instance of this JVM may hold the file lock (FileLock is per JVM): wait for it. */
    private FileLock acquireFileLock() {
        try {
            if (lockChannel == null) {
                lockChannel = FileChannel.open(root.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                ownerOnly(root.resolve(LOCK_FILE), "rw-------");
            }
            while (true) {
                try {
                    return lockChannel.lock();
                } catch (OverlappingFileLockException sameJvm) {
                    Thread.sleep(1);
                }
            }
        } catch (IOException e) {
            throw new CoffreException("key registry: cannot lock " + root.resolve(LOCK_FILE), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CoffreException("key registry: interrupted while waiting for " + LOCK_FILE, e);
        }
    }

    /** Closes the lock file's channel (a later {@link #lock()} reopens it). */
    @Override
    public void close() {
        local.lock();
        try {
            if (lockChannel != null) {
                lockChannel.close();
                lockChannel = null;
            }
        } catch (IOException e) {
            throw new CoffreException("key registry: cannot close " + LOCK_FILE, e);
        } finally {
            local.unlock();
        }
    }

    Optional<RegistryEntry> read(String kind, String id) {
        Path file = file(kind, id);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new KeyUnavailableException("key registry: cannot read " + kind + "/" + id, e);
        }
        try {
            RegistryEntry entry = json.readValue(bytes, RegistryEntry.class);
            if (!RegistryEntry.FORMAT.equals(entry.format()) || !kind.equals(entry.kind()) || !id.equals(entry.id())
                    || entry.versions() == null) {
                throw new KeyUnavailableException("key registry: entry " + kind + "/" + id
                        + " does not match its file name or format");
            }
            return Optional.of(entry);
        } catch (IOException e) {
            throw new KeyUnavailableException("key registry: entry " + kind + "/" + id + " is malformed");
        }
    }

    /** @return false if an entry with that id already exists (it is left untouched) */
    boolean create(RegistryEntry entry) {
        try {
            return createIfAbsent(file(entry.kind(), entry.id()), serialize(entry));
        } catch (IOException e) {
            throw new CoffreException("key registry: cannot create " + entry.kind() + "/" + entry.id(), e);
        }
    }

    /**
     * Replaces the entry whose generation is {@code entry.generation()} by {@code entry} with the next generation.
     *
     * @throws RegistryConflictException if the file's generation is another (it changed since it was read), or if
     *         the file is a tombstone and {@code entry} is not
     */
    void replace(RegistryEntry entry) {
        try (Held held = lock()) {
            Optional<RegistryEntry> current = read(entry.kind(), entry.id());
            long found = current.map(RegistryEntry::gen).orElse(0L);
            if (found != entry.gen()) {
                throw new RegistryConflictException("key registry: " + entry.kind() + "/" + entry.id()
                        + " changed since it was read (generation " + found + ", expected " + entry.gen() + ")");
            }
            if (current.isPresent() && current.get().destroyed() && !entry.destroyed()) {
                throw new RegistryConflictException("key registry: " + entry.kind() + "/" + entry.id()
                        + " is a tombstone; a live entry never replaces it");
            }
            write(entry.withGeneration(found + 1));
        }
    }

    private void write(RegistryEntry entry) {
        Path target = file(entry.kind(), entry.id());
        try {
            Path tmp = writeTemp(target, serialize(entry));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(target.getParent());
        } catch (IOException e) {
            throw new CoffreException("key registry: cannot write " + entry.kind() + "/" + entry.id(), e);
        }
    }

    /**
     * Overwrites the entry's file in place with random bytes (synced), then atomically replaces it with the
     * tombstone. Copy-on-write or journaling file systems and SSDs may keep old blocks: the wrapped bytes stay
     * protected by the master key, which is why retiring old master versions completes the erasure.
     */
    void destroy(RegistryEntry tombstone) {
        Path target = file(tombstone.kind(), tombstone.id());
        try (Held held = lock()) {
            long found = readGeneration(tombstone.kind(), tombstone.id());
            if (Files.exists(target)) {
                try (FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE)) {
                    byte[] noise = new byte[(int) Math.min(ch.size(), 1 << 20)];
                    random.nextBytes(noise);
                    ch.write(ByteBuffer.wrap(noise), 0);
                    ch.force(true);
                }
            }
            write(tombstone.withGeneration(found + 1));
        } catch (IOException e) {
            throw new CoffreException("key registry: cannot destroy " + tombstone.kind() + "/" + tombstone.id(), e);
        }
    }

    /** The generation of the file, even a malformed one (0 if absent or unreadable), for a tombstone to follow. */
    private long readGeneration(String kind, String id) {
        try {
            return read(kind, id).map(RegistryEntry::gen).orElse(0L);
        } catch (KeyUnavailableException malformed) {
            return 0;
        }
    }

    List<String> ids(String kind) {
        List<String> ids = new ArrayList<>();
        try (Stream<Path> files = Files.list(root.resolve(kind + "s"))) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - 5))
                    .filter(n -> ID.matcher(n).matches())
                    .sorted()
                    .forEach(ids::add);
        } catch (IOException e) {
            throw new CoffreException("key registry: cannot list " + kind + " entries", e);
        }
        return ids;
    }

    private byte[] serialize(RegistryEntry entry) {
        try {
            return json.writeValueAsBytes(entry);
        } catch (JsonProcessingException e) {
            throw new CoffreException("key registry: cannot encode " + entry.kind() + "/" + entry.id(), e);
        }
    }

    private Path file(String kind, String id) {
        if (!ID.matcher(id).matches()) {
            throw new InvalidInputException("key registry: id must match " + ID + ", was a value of length " + id.length());
        }
        return root.resolve(kind + "s").resolve(id + ".json");
    }

    private boolean createIfAbsent(Path target, byte[] content) throws IOException {
        Path tmp = writeTemp(target, content);
        try {
            Files.createLink(target, tmp);
            syncDirectory(target.getParent());
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException e) {
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                return true;
            } catch (FileAlreadyExistsException e2) {
                return false;
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private Path writeTemp(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp-" + Long.toHexString(random.nextLong()));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ownerOnly(tmp, "rw-------");
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            ownerOnly(dir, "rwx------");
        }
    }

    private static void ownerOnly(Path path, String perms) throws IOException {
        if (Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(perms));
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every platform can sync a directory; the rename itself is still atomic.
        }
    }
}
