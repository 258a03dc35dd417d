package fr.coffre.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.core.audit.AuditProblem;
import fr.coffre.core.audit.AuditProblem.Reason;
import fr.coffre.core.audit.AuditRecord;
import fr.coffre.core.audit.AuditReport;
import fr.coffre.core.audit.AuditVerifier;
import fr.coffre.core.audit.DirectoryAuditSink;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every shred leaves a destruction certificate in the trail (AUDIT.md), and verify checks it. */
class DestructionCertificateTest {
    private static final String SUBJECT = "1850775123456-97";
    @TempDir
    Path tmp;
    private TestCustody custody;
    private ObjectStore store;

    @BeforeEach
    void open() {
        custody = TestCustody.keystore(tmp.resolve("keys"));
        store = ObjectStores.memory();
    }

    @AfterEach
    void close() {
        store.close();
        custody.close();
    }

    private Coffre coffre() {
        return Coffre.builder().store(store).custodian(custody).registryDirectory(tmp.resolve("reg"))
                .createRegistryIfMissing(true).vaultId("v")
                .principal("dpo").reason("erasure request 2026-12").build();
    }

    /** Writes two records of the subject, shreds it, closes; returns the trail directory. */
    private Path shredOnce() {
        try (Coffre c = coffre()) {
            for (String name : List.of("a.json", "b.json")) {
                c.put(name, new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)),
                        PutOptions.builder().subject(SUBJECT).build());
            }
            assertEquals(1, c.shred(SUBJECT));
            return c.keyRegistry().auditDirectory();
        }
    }

    private static Path file(Path trail) {
        return trail.resolve("audit-000001.jsonl");
    }

    private static int lineOf(List<String> lines, String action) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("\"action\":\"" + action + "\"")) {
                return i;
            }
        }
        throw new AssertionError(action + " not in the trail");
    }

    private static void assertProblem(AuditReport report, long seq, Reason reason) {
        assertTrue(report.problems().stream().anyMatch(p -> p.seq() == seq && p.reason() == reason),
                report.problems().toString());
    }

    @Nested
    class Shred {
        @Test
        void appendsACertificateNamingThePseudonymousSubjectAndTheKeysDestroyed() throws Exception {
            Path trail = shredOnce();
            List<AuditRecord> records = AuditVerifier.read(trail);
            List<String> actions = records.stream().map(AuditRecord::action).toList();
            assertEquals(List.of("put", "put", AuditRecord.DESTRUCTION_CERTIFICATE, "shred", AuditRecord.CHECKPOINT),
                    actions);
            AuditRecord cert = records.get(2);
            assertEquals(records.get(3).subject(), cert.subject());
            assertEquals("dpo", cert.principal());
            assertEquals("erasure request 2026-12", cert.reason());
            assertEquals(AuditRecord.OK, cert.outcome());
            assertEquals(1, cert.keys().size(), cert.keys().toString());
            assertTrue(cert.keys().get(0).matches("[A-Za-z0-9._-]+:v1"), cert.keys().toString());
            assertTrue(cert.time() != null);
            AuditReport report = AuditVerifier.verify(trail, custody);
            assertTrue(report.ok(), report.problems().toString());
            String text = Files.readString(file(trail));
            assertFalse(text.contains("1850775123456"), text);
        }

        @Test
        void certificatesAreFetchedForTheSubjectThroughItsPseudonyms() {
            shredOnce();
            try (Coffre c = coffre()) {
                assertEquals(0, c.shred(SUBJECT));
                List<AuditRecord> certs = c.destructionCertificates(SUBJECT);
                assertEquals(2, certs.size(), certs.toString());
                assertEquals(1, certs.get(0).keys().size());
                assertEquals(List.of(), certs.get(1).keys());
                assertTrue(c.keyRegistry().auditSubjectPseudonyms(SUBJECT).contains(certs.get(0).subject()));
                assertEquals(List.of(), c.destructionCertificates("another-subject"));
            }
        }
    }

    @Nested
    class ShredOnTheRegistryAlone {
        @Test
        void isCertifiedTooWithAnUnspecifiedPrincipal() {
            Path trail;
            try (Coffre c = coffre()) {
                trail = c.keyRegistry().auditDirectory();
                c.put("a.json", new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)),
                        PutOptions.builder().subject(SUBJECT).build());
                assertEquals(1, c.keyRegistry().shred(SUBJECT));
                List<AuditRecord> certs = c.destructionCertificates(SUBJECT);
                assertEquals(1, certs.size(), certs.toString());
                assertEquals("unspecified", certs.get(0).principal());
                assertEquals(1, certs.get(0).keys().size(), certs.get(0).keys().toString());
            }
            AuditReport report = AuditVerifier.verify(trail, custody);
            assertTrue(report.ok(), report.problems().toString());
        }
    }

    @Nested
    class Verify {
        @Test
        void aTamperedCertificateIsNamedAtItsSeq() throws Exception {
            Path trail = shredOnce();
            List<String> lines = new ArrayList<>(Files.readAllLines(file(trail)));
            int at = lineOf(lines, AuditRecord.DESTRUCTION_CERTIFICATE);
            lines.set(at, lines.get(at).replace(":v1\"", ":v2\""));
            Files.write(file(trail), lines);
            AuditReport report = AuditVerifier.verify(trail, custody);
            AuditProblem first = report.first().orElseThrow();
            assertEquals(at + 1, first.seq(), report.problems().toString());
            assertEquals(Reason.FORGED_CERTIFICATE, first.reason(), report.problems().toString());
            try (Coffre c = coffre()) {
                assertEquals(List.of(), c.destructionCertificates(SUBJECT));
            }
        }

        @Test
        void aShredWhoseCertificateWasDeletedIsNamed() throws Exception {
            Path trail = shredOnce();
            List<String> lines = new ArrayList<>(Files.readAllLines(file(trail)));
            int at = lineOf(lines, AuditRecord.DESTRUCTION_CERTIFICATE);
            lines.remove(at);
            Files.write(file(trail), lines);
            AuditReport report = AuditVerifier.verify(trail, custody);
            assertProblem(report, at + 1, Reason.MISSING_RECORDS);
            assertProblem(report, at + 2, Reason.MISSING_CERTIFICATE);
        }

        @Test
        void anAuthenticButMalformedCertificateAndAShredWithoutOneAreNamed() {
            Path trail = tmp.resolve("trail");
            custody.createKey(KeyRegistry.DEFAULT_MASTER_KEY_ID);
            try (DirectoryAuditSink sink = DirectoryAuditSink.builder().directory(trail).custodian(custody)
                    .masterKeyId(KeyRegistry.DEFAULT_MASTER_KEY_ID).build()) {
                sink.append(AuditRecord.certificate("dpo", "v", "memory", "alice", "erasure", List.of("k:v1")));
                sink.append(AuditRecord.event("dpo", AuditRecord.SHRED, "v", "memory", null, "p1.x", "erasure",
                        AuditRecord.OK));
            }
            AuditReport report = AuditVerifier.verify(trail, custody);
            assertEquals(List.of(new AuditProblem(1, Reason.BAD_CERTIFICATE, report.problems().get(0).detail()),
                    new AuditProblem(2, Reason.MISSING_CERTIFICATE, report.problems().get(1).detail())),
                    report.problems());
            assertEquals("1/3 records valid", report.summary());
        }
    }
}
