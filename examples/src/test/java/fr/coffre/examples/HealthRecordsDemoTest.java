package fr.coffre.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.core.Coffre;
import fr.coffre.custody.KeyCustodian;
import fr.coffre.custody.KeystoreCustodian;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthRecordsDemoTest {
    @TempDir
    Path tmp;

    private record Run(HealthRecordsDemo.Result result, String output) {
    }

    private Run runDemo(String runTag) {
        Path storeDir = tmp.resolve("store");
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try (KeyCustodian custody = KeystoreCustodian.builder()
                .createIfMissing(true).path(tmp.resolve("keys/keystore.bcfks"))
                .password("demo-test-password-not-a-secret".toCharArray()).build();
                ObjectStore store = ObjectStores.filesystem(storeDir);
                PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8)) {
            store.createContainerIfAbsent();
            try (Coffre coffre = Coffre.builder().store(store).custodian(custody)
                    .registryDirectory(tmp.resolve("keys/registry"))
                    .createRegistryIfMissing(true).vaultId(HealthRecordsDemo.VAULT_ID).build()) {
                HealthRecordsDemo.Result result = new HealthRecordsDemo(coffre, store, storeDir, out, runTag).run();
                return new Run(result, text.toString(StandardCharsets.UTF_8));
            }
        }
    }

    @Nested
    class Demo {
        @Test
        void writesReadsScansAndShredsSyntheticRecords() {
            Run run = runDemo("run-1");
            HealthRecordsDemo.Result r = run.result();
            assertTrue(r.ok(), run.output());
            assertEquals(42, r.written());
            assertEquals(42, r.verified());
            assertEquals(7, r.shredded());
            assertEquals(7, r.shreddedUnreadable());
            assertEquals(35, r.othersReadable());
            assertEquals(42 + 1, r.scan().objectsScanned(), "the records and the store's vault marker");
            assertTrue(r.scan().filesScanned() >= 42);
            assertTrue(run.output().contains("nothing readable found: OK"), run.output());
            assertTrue(run.output().contains("Demo OK"), run.output());
            assertTrue(run.output().contains("Patient      pat-001"), run.output());
        }

        @Test
        void runsAgainOnTheSameDataAfterAShred() {
            assertTrue(runDemo("run-1").result().ok());
            Run second = runDemo("run-2");
            assertTrue(second.result().ok(), second.output());
            assertEquals(42 + 1, second.result().scan().objectsScanned(),
                    "earlier run's objects were replaced (plus the vault marker)");
        }
    }

    @Nested
    class Scanner {
        @Test
        void scannerFindsAMarkerInAPlaintextObjectAndName() {
            try (ObjectStore store = ObjectStores.memory()) {
                byte[] bytes = "{\"resourceType\":\"Patient\"}".getBytes(StandardCharsets.UTF_8);
                store.put("martin.json", new ByteArrayInputStream(bytes), bytes.length);
                StoreScanner.Result r = new StoreScanner(List.of("resourceType", "Martin")).scan(store, null);
                assertFalse(r.clean());
                assertEquals(List.of("object name martin.json contains \"Martin\"",
                        "object martin.json contains \"resourceType\""), r.findings());
            }
        }

        @Test
        void aMarkerInsideAnOpaqueBase32NameIsChanceButReadableNamesAreStillSearched() {
            String opaque = "owiao35ikxo3opu3mcgihugo7mjikrmcbndy6owhkv2wp7lvryo3ha";   // "hugo" by chance
            try (ObjectStore store = ObjectStores.memory()) {
                for (String name : List.of(opaque + "/" + opaque, "hugo.json", "records/hugodupontreadablenameonlyletters",
                        "p1." + opaque)) {
                    store.put(name, new ByteArrayInputStream(new byte[] {1}), 1);
                }
                StoreScanner.Result r = new StoreScanner(List.of("Hugo")).scan(store, null);
                assertEquals(List.of("object name hugo.json contains \"Hugo\"",
                        "object name records/hugodupontreadablenameonlyletters contains \"Hugo\""), r.findings());
            }
        }

        @Test
        void markerSplitAcrossReadChunksIsFound() {
            try (ObjectStore store = ObjectStores.memory()) {
                byte[] bytes = new byte[64 * 1024 + 10];
                byte[] marker = "resourceType".getBytes(StandardCharsets.UTF_8);
                System.arraycopy(marker, 0, bytes, 64 * 1024 - 5, marker.length);
                store.put("blob", new ByteArrayInputStream(bytes), bytes.length);
                assertFalse(new StoreScanner(List.of("resourceType")).scan(store, null).clean());
            }
        }
    }

    @Nested
    class Synthetic {
        @Test
        void dataIsDeterministic() {
            assertEquals(SyntheticFhir.patients(1, 3), SyntheticFhir.patients(1, 3));
            List<SyntheticFhir.Resource> a = SyntheticFhir.resources(1, SyntheticFhir.patients(1, 3), 2);
            List<SyntheticFhir.Resource> b = SyntheticFhir.resources(1, SyntheticFhir.patients(1, 3), 2);
            assertEquals(21, a.size());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(new String(a.get(i).json(), StandardCharsets.UTF_8),
                        new String(b.get(i).json(), StandardCharsets.UTF_8));
            }
        }
    }
}
