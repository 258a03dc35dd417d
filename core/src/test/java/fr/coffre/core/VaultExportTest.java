package fr.coffre.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import fr.coffre.core.audit.AuditRecord;
import fr.coffre.core.audit.AuditVerifier;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reversibility: plaintext records under their logical names, a sealed manifest of digests, every export audited. */
class VaultExportTest {
    private static final String ALICE = "1850775123456-97";
    private static final String BOB = "2990175123456-12";
    private static final Map<String, String> RECORDS = Map.of(
            "patients/a/Patient.json", "{\"resourceType\":\"Patient\",\"id\":\"a\"}",
            "patients/a/enc/1.json", "{\"resourceType\":\"Encounter\"}",
            "patients/b/Patient.json", "{\"resourceType\":\"Patient\",\"id\":\"b\"}");
    @TempDir
    Path tmp;
    private TestCustody custody;
    private ObjectStore store;
    private Coffre coffre;

    @BeforeEach
    void vault() {
        custody = TestCustody.keystore(tmp.resolve("keys"));
        store = ObjectStores.memory();
        coffre = Coffre.builder().store(store).custodian(custody).registryDirectory(tmp.resolve("reg"))
                .createRegistryIfMissing(true).vaultId("v")
                .principal("dpo").reason("reversibility").build();
        RECORDS.forEach((name, json) -> coffre.put(name, new ByteArrayInputStream(json.getBytes(
                StandardCharsets.UTF_8)), PutOptions.builder().subject(name.contains("/a/") ? ALICE : BOB)
                .contentType("application/fhir+json").build()));
    }

    @AfterEach
    void close() {
        coffre.close();
        store.close();
        custody.close();
    }

    @Nested
    class ExportPrefix {
        @Test
        void writesEveryRecordInItsOwnFormatAndTheManifestVerifies() throws Exception {
            Path out = tmp.resolve("export");
            ExportReport report = coffre.exportPrefix(out, "");
            assertEquals(3, report.files());
            for (Map.Entry<String, String> r : RECORDS.entrySet()) {
                assertArrayEquals(r.getValue().getBytes(StandardCharsets.UTF_8), Files.readAllBytes(out.resolve(
                        r.getKey())), r.getKey());
            }
            ExportCheck check = coffre.verifyExport(out);
            assertTrue(check.ok(), check.toString());
            assertEquals(3, check.files());
            String manifest = Files.readString(out.resolve(VaultExport.MANIFEST));
            assertTrue(manifest.contains("application/fhir+json"), manifest);
        }

        @Test
        void aPrefixSelectsItsRecordsOnly() {
            Path out = tmp.resolve("export");
            assertEquals(2, coffre.exportPrefix(out, "patients/a/").files());
            assertFalse(Files.exists(out.resolve("patients/b/Patient.json")));
        }

        @Test
        void aNonEmptyDirectoryIsRefused() throws Exception {
            Path out = Files.createDirectories(tmp.resolve("export"));
            Files.writeString(out.resolve("x"), "x");
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> coffre.exportPrefix(out, ""));
            assertTrue(e.getMessage().startsWith("to:"), e.getMessage());
        }
    }

    @Nested
    class ExportSubject {
        @Test
        void selectsTheSubjectsRecordsAndNamesItByPseudonymOnly() throws Exception {
            Path out = tmp.resolve("export");
            assertEquals(2, coffre.exportSubject(out, ALICE).files());
            assertTrue(Files.exists(out.resolve("patients/a/enc/1.json")));
            assertFalse(Files.exists(out.resolve("patients/b/Patient.json")));
            String manifest = Files.readString(out.resolve(VaultExport.MANIFEST));
            assertFalse(manifest.contains("1850775123456"), manifest);
            assertTrue(manifest.contains(coffre.keyRegistry().auditSubjectPseudonyms(ALICE).get(0)), manifest);
            List<AuditRecord> export = AuditVerifier.read(coffre.keyRegistry().auditDirectory()).stream()
                    .filter(r -> r.action().equals("export")).toList();
            assertEquals(1, export.size());
            assertEquals(AuditRecord.OK, export.get(0).outcome());
            assertEquals("reversibility", export.get(0).reason());
            assertTrue(coffre.keyRegistry().auditSubjectPseudonyms(ALICE).contains(export.get(0).subject()));
        }
    }

    @Nested
    class VerifyExport {
        @Test
        void aTamperedManifestFailsItsSeal() throws Exception {
            Path out = tmp.resolve("export");
            coffre.exportPrefix(out, "");
            Path manifest = out.resolve(VaultExport.MANIFEST);
            Files.writeString(manifest, Files.readString(manifest).replace("\"bytes\" : 2", "\"bytes\" : 3")
                    .replace("patients/b/Patient.json", "patients/b/Patient.jsoN"));
            ExportCheck check = coffre.verifyExport(out);
            assertFalse(check.sealValid(), check.toString());
            assertFalse(check.ok());
        }

        @Test
        void anAlteredOrMissingFileIsNamed() throws Exception {
            Path out = tmp.resolve("export");
            coffre.exportPrefix(out, "");
            Files.writeString(out.resolve("patients/a/Patient.json"), "{}");
            Files.delete(out.resolve("patients/b/Patient.json"));
            ExportCheck check = coffre.verifyExport(out);
            assertTrue(check.sealValid());
            assertEquals(List.of("patients/a/Patient.json"), check.altered());
            assertEquals(List.of("patients/b/Patient.json"), check.missing());
            assertFalse(check.toString().contains("patients"), check.toString());
        }

        @Test
        void namesLeadingOutsideTheDirectoryAreRefused() {
            Path root = tmp.resolve("export");
            for (String name : List.of("../etc/passwd", "a/../../b", "/abs", "a//b", "a/./b", "a\\..\\b",
                    VaultExport.MANIFEST)) {
                InvalidInputException e = assertThrows(InvalidInputException.class,
                        () -> VaultExport.target(root, name, "opaque"), name);
                assertFalse(e.getMessage().contains(name), e.getMessage());
            }
            assertEquals(root.resolve("a/b.json"), VaultExport.target(root, "a/b.json", "opaque"));
        }
    }
}
