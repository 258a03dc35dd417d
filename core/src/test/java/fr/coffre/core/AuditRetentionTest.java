package fr.coffre.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import fr.coffre.core.audit.AuditProblem.Reason;
import fr.coffre.core.audit.AuditRecord;
import fr.coffre.core.audit.AuditReport;
import fr.coffre.core.audit.AuditVerifier;
import fr.coffre.core.audit.DirectoryAuditSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention: whole old files removed behind an authenticated anchor, and verify still valid from the retained head. */
class AuditRetentionTest {
    static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    @TempDir
    Path tmp;
    TestCustody custody;
    Path trail;
    final MutableClock clock = new MutableClock();

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        Instant now = T0;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void custody() {
        custody = TestCustody.keystore(tmp.resolve("keys"));
        custody.createKey(KeyRegistry.DEFAULT_MASTER_KEY_ID);
        trail = tmp.resolve("audit");
    }

    DirectoryAuditSink sink(Period retention) {
        return DirectoryAuditSink.builder().directory(trail).custodian(custody)
                .masterKeyId(KeyRegistry.DEFAULT_MASTER_KEY_ID).maxFileBytes(1024).clock(clock).retention(retention)
                .build();
    }

    static void append(DirectoryAuditSink sink, int records) {
        for (int i = 0; i < records; i++) {
            sink.append(AuditRecord.event("alice", "get", "v1", "memory", "p1.object" + i, null, "care",
                    AuditRecord.OK));
        }
    }

    List<String> files() throws Exception {
        try (Stream<Path> s = Files.list(trail)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jsonl")).sorted().toList();
        }
    }

    /** Ten records on 2026-01-05 (several 1 KiB files), closed. */
    void oldTrail() throws Exception {
        try (DirectoryAuditSink s = sink(Period.ofMonths(6))) {
            append(s, 10);
        }
        assertTrue(files().size() >= 4, files().toString());
    }

    @Nested
    class AtOpen {
        @Test
        void filesOlderThanTheRetentionAreRemovedAndVerifyReportsThePrunedRange() throws Exception {
            oldTrail();
            List<String> before = files();
            long oldRecords = AuditVerifier.read(trail).size();
            clock.now = T0.plus(Duration.ofDays(7 * 31));
            try (DirectoryAuditSink s = sink(Period.ofMonths(6))) {
                append(s, 3);
            }
            List<String> after = files();
            assertEquals(before.get(before.size() - 1), after.get(0), "only the last old file is kept");
            assertTrue(Files.exists(trail.resolve("audit-retention.json")));
            AuditReport report = AuditVerifier.verify(trail, custody);
            assertTrue(report.ok(), report.problems().toString());
            List<AuditRecord> kept = AuditVerifier.read(trail);
            assertEquals(kept.get(0).seq() - 1, report.prunedThrough());
            assertTrue(report.prunedThrough() > 0 && report.prunedThrough() < oldRecords);
            assertEquals(kept.size() + "/" + kept.size() + " records valid", report.summary());
            AuditRecord note = kept.stream().filter(r -> AuditRecord.RETENTION.equals(r.action())).findFirst()
                    .orElseThrow();
            assertTrue(note.reason().contains("through seq " + report.prunedThrough()), note.reason());
            assertEquals(after.get(0), report.files().get(0).name());
        }

        @Test
        void recordsWithinTheRetentionStay() throws Exception {
            oldTrail();
            List<String> before = files();
            clock.now = T0.plus(Duration.ofDays(7 * 31));
            try (DirectoryAuditSink s = sink(Period.ofYears(3))) {
                append(s, 1);
            }
            assertTrue(files().containsAll(before), files().toString());
            assertFalse(Files.exists(trail.resolve("audit-retention.json")));
            AuditReport report = AuditVerifier.verify(trail, custody);
            assertTrue(report.ok(), report.problems().toString());
            assertEquals(0, report.prunedThrough());
        }
    }

    @Test
    void filesAreRemovedAfterARotationWhileTheSinkIsOpen() throws Exception {
        try (DirectoryAuditSink s = sink(Period.ofMonths(6))) {
            append(s, 6);
            clock.now = T0.plus(Duration.ofDays(200));
            append(s, 6);
            assertFalse(files().contains("audit-000001.jsonl"), files().toString());
        }
        AuditReport report = AuditVerifier.verify(trail, custody);
        assertTrue(report.ok(), report.problems().toString());
        assertTrue(report.prunedThrough() >= 6, String.valueOf(report.prunedThrough()));
    }

    @Nested
    class Attacks {
        void pruned() throws Exception {
            oldTrail();
            clock.now = T0.plus(Duration.ofDays(7 * 31));
            try (DirectoryAuditSink s = sink(Period.ofMonths(6))) {
                append(s, 4);
            }
        }

        @Test
        void removingTheAnchorIsAMissingFileAtSeqOne() throws Exception {
            pruned();
            Files.delete(trail.resolve("audit-retention.json"));
            AuditReport report = AuditVerifier.verify(trail, custody);
            assertEquals(1, report.first().orElseThrow().seq(), report.problems().toString());
            assertEquals(Reason.MISSING_FILE, report.first().orElseThrow().reason());
        }

        @Test
        void aForgedAnchorIsReportedAndIgnored() throws Exception {
            pruned();
            Path anchor = trail.resolve("audit-retention.json");
            Files.writeString(anchor, Files.readString(anchor).replaceFirst("\"firstSeq\":\\d+", "\"firstSeq\":2"));
            AuditReport report = AuditVerifier.verify(trail, custody);
            assertEquals(Reason.FORGED_CHECKPOINT, report.first().orElseThrow().reason(), report.problems().toString());
            assertTrue(report.problems().stream().anyMatch(p -> p.reason() == Reason.MISSING_FILE));
        }

        @Test
        void removingARetainedFileIsStillAMissingFile() throws Exception {
            pruned();
            List<String> files = files();
            Files.delete(trail.resolve(files.get(0)));
            AuditReport report = AuditVerifier.verify(trail, custody);
            assertEquals(Reason.MISSING_FILE, report.first().orElseThrow().reason(), report.problems().toString());
            assertEquals(report.prunedThrough() + 1, report.first().orElseThrow().seq());
        }
    }

    @Test
    void theRetentionIsOneDayToOneHundredYears() {
        DirectoryAuditSink.Builder b = DirectoryAuditSink.builder().directory(trail).custodian(custody)
                .masterKeyId(KeyRegistry.DEFAULT_MASTER_KEY_ID);
        InvalidInputException tooShort = assertThrows(InvalidInputException.class,
                () -> b.retention(Duration.ofHours(1)).build());
        assertEquals("retention: must be from 1 day to 100 years, was PT1H", tooShort.getMessage());
        InvalidInputException tooLong = assertThrows(InvalidInputException.class,
                () -> b.retention(Period.ofYears(101)).build());
        assertEquals("retention: must be from 1 day to 100 years, was P101Y", tooLong.getMessage());
        assertThrows(InvalidInputException.class, () -> b.retention(null).build());
        b.retention(Period.ofYears(10)).build().close();
        InvalidInputException registry = assertThrows(InvalidInputException.class, () -> KeyRegistry.builder()
                .createIfMissing(true)
                .custodian(custody).directory(tmp.resolve("reg")).auditRetention(Duration.ZERO).build());
        assertEquals("auditRetention: must be from 1 day to 100 years, was PT0S", registry.getMessage());
    }
}
