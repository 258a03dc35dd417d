package fr.coffre.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import fr.coffre.CoffreException;
import fr.coffre.InvalidInputException;
import fr.coffre.KeyUnavailableException;
import fr.coffre.core.registry.RegistryStorage;
import fr.coffre.core.registry.StoredEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@link RegistryEntry}s over a {@link RegistryStorage}: encodes and decodes the JSON documents, checks ids, and
 * turns the registry's generations into the storage's compare-and-swap. What the registry, its secrets, its shred
 * list and its rotation read and write.
 */
final class RegistryStore implements AutoCloseable {
    private static final Pattern ID = Pattern.compile("[a-z0-9-]{1,100}");
    private static final Pattern REGISTRY_ID = Pattern.compile("[a-z0-9]{16,64}");
    private static final int REGISTRY_ID_BYTES = 16;
    private final RegistryStorage storage;
    private final String registryId;
    private final ObjectMapper json = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * Opens {@code storage} ({@link RegistryStorage#open}); with {@code create}, a missing registry is created with a
     * new random registry id.
     *
     * @throws RegistryNotFoundException if there is no registry there and {@code create} is false
     */
    RegistryStore(RegistryStorage storage, String masterKeyId, boolean create, SecureRandom random) {
        this.storage = storage;
        byte[] raw = new byte[REGISTRY_ID_BYTES];
        random.nextBytes(raw);
        String found = storage.open(RegistryEntry.FORMAT, masterKeyId, create, Base32.encode(raw));
        if (found == null || !REGISTRY_ID.matcher(found).matches()) {
            throw new CoffreException("key registry: " + storage.location() + " holds a malformed registry id (must"
                    + " match " + REGISTRY_ID + ")");
        }
        this.registryId = found;
    }

    /** The embedded default: a registry directory. */
    static RegistryStore directory(Path root, String masterKeyId, boolean create, SecureRandom random) {
        return new RegistryStore(new RegistryDirectory(root, random), masterKeyId, create, random);
    }

    /** The registry's id: random, not secret, fixed when the registry was created (vault markers derive from it). */
    String registryId() {
        return registryId;
    }

    String location() {
        return storage.location();
    }

    Optional<Path> directory() {
        return storage.directory();
    }

    RegistryStorage.Held lock() {
        return storage.lock();
    }

    Optional<RegistryEntry> read(String kind, String id) {
        checkId(id);
        return storage.read(kind, id).map(this::decode);
    }

    /** @return false if an entry with that id already exists (it is left untouched) */
    boolean create(RegistryEntry entry) {
        checkId(entry.id());
        return storage.create(encode(entry.withGeneration(0)));
    }

    /** Creates every absent entry of {@code entries} in one storage write where it can; returns how many. */
    int createAll(List<RegistryEntry> entries) {
        List<StoredEntry> stored = new java.util.ArrayList<>(entries.size());
        for (RegistryEntry e : entries) {
            checkId(e.id());
            stored.add(encode(e.withGeneration(0)));
        }
        return storage.createAll(stored);
    }

    /**
     * Replaces the entry whose generation is {@code entry.generation()} by {@code entry} with the next generation.
     *
     * @throws RegistryConflictException if the stored generation is another (it changed since it was read), or if
     *         the stored entry is a tombstone and {@code entry} is not
     */
    void replace(RegistryEntry entry) {
        checkId(entry.id());
        storage.replace(encode(entry.withGeneration(entry.gen() + 1)), entry.gen());
    }

    /** Replaces the entry, whatever it holds (even a malformed document), by {@code tombstone}; tombstones stay. */
    void destroy(RegistryEntry tombstone) {
        checkId(tombstone.id());
        try (RegistryStorage.Held held = storage.lock()) {
            long found = storage.read(tombstone.kind(), tombstone.id()).map(StoredEntry::generation).orElse(0L);
            storage.destroy(encode(tombstone.withGeneration(found + 1)));
        }
    }

    List<String> ids(String kind) {
        return storage.ids(kind);
    }

    Object changeStamp(String kind, String id) {
        return storage.changeStamp(kind, id);
    }

    private StoredEntry encode(RegistryEntry entry) {
        try {
            return new StoredEntry(entry.kind(), entry.id(), entry.gen(), entry.destroyed(), json.writeValueAsBytes(entry));
        } catch (JsonProcessingException e) {
            throw new CoffreException("key registry: cannot encode " + entry.kind() + "/" + entry.id(), e);
        }
    }

    private RegistryEntry decode(StoredEntry stored) {
        String kind = stored.kind();
        String id = stored.id();
        RegistryEntry entry;
        try {
            entry = json.readValue(stored.document(), RegistryEntry.class);
        } catch (IOException e) {
            throw new KeyUnavailableException("key registry: entry " + kind + "/" + id + " is malformed");
        }
        if (entry == null || !RegistryEntry.FORMAT.equals(entry.format()) || !kind.equals(entry.kind())
                || !id.equals(entry.id()) || entry.versions() == null || entry.destroyed() != stored.destroyed()) {
            throw new KeyUnavailableException("key registry: entry " + kind + "/" + id
                    + " does not match its name, state or format");
        }
        // the storage's generation is the one its compare-and-swap uses (a tombstone may be stored above it)
        return entry.withGeneration(stored.generation());
    }

    private static void checkId(String id) {
        if (!ID.matcher(id).matches()) {
            throw new InvalidInputException("key registry: id must match " + ID + ", was a value of length " + id.length());
        }
    }

    @Override
    public void close() {
        storage.close();
    }
}
