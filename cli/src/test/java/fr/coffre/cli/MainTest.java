package fr.coffre.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path tmp;
    Map<String, String> env = Map.of(EmbeddedCustody.PASSWORD_ENV, "cli-test-password-not-a-secret");

    /** Custody options added to every command line (the test keystore unless a test says otherwise). */
    List<String> custody;

    @BeforeEach
    void defaultCustody() {
        custody = List.of("--keystore", tmp.resolve("keys/keystore.bcfks").toString());
    }

    private CliRun coffre(byte[] stdin, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--store", "file://" + tmp.resolve("store")));
        all.addAll(custody);
        return CliRun.of(env, stdin, all);
    }

    private CliRun coffre(String... args) {
        return coffre(new byte[0], args);
    }

    /** {@code coffre init} with the current custody options: the vault's explicit setup. */
    private void init() {
        CliRun init = coffre("init");
        assertEquals(0, init.code(), init.toString());
    }

    /** {@code coffre init} with the current custody options on a store of its own under {@code dir}. */
    private void initOn(String dir) {
        List<String> all = new ArrayList<>(List.of("init", "--store", "file://" + tmp.resolve(dir).resolve("store")));
        all.addAll(custody);
        CliRun init = CliRun.of(env, new byte[0], all);
        assertEquals(0, init.code(), init.toString());
    }

    private Path storedFile() throws IOException {
        try (Stream<Path> files = Files.walk(tmp.resolve("store"))) {
            return files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals("coffre-vault"))
                    .findFirst().orElseThrow();
        }
    }

    @Nested
    class Objects {
        @BeforeEach
        void setUp() {
            init();
        }

        @Test
        void putGetLsRmRoundTrip() throws IOException {
            Path file = tmp.resolve("in.json");
            Files.writeString(file, "{\"resourceType\":\"Patient\",\"name\":\"Alice Martin\"}");
            assertEquals(0, coffre("put", "patients/alice/p.json", file.toString(), "--subject", "alice").code());
            CliRun get = coffre("get", "patients/alice/p.json");
            assertEquals(0, get.code(), get.err());
            assertArrayEquals(Files.readAllBytes(file), get.raw());
            Path back = tmp.resolve("back.json");
            assertEquals(0, coffre("get", "patients/alice/p.json", back.toString()).code());
            assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(back));
            assertEquals("patients/alice/p.json\n", coffre("ls", "patients/").out());
            assertEquals(0, coffre("rm", "patients/alice/p.json").code());
            assertEquals("", coffre("ls").out());
        }

        @Test
        void putFromStdinWithUnknownLength() {
            byte[] data = "from stdin".getBytes(StandardCharsets.UTF_8);
            assertEquals(0, coffre(data, "put", "s", "-").code());
            assertArrayEquals(data, coffre("get", "s").raw());
        }
    }

    @Nested
    class ExitCodes {
        @BeforeEach
        void setUp() {
            init();
        }

        @Test
        void usageErrorsExitTwo() {
            assertEquals(2, coffre("put", "only-name").code());
            assertEquals(2, coffre("frobnicate").code());
            assertEquals(2, coffre("ls", "--bogus").code());
            CliRun bad = coffre("put", "a//b", "-");
            assertEquals(2, bad.code());
            assertTrue(bad.err().startsWith("coffre: error: name: "), bad.err());
        }

        @Test
        void missingObjectExitsThree() {
            CliRun o = coffre("get", "patients/Alice Martin/nothing");
            assertEquals(3, o.code());
            assertFalse(o.err().contains("Alice"), o.err());
            assertEquals(3, coffre("rm", "nothing").code());
        }

        @Test
        void tamperedObjectExitsFourWithoutStackTrace() throws IOException {
            assertEquals(0, coffre("put", "x", "-").code());
            Path stored = storedFile();
            byte[] bytes = Files.readAllBytes(stored);
            bytes[bytes.length - 1] ^= 1;
            Files.write(stored, bytes);
            CliRun o = coffre("get", "x");
            assertEquals(4, o.code());
            assertFalse(o.err().contains("\tat "), o.err());
            assertTrue(coffre("get", "x", "--debug").err().contains("\tat "), "--debug shows the stack trace");
        }

        @Test
        void shreddedSubjectExitsFive() {
            assertEquals(0, coffre("put", "p/1", "-", "--subject", "patient-1").code());
            CliRun shred = coffre("shred", "patient-1");
            assertEquals(0, shred.code(), shred.err());
            assertTrue(shred.err().contains("subject shredded: 1 data key version(s) destroyed")
                    || shred.out().contains("subject shredded: 1 data key version(s) destroyed"), shred.toString());
            CliRun o = coffre("get", "p/1");
            assertEquals(5, o.code());
            assertTrue(o.err().contains("destroyed"), o.err());
        }

        @Test
        void shreddingASubjectWithoutKeySaysNothingWasDestroyed() {
            for (String subject : List.of("never-seen", "never-seen")) {
                CliRun shred = coffre("shred", subject);
                assertEquals(0, shred.code(), shred.toString());
                assertTrue((shred.out() + shred.err()).contains(ShredCommand.NOTHING_DESTROYED), shred.toString());
                assertFalse((shred.out() + shred.err()).contains("subject shredded"), shred.toString());
            }
            CliRun put = coffre("put", "p/2", "-", "--subject", "never-seen");
            assertEquals(5, put.code(), "the tombstone refuses new puts: " + put);
        }
    }

    @Nested
    class Keys {
        @Test
        void rotateAndInfoReportTheNewMasterVersion() {
            init();
            assertEquals(0, coffre("put", "p/1", "-", "--subject", "patient-1").code());
            CliRun rotate = coffre("rotate");
            assertEquals(0, rotate.code(), rotate.err());
            assertTrue(rotate.out().contains("coffre-master#2"), rotate.out());
            CliRun info = coffre("info");
            assertTrue(info.out().contains("jurisdiction FR"), info.out());
            assertTrue(info.out().contains("master:    keystore:coffre-master#2"), info.out());
            assertEquals(0, coffre("get", "p/1").code());
        }

        @Test
        void retireRetiresTheVersionsNoEntryUsesAfterRotation() {
            init();
            assertEquals(0, coffre("put", "p/1", "-", "--subject", "patient-1").code());
            assertEquals("0 master-key version(s) retired\n", coffre("retire").out());
            assertEquals(0, coffre("rotate").code());
            CliRun retire = coffre("retire");
            assertEquals(0, retire.code(), retire.toString());
            assertEquals("retired keystore:coffre-master#1: it no longer unprotects (registry backups wrapped under it"
                    + " are now useless)\n1 master-key version(s) retired\n", retire.out());
            assertEquals(0, coffre("get", "p/1").code());
        }

        @Test
        void retireKeepsTheVersionsAnotherRegistryOnTheSameKeystoreStillUses() {
            init();
            assertEquals(0, coffre("put", "p/1", "-", "--subject", "patient-1").code());
            for (String[] command : new String[][] {{"init"}, {"put", "s/1", "-", "--subject", "patient-9"},
                {"rotate"}}) {
                CliRun ran = staging(command);
                assertEquals(0, ran.code(), ran.toString());
            }
            CliRun retire = staging("retire");
            assertEquals(0, retire.code(), retire.toString());
            assertEquals("0 master-key version(s) retired\nkept keystore:coffre-master#1: 1 other key registry"
                    + " sharing this master key still uses it\n", retire.out());
            assertEquals(0, coffre("get", "p/1").code(), "production still reads what v1 wraps");
        }

        @Test
        void claimsListsEveryRegistryAndWithdrawingAVanishedOnesLetsRetireProceed() throws IOException {
            init();
            assertEquals(0, coffre("put", "p/1", "-", "--subject", "patient-1").code());
            assertEquals(0, staging("init").code());
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            String stagingId = json.readTree(staging("claims", "--json").out()).get("thisRegistry").asText();
            String productionId = json.readTree(coffre("claims", "--json").out()).get("thisRegistry").asText();
            assertNotEquals(stagingId, productionId);
            CliRun listed = coffre("claims");
            assertEquals(0, listed.code(), listed.toString());
            assertTrue(listed.out().contains("registry " + productionId + " (this registry) claims master key"
                    + " coffre-master versions 1\n"), listed.out());
            assertTrue(listed.out().contains("registry " + stagingId + " claims master key coffre-master versions 1\n"),
                    listed.out());

            assertEquals(0, coffre("rotate").code());
            assertTrue(coffre("retire").out().startsWith("0 master-key version(s) retired\nkept"), "staging claims v1");
            deleteTree(tmp.resolve("staging/registry")); // staging is decommissioned; its claim stays in custody

            CliRun self = coffre("claims", "--withdraw", productionId);
            assertEquals(fr.coffre.cli.ExitCodes.USAGE, self.code(), self.toString());
            assertTrue(self.err().contains("is this registry"), self.err());
            CliRun unknown = coffre("claims", "--withdraw", "no-such-registry");
            assertEquals(fr.coffre.cli.ExitCodes.USAGE, unknown.code(), unknown.toString());
            assertTrue(unknown.err().contains("claimants: ["), unknown.err());

            CliRun withdrawn = coffre("claims", "--withdraw", stagingId);
            assertEquals(0, withdrawn.code(), withdrawn.toString());
            assertTrue(withdrawn.out().startsWith("withdrew the claim of registry " + stagingId
                    + " on master key coffre-master (versions 1)"), withdrawn.out());
            assertFalse(withdrawn.out().contains("registry " + stagingId + " claims"), withdrawn.out());
            CliRun retire = coffre("retire");
            assertTrue(retire.out().startsWith("retired keystore:coffre-master#1"), retire.toString());
            assertEquals(0, coffre("get", "p/1").code());
            String trail = coffre("audit", "tail", "-n", "20", "--format", "jsonl").out();
            assertTrue(trail.contains("\"withdraw-master-key-claim\""), trail);
            assertTrue(trail.contains("\"retire-master-keys\""), trail);
        }

        private void deleteTree(Path root) throws IOException {
            try (var paths = Files.walk(root)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }

        /** A second vault (its own store and registry) on the same keystore and master key, as staging would be. */
        private CliRun staging(String... args) {
            List<String> all = new ArrayList<>(List.of(args));
            all.addAll(List.of("--store", "file://" + tmp.resolve("staging/store"), "--registry",
                    tmp.resolve("staging/registry").toString()));
            all.addAll(custody);
            return CliRun.of(env, new byte[0], all);
        }

        @Test
        void generatedPasswordIsSavedOwnerOnlyWithAWarning() throws IOException {
            env = Map.of();
            CliRun first = coffre("init");
            assertEquals(0, first.code(), first.err());
            assertTrue(first.err().contains("DEVELOPMENT keystore"), first.err());
            Path pw = EmbeddedCustody.passwordFile(tmp.resolve("keys/keystore.bcfks"));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pw)));
            CliRun second = coffre("ls");
            assertEquals(0, second.code());
            // issue 7 item 8: the development-custody warning is printed once, when the keystore is created
            assertEquals("", second.err(), "no warning on a command that reuses the keystore");
        }

        @Test
        void existingKeystoreWithoutPasswordIsRefused() throws IOException {
            init();
            env = Map.of();
            CliRun o = coffre("ls");
            assertEquals(2, o.code());
            assertTrue(o.err().contains(EmbeddedCustody.PASSWORD_ENV), o.err());
        }
    }

    @Nested
    class Custody {
        private Path keystore(String dir) {
            return tmp.resolve(dir).resolve("k.bcfks");
        }

        @Test
        void custodyOptionTakesAKeystoreUri() {
            custody = List.of("--custody", "keystore:" + keystore("uri"), "--master-key", "vault-a.master");
            init();
            assertEquals(0, coffre("put", "p/1", "-", "--subject", "patient-1").code());
            CliRun info = coffre("info");
            assertEquals(0, info.code(), info.toString());
            assertTrue(info.out().contains("custody:   keystore at " + keystore("uri") + ", jurisdiction FR\n"
                    + "           from keystore:" + keystore("uri") + "?jurisdiction=FR\n"
                    + "policy:    custody jurisdictions allowed [FR]\n"
                    + "master:    keystore:vault-a.master#1\n"), info.out());
            assertTrue(Files.isDirectory(tmp.resolve("uri/registry")), "registry beside the keystore");
        }

        @Test
        void environmentNamesTheCustodyUnlessAnOptionDoes() {
            custody = List.of();
            env = Map.of(EmbeddedCustody.PASSWORD_ENV, "cli-test-password-not-a-secret", Session.CUSTODY_ENV,
                    "keystore:" + keystore("env"));
            initOn("env");
            assertTrue(coffre("info").out().contains("from keystore:" + keystore("env")));
            custody = List.of("--custody", "keystore:" + keystore("opt"));
            initOn("opt");
            assertTrue(coffre("info").out().contains("from keystore:" + keystore("opt")));
            custody = List.of("--keystore", keystore("ks").toString());
            initOn("ks");
            assertTrue(coffre("info").out().contains("from keystore:" + keystore("ks")));
        }

        @Test
        void custodyAndKeystoreTogetherAreAUsageError() {
            custody = List.of("--custody", "keystore:" + keystore("a"), "--keystore", keystore("b").toString());
            CliRun o = coffre("ls");
            assertEquals(2, o.code());
            assertEquals("coffre: error: --custody, --keystore: give only one of them (--keystore PATH means --custody"
                    + " keystore:PATH)\n", o.err());
        }

        @Test
        void invalidUriNamesWhereItCameFrom() {
            custody = List.of("--custody", "hsm:/etc/x");
            CliRun o = coffre("ls");
            assertEquals(2, o.code());
            assertTrue(o.err().startsWith("coffre: error: --custody: custody URI: must start with keystore:, pkcs11:"
                    + " or kmip://, was scheme 'hsm'"), o.err());
            custody = List.of();
            env = Map.of(Session.CUSTODY_ENV, "kmip://h?ca=/a");
            o = coffre("ls");
            assertEquals(2, o.code());
            assertTrue(o.err().startsWith("coffre: error: COFFRE_CUSTODY: custody URI kmip: client: parameter must be"
                    + " set"), o.err());
        }

        @Test
        void pinOnTheCommandLineIsRefusedWithoutEchoingIt() {
            custody = List.of("--custody", "pkcs11:/etc/hsm.cfg?pin=417253", "--registry", tmp.resolve("r").toString());
            CliRun o = coffre("ls");
            assertEquals(2, o.code());
            assertTrue(o.err().contains("credentials never go in a custody URI"), o.err());
            assertFalse(o.err().contains("417253") || o.out().contains("417253"), o.toString());
        }

        @Test
        void pkcs11WithoutPinNamesTheVariableAndCreatesNothing() throws IOException {
            Path config = Files.writeString(tmp.resolve("hsm.cfg"), "name = t\nlibrary = /nonexistent.so\n");
            custody = List.of("--custody", "pkcs11:" + config, "--registry", tmp.resolve("r").toString());
            CliRun o = coffre("ls");
            assertEquals(2, o.code());
            assertTrue(o.err().startsWith("coffre: error: pkcs11 custody: the token's user PIN must be in environment"
                    + " variable COFFRE_PKCS11_PIN"), o.err());
            assertFalse(Files.exists(tmp.resolve("r")));
        }

        @Test
        void custodyOutsideTheAllowedJurisdictionsExitsSixBeforeAnythingIsCreated() {
            custody = List.of("--custody", "keystore:" + keystore("de") + "?jurisdiction=DE");
            CliRun o = coffre("ls");
            assertEquals(6, o.code());
            assertEquals("coffre: error: policy development: rule custody-jurisdiction: custody: jurisdiction DE of"
                    + " keystore custody is not allowed; allowed: [FR] (see --allow-jurisdiction)\n", o.err());
            assertFalse(Files.exists(tmp.resolve("de")), "no keystore, password file or registry created");

            custody = List.of("--custody", "keystore:" + keystore("de") + "?jurisdiction=DE", "--allow-jurisdiction",
                    "DE", "--allow-jurisdiction", "FR");
            init();
            CliRun info = coffre("info");
            assertEquals(0, info.code(), info.toString());
            assertTrue(info.out().contains(", jurisdiction DE\n"), info.out());
            assertTrue(info.out().contains("policy:    custody jurisdictions allowed [DE, FR]\n"), info.out());
        }

        @Test
        void badPolicyOrMasterKeyOptionsAreUsageErrors() {
            custody = List.of("--keystore", keystore("k").toString(), "--allow-jurisdiction", "fr");
            CliRun o = coffre("ls");
            assertEquals(2, o.code());
            assertTrue(o.err().startsWith("coffre: error: --allow-jurisdiction: must be an ISO 3166-1 alpha-2 code in"
                    + " upper case such as FR, was 'fr'"), o.err());
            custody = List.of("--keystore", keystore("k").toString(), "--master-key", "patient Alice");
            o = coffre("ls");
            assertEquals(2, o.code());
            assertTrue(o.err().startsWith("coffre: error: --master-key: must match [A-Za-z0-9._-]{1,128}"), o.err());
            assertFalse(Files.exists(tmp.resolve("k")));
        }
    }

    @Test
    void helpListsEveryCommand() {
        CliRun help = coffre("help");
        assertEquals(0, help.code());
        for (String c : List.of("demo", "put", "get", "ls", "rm", "rotate", "retire", "claims", "shred", "info")) {
            assertTrue(help.out().contains("  " + c), c);
        }
        for (String s : List.of("--custody URI", "pkcs11:CONFIG_FILE", "kmip://HOST", "--allow-jurisdiction",
                "COFFRE_PKCS11_PIN", "COFFRE_KMIP_CLIENT_PASSWORD", "6 policy violation")) {
            assertTrue(help.out().contains(s), s);
        }
    }
}
