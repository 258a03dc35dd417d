package fr.coffre.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.coffre.core.audit.AuditRecord;
import fr.coffre.core.audit.AuditVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --principal}, {@code --reason} and the {@code audit} commands. */
class AuditCliTest {
    /** Under fr-health: a loopback S3 store with location labels (never contacted by these tests). */
    static final String LABELLED_STORE = "s3://bucket?endpoint=http://127.0.0.1:9&region=fr-1&country=FR"
            + "&jurisdiction=FR";

    @TempDir
    Path tmp;

    TestCli cli() {
        return new TestCli(tmp).init();
    }

    Path trail() {
        return tmp.resolve("keys/registry/audit");
    }

    List<AuditRecord> records(String action) {
        return AuditVerifier.read(trail()).stream().filter(r -> action.equals(r.action())).toList();
    }

    Path input(String text) throws IOException {
        Path f = tmp.resolve("in-" + Integer.toHexString(text.hashCode()) + ".json");
        Files.writeString(f, text);
        return f;
    }

    @Nested
    class PrincipalAndReason {
        @Test
        void theOptionsAreRecordedWithEveryAccess() throws IOException {
            TestCli c = cli();
            Path in = input("{\"resourceType\":\"Patient\"}");
            CliRun put = c.run("--principal", "dr-martin", "put", "p/a.json", in.toString(), "--reason",
                    "care: consultation");
            assertEquals(0, put.code(), put.toString());
            AuditRecord r = records("put").get(0);
            assertEquals("dr-martin", r.principal());
            assertEquals("care: consultation", r.reason());
            assertEquals(AuditRecord.OK, r.outcome());
        }

        @Test
        void theEnvironmentIsTheFallbackAndTheOptionWins() throws IOException {
            TestCli c = cli();
            c.env.put(Settings.REASON_ENV, "billing");
            c.env.put(Settings.PRINCIPAL_ENV, "batch-7");
            assertEquals(0, c.run("ls").code());
            assertEquals(0, c.run("ls", "--reason", "audit review").code());
            List<AuditRecord> lists = records("list");
            assertEquals("billing", lists.get(0).reason());
            assertEquals("batch-7", lists.get(0).principal());
            assertEquals("audit review", lists.get(1).reason());
        }

        @Test
        void theConfigurationFileIsTheLastFallback() throws IOException {
            Path yaml = tmp.resolve("coffre.yaml");
            Files.writeString(yaml, "principal: dossier-app\nreason: \"care: follow-up\"\n");
            TestCli c = cli();
            assertEquals(0, c.run("ls", "--config", yaml.toString()).code());
            c.env.put(Settings.REASON_ENV, "from env");
            assertEquals(0, c.run("ls", "--config", yaml.toString()).code());
            List<AuditRecord> lists = records("list");
            assertEquals("dossier-app", lists.get(0).principal());
            assertEquals("care: follow-up", lists.get(0).reason());
            assertEquals("from env", lists.get(1).reason());
        }

        @Test
        void theAuditRetentionComesFromTheConfigurationFile() throws IOException {
            Path yaml = tmp.resolve("coffre.yaml");
            Files.writeString(yaml, "auditRetention: P3Y\n");
            assertEquals(0, cli().run("ls", "--config", yaml.toString()).code());
            Files.writeString(yaml, "auditRetention: PT1H\n");
            CliRun tooShort = cli().run("ls", "--config", yaml.toString());
            assertEquals(2, tooShort.code(), tooShort.toString());
            assertTrue(tooShort.err().contains(yaml + ": auditRetention: must be from 1 day to 100 years, was PT1H"),
                    tooShort.err());
            Files.writeString(yaml, "auditRetention: six months\n");
            CliRun bad = cli().run("ls", "--config", yaml.toString());
            assertEquals(2, bad.code(), bad.toString());
            assertTrue(bad.err().contains("auditRetention: must be an ISO-8601 period such as P6M"), bad.err());
        }

        @Test
        void theAuditDurabilityComesFromTheConfigurationFile() throws IOException {
            Path yaml = tmp.resolve("coffre.yaml");
            Files.writeString(yaml, "auditDurability: per-record\n");
            assertEquals(0, cli().run("ls", "--config", yaml.toString()).code());
            Files.writeString(yaml, "auditDurability: bounded:PT0.05S\n");
            assertEquals(0, cli().run("ls", "--config", yaml.toString()).code());
            Files.writeString(yaml, "auditDurability: bounded:PT5S\n");
            CliRun tooLong = cli().run("ls", "--config", yaml.toString());
            assertEquals(2, tooLong.code(), tooLong.toString());
            assertTrue(tooLong.err().contains(yaml + ": auditDurability: must be per-record or bounded:"),
                    tooLong.err());
        }

        @Test
        void aBlankOrControlCharacterReasonIsAUsageError() {
            CliRun blank = cli().run("ls", "--reason", " ");
            assertEquals(2, blank.code(), blank.toString());
            assertTrue(blank.err().contains("--reason: must have 1 to 256 characters"), blank.err());
            TestCli c = cli();
            c.env.put(Settings.REASON_ENV, "a\nb");
            CliRun control = c.run("ls");
            assertEquals(2, control.code(), control.toString());
            assertTrue(control.err().contains("COFFRE_REASON: must have 1 to 256 characters"), control.err());
        }
    }

    @Nested
    class ReasonPolicy {
        TestCli frHealth() {
            TestCli c = cli();
            c.env.putAll(Map.of("COFFRE_S3_ACCESS_KEY", "not-a-real-access-key", "COFFRE_S3_SECRET_KEY",
                    "not-a-real-secret-key"));
            return c;
        }

        CliRun run(TestCli c, String... args) {
            List<String> all = new java.util.ArrayList<>(List.of(args));
            all.addAll(List.of("--policy", "fr-health", "--store", LABELLED_STORE, "--keystore",
                    c.keystore().toString()));
            return CliRun.of(c.env, new byte[0], all);
        }

        @Test
        void aDataCommandWithoutAReasonExitsSixNamingTheRuleAndTheOptions() {
            CliRun run = run(frHealth(), "ls");
            assertEquals(ExitCodes.POLICY, run.code(), run.toString());
            assertTrue(run.err().startsWith("coffre: error: rule access-reason: list: the policy requires a reason"),
                    run.err());
            assertTrue(run.err().contains("give --reason TEXT (or set COFFRE_REASON"), run.err());
            // the refusal itself is in the trail, before any byte moved
            AuditRecord refused = records("list").get(0);
            assertEquals("PolicyViolationException", refused.outcome());
        }

        @Test
        void statAndGetAreRefusedToo() {
            TestCli c = frHealth();
            assertEquals(ExitCodes.POLICY, run(c, "stat", "p/a.json").code());
            assertEquals(ExitCodes.POLICY, run(c, "get", "p/a.json", tmp.resolve("out").toString()).code());
            assertFalse(Files.exists(tmp.resolve("out")));
        }
    }

    /** Two subjects: alice (a.json, read and stat'ed) and bob (b.json, read). */
    TestCli twoSubjects() throws IOException {
        TestCli c = cli();
        assertEquals(0, c.run("put", "p/a.json", input("{\"a\":1}").toString(), "--subject", "alice").code());
        assertEquals(0, c.run("put", "p/b.json", input("{\"b\":2}").toString(), "--subject", "bob").code());
        assertEquals(0, c.run("get", "p/a.json", tmp.resolve("a.out").toString()).code());
        assertEquals(0, c.run("get", "p/b.json", tmp.resolve("b.out").toString()).code());
        assertEquals(0, c.run("stat", "p/a.json").code());
        return c;
    }

    @Nested
    class Verify {
        @Test
        void anIntactTrailIsValidAndExitsZero() throws IOException {
            TestCli c = twoSubjects();
            long total = AuditVerifier.read(trail()).size();
            CliRun run = c.run("audit", "verify");
            assertEquals(0, run.code(), run.toString());
            assertTrue(run.out().startsWith("audit-000001.jsonl: VALID (seq 1 to "), run.out());
            assertTrue(run.out().endsWith(total + "/" + total + " records valid\n"), run.out());
            List<AuditRecord> after = AuditVerifier.read(trail());
            // the consultation is recorded after the walk, then the command's final checkpoint
            assertEquals(total + 2, after.size());
            assertEquals("audit-verify", after.get(after.size() - 2).action());
            assertEquals(AuditRecord.CHECKPOINT, after.get(after.size() - 1).action());
            JsonNode doc = new ObjectMapper().readTree(c.run("audit", "verify", "--json").out());
            assertTrue(doc.get("valid").asBoolean());
            assertEquals("VALID", doc.get("files").get(0).get("status").asText());
        }

        @Test
        void aFlippedByteExitsTenAndNamesTheSeq() throws IOException {
            TestCli c = twoSubjects();
            Path file = trail().resolve("audit-000001.jsonl");
            List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file));
            int i = 0;
            while (!lines.get(i).contains("\"action\":\"get\"")) {
                i++;
            }
            long seq = new ObjectMapper().readTree(lines.get(i)).get("seq").asLong();
            lines.set(i, lines.get(i).replace("\"outcome\":\"ok\"", "\"outcome\":\"ko\""));
            Files.write(file, lines);
            long total = AuditVerifier.read(trail()).size();
            CliRun run = c.raw("audit", "verify", "--keystore", c.keystore().toString());
            assertEquals(ExitCodes.AUDIT_INVALID, run.code(), run.toString());
            assertTrue(run.out().startsWith("audit-000001.jsonl: INVALID at seq " + seq + ": BAD_MAC ("), run.out());
            assertTrue(run.out().endsWith((total - 1) + "/" + total + " records valid\n"), run.out());
            JsonNode doc = new ObjectMapper().readTree(c.raw("audit", "verify", "--json", "--keystore",
                    c.keystore().toString()).out());
            assertFalse(doc.get("valid").asBoolean());
            assertEquals(seq, doc.get("problems").get(0).get("seq").asLong());
            assertEquals("BAD_MAC", doc.get("files").get(0).get("problems").get(0).get("reason").asText());
        }
    }

    @Nested
    class TailAndExport {
        @Test
        void tailPrintsTheLastRecordsWithPseudonymsOnly() throws IOException {
            TestCli c = twoSubjects();
            CliRun run = c.run("audit", "tail", "-n", "3", "--format", "jsonl");
            assertEquals(0, run.code(), run.toString());
            String[] lines = run.out().split("\n");
            assertEquals(3, lines.length, run.out());
            List<AuditRecord> all = AuditVerifier.read(trail());
            // the consultation is recorded after the records shown, then the command's final checkpoint
            assertEquals("audit-tail", all.get(all.size() - 2).action());
            assertEquals(AuditRecord.CHECKPOINT, all.get(all.size() - 1).action());
            assertEquals(all.get(all.size() - 3).seq(), new ObjectMapper().readTree(lines[2]).get("seq").asLong());
            assertFalse(run.out().contains("alice") || run.out().contains("p/a.json"), run.out());
            CliRun table = c.run("audit", "tail");
            assertTrue(table.out().startsWith(AuditListing.HEADER + "\n"), table.out());
        }

        @Test
        void exportReturnsExactlyTheSubjectsRecords() throws IOException {
            TestCli c = twoSubjects();
            CliRun run = c.run("audit", "export", "--subject", "alice", "--json");
            assertEquals(0, run.code(), run.toString());
            JsonNode doc = new ObjectMapper().readTree(run.out());
            List<String> actions = new java.util.ArrayList<>();
            doc.get("records").forEach(r -> actions.add(r.get("action").asText()));
            assertEquals(List.of("put", "get", "stat"), actions);
            String object = doc.get("records").get(0).get("object").asText();
            doc.get("records").forEach(r -> assertEquals(object, r.get("object").asText()));
            assertFalse(run.out().contains("alice"), run.out());

            CliRun bob = c.run("audit", "export", "--subject", "bob", "--format", "jsonl", "--from", "2000-01-01");
            assertEquals(0, bob.code(), bob.toString());
            assertEquals(2, bob.out().split("\n").length - 1, bob.out());  // one info line, then the records
            assertFalse(bob.out().contains("bob"), bob.out());
            assertEquals(0, new ObjectMapper().readTree(c.run("audit", "export", "--subject", "alice", "--to",
                    "2000-01-01", "--json").out()).get("count").asInt());
        }

        @Test
        void theExportItselfIsRecordedUnderTheSubjectsPseudonym() throws IOException {
            TestCli c = twoSubjects();
            assertEquals(0, c.run("audit", "export", "--subject", "alice", "--principal", "dpo",
                    "--reason", "patient request").code());
            AuditRecord export = records("audit-export").get(0);
            assertEquals("dpo", export.principal());
            assertEquals("patient request", export.reason());
            assertEquals(records("put").get(0).subject(), export.subject());
            assertFalse(Files.readString(trail().resolve("audit-000001.jsonl")).contains("alice"));
        }

        @Test
        void aBadDateIsAUsageError() {
            CliRun run = cli().run("audit", "export", "--subject", "x", "--from", "yesterday");
            assertEquals(2, run.code(), run.toString());
            assertTrue(run.err().contains("--from: must be an ISO-8601 instant"), run.err());
        }
    }
}
