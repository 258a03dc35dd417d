package fr.coffre.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        return new TestCli(tmp);
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
}
