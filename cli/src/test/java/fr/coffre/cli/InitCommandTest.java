package fr.coffre.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code coffre init} is the one step that creates a vault; every other command refuses a missing keystore or
 * registry, or a store of another registry, with exit 11 and a message naming the path and the remedy, writing
 * nothing (the whole temporary directory is compared before and after).
 */
class InitCommandTest {
    @TempDir
    Path tmp;
    TestCli cli;

    @BeforeEach
    void cli() {
        cli = new TestCli(tmp);
    }

    /** Every file under the test directory: relative path → SHA-256 of its bytes. */
    private Map<String, String> files() throws IOException {
        return files(true);
    }

    /**
     * {@link #files()} without the audit trails' record files: every session that opened a registry seals its trail
     * with a checkpoint when it closes (AUDIT.md), access or not; {@link #accessRecords} checks that no access was
     * recorded.
     */
    private Map<String, String> filesOutsideTrails() throws IOException {
        return files(false);
    }

    private Map<String, String> files(boolean trails) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(tmp)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String name = tmp.relativize(p).toString();
                if (trails || !name.matches("(.*/)?audit/audit-\\d{6}\\.jsonl")) {
                    out.put(name, HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(Files.readAllBytes(p))));
                }
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** The audit records of the trail under {@code registry} that are not checkpoints. */
    private static long accessRecords(Path registry) throws IOException {
        Path audit = registry.resolve("audit");
        if (!Files.isDirectory(audit)) {
            return 0;
        }
        try (Stream<Path> trail = Files.list(audit)) {
            long n = 0;
            for (Path f : trail.filter(f -> f.getFileName().toString().endsWith(".jsonl")).toList()) {
                n += Files.readAllLines(f).stream().filter(l -> !l.contains("\"action\":\"checkpoint\"")).count();
            }
            return n;
        }
    }

    private Path registry() {
        return cli.keystore().resolveSibling("registry");
    }

    private CliRun put(String... extra) throws IOException {
        Path record = tmp.resolve("record.json");
        if (!Files.exists(record)) {
            Files.writeString(record, "{\"resourceType\":\"Patient\"}");
        }
        String[] args = Stream.concat(Stream.of("put", "patients/pat-001/Patient.json", record.toString(), "--subject",
                "pat-001"), Stream.of(extra)).toArray(String[]::new);
        return cli.run(args);
    }

    @Nested
    class Init {
        @Test
        void createsTheKeystoreRegistryMasterKeyAndStoreMarkerThenReportsThemAsExisting() throws IOException {
            CliRun first = cli.run("init");
            assertEquals(0, first.code(), first.toString());
            assertTrue(first.out().contains("keystore: created, " + cli.keystore()), first.out());
            assertTrue(first.out().contains("registry: created, " + registry()), first.out());
            assertTrue(first.out().contains("masterKey: created, 'coffre-master' in keystore custody"), first.out());
            assertTrue(first.out().contains("storeMarker: created, coffre-vault on "), first.out());
            assertTrue(Files.isRegularFile(registry().resolve("registry.json")));
            assertTrue(Files.isRegularFile(cli.store().resolve("coffre-vault")));
            CliRun again = cli.run("init", "--json");
            assertEquals(0, again.code(), again.toString());
            JsonNode doc = new ObjectMapper().readTree(again.out());
            for (String what : new String[] {"keystore", "registry", "masterKey", "storeMarker"}) {
                assertEquals("exists", doc.get(what).get("state").asText(), again.out());
            }
            CliRun put = put();
            assertEquals(0, put.code(), put.toString());
            CliRun ls = cli.run("ls");
            assertEquals(0, ls.code(), ls.toString());
            assertEquals("patients/pat-001/Patient.json\n", ls.out());
        }

        @Test
        void aNewRegistryForAStoreThatAlreadyHasOneIsRefusedBeforeAnythingIsCreated() throws IOException {
            assertEquals(0, cli.run("init").code());
            Map<String, String> before = files();
            CliRun other = cli.run("init", "--registry", tmp.resolve("other-registry").toString());
            assertEquals(ExitCodes.NOT_SET_UP, other.code(), other.toString());
            assertTrue(other.err().contains("already belongs to a key registry (it holds a vault marker), and there is"
                    + " no registry at " + tmp.resolve("other-registry") + "; nothing was created."), other.err());
            assertEquals(before, files());
        }
    }

    @Nested
    class MissingKeystore {
        @Test
        void everyCommandRefusesItNamingThePathAndWritesNothing() throws IOException {
            Files.writeString(tmp.resolve("record.json"), "{}");
            Map<String, String> before = files();
            for (String[] command : new String[][] {{"ls"}, {"put", "a", tmp.resolve("record.json").toString()},
                    {"get", "a", tmp.resolve("out").toString()}, {"info"}, {"shred", "pat-001"}, {"rotate"}}) {
                CliRun run = cli.run(command);
                assertEquals(ExitCodes.NOT_SET_UP, run.code(), run.toString());
                assertTrue(run.err().contains("keystore " + cli.keystore() + ": no such file; nothing was created."
                        + " Check --keystore / --custody, or run coffre init"), run.err());
                assertFalse(run.err().contains(cli.env.get(EmbeddedCustody.PASSWORD_ENV)), run.err());
                assertEquals(before, files(), String.join(" ", command));
            }
        }

        @Test
        void aMistypedKeystoreIsRefusedAfterInitToo() throws IOException {
            assertEquals(0, cli.run("init").code());
            Files.writeString(tmp.resolve("record.json"), "{}");
            Map<String, String> before = files();
            CliRun run = cli.raw("put", "patients/pat-001/Patient.json", tmp.resolve("record.json").toString(),
                    "--store", "file://" + cli.store(), "--keystore", tmp.resolve("keys/keystroe.bcfks").toString(),
                    "--registry", registry().toString());
            assertEquals(ExitCodes.NOT_SET_UP, run.code(), run.toString());
            assertTrue(run.err().contains("keystroe.bcfks: no such file"), run.err());
            assertEquals(before, files());
        }
    }

    @Nested
    class MissingRegistry {
        @Test
        void aMovedRegistryIsRefusedByEveryCommandAndNotRecreated() throws IOException {
            assertEquals(0, cli.run("init").code());
            assertEquals(0, put().code());
            Files.move(registry(), tmp.resolve("registry-elsewhere"));
            Map<String, String> before = files();
            for (String[] command : new String[][] {{"ls"}, {"get", "patients/pat-001/Patient.json",
                    tmp.resolve("out").toString()}, {"stat", "patients/pat-001/Patient.json"}, {"shred", "pat-001"}}) {
                CliRun run = cli.run(command);
                assertEquals(ExitCodes.NOT_SET_UP, run.code(), run.toString());
                assertTrue(run.err().contains("key registry: no registry at " + registry() + " (no such directory);"
                        + " nothing was created. Check the path (--registry), or create the registry explicitly:"
                        + " coffre init"), run.err());
                assertEquals(before, files(), String.join(" ", command));
            }
            CliRun put = put();
            assertEquals(ExitCodes.NOT_SET_UP, put.code(), put.toString());
            assertEquals(before, files(), "no orphaned object, no new key");
            assertFalse(Files.exists(registry()));
        }
    }

    @Nested
    class RegistryOfAnotherVault {
        @Test
        void isRefusedBeforeAnyReadOrWriteAndNothingIsWritten() throws IOException {
            assertEquals(0, cli.run("init").code());
            assertEquals(0, put().code());
            Path otherRegistry = tmp.resolve("other-registry");
            CliRun initOther = cli.raw("init", "--registry", otherRegistry.toString(), "--store",
                    "file://" + tmp.resolve("other-store"), "--keystore", cli.keystore().toString());
            assertEquals(0, initOther.code(), initOther.toString());
            Map<String, String> before = filesOutsideTrails();
            long records = accessRecords(otherRegistry);
            for (String[] command : new String[][] {{"ls"}, {"get", "patients/pat-001/Patient.json",
                    tmp.resolve("out").toString()}}) {
                String[] args = Stream.concat(Stream.of(command), Stream.of("--registry", otherRegistry.toString()))
                        .toArray(String[]::new);
                CliRun run = cli.run(args);
                assertEquals(ExitCodes.NOT_SET_UP, run.code(), run.toString());
                assertTrue(run.err().contains("belongs to another key registry (its marker names another key"
                        + " registry); nothing was read or written."), run.err());
                assertEquals(before, filesOutsideTrails(), String.join(" ", command));
            }
            CliRun put = put("--registry", otherRegistry.toString());
            assertEquals(ExitCodes.NOT_SET_UP, put.code(), put.toString());
            assertEquals(before, filesOutsideTrails(), "no object, no data key");
            assertEquals(records, accessRecords(otherRegistry), "no access recorded in the other registry's trail");
            assertEquals("patients/pat-001/Patient.json\n", cli.run("ls").out(), "the vault's own registry still reads");
            assertTrue(Files.readString(cli.store().resolve("coffre-vault"), StandardCharsets.US_ASCII)
                    .matches("coffre-vault/1 [0-9a-f]{64}\nnames padded\n"),
                    "the marker: a fingerprint, and that names are padded; nothing else");
        }
    }
}
