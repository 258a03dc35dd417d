package fr.coffre.core;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import fr.coffre.CoffreException;
import fr.coffre.InvalidInputException;
import fr.coffre.KeyUnavailableException;
import fr.coffre.core.registry.RegistryStorage;
import fr.coffre.core.registry.ReentrantProcessLock;
import fr.coffre.core.registry.StoredEntry;
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
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The embedded registry storage: entries as JSON files under one directory (custody side, never the object store):
 * {@code registry.json} (format, master key id and registry id; its absence means "no registry here": opening refuses
 * it unless creation is asked), {@code secrets/<id>.json}, {@code data-keys/<id>.json}.
 * Every write goes to a temporary file, is synced, then renamed into place, so a crash leaves the old or the new
 * entry, never a torn one; creation hard-links, so two creators cannot both win. Files are created owner-only
 * (0600, directories 0700) where POSIX permissions exist.
 *
 * <p>{@link #lock()} is a thread lock plus an exclusive {@link FileLock} on {@value #LOCK_FILE}, so threads and
 * processes on one host take turns. Every {@link #replace} compares and swaps on the entry's generation under that
 * lock, and no replace turns a tombstone back into a live entry.
 */
final class RegistryDirectory implements RegistryStorage {
    static final String LOCK_FILE = "registry.lock";
    static final String MARKER_FILE = "registry.json";
    private static final String REGISTRY_ID = "registryId";
    private static final Pattern ID = Pattern.compile("[a-z0-9-]{1,100}");
    private final Path root;
    private final ReentrantProcessLock lock = new ReentrantProcessLock(this::acquireFileLock);
    private FileChannel lockChannel; // guarded by lock's thread lock, open until close()
    private final ObjectMapper json = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final SecureRandom random;

    RegistryDirectory(Path root, SecureRandom random) {
        this.root = root;
        this.random = random;
    }

    @Override
    public String open(String format, String masterKeyId, boolean create, String newRegistryId) {
        Path marker = root.resolve(MARKER_FILE);
        try {
            if (!Files.isRegularFile(marker)) {
                if (!create) {
                    throw new RegistryNotFoundException("key registry: no registry at " + root + " ("
                            + (Files.isDirectory(root) ? "the directory holds no " + MARKER_FILE : "no such directory")
                            + "); nothing was created. Check the path (--registry), or create the registry explicitly:"
                            + " coffre init, or KeyRegistry.Builder.createIfMissing(true)");
                }
                createPrivateDirectory(root);
                createPrivateDirectory(root.resolve(RegistryEntry.SECRET + "s"));
                createPrivateDirectory(root.resolve(RegistryEntry.DATA_KEY + "s"));
                createIfAbsent(marker, json.writeValueAsBytes(markerOf(format, masterKeyId, newRegistryId)));
            }
            Map<String, String> found = readMarker(marker);
            if (!format.equals(found.get("format"))) {
                throw new InvalidInputException("key registry: unsupported format in " + marker + ", expected " + format);
            }
            if (!masterKeyId.equals(found.get("masterKeyId"))) {
                throw new InvalidInputException("key registry: " + marker + " belongs to master key id '"
                        + found.get("masterKeyId") + "', not '" + masterKeyId + "'");
            }
            if (found.get(REGISTRY_ID) != null) {
                return found.get(REGISTRY_ID);
            }
            try (Held held = lock()) { // a registry created before registry ids: it gets one, once
                found = readMarker(marker);
                if (found.get(REGISTRY_ID) == null) {
                    found.put(REGISTRY_ID, newRegistryId);
                    Path tmp = writeTemp(marker, json.writeValueAsBytes(found));
                    Files.move(tmp, marker, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    syncDirectory(root);
                }
                return found.get(REGISTRY_ID);
            }
        } catch (IOException e) {
            throw new CoffreException("key registry: cannot open directory " + root + ": " + e.getClass().getSimpleName(), e);
        }
    }

    private static Map<String, String> markerOf(String format, String masterKeyId, String registryId) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", format);
        m.put("masterKeyId", masterKeyId);
        m.put(REGISTRY_ID, registryId);
        return m;
    }

    private Map<String, String> readMarker(Path marker) throws IOException {
        Map<String, String> found = new LinkedHashMap<>();
        JsonNode node = json.readTree(Files.readAllBytes(marker));
        if (node == null || !node.isObject()) {
            throw new InvalidInputException("key registry: " + marker + " is not a registry marker (a JSON object)");
        }
        node.fields().forEachRemaining(f -> found.put(f.getKey(),
                f.getValue().isTextual() ? f.getValue().asText() : null));
        return found;
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public Optional<Path> directory() {
        return Optional.of(root);
    }

    @Override
    public Held lock() {
        return lock.lock();
    }

    /** Another registry instance of this JVM may hold the file lock (FileLock is per JVM): wait for it. */
    private Runnable acquireFileLock() {
        FileLock held = waitForFileLock();
        return () -> {
            try {
                held.release();
            } catch (IOException e) {
                throw new CoffreException("key registry: cannot release " + LOCK_FILE, e);
            }
        };
    }

    private FileLock waitForFileLock() {
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
        lock.withThreadLock(() -> {
            try {
                if (lockChannel != null) {
                    lockChannel.close();
                    lockChannel = null;
                }
            } catch (IOException e) {
                throw new CoffreException("key registry: cannot close " + LOCK_FILE, e);
            }
        });
    }

    @Override
    public Optional<StoredEntry> read(String kind, String id) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file(kind, id));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new KeyUnavailableException("key registry: cannot read " + kind + "/" + id, e);
        }
        long generation = 0;
        boolean destroyed = false;
        try {
            JsonNode node = json.readTree(bytes);
            if (node != null && node.isObject()) {
                generation = Math.max(0, node.path("generation").asLong(0));
                destroyed = RegistryEntry.DESTROYED.equals(node.path("state").asText());
            }
        } catch (IOException malformed) {
            // the registry's decoder names it; the generation of an unreadable file is 0
        }
        return Optional.of(new StoredEntry(kind, id, generation, destroyed, bytes));
    }

    @Override
    public boolean create(StoredEntry entry) {
        try {
            return createIfAbsent(file(entry.kind(), entry.id()), entry.document());
        } catch (IOException e) {
            throw new CoffreException("key registry: cannot create " + entry.kind() + "/" + entry.id(), e);
        }
    }

    @Override
    public void replace(StoredEntry next, long expectedGeneration) {
        try (Held held = lock()) {
            Optional<StoredEntry> current = read(next.kind(), next.id());
            long found = current.map(StoredEntry::generation).orElse(0L);
            if (found != expectedGeneration) {
                throw new RegistryConflictException("key registry: " + next.kind() + "/" + next.id()
                        + " changed since it was read (generation " + found + ", expected " + expectedGeneration + ")");
            }
            if (current.isPresent() && current.get().destroyed() && !next.destroyed()) {
                throw new RegistryConflictException("key registry: " + next.kind() + "/" + next.id()
                        + " is a tombstone; a live entry never replaces it");
            }
            write(next);
        }
    }

    private void write(StoredEntry entry) {
        Path target = file(entry.kind(), entry.id());
        try {
            Path tmp = writeTemp(target, entry.document());
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
    @Override
    public void destroy(StoredEntry tombstone) {
        Path target = file(tombstone.kind(), tombstone.id());
        try (Held held = lock()) {
            Optional<StoredEntry> current = read(tombstone.kind(), tombstone.id());
            if (current.isPresent() && current.get().destroyed()) {
                return;
            }
            if (Files.exists(target)) {
                try (FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE)) {
                    byte[] noise = new byte[(int) Math.min(ch.size(), 1 << 20)];
                    random.nextBytes(noise);
                    ch.write(ByteBuffer.wrap(noise), 0);
                    ch.force(true);
                }
            }
            write(tombstone);
        } catch (IOException e) {
            throw new CoffreException("key registry: cannot destroy " + tombstone.kind() + "/" + tombstone.id(), e);
        }
    }

    @Override
    public List<String> ids(String kind) {
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

    /** Changes with every atomic replace (new inode), so an unchanged file is not parsed again. */
    @Override
    public Object changeStamp(String kind, String id) {
        try {
            BasicFileAttributes a = Files.readAttributes(file(kind, id), BasicFileAttributes.class);
            return List.of(String.valueOf(a.fileKey()), a.lastModifiedTime(), a.size());
        } catch (NoSuchFileException e) {
            return "absent";
        } catch (IOException e) {
            return null;
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
