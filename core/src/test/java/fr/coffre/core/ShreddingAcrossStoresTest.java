package fr.coffre.core;
import fr.coffre.crypto.DecryptedObject;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fr.coffre.KeyDestroyedException;
import fr.coffre.store.ListPage;
import fr.coffre.store.ObjectInfo;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One registry, two stores (memory, filesystem) and a byte-for-byte backup copy: shredding reaches all of them. */
class ShreddingAcrossStoresTest {
    @TempDir
    Path tmp;

    private static byte[] read(Coffre c, String name) throws IOException {
        try (DecryptedObject o = c.get(name)) {
            return o.readAllBytes();
        }
    }

    private static void copyAll(ObjectStore from, ObjectStore to) throws IOException {
        ListPage page = from.list("", null, 1000);
        for (ObjectInfo o : page.objects()) {
            byte[] bytes;
            try (InputStream in = from.get(o.name())) {
                bytes = in.readAllBytes();
            }
            to.put(o.name(), new ByteArrayInputStream(bytes), bytes.length);
        }
    }

    @Nested
    class Shred {
        @Test
        void subjectIsUnreadableOnEveryStoreAndBackupOthersUntouched() throws IOException {
            try (TestCustody custody = TestCustody.keystore(tmp.resolve("custody"));
                    KeyRegistry registry = KeyRegistry.builder()
                            .createIfMissing(true).custodian(custody).directory(tmp.resolve("reg")).build();
                    ObjectStore memory = ObjectStores.memory();
                    ObjectStore files = ObjectStores.filesystem(tmp.resolve("files"));
                    ObjectStore backup = ObjectStores.filesystem(tmp.resolve("backup"))) {
                files.createContainerIfAbsent();
                backup.createContainerIfAbsent();
                List<Coffre> all = List.of(
                        Coffre.builder().store(memory).keyRegistry(registry).vaultId("v").build(),
                        Coffre.builder().store(files).keyRegistry(registry).vaultId("v").build());
                for (Coffre c : all) {
                    c.put("alice/1", new ByteArrayInputStream(new byte[] {1}),
                            PutOptions.builder().subject("alice").build());
                    c.put("bob/1", new ByteArrayInputStream(new byte[] {2}), PutOptions.builder().subject("bob").build());
                }
                copyAll(files, backup);
                Coffre fromBackup = Coffre.builder().store(backup).keyRegistry(registry).vaultId("v").build();
                assertArrayEquals(new byte[] {1}, read(fromBackup, "alice/1"));

                all.get(0).shred("alice");

                for (Coffre c : List.of(all.get(0), all.get(1), fromBackup)) {
                    assertThrows(KeyDestroyedException.class, () -> read(c, "alice/1"));
                    assertArrayEquals(new byte[] {2}, read(c, "bob/1"));
                }
            }
        }

        @Test
        void shredIsSeenByAnotherProcessRegistryOnSameDirectory() throws IOException {
            try (TestCustody custody = TestCustody.keystore(tmp.resolve("custody"));
                    ObjectStore files = ObjectStores.filesystem(tmp.resolve("files"))) {
                files.createContainerIfAbsent();
                try (Coffre writer = Coffre.builder().store(files).custodian(custody).registryDirectory(tmp.resolve("reg")).createRegistryIfMissing(true)
                        .vaultId("v").build()) {
                    writer.put("alice/1", new ByteArrayInputStream(new byte[] {1}),
                            PutOptions.builder().subject("alice").build());
                    writer.shred("alice");
                }
                try (Coffre later = Coffre.builder().store(files).custodian(custody).registryDirectory(tmp.resolve("reg")).createRegistryIfMissing(true)
                        .vaultId("v").build()) {
                    assertThrows(KeyDestroyedException.class, () -> read(later, "alice/1"));
                }
            }
        }
    }
}
