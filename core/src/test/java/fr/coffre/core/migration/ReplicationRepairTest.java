package fr.coffre.core.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import fr.coffre.core.PutOptions;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import fr.coffre.store.QuorumNotMetException;
import fr.coffre.store.ReplicationSettings;
import fr.coffre.store.SwitchableStore;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replicated store of three filesystem replicas (quorum 2) written with one replica down, read with any one
 * replica down, then {@link Repair} bringing the lagging replica back in line, verified (genuine COF1 objects).
 */
class ReplicationRepairTest {
    @TempDir
    Path dir;
    MigrationFixture fx;
    final List<SwitchableStore> replicas = new ArrayList<>();
    ObjectStore replicated;
    List<String> before;
    List<String> during;
    String rewritten;
    String deleted;

    @BeforeEach
    void setUp() {
        fx = new MigrationFixture(dir);
        ReplicationSettings.Builder b = ReplicationSettings.builder();
        for (String r : List.of("a", "b", "c")) {
            SwitchableStore s = new SwitchableStore(ObjectStores.filesystem(dir.resolve(r).resolve("vault")));
            s.store().createContainerIfAbsent();
            replicas.add(s);
            b.replica(s);
        }
        replicated = ObjectStores.replicated(b.build());
        before = fx.encrypt("old/", 20, 1);
        rewritten = record("rw.json", 1);
        fx.publish(before, replicated, 4);
        fx.publish(List.of(rewritten), replicated, 1);

        lagging().down(true); // replica c is stopped: the quorum (a, b) carries on
        during = fx.encrypt("new/", 15, 2);
        fx.publish(during, replicated, 4);
        assertEquals(rewritten, record("rw.json", 2), "same name, same size, new ciphertext");
        fx.publish(List.of(rewritten), replicated, 1);
        deleted = before.get(3);
        replicated.delete(deleted);
        lagging().down(false);
    }

    @AfterEach
    void tearDown() {
        replicated.close();
        fx.close();
    }

    private SwitchableStore lagging() {
        return replicas.get(2);
    }

    /** Encrypts a 3000-byte record under {@code logical} (into the staging store) and returns its store name. */
    private String record(String logical, long seed) {
        byte[] data = new byte[3000];
        new Random(seed).nextBytes(data);
        fx.writer.put(logical, new ByteArrayInputStream(data), PutOptions.builder().subject("pat-rw").build());
        return fx.writer.storeName(logical);
    }

    private Repair.Builder repair() {
        return Repair.builder().healthy(replicas.get(0).store()).lagging(lagging().store())
                .manifest(dir.resolve("repair.manifest")).jobs(4);
    }

    @Nested
    class Writes {
        @Test
        void theLaggingReplicaMissesWhatWasWrittenWhileItWasDown() {
            TreeMap<String, String> healthy = MigrationFixture.contents(replicas.get(0).store());
            TreeMap<String, String> lag = MigrationFixture.contents(lagging().store());
            assertEquals(healthy, MigrationFixture.contents(replicas.get(1).store()));
            assertEquals(before.size() - 1 + during.size() + 1, healthy.size());
            assertEquals(before.size() + 1, lag.size());
            assertTrue(lag.containsKey(deleted));
            assertNotEquals(healthy.get(rewritten), lag.get(rewritten));
        }

        @Test
        void withTwoReplicasDownTheQuorumIsNotMet() {
            replicas.get(0).down(true);
            lagging().down(true);
            QuorumNotMetException e = assertThrowsExactly(QuorumNotMetException.class,
                    () -> fx.publishOne(before.get(0), replicated));
            assertEquals(1, e.succeeded());
            assertEquals(2, e.required());
        }
    }

    @Nested
    class Reads {
        @Test
        void keepWorkingWithAnyOneReplicaDown() {
            TreeMap<String, String> expected = MigrationFixture.contents(replicas.get(0).store());
            for (SwitchableStore down : replicas) {
                down.down(true);
                for (String name : expected.keySet()) {
                    assertEquals(expected.get(name), Digests.hex(Digests.sha256().digest(
                            MigrationFixture.read(replicated, name))), name + " with " + down.descriptor() + " down");
                }
                down.down(false);
            }
        }
    }

    @Nested
    class RepairRun {
        @Test
        void copiesExactlyWhatIsMissingOrRewrittenAndVerifiesAllIdentical() {
            RepairReport report = repair().delete(true).build().run();
            assertEquals(during.size() + 1, report.copy().copiedObjects(), report.toText());
            assertEquals(before.size() - 1, report.copy().skippedObjects(), report.toText());
            assertEquals(1, report.copy().deletedAtSource());
            assertEquals(1, report.copy().removedAtDestination());
            assertEquals(VerificationReport.Outcome.CLEAN, report.verification().outcome(), report.toText());
            assertEquals(before.size() + during.size(), report.verification().identical());
            assertTrue(report.repaired());
            assertEquals(MigrationFixture.contents(replicas.get(0).store()),
                    MigrationFixture.contents(lagging().store()));
            assertTrue(report.toJson().startsWith("{\"repaired\":true,\"copy\":{"), report.toJson());
        }

        @Test
        void aSecondRepairCopiesNothing() {
            repair().delete(true).build().run();
            RepairReport again = repair().delete(true).build().run();
            assertEquals(0, again.copy().copiedObjects());
            assertEquals(before.size() + during.size(), again.copy().skippedObjects());
            assertTrue(again.repaired());
        }

        @Test
        void withoutDeleteTheObjectDeletedWhileDownIsReportedAndNotInLine() {
            RepairReport report = repair().build().run();
            assertEquals(1, report.copy().deletedAtSource());
            assertEquals(0, report.copy().removedAtDestination());
            assertEquals(1, report.verification().missingAtSource());
            assertFalse(report.repaired());
            assertTrue(report.toText().startsWith("repair: NOT in line\n"), report.toText());
        }

        @Test
        void healthyAndLaggingAreRequired() {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> Repair.builder().healthy(replicas.get(0).store()).build());
            assertEquals("healthy, lagging: must both be set", e.getMessage());
        }
    }
}
