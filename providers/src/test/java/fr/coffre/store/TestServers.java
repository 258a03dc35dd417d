package fr.coffre.store;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * The real servers integration tests run against, on 127.0.0.1, as started by {@code scripts/servers/*.sh}
 * ({@code scripts/test.sh} starts them). Tests call {@link #require} first: a missing server fails the test with
 * the command that starts it (integration tests never skip).
 */
public final class TestServers {

    /** OpenStack Swift 2.30 proxy: Swift API (tempauth) and S3 API (s3api) on one port. */
    public static final int SWIFT_PORT = 8080;
    public static final String SWIFT_AUTH_PATH = "/auth/v1.0";
    public static final String SWIFT_USER = "test:tester";
    public static final String SWIFT_KEY = "testing";
    public static final String SWIFT_S3_REGION = "us-east-1";
    /** Azurite blob service. */
    public static final int AZURITE_PORT = 10000;
    public static final String AZURITE_ACCOUNT = "devstoreaccount1";
    /** Azurite's well-known, public emulator key (not a secret). */
    public static final String AZURITE_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private TestServers() {
    }

    /**
     * Fails (never skips) when nothing listens on {@code 127.0.0.1:port}.
     *
     * @param server the script name under {@code scripts/servers}, e.g. {@code swift}
     */
    public static void require(String server, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        } catch (IOException e) {
            throw new AssertionError("the " + server + " test server is not running on 127.0.0.1:" + port
                    + "; start it with: scripts/servers/" + server + ".sh install && scripts/servers/" + server
                    + ".sh start (scripts/test.sh does this)", e);
        }
    }
}
