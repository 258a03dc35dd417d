package fr.coffre.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.core.audit.AuditProblem;
import fr.coffre.core.audit.AuditProblem.Reason;
import fr.coffre.core.audit.AuditRecord;
import fr.coffre.core.audit.AuditReport;
import fr.coffre.core.audit.AuditVerifier;
import fr.coffre.core.audit.DirectoryAuditSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each attack on the trail of AUDIT.md, named after it, with the exact first sequence number and reason verify
 * reports. The trail: records 1-5, checkpoint 6, records 7-11, checkpoint 12, records 13-14, final checkpoint 15.
 */
class AuditTrailAttackTest {
    private static final String MAC = ",\"mac\":\"";
    @TempDir
    Path tmp;
    private TestCustody custody;
    private Path trail;

    @BeforeEach
    void writeTrail() throws Exception {
        custody = TestCustody.keystore(tmp.resolve("keys"));
        custody.createKey(KeyRegistry.DEFAULT_MASTER_KEY_ID);
        trail = tmp.resolve("audit");
        write(trail, 12, 16L << 20);
    }

    private void write(Path dir, int records, long maxFileBytes) {
        try (DirectoryAuditSink sink = DirectoryAuditSink.builder().directory(dir).custodian(custody)
                .masterKeyId(KeyRegistry.DEFAULT_MASTER_KEY_ID).checkpointEvery(5).maxFileBytes(maxFileBytes)
                .build()) {
            for (int i = 0; i < records; i++) {
                sink.append(AuditRecord.event("alice", "get", "v1", "memory", "p1.object" + i, null, "care",
                        AuditRecord.OK));
            }
        }
    }

    private AuditReport verify() {
        return AuditVerifier.verify(trail, custody);
    }

    private Path file() {
        return trail.resolve("audit-000001.jsonl");
    }

    private List<String> lines() throws Exception {
        return new ArrayList<>(Files.readAllLines(file(), StandardCharsets.UTF_8));
    }

    private void save(List<String> lines) throws Exception {
        Files.write(file(), lines, StandardCharsets.UTF_8);
    }

    private static void assertFirst(AuditReport report, long seq, Reason reason) {
        AuditProblem first = report.first().orElseThrow();
        assertEquals(seq, first.seq(), report.problems().toString());
        assertEquals(reason, first.reason(), report.problems().toString());
    }

    @Test
    void intactTrailIsValid() {
        AuditReport report = verify();
        assertTrue(report.ok(), report.problems().toString());
        assertEquals("15/15 records valid", report.summary());
    }

    @Nested
    class Attacks {
        @Test
        void flippedByte() throws Exception {
            List<String> l = lines();
            byte[] b = l.get(2).getBytes(StandardCharsets.UTF_8);
            int at = l.get(2).indexOf("alice");
            b[at] ^= 1;
            l.set(2, new String(b, StandardCharsets.UTF_8));
            save(l);
            AuditReport report = verify();
            assertFirst(report, 3, Reason.BAD_MAC);
            assertEquals("14/15 records valid", report.summary());
        }

        @Test
        void recordDeletedMidFile() throws Exception {
            List<String> l = lines();
            l.remove(2);
            save(l);
            AuditReport report = verify();
            assertFirst(report, 3, Reason.MISSING_RECORDS);
            assertEquals(1, report.problems().size(), report.problems().toString());
            assertEquals("14/15 records valid", report.summary());
        }

        @Test
        void recordsReordered() throws Exception {
            List<String> l = lines();
            Collections.swap(l, 2, 3);
            save(l);
            AuditReport report = verify();
            assertFirst(report, 3, Reason.OUT_OF_ORDER);
            assertEquals(1, report.problems().size(), report.problems().toString());
        }

        @Test
        void recordInserted() throws Exception {
            List<String> l = lines();
            l.add(4, l.get(1));
            save(l);
            AuditReport report = verify();
            assertFirst(report, 2, Reason.INSERTED);
            assertEquals(1, report.problems().size(), report.problems().toString());
            assertEquals("15/16 records valid", report.summary());
        }

        @Test
        void tailTruncated() throws Exception {
            List<String> l = lines();
            save(l.subList(0, l.size() - 2));
            AuditReport report = verify();
            assertFirst(report, 14, Reason.TRUNCATED);
            assertEquals("13/13 records valid", report.summary());
        }

        @Test
        void wholeFileRemoved() throws Exception {
            trail = tmp.resolve("rotated");
            write(trail, 40, 1024);
            List<Path> files;
            try (Stream<Path> s = Files.list(trail)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
            }
            assertTrue(files.size() >= 3, files.toString());
            String firstOfSecond = Files.readAllLines(files.get(1)).get(0);
            long seq = Long.parseLong(firstOfSecond.replaceAll("^\\{\"seq\":(\\d+),.*", "$1"));
            Files.delete(files.get(1));
            assertTrue(verify().problems().size() == 1, verify().problems().toString());
            assertFirst(verify(), seq, Reason.MISSING_FILE);
        }

        @Test
        void checkpointForged() throws Exception {
            List<String> l = lines();
            assertTrue(l.get(5).contains("\"action\":\"checkpoint\""), l.get(5));
            String body = body(l.get(5)).replace("\"count\":5", "\"count\":4");
            l.set(5, withMac(body, randomKey()));
            save(l);
            assertFirst(verify(), 6, Reason.FORGED_CHECKPOINT);
        }

        @Test
        void reChainedWithoutTheKey() throws Exception {
            List<String> l = lines();
            byte[] key = randomKey();
            String prev = sha256(l.get(1));
            for (int i = 2; i < l.size(); i++) {
                String body = body(l.get(i)).replaceAll("\"prev\":\"[0-9a-f]{64}\"", "\"prev\":\"" + prev + "\"");
                if (i == 2) {
                    body = body.replace("\"reason\":\"care\"", "\"reason\":\"research\"");
                }
                l.set(i, withMac(body, key));
                prev = sha256(l.get(i));
            }
            save(l);
            AuditReport report = verify();
            assertFirst(report, 3, Reason.BAD_MAC);
            assertEquals("2/15 records valid", report.summary());
        }
    }

    private static String body(String line) {
        return line.substring(0, line.lastIndexOf(MAC)) + "}";
    }

    private static String withMac(String body, byte[] key) throws Exception {
        Mac m = Mac.getInstance("HmacSHA256");
        m.init(new SecretKeySpec(key, "HmacSHA256"));
        String mac = HexFormat.of().formatHex(m.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        return body.substring(0, body.length() - 1) + MAC + mac + "\"}";
    }

    private static byte[] randomKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return k;
    }

    private static String sha256(String line) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(line.getBytes(StandardCharsets.UTF_8)));
    }
}
