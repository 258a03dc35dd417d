package fr.coffre.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.custody.CustodyUri;
import fr.coffre.core.custody.ItCustody;
import fr.coffre.custody.KeyCustodian;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code coffre} command (fr.coffre.cli.Main, in process) on production custody: the SoftHSM2 token and the
 * PyKMIP server of scripts/servers. Each test uses its own master-key id, destroyed afterwards. The data-key cache
 * does not hide custody here: every command is a new process-like session that unwraps through the custody.
 */
class CliCustodyIT {
    private static final SecureRandom RANDOM = new SecureRandom();
    @TempDir
    Path tmp;
    private String masterKey;
    private String custodyUri;
    private Map<String, String> env;

    @BeforeEach
    void masterKey() {
        masterKey = "cli-it-" + Long.toHexString(RANDOM.nextLong() >>> 1);
    }

    @AfterEach
    void destroyMasterKey() {
        if (custodyUri != null) {
            try (KeyCustodian c = CustodyUri.parse(custodyUri).open(env)) {
                if (c.exists(masterKey)) {
                    c.destroy(masterKey);
                }
            }
        }
    }

    private CliRun coffre(byte[] stdin, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--custody", custodyUri, "--master-key", masterKey, "--store", "file://" + tmp.resolve("store"),
                "--registry", tmp.resolve("registry").toString()));
        return CliRun.of(env, stdin, all);
    }

    private CliRun ok(String... args) {
        CliRun run = coffre(new byte[0], args);
        assertEquals(0, run.code(), run.toString());
        return run;
    }

    private Map<String, String> storeSnapshot() throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(tmp.resolve("store"))) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.put(tmp.relativize(f).toString(), HexFormat.of().formatHex(Files.readAllBytes(f)));
            }
        }
        return out;
    }

    @Nested
    class Pkcs11 {
        @BeforeEach
        void softHsm() {
            custodyUri = ItCustody.pkcs11Uri();
            env = ItCustody.pkcs11Env();
        }

        @Test
        void putGetRotateShredOnTheToken() throws IOException {
            Path alice = Files.writeString(tmp.resolve("alice.json"), "{\"resourceType\":\"Patient\",\"id\":\"alice\"}");
            byte[] bob = "{\"resourceType\":\"Patient\",\"id\":\"bob\"}".getBytes(StandardCharsets.UTF_8);
            assertTrue(ok("init").out().contains("masterKey: created, '" + masterKey + "' in pkcs11 custody"));
            ok("put", "patients/alice/Patient.json", alice.toString(), "--subject", "alice");
            assertEquals(0, coffre(bob, "put", "patients/bob/Patient.json", "-", "--subject", "bob").code());
            assertArrayEquals(Files.readAllBytes(alice), ok("get", "patients/alice/Patient.json").raw());

            CliRun info = ok("info");
            assertTrue(info.out().contains("custody:   pkcs11 at "), info.out());
            assertTrue(info.out().contains(", jurisdiction FR\n           from " + CustodyUri.parse(custodyUri) + "\n"),
                    info.out());
            assertTrue(info.out().contains("master:    pkcs11:" + masterKey + "#1\n"), info.out());
            String pin = env.get(CustodyUri.PKCS11_PIN_ENV);
            assertFalse(info.out().contains(pin) || info.err().contains(pin), "the PIN is never printed");

            Map<String, String> before = storeSnapshot();
            CliRun rotate = ok("rotate");
            // the blinded header key references added one registry secret (secrets/key-ref.json)
            assertTrue(rotate.out().startsWith("master key now pkcs11:" + masterKey + "#2: 5 registry entries visited,"
                    + " 5 re-protected"), rotate.out());
            assertEquals(before, storeSnapshot(), "rotation rewrote no object byte");
            assertTrue(ok("retire").out().startsWith("retired pkcs11:" + masterKey + "#1:"));
            assertArrayEquals(Files.readAllBytes(alice), ok("get", "patients/alice/Patient.json").raw());

            ok("shred", "alice");
            CliRun shredded = coffre(new byte[0], "get", "patients/alice/Patient.json");
            assertEquals(5, shredded.code(), shredded.toString());
            assertTrue(shredded.err().contains("destroyed"), shredded.err());
            assertFalse(shredded.err().contains("alice"), shredded.err());
            assertArrayEquals(bob, ok("get", "patients/bob/Patient.json").raw());
            // ls prints names in the store's order of encrypted names, which is not alphabetical: compare as a set
            assertEquals(java.util.List.of("patients/alice/Patient.json", "patients/bob/Patient.json"),
                    ok("ls", "patients/").out().lines().sorted().toList());
        }

        @Test
        void tokenOutsideTheAllowedJurisdictionsIsRefusedWithExitSix() {
            custodyUri = ItCustody.pkcs11Uri() + "?jurisdiction=DE";
            CliRun refused = coffre(new byte[0], "ls");
            assertEquals(6, refused.code(), refused.toString());
            assertTrue(refused.err().contains("jurisdiction DE of pkcs11 custody is not allowed"), refused.err());
            assertFalse(Files.exists(tmp.resolve("registry")));

            ok("init", "--allow-jurisdiction", "DE");
            CliRun allowed = ok("info", "--allow-jurisdiction", "DE");
            assertTrue(allowed.out().contains(", jurisdiction DE\n"), allowed.out());
        }
    }

    @Nested
    class Kmip {
        @Test
        void putGetRotateInBothModes() throws IOException {
            env = ItCustody.kmipEnv();
            byte[] record = "{\"resourceType\":\"Observation\"}".getBytes(StandardCharsets.UTF_8);
            custodyUri = ItCustody.kmipUri("server-side", "coffre-cli-it");
            ok("init");
            assertEquals(0, coffre(record, "put", "obs/1", "-", "--subject", "carol").code());
            assertTrue(ok("info").out().contains("custody:   kmip at 127.0.0.1:5696, jurisdiction FR\n"));
            assertTrue(ok("rotate").out().startsWith("master key now kmip:" + masterKey + "#2:"));

            custodyUri = ItCustody.kmipUri("fetch-then-wrap", "coffre-cli-it");
            assertArrayEquals(record, ok("get", "obs/1").raw(), "a key wrapped server-side opens fetch-then-wrap");
        }
    }
}
