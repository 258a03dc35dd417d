package fr.coffre.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.CoffreException;
import fr.coffre.SecretBytes;
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
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * No credential ever reaches a log, stdout, stderr or an exception, on any error path of any backend, with every
 * library logging at its most verbose level: java.util.logging at {@code ALL} on every logger, and SLF4J (AWS SDK,
 * Azure SDK) routed to it by the test-scoped {@code slf4j-jdk14} binding. Each backend is driven against the real
 * local servers through every operation on: an unreachable endpoint, wrong credentials (access denied), a missing
 * container, and a server that accepts connections but never answers (timeouts, with retries). Unreachable, wrong
 * and silent cases use distinctive fake secrets, so that the check cannot pass by accident; the missing-container
 * case uses the test servers' real secrets ({@code testing}, Azurite's key).
 */
class NoCredentialInLogsIT {

    /** What breaks. */
    enum Failure { UNREACHABLE, WRONG_CREDENTIALS, MISSING_CONTAINER, SILENT_SERVER }

    /** A backend, opened on an endpoint with a secret. */
    enum Backend {
        SWIFT_TEMPAUTH, SWIFT_KEYSTONE, S3_AWS_SDK, S3_MINIO, S3_JCLOUDS, AZURE_SHARED_KEY, AZURE_SAS;

        boolean isAzure() {
            return this == AZURE_SHARED_KEY || this == AZURE_SAS;
        }

        /** The test server's real secret; null where the local servers have none (Keystone, SAS). */
        String realSecret() {
            return switch (this) {
                case SWIFT_TEMPAUTH, S3_AWS_SDK, S3_MINIO, S3_JCLOUDS -> TestServers.SWIFT_KEY;
                case AZURE_SHARED_KEY -> TestServers.AZURITE_KEY;
                default -> null;
            };
        }

        /** A fake secret that appears nowhere else. */
        String fakeSecret(Failure failure) {
            String tag = "Zq7" + name().replace("_", "") + failure.name().replace("_", "") + "Xk9";
            return switch (this) {
                case AZURE_SHARED_KEY -> Base64.getEncoder().encodeToString(tag.getBytes(StandardCharsets.US_ASCII));
                case AZURE_SAS -> "sv=2021-08-06&ss=b&srt=sco&sp=rwdlac&se=2099-01-01T00:00:00Z&sig=" + tag;
                default -> tag;
            };
        }

        ObjectStore open(int port, String container, String secret, int attempts) {
            String host = "http://127.0.0.1:" + port;
            RetryPolicy retries = RetryPolicy.builder().maxAttempts(attempts).initialBackoff(Duration.ofMillis(5))
                    .maxBackoff(Duration.ofMillis(20)).build();
            Function<StoreConfig, StoreConfig> tuned = c -> c.toBuilder().connectTimeout(Duration.ofSeconds(2))
                    .readTimeout(Duration.ofSeconds(1)).retryPolicy(retries).build();
            SecretBytes key = SecretBytes.wrap(secret.getBytes(StandardCharsets.UTF_8));
            switch (this) {
                case SWIFT_TEMPAUTH:
                    return ObjectStores.open(tuned.apply(ProviderPresets.swift(URI.create(host
                            + TestServers.SWIFT_AUTH_PATH), container)), StoreCredentials.swift(TestServers.SWIFT_USER,
                            key));
                case SWIFT_KEYSTONE:
                    return ObjectStores.open(tuned.apply(ProviderPresets.swift(URI.create(host + "/v3"), container,
                            StoreConfig.SwiftAuth.KEYSTONE_V3).toBuilder().swiftProject("coffre")
                            .swiftDomain("Default").build()), StoreCredentials.swift("coffre-user", key));
                case AZURE_SHARED_KEY:
                case AZURE_SAS:
                    StoreConfig azure = tuned.apply(ProviderPresets.azure(TestServers.AZURITE_ACCOUNT, container,
                            URI.create(host + "/" + TestServers.AZURITE_ACCOUNT)));
                    return ObjectStores.open(azure, this == AZURE_SAS ? StoreCredentials.azureSas(key)
                            : StoreCredentials.azureSharedKey(key));
                default:
                    StoreConfig s3 = tuned.apply(ProviderPresets.s3(URI.create(host), TestServers.SWIFT_S3_REGION,
                            container).toBuilder().pathStyle(true).build());
                    StoreCredentials credentials = StoreCredentials.s3(TestServers.SWIFT_USER, key);
                    return S3Stores.open(switch (this) {
                        case S3_MINIO -> S3Stores.Driver.MINIO;
                        case S3_JCLOUDS -> S3Stores.Driver.JCLOUDS;
                        default -> S3Stores.Driver.AWS_SDK;
                    }, s3, credentials);
            }
        }
    }

    private static final String CONTAINER = "coffre-nolog-" + ObjectStoreContract.RUN_ID;
    private static final String MISSING = "coffre-nolog-missing-" + ObjectStoreContract.RUN_ID;

    private static ServerSocket silent;
    private static final List<Socket> held = Collections.synchronizedList(new ArrayList<>());
    private static int unusedPort;

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final List<String> records = Collections.synchronizedList(new ArrayList<>());
    private PrintStream realOut;
    private PrintStream realErr;
    private Handler handler;
    private final List<Logger> pinned = new ArrayList<>();

    @BeforeAll
    static void servers() throws IOException {
        TestServers.require("swift", TestServers.SWIFT_PORT);
        TestServers.require("azurite", TestServers.AZURITE_PORT);
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            unusedPort = s.getLocalPort(); // closed: connections are refused
        }
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    held.add(silent.accept()); // accepted, never answered
                } catch (IOException e) {
                    return;
                }
            }
        }, "silent-server");
        acceptor.setDaemon(true);
        acceptor.start();
        for (Backend b : new Backend[] {Backend.SWIFT_TEMPAUTH, Backend.AZURE_SHARED_KEY}) {
            try (ObjectStore store = b.open(b.isAzure() ? TestServers.AZURITE_PORT : TestServers.SWIFT_PORT,
                    CONTAINER, b.realSecret(), 3)) {
                store.createContainerIfAbsent(); // for the wrong-credentials case (S3 shares Swift's account)
            }
        }
    }

    @AfterAll
    static void stopSilentServer() throws IOException {
        silent.close();
        synchronized (held) {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @BeforeEach
    void captureEverything() {
        realOut = System.out;
        realErr = System.err;
        PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(tee);
        System.setErr(tee);
        SimpleFormatter formatter = new SimpleFormatter();
        handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(formatter.format(r)); // message, parameters and thrown stack trace with messages
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        handler.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        for (String name : Collections.list(LogManager.getLogManager().getLoggerNames())) {
            Logger l = Logger.getLogger(name);
            if (l != null) {
                l.setLevel(Level.ALL);
                pinned.add(l);
            }
        }
        for (String name : new String[] {"", "jclouds", "org.jclouds", "software.amazon", "org.apache.hc",
                "com.azure", "io.minio", "okhttp3", "com.google", "reactor", "io.netty"}) {
            Logger l = Logger.getLogger(name);
            l.setLevel(Level.ALL);
            pinned.add(l);
        }
    }

    @AfterEach
    void restore() {
        System.setOut(realOut);
        System.setErr(realErr);
        Logger.getLogger("").removeHandler(handler);
        for (Logger l : pinned) {
            l.setLevel(null);
        }
        Logger.getLogger("").setLevel(Level.INFO);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void unreachableEndpoint(Backend backend) {
        drive(backend, Failure.UNREACHABLE, unusedPort, CONTAINER);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Backend.class, names = {"SWIFT_TEMPAUTH", "S3_AWS_SDK", "S3_MINIO", "S3_JCLOUDS",
        "AZURE_SHARED_KEY", "AZURE_SAS"})
    void wrongCredentialsAreDenied(Backend backend) {
        List<CoffreException> failures = drive(backend, Failure.WRONG_CREDENTIALS, port(backend), CONTAINER);
        assertTrue(failures.stream().anyMatch(e -> e instanceof AccessDeniedException),
                "wrong credentials must be denied somewhere: " + failures);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Backend.class, names = {"SWIFT_TEMPAUTH", "S3_AWS_SDK", "S3_MINIO", "S3_JCLOUDS",
        "AZURE_SHARED_KEY"})
    void missingContainer(Backend backend) {
        List<CoffreException> failures = drive(backend, Failure.MISSING_CONTAINER, port(backend), MISSING);
        assertTrue(failures.stream().anyMatch(e -> e instanceof ContainerNotFoundException),
                "the container is missing: " + failures);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void silentServerTimesOut(Backend backend) {
        List<CoffreException> failures = drive(backend, Failure.SILENT_SERVER, silent.getLocalPort(), CONTAINER);
        assertTrue(failures.stream().allMatch(e -> e instanceof StoreUnavailableException
                || e.getClass() == StoreException.class), "a silent server is unavailable: " + failures);
    }

    private static int port(Backend backend) {
        return backend.isAzure() ? TestServers.AZURITE_PORT : TestServers.SWIFT_PORT;
    }

    /** Every operation on the broken store; returns their failures after checking that nothing leaked. */
    private List<CoffreException> drive(Backend backend, Failure failure, int port, String container) {
        String secret = failure == Failure.MISSING_CONTAINER ? backend.realSecret() : backend.fakeSecret(failure);
        List<CoffreException> failures = new ArrayList<>();
        List<Consumer<ObjectStore>> operations = new ArrayList<>(List.of(
                s -> s.put("x/known", new ByteArrayInputStream(new byte[100]), 100),
                s -> readAll(s.get("x/known")),
                s -> s.stat("x/known"),
                s -> s.list("x/", null, 10)));
        if (failure != Failure.SILENT_SERVER) { // each of those waits for timeouts
            operations.addAll(List.of(
                    s -> s.put("x/unknown", new ByteArrayInputStream(new byte[100]), -1),
                    s -> readAll(s.get("x/known", 10, 10)),
                    s -> s.get("x/known", 0, 0),
                    s -> s.delete("x/known")));
        }
        if (failure != Failure.MISSING_CONTAINER) { // the container must stay missing for the other backends
            operations.add(ObjectStore::createContainerIfAbsent);
        }
        try (ObjectStore store = backend.open(port, container, secret, failure == Failure.SILENT_SERVER ? 2 : 3)) {
            assertNoSecret(secret, store.descriptor().toString() + store);
            for (Consumer<ObjectStore> operation : operations) {
                try {
                    operation.accept(store);
                } catch (CoffreException e) {
                    failures.add(e);
                    StringWriter trace = new StringWriter();
                    e.printStackTrace(new PrintWriter(trace)); // messages of the whole chain, suppressed included
                    assertNoSecret(secret, trace.toString());
                }
            }
        }
        assertFalse(failures.isEmpty(), "a broken store must fail");
        System.out.flush();
        System.err.flush();
        assertFalse(records.isEmpty(), "the capture must see the libraries' log records at the most verbose level");
        List<String> logged;
        synchronized (records) { // SDK threads may still be logging: iterate a snapshot, never the live list
            logged = new ArrayList<>(records);
        }
        String everything = captured.toString(StandardCharsets.UTF_8) + String.join("\n", logged);
        assertNoSecret(secret, everything);
        return failures;
    }

    private static void assertNoSecret(String secret, String text) {
        assertFalse(text.contains(secret), () -> "the secret leaked:\n" + text);
        if (secret.contains("sig=")) { // a SAS token: its signature alone is the secret
            String signature = secret.substring(secret.indexOf("sig=") + 4);
            assertFalse(text.contains(signature), () -> "the SAS signature leaked:\n" + text);
        }
    }

    private static void readAll(InputStream in) {
        try (in) {
            in.readAllBytes();
        } catch (IOException e) {
            throw new StoreUnavailableException("read failed (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
