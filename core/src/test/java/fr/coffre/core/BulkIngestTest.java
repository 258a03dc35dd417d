package fr.coffre.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fr.coffre.InvalidInputException;
import fr.coffre.KeyDestroyedException;
import fr.coffre.core.audit.AuditRecord;
import fr.coffre.core.audit.AuditVerifier;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Coffre#prepareSubjects}: the data keys of a batch of new subjects made at once, then used by their puts. */
class BulkIngestTest {
    @TempDir
    Path tmp;

    private Coffre open(TestCustody custody, ObjectStore store, Policy policy) {
        return Coffre.builder().store(store).custodian(custody).registryDirectory(tmp.resolve("reg"))
                .createRegistryIfMissing(true).vaultId("v").policy(policy).principal("ingest").build();
    }

    private static List<String> subjects(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("patient-" + i);
        }
        return out;
    }

    @Test
    void preparedSubjectsPutUnderTheirPreparedKeysAndNoneIsMadeTwice() {
        try (TestCustody custody = TestCustody.keystore(tmp.resolve("keys")); ObjectStore store = ObjectStores.memory();
                Coffre coffre = open(custody, store, Policy.development())) {
            assertEquals(50, coffre.prepareSubjects(subjects(50)));
            assertEquals(50, coffre.keyRegistry().status().liveDataKeys());
            assertEquals(0, coffre.prepareSubjects(subjects(50)), "already prepared: kept, none made");
            assertEquals(10, coffre.prepareSubjects(subjects(60)), "only the ten new ones");
            for (String s : subjects(60)) {
                coffre.put("records/" + s, new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)),
                        PutOptions.builder().subject(s).build());
            }
            assertEquals(60, coffre.keyRegistry().status().liveDataKeys(), "the puts made no other key");
            try (var o = coffre.get("records/patient-7")) {
                assertEquals("patient-7", new String(o.content().readAllBytes(), StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Test
    void aBatchWithAShreddedSubjectCreatesNothing() {
        try (TestCustody custody = TestCustody.keystore(tmp.resolve("keys")); ObjectStore store = ObjectStores.memory();
                Coffre coffre = open(custody, store, Policy.development())) {
            coffre.prepareSubjects(List.of("patient-0"));
            coffre.shred("patient-0");
            int before = coffre.keyRegistry().status().liveDataKeys();
            assertThrows(KeyDestroyedException.class, () -> coffre.prepareSubjects(subjects(5)));
            assertEquals(before, coffre.keyRegistry().status().liveDataKeys());
            assertThrows(InvalidInputException.class, () -> coffre.prepareSubjects(List.of("")));
            assertThrows(InvalidInputException.class, () -> coffre.prepareSubjects(null));
        }
    }

    @Test
    void isRecordedAndNeedsAReasonWhereThePolicySaysSo() {
        Policy policy = Policy.development().toBuilder().requireReason(true).build();
        try (TestCustody custody = TestCustody.keystore(tmp.resolve("keys")); ObjectStore store = ObjectStores.memory();
                Coffre coffre = open(custody, store, policy)) {
            assertThrows(PolicyViolationException.class, () -> coffre.prepareSubjects(subjects(3)));
            assertEquals(0, coffre.keyRegistry().status().liveDataKeys());
            assertEquals(3, coffre.withReason("admission batch").prepareSubjects(subjects(3)));
            List<AuditRecord> records = AuditVerifier.read(coffre.keyRegistry().auditDirectory());
            assertEquals(List.of("prepare-subjects:PolicyViolationException", "prepare-subjects:ok"),
                    records.stream().map(r -> r.action() + ":" + r.outcome()).toList());
            assertEquals("admission batch", records.get(1).reason());
        }
    }
}
