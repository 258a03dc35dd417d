package fr.coffre.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
    @TempDir
    Path tmp;

    private Path yaml(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text);
    }

    private static StoreOptions options(Path config, String store) {
        StoreOptions o = new StoreOptions();
        o.config = config;
        o.store = store;
        return o;
    }

    @Nested
    class Resolution {
        @Test
        void configuredStoreNamesResolveAndUrisPassThrough() throws IOException {
            Path c = yaml("c.yaml", "stores:\n  ovh-gra: {uri: \"ovh://gra/bucket\"}\n  local: {uri: \"mem:\"}\n"
                    + "store: local\nvault: hospital-a\nmasterKeyId: vault-a.master\nregistry: /var/reg\n"
                    + "policy: {allowJurisdictions: [FR, DE]}\ncustody: {uri: \"keystore:/k/ks.bcfks\"}\n");
            Settings s = Settings.resolve(options(c, "ovh-gra"), Map.of());
            assertEquals("ovh://gra/bucket", s.storeUri());
            assertEquals(c + ": stores.ovh-gra.uri", s.storeSource());
            assertEquals("hospital-a", s.vault());
            assertEquals("vault-a.master", s.masterKeyId());
            assertEquals(Path.of("/var/reg"), s.registry());
            assertEquals(java.util.Set.of("FR", "DE"), s.allowedJurisdictions());
            assertEquals("keystore:/k/ks.bcfks", s.custodyUri());
            assertEquals("mem:", Settings.resolve(options(c, null), Map.of()).storeUri(), "the default store");
            assertEquals("file:///x", Settings.resolve(options(c, "file:///x"), Map.of()).storeUri());
            assertEquals("keystore:/env", Settings.resolve(options(c, null), Map.of(Session.CUSTODY_ENV,
                    "keystore:/env")).custodyUri(), "the environment before the file");
        }

        @Test
        void configOptionThenEnvironmentThenWorkingDirectory() throws IOException {
            Path a = yaml("a.yaml", "vault: from-option\n");
            Path b = yaml("b.yaml", "vault: from-env\n");
            Map<String, String> env = Map.of(ConfigFile.ENV, b.toString());
            assertEquals("from-option", Settings.resolve(options(a, null), env).vault());
            assertEquals("from-env", Settings.resolve(options(null, null), env).vault());
            assertEquals(ConfigFile.Loaded.NONE, ConfigFile.locate(null, Map.of()), "no ./coffre.yaml here");
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> ConfigFile.locate(null, Map.of(ConfigFile.ENV, tmp.resolve("missing.yaml").toString())));
            assertEquals("COFFRE_CONFIG: no such file: " + tmp.resolve("missing.yaml"), e.getMessage());
        }

        @Test
        void anUnknownStoreNameSaysSo() throws IOException {
            Path c = yaml("c.yaml", "stores: {ovh-gra: {uri: \"ovh://gra/bucket\"}}\n");
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> Settings.resolve(options(c, "ovh-sbg"), Map.of()));
            assertTrue(e.getMessage().startsWith("--store: 'ovh-sbg' is neither a store URI nor a store named"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("[ovh-gra]"), e.getMessage());
        }
    }

    @Nested
    class Strictness {
        @Test
        void unknownKeyExitsTwoNamingTheKeyAndTheFile() throws IOException {
            Path c = yaml("c.yaml", "stores:\n  a: {uri: \"mem:\", region: gra}\n");
            CliRun o = CliRun.of(Map.of(), new byte[0], List.of("ls", "--config", c.toString()));
            assertEquals(2, o.code(), o.toString());
            assertTrue(o.err().startsWith("coffre: error: " + c + ": unknown key 'stores.a.region'"), o.err());
            Path top = yaml("top.yaml", "storez: x\n");
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> ConfigFile.load(top, "--config"));
            assertTrue(e.getMessage().contains("unknown key 'storez'"), e.getMessage());
        }

        @Test
        void secretsAreRefusedWithoutEchoingThem() throws IOException {
            for (String text : List.of("custody: {uri: \"pkcs11:/h.cfg\", pin: \"417253\"}\n",
                    "stores: {a: {uri: \"mem:\", secretKey: \"417253\"}}\n", "password: \"417253\"\n",
                    "custody: {key: \"417253\"}\n")) {
                Path c = yaml("s.yaml", text);
                ConfigFile.SecretInConfigException e = assertThrows(ConfigFile.SecretInConfigException.class,
                        () -> ConfigFile.load(c, "--config"), text);
                assertFalse(e.getMessage().contains("417253"), e.getMessage());
                assertTrue(e.getMessage().contains(c.toString()) && e.getMessage().contains("looks like a secret"),
                        e.getMessage());
                CliRun o = CliRun.of(Map.of(), new byte[0], List.of("info", "--config", c.toString()));
                assertEquals(2, o.code());
                assertFalse(o.err().contains("417253") || o.out().contains("417253"));
            }
        }

        @Test
        void invalidYamlOrValuesNameThePlaceNotTheContent() throws IOException {
            Path c = yaml("c.yaml", "policy: {allowJurisdictions: {FR: s3cr3t}}\n");
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> ConfigFile.load(c, "--config"));
            assertTrue(e.getMessage().contains("'policy.allowJurisdictions'"), e.getMessage());
            assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
            Path bad = yaml("bad.yaml", "vault: [unclosed s3cr3t\n");
            e = assertThrows(InvalidInputException.class, () -> ConfigFile.load(bad, "--config"));
            assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
            Path dup = yaml("dup.yaml", "vault: a\nvault: b\n");
            assertThrows(InvalidInputException.class, () -> ConfigFile.load(dup, "--config"));
        }
    }

    @Nested
    class SecretFilesFromTheConfiguration {
        private Path secret(String mode) throws IOException {
            Path f = Files.writeString(tmp.resolve("pw-" + mode), "file-password-not-a-secret\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
            return f;
        }

        @Test
        void ownerOnlyFileSuppliesTheSecretAndTheEnvironmentWins() throws IOException {
            Path c = yaml("c.yaml", "custody: {passwordFile: \"" + secret("rw-------") + "\"}\n");
            assertEquals("file-password-not-a-secret", Settings.resolve(options(c, null), Map.of()).env()
                    .get(Session.KEYSTORE_PASSWORD_ENV));
            assertEquals("from-env", Settings.resolve(options(c, null), Map.of(Session.KEYSTORE_PASSWORD_ENV,
                    "from-env")).env().get(Session.KEYSTORE_PASSWORD_ENV));
        }

        @Test
        void aFileOthersCanReadIsRefused() throws IOException {
            Path f = secret("rw-r--r--");
            Path c = yaml("c.yaml", "custody: {pinFile: \"" + f + "\"}\n");
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> Settings.resolve(options(c, null), Map.of()));
            assertEquals(c + ": custody.pinFile: secret file " + f + " must be readable by its owner only (chmod 600),"
                    + " is rw-r--r--", e.getMessage());
            Path missing = yaml("m.yaml", "custody: {clientPasswordFile: \"" + tmp.resolve("none") + "\"}\n");
            e = assertThrows(InvalidInputException.class, () -> Settings.resolve(options(missing, null), Map.of()));
            assertTrue(e.getMessage().endsWith("no such file: " + tmp.resolve("none")), e.getMessage());
        }

        @Test
        void theCommandLineUsesAConfiguredStoreAndKeystorePasswordFile() throws IOException {
            Path c = yaml("c.yaml", "stores: {here: {uri: \"file://" + tmp.resolve("st") + "\"}}\nstore: here\n"
                    + "custody: {uri: \"keystore:" + tmp.resolve("k/ks.bcfks") + "\", passwordFile: \""
                    + secret("rw-------") + "\"}\n");
            CliRun init = CliRun.of(Map.of(), new byte[0], List.of("init", "--config", c.toString()));
            assertEquals(0, init.code(), init.toString());
            assertEquals("", init.err(), "no generated password: the file's was used");
            CliRun put = CliRun.of(Map.of(), new byte[] {42}, List.of("put", "x", "-", "--config", c.toString()));
            assertEquals(0, put.code(), put.toString());
            assertEquals("", put.err(), "no generated password: the file's was used");
            assertTrue(Files.isDirectory(tmp.resolve("st")));
            assertEquals("x\n", CliRun.of(Map.of(ConfigFile.ENV, c.toString()), new byte[0], List.of("ls")).out());
        }
    }

    /** Found by ConfigFileFuzzTest (seed valid-2 of ConfigFileFuzzTestInputs/load/): a pasted token as a key. */
    @org.junit.jupiter.api.Nested
    class FuzzFindings {
        @Test
        void unknownKeyThatLooksLikeATokenIsNotEchoed() throws IOException {
            Path c = yaml("token.yaml", "custody:\n  ghp_16C7e42F292c6912E7710c838347Ae178B4a: x\n");
            ConfigFile.ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
                    ConfigFile.ConfigException.class, () -> ConfigFile.load(c, "--config"));
            org.junit.jupiter.api.Assertions.assertFalse(e.getMessage().contains("16C7e42F292c6912E7710c838347Ae178B4a"), e.getMessage());
            assertTrue(e.getMessage().contains("looks like a credential"), e.getMessage());
        }
    }
}
