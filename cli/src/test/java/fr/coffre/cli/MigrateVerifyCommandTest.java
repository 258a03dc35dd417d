package fr.coffre.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** coffre migrate and coffre verify between two file stores: reports, JSON, exit codes 0, 8, 4, 2. */
class MigrateVerifyCommandTest {
    @TempDir
    Path tmp;
    TestCli cli;
    String from;
    String to;

    @BeforeEach
    void setUp() throws IOException {
        cli = new TestCli(tmp).init();
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        for (int i = 0; i < 12; i++) {
            Files.writeString(in.resolve("rec-" + i + ".json"), "record " + i);
        }
        CliRun put = cli.run("put", "-r", in.toString(), "p/", "--subject", "pat-1");
        assertEquals(0, put.code(), put.toString());
        from = "file://" + cli.store();
        to = "file://" + tmp.resolve("copy");
    }

    CliRun withKeys(String... args) {
        String[] all = Stream.concat(Stream.of(args), Stream.of("--keystore", cli.keystore().toString()))
                .toArray(String[]::new);
        return cli.raw(all);
    }

    private Path oneObject(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals("coffre-vault"))
                    .findFirst().orElseThrow();
        }
    }

    @Nested
    class Migrate {
        @Test
        void copiesThenSkipsAndReportsInJson() throws IOException {
            CliRun first = withKeys("migrate", "--from", from, "--to", to, "--json");
            assertEquals(0, first.code(), first.toString());
            JsonNode doc = new ObjectMapper().readTree(first.out());
            assertEquals(12, doc.get("copiedObjects").asInt());
            assertTrue(doc.get("complete").asBoolean());
            assertTrue(Files.exists(Path.of(doc.get("manifest").asText())), "default manifest beside the registry");
            CliRun again = withKeys("migrate", "--from", from, "--to", to);
            assertEquals(0, again.code(), again.toString());
            assertTrue(again.out().contains("copied 0 objects"), again.out());
            assertTrue(again.out().contains("skipped 12"), again.out());
        }

        @Test
        void withVerifyProvesTheCopyInOnePassOrExits8() throws IOException {
            CliRun first = withKeys("migrate", "--from", from, "--to", to, "--verify", "--json");
            assertEquals(0, first.code(), first.toString());
            JsonNode doc = new ObjectMapper().readTree(first.out());
            assertEquals(12, doc.get("migration").get("copiedObjects").asInt());
            assertEquals("CLEAN", doc.get("verification").get("outcome").asText());
            assertEquals(12, doc.get("verification").get("identical").asInt());

            Path victim = oneObject(tmp.resolve("copy"));
            byte[] bytes = Files.readAllBytes(victim);
            bytes[bytes.length - 20] ^= 1;
            Files.write(victim, bytes);
            CliRun again = withKeys("migrate", "--from", from, "--to", to, "--verify");
            assertEquals(8, again.code(), again.toString());
            assertTrue(again.out().contains("skipped 12"), again.out());
            assertTrue(again.out().lines().anyMatch(l -> l.startsWith("* ")), again.out());
        }

        @Test
        void refusesABadRate() {
            CliRun r = withKeys("migrate", "--from", from, "--to", to, "--max-rate", "fast");
            assertEquals(2, r.code(), r.toString());
            assertTrue(r.err().contains("--max-rate: must be bytes per second"), r.err());
        }
    }

    @Nested
    class Verify {
        @Test
        void cleanThenDifferingThenTampered() throws IOException {
            assertEquals(0, withKeys("migrate", "--from", from, "--to", to).code());
            CliRun clean = withKeys("verify", "--from", from, "--to", to, "--depth", "authenticated");
            assertEquals(0, clean.code(), clean.toString());
            assertTrue(clean.out().contains("CLEAN: 12 identical"), clean.out());
            assertEquals(0, withKeys("verify", to).code());

            Path victim = oneObject(tmp.resolve("copy"));
            byte[] bytes = Files.readAllBytes(victim);
            bytes[bytes.length - 20] ^= 1;
            Files.write(victim, bytes);
            CliRun differing = withKeys("verify", "--from", from, "--to", to);
            assertEquals(8, differing.code(), differing.toString());
            assertTrue(differing.out().lines().anyMatch(l -> l.startsWith("* ")), differing.out());
            CliRun tampered = withKeys("verify", "--from", from, "--to", to, "--depth", "authenticated", "--json");
            assertEquals(4, tampered.code(), tampered.toString());
            assertEquals("TAMPERED", new ObjectMapper().readTree(tampered.out()).get("outcome").asText());
            assertEquals(4, withKeys("verify", to).code());
        }

        @Test
        void needsEitherOneStoreOrBoth() {
            CliRun r = withKeys("verify", "--from", from);
            assertEquals(2, r.code(), r.toString());
            assertTrue(r.err().contains("give either STORE alone, or both --from and --to"), r.err());
        }
    }

    @Nested
    class Audited {
        private java.util.List<fr.coffre.core.audit.AuditRecord> runs() {
            return fr.coffre.core.audit.AuditVerifier.read(tmp.resolve("keys/registry/audit")).stream()
                    .filter(r -> java.util.Set.of("migrate", "verify", "repair").contains(r.action())).toList();
        }

        @Test
        void everyRunIsRecordedWithItsOutcomeAndPrincipal() throws IOException {
            assertEquals(0, withKeys("migrate", "--from", from, "--to", to, "--principal", "dpo",
                    "--reason", "switch provider").code());
            assertEquals(0, withKeys("verify", "--from", from, "--to", to).code());
            Files.delete(oneObject(cli.store()));
            assertEquals(8, withKeys("verify", "--from", from, "--to", to).code());
            assertEquals(8, withKeys("repair", "--from", from, "--to", to).code());
            java.util.List<fr.coffre.core.audit.AuditRecord> runs = runs();
            assertEquals(java.util.List.of("migrate", "verify", "verify", "repair"),
                    runs.stream().map(fr.coffre.core.audit.AuditRecord::action).toList());
            assertEquals(java.util.List.of("ok", "ok", "differences", "differences"),
                    runs.stream().map(fr.coffre.core.audit.AuditRecord::outcome).toList());
            assertEquals("dpo", runs.get(0).principal());
            assertEquals("switch provider", runs.get(0).reason());
            assertTrue(runs.get(0).store() != null && !runs.get(0).store().contains(tmp.toString()),
                    "the provider, never the path: " + runs.get(0).store());
            CliRun verify = withKeys("audit", "verify");
            assertEquals(0, verify.code(), verify.toString());
        }

        @Test
        void aRefusedOptionRunsNothingAndRecordsNothing() {
            assertEquals(2, withKeys("migrate", "--from", from, "--to", to, "--max-rate", "fast").code());
            assertEquals(2, withKeys("verify", "--from", from).code());
            assertEquals(0, runs().size());
        }
    }

    @Nested
    class Repair {
        @Test
        void copiesOnlyWhatTheReplicaMissesThenVerifies() throws IOException {
            assertEquals(0, withKeys("migrate", "--from", from, "--to", to).code());
            Path lost = oneObject(tmp.resolve("copy"));
            Files.delete(lost);
            CliRun repair = withKeys("repair", "--from", from, "--to", to, "--json");
            assertEquals(0, repair.code(), repair.toString());
            JsonNode doc = new ObjectMapper().readTree(repair.out());
            assertTrue(doc.get("repaired").asBoolean(), repair.out());
            assertEquals(1, doc.get("copy").get("copiedObjects").asInt(), repair.out());
            assertEquals(11, doc.get("copy").get("skippedObjects").asInt(), repair.out());
            assertEquals(12, doc.get("verification").get("identical").asInt(), repair.out());
            assertTrue(Files.exists(lost));
        }

        @Test
        void exitsWithDifferencesWhenTheReplicaHoldsWhatTheHealthyOneDeleted() throws IOException {
            assertEquals(0, withKeys("migrate", "--from", from, "--to", to).code());
            Files.delete(oneObject(cli.store()));
            CliRun kept = withKeys("repair", "--from", from, "--to", to);
            assertEquals(8, kept.code(), kept.toString());
            assertTrue(kept.out().startsWith("repair: NOT in line"), kept.out());
            CliRun removed = withKeys("repair", "--from", from, "--to", to, "--delete");
            assertEquals(0, removed.code(), removed.toString());
            assertTrue(removed.out().startsWith("repair: in line"), removed.out());
        }
    }
}
