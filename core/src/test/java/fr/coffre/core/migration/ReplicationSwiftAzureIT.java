package fr.coffre.core.migration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import fr.coffre.store.ReplicationSettings;
import fr.coffre.store.SwitchableStore;
import fr.coffre.store.TestServers;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replicated store over the real Swift and Azurite servers and a filesystem store (quorum 2): writes with the
 * Azurite replica stopped, reads with each replica down, then {@link Repair} Swift to Azurite, verified.
 */
class ReplicationSwiftAzureIT {
    static final int OBJECTS = 12;

    @TempDir
    Path dir;

    @Test
    void writeWithOneReplicaStoppedReadWithAnyDownThenRepair() {
        TestServers.Backend.SWIFT.require();
        TestServers.Backend.AZURE.require();
        String container = "repl-" + UUID.randomUUID().toString().substring(0, 8);
        try (MigrationFixture fx = new MigrationFixture(dir)) {
            SwitchableStore swift = new SwitchableStore(TestServers.Backend.SWIFT.open(container));
            SwitchableStore azure = new SwitchableStore(TestServers.Backend.AZURE.open(container));
            SwitchableStore file = new SwitchableStore(ObjectStores.filesystem(dir.resolve("file").resolve(container)));
            List<SwitchableStore> replicas = List.of(swift, azure, file);
            replicas.forEach(r -> r.store().createContainerIfAbsent());
            try (ObjectStore replicated = ObjectStores.replicated(ReplicationSettings.builder()
                    .replica(swift).replica(azure).replica(file).build())) {
                List<String> before = fx.encrypt("a/", 4, 7);
                fx.publish(before, replicated, 4);
                azure.down(true);
                List<String> during = fx.encrypt("b/", OBJECTS - 4, 8);
                fx.publish(during, replicated, 4);
                azure.down(false);
                assertFalse(azure.store().exists(during.get(0)));

                for (SwitchableStore down : replicas) {
                    down.down(true);
                    for (String n : during) {
                        assertArrayEquals(MigrationFixture.read(fx.staging, n), MigrationFixture.read(replicated, n),
                                n + " with " + down.descriptor() + " down");
                    }
                    down.down(false);
                }

                RepairReport report = Repair.builder().healthy(swift.store()).lagging(azure.store())
                        .manifest(dir.resolve("repair.manifest")).jobs(4).build().run();
                assertEquals(during.size(), report.copy().copiedObjects(), report.toText());
                assertEquals(before.size(), report.copy().skippedObjects(), report.toText());
                assertEquals(OBJECTS, report.verification().identical(), report.toText());
                assertTrue(report.repaired(), report.toText());
                for (String n : before) {
                    replicated.delete(n);
                }
                for (String n : during) {
                    replicated.delete(n);
                }
            }
        }
    }
}
