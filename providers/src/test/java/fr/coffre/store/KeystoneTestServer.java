package fr.coffre.store;

import fr.coffre.SecretBytes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * The Keystone v3 test server and the Swift proxy authenticated through it ({@code scripts/servers/keystone.sh},
 * started by {@code scripts/test.sh}): names, ports and the test user's credentials, read from
 * {@code ${coffre.it.base}/keystone/it.properties} (written by the script at each start, mode 0600). Tests call
 * {@link #require()} first: a missing server fails the test with the command that starts it (never skips).
 * Secrets are handed out as {@link SecretBytes} and never printed.
 */
public final class KeystoneTestServer {

    public static final int KEYSTONE_PORT = 5000;
    /** The Swift proxy with authtoken + keystoneauth (Swift API) and s3api + s3token (S3 API). */
    public static final int SWIFT_PORT = 8081;
    /** The S3 signature region of that proxy (s3api {@code location}), as OVHcloud's {@code gra}. */
    public static final String S3_REGION = "gra";

    private static volatile Properties props;

    private KeystoneTestServer() {
    }

    public static Path base() {
        return Path.of(System.getProperty("coffre.it.base", System.getenv().getOrDefault("COFFRE_IT_BASE",
                "/tmp/coffre-it")), "keystone");
    }

    /** Fails (never skips) unless Keystone, the Keystone-authenticated proxy and the bootstrap file are there. */
    public static void require() {
        TestServers.require("keystone", KEYSTONE_PORT);
        TestServers.require("keystone", SWIFT_PORT);
        props();
    }

    static Properties props() {
        Properties p = props;
        if (p == null) {
            Path file = base().resolve("it.properties");
            p = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new AssertionError("the keystone test server's bootstrap file " + file + " is missing; start"
                        + " it with: scripts/servers/keystone.sh install && scripts/servers/keystone.sh start", e);
            }
            props = p;
        }
        return p;
    }

    public static String get(String key) {
        String v = props().getProperty(key);
        if (v == null) {
            throw new AssertionError("it.properties has no " + key + "; restart scripts/servers/keystone.sh");
        }
        return v;
    }

    /** The Keystone v3 auth URL, through 127.0.0.1:{@code port} (Keystone's own port or a relay in front). */
    public static String authUrl(int port) {
        return "http://127.0.0.1:" + port + "/v3";
    }

    /** {@code swift://container?auth=...&region=...&project=...&domain=...} as a user writes it. */
    public static String swiftUri(String container, int keystonePort, String region, String project) {
        return "swift://" + container + "?auth=" + authUrl(keystonePort) + (region == null ? "" : "&region=" + region)
                + "&project=" + project + "&domain=" + get("domain") + "&country=FR&jurisdiction=FR";
    }

    /** The test user's credentials ({@code rightPassword}) or the same user with a wrong password. */
    public static StoreCredentials swiftCredentials(boolean rightPassword) {
        return StoreCredentials.swift(get("user"), secret(rightPassword ? get("password") : "not-the-password"));
    }

    /** The EC2 credentials Keystone issued to the test user on project coffre (or a wrong secret). */
    public static StoreCredentials ec2Credentials(boolean rightSecret) {
        return StoreCredentials.s3(get("ec2Access"), secret(rightSecret ? get("ec2Secret") : "not-the-secret"));
    }

    /** S3 on the Keystone-authenticated proxy at 127.0.0.1:{@code port}, path-style, region {@code gra}. */
    public static StoreConfig s3Config(int port, String bucket) {
        return ProviderPresets.s3(URI.create("http://127.0.0.1:" + port), S3_REGION, bucket).toBuilder()
                .pathStyle(true).regionCountry("FR").providerJurisdiction("FR").build();
    }

    /** Every secret of the test deployment, to check that none leaks into a message or a log. */
    public static List<String> secrets() {
        return List.of(get("password"), get("ec2Secret"), get("servicePassword"));
    }

    public static int tokenSeconds() {
        return Integer.parseInt(get("tokenSeconds"));
    }

    /** The lines of the Keystone-authenticated proxy's log (access lines name method, path and status). */
    public static List<String> proxyLog() {
        try {
            return Files.readAllLines(base().resolve("log/proxy.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot read the keystone proxy's log", e);
        }
    }

    static SecretBytes secret(String value) {
        return SecretBytes.wrap(value.getBytes(StandardCharsets.UTF_8));
    }
}
