package fr.coffre.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.core.audit.AuditProblem;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compliance report's data: each section filled from the vault, nothing identifying, the trail verified now. */
class ComplianceReportTest {
    private static final String NIR = "1850775123456-97";
    @TempDir
    Path tmp;

    @Test
    void reportsEverySectionOfAVaultAndNamesATamperedTrail() throws Exception {
        try (TestCustody custody = TestCustody.keystore(tmp.resolve("keys")); ObjectStore store = ObjectStores.memory();
                Coffre coffre = Coffre.builder().store(store).custodian(custody).registryDirectory(tmp.resolve("reg"))
                        .createRegistryIfMissing(true)
                        .vaultId("v").policy(Policy.development().toBuilder().requireReason(true).build())
                        .reason("care").build()) {
            coffre.put("patients/dupont/Patient.json", new ByteArrayInputStream("{}".getBytes(
                    StandardCharsets.UTF_8)), PutOptions.builder().subject(NIR).build());
            coffre.rotateMasterKey(null);
            coffre.shred(NIR);
            ComplianceReport r = coffre.complianceReport();
            assertEquals("v", r.vault());
            assertEquals(1, r.stores().size());
            assertEquals("keystore", r.custody().descriptor().scheme());
            assertEquals(List.of(1, 2), r.custody().masterKeyVersions().stream()
                    .map(ComplianceReport.MasterKeyVersion::version).toList());
            assertTrue(r.algorithms().format().startsWith("COF1"));
            assertTrue(r.policy().requireReason());
            assertEquals(1, r.registry().shreddedDataKeys());
            assertTrue(r.registry().lastRotation().isPresent());
            assertTrue(r.audit().verified(), r.audit().problems().toString());
            assertEquals(1, r.audit().destructionCertificates());
            assertEquals(4, r.audit().records()); // put, rotation, certificate, shred
            assertEquals("P6M: whole trail files whose last record is older are removed behind an authenticated"
                    + " anchor; durability bounded:PT0.01S (AUDIT.md)", r.audit().retention());
            assertFalse(r.toString().contains("1850775123456") || r.toString().contains("dupont"), r.toString());

            Path file = coffre.keyRegistry().auditDirectory().resolve("audit-000001.jsonl");
            List<String> lines = Files.readAllLines(file);
            lines.set(0, lines.get(0).replace("\"care\"", "\"cure\""));
            Files.write(file, lines);
            ComplianceReport tampered = coffre.complianceReport();
            assertFalse(tampered.audit().verified());
            assertEquals(AuditProblem.Reason.BAD_MAC, tampered.audit().problems().get(0).reason());
            assertEquals(1, tampered.audit().problems().get(0).seq());
        }
    }
}
