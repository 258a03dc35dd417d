package fr.coffre.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.core.audit.AuditRecord;
import fr.coffre.core.audit.AuditReport;
import fr.coffre.core.audit.AuditVerifier;
import fr.coffre.store.ObjectNotFoundException;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Coffre's accesses in the audit trail, and the reason rule of the policy, on the in-memory store. */
class CoffreAuditTest {
    private static final String NAME = "patients/dupont-jean/cr.json";
    private static final String SUBJECT = "1850775123456-97";
    @TempDir
    Path tmp;

    private Coffre open(TestCustody custody, ObjectStore store, Policy policy) {
        return Coffre.builder().store(store).custodian(custody).registryDirectory(tmp.resolve("reg"))
                .createRegistryIfMissing(true).vaultId("v")
                .policy(policy).principal("dr-martin").build();
    }

    private static ByteArrayInputStream data() {
        return new ByteArrayInputStream("{\"resourceType\":\"Patient\"}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void accessWithoutReasonIsRefusedBeforeAnyByteMoves() {
        Policy policy = Policy.development().toBuilder().requireReason(true).build();
        try (TestCustody custody = TestCustody.keystore(tmp.resolve("keys")); ObjectStore store = ObjectStores.memory();
                Coffre coffre = open(custody, store, policy)) {
            PolicyViolationException e = assertThrows(PolicyViolationException.class,
                    () -> coffre.put(NAME, data(), PutOptions.builder().subject(SUBJECT).build()));
            assertEquals(Policy.ACCESS_REASON, e.rule());
            assertEquals(0, store.list("", null, 1000).objects().size());
            assertThrows(PolicyViolationException.class, () -> coffre.get(NAME));
            assertThrows(PolicyViolationException.class, () -> coffre.list(""));
            assertThrows(PolicyViolationException.class, () -> coffre.shred(SUBJECT));
            Coffre care = coffre.withReason("care");
            care.put(NAME, data(), PutOptions.builder().subject(SUBJECT).build());
            assertEquals(List.of(Coffre.VAULT_MARKER, coffre.storeName(NAME)).stream().sorted().toList(),
                    store.list("", null, 1000).objects().stream().map(o -> o.name()).sorted().toList(),
                    "the object and the vault marker");
            List<AuditRecord> records = AuditVerifier.read(coffre.keyRegistry().auditDirectory());
            assertEquals(List.of("PolicyViolationException", "PolicyViolationException", "PolicyViolationException",
                    "PolicyViolationException", "ok"), records.stream().map(AuditRecord::outcome).toList());
            assertEquals("care", records.get(4).reason());
        }
    }

    @Test
    void everyAccessIsRecordedPseudonymouslyAndTheTrailVerifies() throws Exception {
        Path trail;
        List<String> subjectIds;
        try (TestCustody custody = TestCustody.keystore(tmp.resolve("keys")); ObjectStore store = ObjectStores.memory()) {
            try (Coffre base = open(custody, store, Policy.development())) {
                Coffre coffre = base.withReason("care: consultation");
                coffre.put(NAME, data(), PutOptions.builder().subject(SUBJECT).build());
                coffre.get(NAME).close();
                coffre.get(NAME, 0, 4).close();
                coffre.stat(NAME);
                assertEquals(List.of(NAME), coffre.list("patients/").toList());
                coffre.delete(NAME);
                assertThrows(ObjectNotFoundException.class, () -> coffre.get(NAME));
                coffre.shred(SUBJECT);
                coffre.rotateMasterKey(null);
                trail = base.keyRegistry().auditDirectory();
                subjectIds = base.keyRegistry().auditSubjectPseudonyms(SUBJECT);
            }
            List<AuditRecord> records = AuditVerifier.read(trail);
            assertEquals(List.of("put", "get", "get-range", "stat", "list", "delete", "get",
                    AuditRecord.DESTRUCTION_CERTIFICATE, "shred", "rotate-master-key", AuditRecord.CHECKPOINT),
                    records.stream().map(AuditRecord::action).toList());
            assertEquals("ObjectNotFoundException", records.get(6).outcome());
            assertEquals("dr-martin", records.get(0).principal());
            assertEquals(records.get(0).object(), records.get(1).object());
            assertTrue(subjectIds.contains(records.get(0).subject()), records.get(0).toString());
            assertEquals(records.get(0).subject(), records.get(7).subject());
            assertEquals(records.get(0).subject(), records.get(8).subject());
            AuditReport report = AuditVerifier.verify(trail, custody);
            assertTrue(report.ok(), report.problems().toString());
            assertEquals("11/11 records valid", report.summary());
            try (Stream<Path> files = Files.list(trail)) {
                for (Path f : files.toList()) {
                    String text = Files.readString(f);
                    assertFalse(text.contains("dupont") || text.contains("1850775123456") || text.contains("cr.json"),
                            f.toString());
                }
            }
        }
    }
}
