package fr.coffre.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What only Keystone brings: tokens that expire in the middle of an operation (scripts/servers/keystone.sh issues
 * 20-second tokens). Each test makes its operation outlast a token and proves that one really expired during it:
 * the Keystone-authenticated proxy's log shows a request of this test's container refused with 401 while it ran,
 * and a relay in front of Keystone counts the store's token requests (a first token, then a renewed one). The
 * operation must complete with nothing lost.
 */
class KeystoneTokenExpiryIT {

    private static final long MIB = 1024 * 1024;
    private static final String CONTAINER = "coffre-kx-" + UUID.randomUUID().toString().substring(0, 8);

    private static KeystoneRelay keystone;
    private ObjectStore store;

    @BeforeAll
    static void serversAreUp() throws IOException {
        KeystoneTestServer.require();
        keystone = KeystoneRelay.to(0, KeystoneTestServer.KEYSTONE_PORT);
    }

    @AfterAll
    static void closeRelay() throws IOException {
        if (keystone != null) {
            keystone.close();
        }
    }

    @BeforeEach
    void open() {
        store = ObjectStores.open(StoreUri.parse(KeystoneTestServer.swiftUri(CONTAINER, keystone.port(),
                KeystoneTestServer.get("region"), KeystoneTestServer.get("project"))),
                KeystoneTestServer.swiftCredentials(true));
        store.createContainerIfAbsent();
    }

    @AfterEach
    void cleanUp() {
        try {
            String token = null;
            int pages = 0;
            do {
                ListPage page = store.list("", token, 1000);
                for (ObjectInfo o : page.objects()) {
                    store.delete(o.name());
                }
                token = page.nextToken().orElse(null);
            } while (token != null && ++pages < 100);
        } finally {
            store.close();
        }
    }

    @Test
    void aLargeUploadOfUnknownLengthCompletesAcrossATokenExpiry() throws IOException {
        long size = 48 * MIB + 7; // three SLO segments
        long seconds = KeystoneTestServer.tokenSeconds() + 12L;
        Expiry expiry = Expiry.watch();
        store.put("large-u", throttled(GeneratedData.stream(61, size), size, seconds), -1);
        expiry.assertTokenExpiredDuringTheOperation("the upload");
        assertEquals(size, store.stat("large-u").sizeBytes());
        try (InputStream in = store.get("large-u")) {
            assertArrayEquals(GeneratedData.sha256(61, size), GeneratedData.sha256(in));
        }
    }

    @Test
    void aLargeKnownLengthUploadStartedWithAnExpiredTokenCompletes() throws IOException, InterruptedException {
        store.exists("warm-up"); // authenticates: the store now holds a token
        Expiry expiry = Expiry.watch();
        Thread.sleep((KeystoneTestServer.tokenSeconds() + 2) * 1000L); // idle store: the token it holds expires
        long size = 24 * MIB + 3; // above one part: one streamed PUT, whose body cannot be replayed
        store.put("large-k", GeneratedData.stream(62, size), size);
        expiry.assertTokenExpiredDuringTheOperation("the idle wait and the upload");
        try (InputStream in = store.get("large-k")) {
            assertArrayEquals(GeneratedData.sha256(62, size), GeneratedData.sha256(in));
        }
    }

    @Test
    void aLongPaginatedListingCompletesAcrossATokenExpiry() throws InterruptedException {
        int count = 24;
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = String.format(Locale.ROOT, "list/obj-%02d", i);
            store.put(name, GeneratedData.stream(i, 100 + i), 100 + i);
            expected.add(name);
        }
        int pageSize = 3;
        long pauseMillis = (KeystoneTestServer.tokenSeconds() + 6) * 1000L / (count / pageSize - 1);
        Expiry expiry = Expiry.watch();
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            if (pages > 0) {
                Thread.sleep(pauseMillis); // a slow consumer: the listing outlasts the token
            }
            ListPage page = store.list("list/", token, pageSize);
            page.objects().forEach(o -> seen.add(o.name()));
            token = page.nextToken().orElse(null);
        } while (token != null && ++pages < 3 * count);
        expiry.assertTokenExpiredDuringTheOperation("the listing");
        assertEquals(expected, seen, "every object once, in name order, across the token renewal");
    }

    /** Proof that a token expired while an operation ran, and that the store renewed it. */
    private static final class Expiry {
        private final long startNanos = System.nanoTime();
        private final int logLinesBefore = KeystoneTestServer.proxyLog().size();
        private final int tokenRequestsBefore = keystone.tokenRequests();

        static Expiry watch() {
            return new Expiry();
        }

        void assertTokenExpiredDuringTheOperation(String what) {
            long seconds = (System.nanoTime() - startNanos) / 1_000_000_000L;
            assertTrue(seconds > KeystoneTestServer.tokenSeconds(), what + " took " + seconds
                    + " s: it must outlast a token (" + KeystoneTestServer.tokenSeconds() + " s)");
            List<String> log = KeystoneTestServer.proxyLog();
            long refused = log.subList(Math.min(logLinesBefore, log.size()), log.size()).stream()
                    .filter(l -> l.contains("/" + CONTAINER) && l.contains(" 401 ")).count();
            assertTrue(refused >= 1, "the proxy must have refused an expired token during " + what
                    + " (401 lines for " + CONTAINER + ": " + refused + ")");
            int renewals = keystone.tokenRequests() - tokenRequestsBefore;
            assertTrue(renewals >= 1, "the store must have asked Keystone for a new token during " + what);
            assertTrue(renewals <= 1 + seconds / KeystoneTestServer.tokenSeconds() + 2,
                    "no re-authentication storm: " + renewals + " token requests in " + seconds + " s");
        }
    }

    /** {@code in}, delivered at a rate that makes {@code size} bytes last about {@code seconds}. */
    private static InputStream throttled(InputStream in, long size, long seconds) {
        long start = System.nanoTime();
        double bytesPerNano = size / (seconds * 1e9);
        return new FilterInputStream(in) {
            private long delivered;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, Math.min(len, 256 * 1024));
                if (n > 0) {
                    delivered += n;
                    long due = start + (long) (delivered / bytesPerNano);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        try {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new java.io.InterruptedIOException("throttled stream interrupted");
                        }
                    }
                }
                return n;
            }
        };
    }
}
