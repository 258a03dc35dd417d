package fr.coffre.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.store.TestServers;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line on the real stores of scripts/servers: a missing bucket or container exits 3 and says how to
 * create it, {@code coffre mb} creates it, wrong credentials exit 7; no credential ever reaches stdout or stderr.
 */
class CliStoreIT {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A wrong secret of the right shape (Azure keys are base64). */
    private static final String WRONG = wrongSecret();

    enum Kind {
        S3, SWIFT, AZURE
    }

    @TempDir
    Path tmp;

    private static String wrongSecret() {
        byte[] b = new byte[64];
        RANDOM.nextBytes(b);
        return java.util.Base64.getEncoder().encodeToString(b);
    }

    private static String uri(Kind kind, String container) {
        return switch (kind) {
            case S3 -> "s3://" + container + "?endpoint=http://127.0.0.1:" + TestServers.SWIFT_PORT + "&region="
                    + TestServers.SWIFT_S3_REGION + "&pathStyle=true";
            case SWIFT -> "swift://" + container + "?auth=http://127.0.0.1:" + TestServers.SWIFT_PORT
                    + TestServers.SWIFT_AUTH_PATH + "&authType=tempauth";
            case AZURE -> "azure://" + TestServers.AZURITE_ACCOUNT + "/" + container + "?endpoint=http://127.0.0.1:"
                    + TestServers.AZURITE_PORT + "/" + TestServers.AZURITE_ACCOUNT;
        };
    }

    private static Map<String, String> env(Kind kind, String secret) {
        Map<String, String> env = new HashMap<>(Map.of(EmbeddedCustody.PASSWORD_ENV, "cli-it-password-not-a-secret"));
        switch (kind) {
            case S3 -> env.putAll(Map.of("COFFRE_S3_ACCESS_KEY", TestServers.SWIFT_USER, "COFFRE_S3_SECRET_KEY", secret));
            case SWIFT -> env.putAll(Map.of("COFFRE_SWIFT_USER", TestServers.SWIFT_USER, "COFFRE_SWIFT_KEY", secret));
            case AZURE -> env.put("COFFRE_AZURE_ACCOUNT_KEY", secret);
        }
        return env;
    }

    private CliRun coffre(Kind kind, String secret, String container, byte[] stdin, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--store", uri(kind, container), "--keystore", tmp.resolve("keys/ks.bcfks").toString()));
        CliRun run = CliRun.of(env(kind, secret), stdin, all);
        for (String s : List.of(TestServers.SWIFT_KEY, TestServers.AZURITE_KEY, WRONG)) {
            assertFalse(run.out().contains(s) || run.err().contains(s), "a credential on the terminal: " + run);
        }
        return run;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void missingContainerExitsThreeMbCreatesItWrongCredentialsExitSeven(Kind kind) {
        (kind == Kind.AZURE ? TestServers.Backend.AZURE : TestServers.Backend.S3).require();
        String secret = kind == Kind.AZURE ? TestServers.AZURITE_KEY : TestServers.SWIFT_KEY;
        String container = "cli-it-" + Long.toHexString(RANDOM.nextLong() >>> 1);

        // the keystore and registry (coffre init, on a local store: init would create the remote container)
        CliRun init = CliRun.of(env(kind, secret), new byte[0], List.of("init", "--store", "file://"
                + tmp.resolve("local-store"), "--keystore", tmp.resolve("keys/ks.bcfks").toString()));
        assertEquals(0, init.code(), init.toString());
        CliRun missing = coffre(kind, secret, container, new byte[0], "ls");
        assertEquals(3, missing.code(), missing.toString());
        assertTrue(missing.err().contains("coffre mb"), missing.err());

        CliRun mb = coffre(kind, secret, container, new byte[0], "mb");
        assertEquals(0, mb.code(), mb.toString());
        assertEquals(0, coffre(kind, secret, container, new byte[0], "mb").code(), "mb twice is fine");
        CliRun put = coffre(kind, secret, container, new byte[] {1, 2, 3}, "put", "obs/1", "-");
        assertEquals(0, put.code(), put.toString());
        assertEquals("obs/1\n", coffre(kind, secret, container, new byte[0], "ls").out());

        CliRun denied = coffre(kind, WRONG, container, new byte[0], "ls");
        assertEquals(7, denied.code(), denied.toString());
        assertEquals(1, denied.err().lines().count(), denied.err());
    }
}
