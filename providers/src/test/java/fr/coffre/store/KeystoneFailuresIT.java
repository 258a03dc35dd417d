package fr.coffre.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import fr.coffre.store.s3.S3Stores;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * What only Keystone brings, besides expiring tokens (KeystoneTokenExpiryIT): a project the user cannot reach,
 * region selection from the service catalogue, and Keystone itself down. Token requests and connections are counted
 * by a relay in front of Keystone, so that "no retry storm" and "bounded retries" are measured, not assumed.
 * Against scripts/servers/keystone.sh.
 */
class KeystoneFailuresIT {

    private static final String CONTAINER = "coffre-kf-" + UUID.randomUUID().toString().substring(0, 8);

    private static KeystoneRelay keystone;

    @BeforeAll
    static void serversAreUp() throws IOException {
        KeystoneTestServer.require();
        keystone = KeystoneRelay.to(0, KeystoneTestServer.KEYSTONE_PORT);
        try (ObjectStore store = swift(keystone.port(), KeystoneTestServer.get("region"),
                KeystoneTestServer.get("project"), "")) {
            store.createContainerIfAbsent();
        }
    }

    @AfterAll
    static void cleanUp() throws IOException {
        try (ObjectStore store = swift(keystone.port(), KeystoneTestServer.get("region"),
                KeystoneTestServer.get("project"), "")) {
            for (ObjectInfo o : store.list("", null, 1000).objects()) {
                store.delete(o.name());
            }
        } finally {
            keystone.close();
        }
    }

    @BeforeEach
    void resetCounts() {
        keystone.reset();
    }

    private static ObjectStore swift(int keystonePort, String region, String project, String extra) {
        return ObjectStores.open(StoreUri.parse(KeystoneTestServer.swiftUri(CONTAINER, keystonePort, region, project)
                + extra), KeystoneTestServer.swiftCredentials(true));
    }

    // ------------------------------------------------------------------ access

    @Test
    void aProjectTheUserCannotReachIsAccessDeniedWithoutARetryStorm() {
        try (ObjectStore store = swift(keystone.port(), KeystoneTestServer.get("region"),
                KeystoneTestServer.get("otherProject"), "")) {
            List<Executable> operations = List.of(
                    () -> store.exists("x"),
                    () -> store.put("x", new ByteArrayInputStream(new byte[3]), 3),
                    () -> store.put("x", new ByteArrayInputStream(new byte[3]), -1),
                    () -> store.get("x"),
                    () -> store.list("", null, 10),
                    () -> store.delete("x"));
            for (Executable op : operations) {
                int before = keystone.tokenRequests();
                long start = System.nanoTime();
                AccessDeniedException e = assertThrows(AccessDeniedException.class, op);
                long millis = (System.nanoTime() - start) / 1_000_000;
                int requests = keystone.tokenRequests() - before;
                assertTrue(requests <= 1, "no retry storm: " + requests + " token requests for one operation");
                assertTrue(millis < 5_000, "a refusal must not wait through backoffs: " + millis + " ms");
                assertNoSecretIn(e);
            }
            // Keystone was asked, refused, and (jclouds memoizes a refused login) was not asked again and again
            assertTrue(keystone.tokenRequests() >= 1, "Keystone must have been asked");
            assertTrue(keystone.tokenRequests() <= operations.size(), keystone.tokenRequests() + " token requests");
        }
    }

    @Test
    void aWrongPasswordIsAccessDeniedWithoutARetryStorm() {
        StoreConfig config = StoreUri.parse(KeystoneTestServer.swiftUri(CONTAINER, keystone.port(),
                KeystoneTestServer.get("region"), KeystoneTestServer.get("project")));
        try (ObjectStore store = ObjectStores.open(config, KeystoneTestServer.swiftCredentials(false))) {
            AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> store.stat("x"));
            assertTrue(keystone.tokenRequests() <= 2, keystone.tokenRequests() + " token requests");
            assertNoSecretIn(e);
        }
    }

    // ------------------------------------------------------------------ regions

    @Test
    void theConfiguredRegionIsTheOneUsedAndItIsTheProjectsAccount() throws IOException {
        byte[] data = "stored in GRA".getBytes(StandardCharsets.UTF_8);
        try (ObjectStore store = swift(keystone.port(), KeystoneTestServer.get("region"),
                KeystoneTestServer.get("project"), "")) {
            store.put("in-gra", new ByteArrayInputStream(data), data.length);
        }
        // the same project's account through S3 with its EC2 credentials: same bytes
        try (ObjectStore s3 = S3Stores.open(KeystoneTestServer.s3Config(KeystoneTestServer.SWIFT_PORT, CONTAINER),
                KeystoneTestServer.ec2Credentials(true)); InputStream in = s3.get("in-gra")) {
            assertArrayEquals(data, in.readAllBytes());
        }
        // region SBG is in the catalogue too, but its endpoint is down: the store must really go there
        try (ObjectStore sbg = swift(keystone.port(), KeystoneTestServer.get("deadRegion"),
                KeystoneTestServer.get("project"), "&maxAttempts=2")) {
            long start = System.nanoTime();
            StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> sbg.stat("in-gra"));
            assertTrue((System.nanoTime() - start) / 1_000_000 < 30_000, "bounded retries");
            assertNoSecretIn(e);
        }
    }

    @Test
    void aRegionMissingFromTheCatalogueIsATypedErrorNamingIt() {
        try (ObjectStore store = swift(keystone.port(), "XYZ", KeystoneTestServer.get("project"), "")) {
            RegionNotFoundException e = assertThrows(RegionNotFoundException.class, () -> store.stat("x"));
            assertTrue(e.getMessage().contains("'XYZ'"), e.getMessage());
            assertTrue(e.getMessage().contains("GRA"), "the message lists the regions offered: " + e.getMessage());
            assertThrows(RegionNotFoundException.class,
                    () -> store.put("x", new ByteArrayInputStream(new byte[3]), 3));
            assertThrows(RegionNotFoundException.class, () -> store.list("", null, 10));
            assertTrue(keystone.tokenRequests() <= 2, "not retried: " + keystone.tokenRequests());
            assertNoSecretIn(e);
        }
    }

    @Test
    void noRegionWhenTheCatalogueOffersSeveralIsAnInputErrorListingThem() {
        try (ObjectStore store = swift(keystone.port(), null, KeystoneTestServer.get("project"), "")) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> store.stat("x"));
            assertTrue(e.getMessage().contains("GRA") && e.getMessage().contains("SBG"), e.getMessage());
        }
    }

    // ------------------------------------------------------------------ Keystone down

    @Test
    void keystoneClosingEveryConnectionIsUnavailableAfterBoundedRetries() throws IOException {
        try (KeystoneRelay dead = KeystoneRelay.dead()) {
            List<String> logged = captureLogs(() -> {
                try (ObjectStore store = swift(dead.port(), KeystoneTestServer.get("region"),
                        KeystoneTestServer.get("project"), "&maxAttempts=3")) {
                    long start = System.nanoTime();
                    StoreUnavailableException e = assertThrows(StoreUnavailableException.class,
                            () -> store.stat("x"));
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    assertTrue(millis < 30_000, "bounded: " + millis + " ms");
                    assertNoSecretIn(e);
                    assertThrows(StoreUnavailableException.class,
                            () -> store.put("x", new ByteArrayInputStream(new byte[3]), 3));
                }
                return null;
            });
            int connections = dead.connections();
            assertTrue(connections >= 3, "3 attempts for the stat at least: " + connections);
            assertTrue(connections <= 2 * 3 * 2, "bounded retries for two operations of 3 attempts: " + connections);
            assertNoSecretIn(logged);
        }
    }

    @Test
    void keystoneNotListeningIsUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        List<String> logged = captureLogs(() -> {
            try (ObjectStore store = swift(closedPort, KeystoneTestServer.get("region"),
                    KeystoneTestServer.get("project"), "&maxAttempts=2")) {
                StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> store.list("", null,
                        10));
                assertNoSecretIn(e);
                assertFalse(e.getMessage().isBlank());
            }
            return null;
        });
        assertNoSecretIn(logged);
    }

    // ------------------------------------------------------------------ helpers

    /** No secret of the deployment in the message, the causes or the stack trace of {@code e}. */
    private static void assertNoSecretIn(Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        List<String> texts = new ArrayList<>();
        texts.add(trace.toString());
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            texts.add(String.valueOf(t.getMessage()));
            texts.add(t.toString());
        }
        assertNoSecretIn(texts);
    }

    private static void assertNoSecretIn(List<String> texts) {
        for (String secret : KeystoneTestServer.secrets()) {
            for (String text : texts) {
                assertFalse(text.contains(secret), "a credential leaked into a message or a log line");
            }
        }
    }

    /** Runs {@code action} capturing what it prints and what it logs through java.util.logging (any level). */
    private static List<String> captureLogs(Supplier<Void> action) {
        List<String> lines = new ArrayList<>();
        Logger root = Logger.getLogger("");
        Level level = root.getLevel();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                synchronized (lines) {
                    lines.add(r.getLoggerName() + " " + r.getMessage() + " " + r.getParameters() + " "
                            + (r.getThrown() == null ? "" : r.getThrown().toString()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        handler.setLevel(Level.ALL);
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
        root.addHandler(handler);
        root.setLevel(Level.ALL);
        System.setOut(capture);
        System.setErr(capture);
        try {
            action.get();
        } finally {
            System.setOut(out);
            System.setErr(err);
            root.removeHandler(handler);
            root.setLevel(level);
        }
        lines.add(printed.toString(StandardCharsets.UTF_8));
        return lines;
    }
}
