package fr.coffre.store.jclouds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.store.AccessDeniedException;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.RetryPolicy;
import fr.coffre.store.StoreDescriptor;
import fr.coffre.store.StoreException;
import fr.coffre.store.StoreUnavailableException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * jclouds sends each request once per attempt of the store's {@link RetryPolicy} (no retry of its own, but one
 * token renewal on a 401), and a status answered to {@code Expect: 100-continue} before a PUT's body is mapped by that
 * status. Against a {@link StatusServer} that answers every request with one status without reading its body.
 */
class JcloudsHttpRetriesTest {

    private static final RetryPolicy POLICY = RetryPolicy.builder().maxAttempts(3)
            .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build();

    private static CloudTuning tuning(CloudTuning defaults) {
        return new CloudTuning(defaults.partSizing(), 1, -1, defaults.maxSinglePutBytes(), Duration.ofSeconds(2),
                Duration.ofSeconds(5), POLICY);
    }

    private static ObjectStore s3(StatusServer server) {
        return CloudJcloudsStores.s3(URI.create(server.base()), "us-east-1", false, "key", "secret",
                new StoreDescriptor("s3", server.base(), "bucket", null, "US"), tuning(CloudTuning.s3Defaults()));
    }

    private static ObjectStore swift(StatusServer server) {
        return CloudJcloudsStores.swift(URI.create(server.base() + "/auth/v1.0"), CloudJcloudsStores.SwiftAuth.TEMPAUTH,
                "test:tester", "testing", null, new StoreDescriptor("swift", server.base(), "box", null, "US"),
                tuning(CloudTuning.swiftDefaults()));
    }

    private static void put(ObjectStore store) {
        store.put("a/b", new ByteArrayInputStream(new byte[10]), 10);
    }

    @Nested
    class S3 {
        @Test
        void a503IsOneRequestPerAttempt() throws IOException {
            try (StatusServer server = new StatusServer(503); ObjectStore store = s3(server)) {
                assertThrowsExactly(StoreUnavailableException.class, () -> store.stat("a/b"));
                assertEquals(POLICY.maxAttempts(), server.count("HEAD", "/bucket/a/b"), server.requests().toString());
            }
        }

        @Test
        void a500BeforeThePutBodyIsTransientAndOneRequestPerAttempt() throws IOException {
            try (StatusServer server = new StatusServer(500); ObjectStore store = s3(server)) {
                assertThrowsExactly(StoreUnavailableException.class, () -> put(store));
                assertEquals(POLICY.maxAttempts(), server.count("PUT", "/bucket/a/b"), server.requests().toString());
            }
        }

        @Test
        void a413BeforeThePutBodyIsTooLargeAndNotRetried() throws IOException {
            try (StatusServer server = new StatusServer(413); ObjectStore store = s3(server)) {
                StoreException e = assertThrowsExactly(StoreException.class, () -> put(store));
                assertTrue(e.getMessage().contains("larger than the store accepts (HTTP 413)"), e.getMessage());
                assertEquals(1, server.count("PUT", "/bucket/a/b"), server.requests().toString());
            }
        }
    }

    @Nested
    class Swift {
        private static final String OBJECT = "/v1/AUTH_test/box/a/b";

        @Test
        void a503IsOneRequestPerAttempt() throws IOException {
            try (StatusServer server = new StatusServer(503); ObjectStore store = swift(server)) {
                assertThrowsExactly(StoreUnavailableException.class, () -> store.stat("a/b"));
                assertEquals(POLICY.maxAttempts(), server.count("HEAD", OBJECT), server.requests().toString());
            }
        }

        @Test
        void a500BeforeThePutBodyIsTransientAndOneRequestPerAttempt() throws IOException {
            try (StatusServer server = new StatusServer(500); ObjectStore store = swift(server)) {
                assertThrowsExactly(StoreUnavailableException.class, () -> put(store));
                assertEquals(POLICY.maxAttempts(), server.count("PUT", OBJECT), server.requests().toString());
            }
        }

        @Test
        void a401RenewsTheTokenOnceThenIsDenied() throws IOException {
            try (StatusServer server = new StatusServer(401); ObjectStore store = swift(server)) {
                assertThrowsExactly(AccessDeniedException.class, () -> store.stat("a/b"));
                assertEquals(2, server.count("HEAD", OBJECT), server.requests().toString());
                assertEquals(2, server.count("GET", "/auth/"), server.requests().toString());
            }
        }

        @Test
        void a401BeforeThePutBodyRenewsTheTokenOnceThenIsDenied() throws IOException {
            try (StatusServer server = new StatusServer(401); ObjectStore store = swift(server)) {
                assertThrowsExactly(AccessDeniedException.class, () -> put(store));
                assertEquals(2, server.count("PUT", OBJECT), server.requests().toString());
            }
        }
    }
}
