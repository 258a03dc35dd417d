package fr.coffre.core.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import fr.coffre.core.Coffre;
import fr.coffre.core.KeyRegistry;
import fr.coffre.core.PutOptions;
import fr.coffre.custody.KeyCustodian;
import fr.coffre.custody.KeystoreCustodian;
import fr.coffre.store.ObjectInfo;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Real custody (a BCFKS keystore) and a key registry in a directory, a vault "mig", and genuine COF1 objects:
 * encrypted once by a Coffre over a memory store, then written to real stores as ciphertext with parallel puts.
 */
final class MigrationFixture implements AutoCloseable {
    static final String VAULT = "mig";
    private static final char[] PASSWORD = "test-only-keystore-password-0123456789".toCharArray();
    final KeyCustodian custody;
    final KeyRegistry registry;
    final ObjectStore staging = ObjectStores.memory();
    final Coffre writer;

    MigrationFixture(Path dir) {
        custody = KeystoreCustodian.builder()
                .createIfMissing(true).path(dir.resolve("keystore.bcfks")).password(PASSWORD.clone()).build();
        registry = KeyRegistry.builder()
                .createIfMissing(true).custodian(custody).directory(dir.resolve("registry")).build();
        writer = coffreOver(staging);
    }

    Coffre coffreOver(ObjectStore store) {
        return Coffre.builder().store(store).keyRegistry(registry).vaultId(VAULT).build();
    }

    /** Encrypts {@code count} records of 1 to 8 KiB (into the staging store) and returns their store names. */
    List<String> encrypt(String prefix, int count, long seed) {
        Random random = new Random(seed);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] record = new byte[1024 + random.nextInt(7 * 1024)];
            random.nextBytes(record);
            String logical = prefix + "pat-" + (i % 97) + "/rec-" + i + ".json";
            writer.put(logical, new ByteArrayInputStream(record), PutOptions.builder().subject("pat-" + (i % 97))
                    .build());
            names.add(writer.storeName(logical));
        }
        return names;
    }

    /** Copies the staging objects {@code names} to {@code target} with {@code threads} parallel raw puts. */
    void publish(List<String> names, ObjectStore target, int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String n : names) {
                done.add(pool.submit(() -> {
                    byte[] bytes = read(staging, n);
                    target.put(n, new ByteArrayInputStream(bytes), bytes.length);
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdown();
        }
    }

    /** Copies the staging object {@code name} to {@code target} with one raw put. */
    void publishOne(String name, ObjectStore target) {
        byte[] bytes = read(staging, name);
        target.put(name, new ByteArrayInputStream(bytes), bytes.length);
    }

    static byte[] read(ObjectStore store, String name) {
        try (InputStream in = store.get(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Name to SHA-256 of every object of {@code store}. */
    static TreeMap<String, String> contents(ObjectStore store) {
        TreeMap<String, String> out = new TreeMap<>();
        for (Iterator<ObjectInfo> it = new StoreListing(store, ""); it.hasNext(); ) {
            ObjectInfo o = it.next();
            String previous = out.put(o.name(), Digests.hex(Digests.sha256().digest(read(store, o.name()))));
            assertEquals(null, previous, "listed twice: " + o.name());
        }
        return out;
    }

    /** Name to content SHA-256 of the manifest's entries, as the next run would see them. */
    static TreeMap<String, String> manifest(Path path, ObjectStore source, ObjectStore destination) {
        Manifest m = Manifest.open(path, source.descriptor().toString(), destination.descriptor().toString(), true,
                Migration.SORT_CHUNK);
        TreeMap<String, String> out = new TreeMap<>();
        for (Iterator<ManifestEntry> it = m.sortedEntries(); it.hasNext(); ) {
            ManifestEntry e = it.next();
            out.put(e.name(), e.contentSha256());
        }
        m.discardView(true);
        return out;
    }

    @Override
    public void close() {
        writer.close();
        registry.close();
        custody.close();
    }
}
