package fr.coffre.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import fr.coffre.testing.Fault;
import fr.coffre.testing.FaultProxy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A store on a real server reached through a {@link FaultProxy} that resets, stalls, cuts short, slows down and
 * answers 503/500: transient faults are retried with backoff within the {@link RetryPolicy} (the proxy counts the
 * attempts), a failed upload leaves no visible object and the previous version intact, and a read never returns
 * corrupt data: it fails with a typed exception (or, mid-stream, an {@link IOException}) or yields the exact bytes.
 * Short timeouts keep each test to seconds. A subclass names the backend.
 */
public abstract class StoreFaultContract {

    /** 4 attempts, 20 to 200 ms backoff. */
    protected static final RetryPolicy POLICY = RetryPolicy.builder().maxAttempts(4)
            .initialBackoff(Duration.ofMillis(20)).maxBackoff(Duration.ofMillis(200)).build();
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    private static final String RUN_ID = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final int SIZE = 300_000;

    protected FaultProxy proxy;
    /** The store through the proxy, with {@link #POLICY} and short timeouts. */
    protected ObjectStore store;
    /** The same container reached directly: the truth the faulty store is checked against. */
    protected ObjectStore direct;
    protected String name;

    protected abstract TestServers.Backend backend();

    private String container() {
        return "coffre-fault-" + RUN_ID + "-" + backend().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @BeforeEach
    void openThroughProxy() throws IOException {
        backend().require();
        direct = backend().open(container());
        direct.createContainerIfAbsent();
        proxy = FaultProxy.http(backend().port());
        store = throughProxy(c -> c.retryPolicy(POLICY));
        name = "f" + COUNTER.incrementAndGet() + "-" + Long.toString(System.nanoTime() & 0xFFFFFF, 36) + "/obj";
        store.stat(writeProbe()); // authenticate now: the faults below hit object requests only
        proxy.resetCounters();
    }

    /**
     * A store on this backend's container through the proxy, with short timeouts, configured further by
     * {@code tune} (its retry policy, part sizes). The caller closes it.
     */
    protected ObjectStore throughProxy(UnaryOperator<StoreConfig.Builder> tune) {
        return backend().open(container(), proxy.port(), c -> tune.apply(c.connectTimeout(Duration.ofSeconds(2))
                .readTimeout(READ_TIMEOUT)));
    }

    /**
     * Whether the driver resumes a download cut short from where it stopped (the Azure SDK does): then a read whose
     * every response is cut may still succeed, byte-exact; otherwise it must fail.
     */
    protected boolean resumesCutDownloads() {
        return false;
    }

    /** Writes a 1-byte object at {@link #name} directly (tests overwrite or delete it) and returns the name. */
    private String writeProbe() {
        direct.put(name, new ByteArrayInputStream(new byte[1]), 1);
        return name;
    }

    @AfterEach
    void closeAll() throws IOException {
        try {
            store.close();
            proxy.close();
            for (ObjectInfo o : direct.list(name.substring(0, name.indexOf('/') + 1), null, 1000).objects()) {
                direct.delete(o.name());
            }
        } finally {
            direct.close();
        }
    }

    protected String target() {
        return backend().objectTarget(container(), name);
    }

    protected int attempts(String method) {
        return proxy.requests(method, target());
    }

    private byte[] putDirect(long seed) {
        byte[] data = GeneratedData.bytes(seed, 0, SIZE);
        direct.put(name, new ByteArrayInputStream(data), data.length);
        return data;
    }

    protected byte[] directBytes() throws IOException {
        try (InputStream in = direct.get(name)) {
            return in.readAllBytes();
        }
    }

    /** The read yields exactly {@code expected} or fails typed: never short or altered bytes. True if it failed. */
    private static boolean exactOrTypedFailure(Supplier<InputStream> open, byte[] expected) {
        byte[] got;
        try (InputStream in = open.get()) {
            got = in.readAllBytes();
        } catch (StoreException | IOException e) {
            return true;
        } catch (RuntimeException e) {
            throw new AssertionError("an untyped failure escaped the read: " + e, e);
        }
        assertArrayEquals(expected, got, "a read through faults returned other bytes than stored");
        return false;
    }

    @Nested
    class Get {
        @Test
        void transient503sAreRetriedWithinThePolicy() throws IOException {
            byte[] data = putDirect(1);
            proxy.inject(Fault.on("GET", target()).first(2).status(503));
            try (InputStream in = store.get(name)) {
                assertArrayEquals(data, in.readAllBytes());
            }
            assertEquals(3, attempts("GET"), proxy.requests().toString());
        }

        @Test
        void persistent503GivesUpAfterMaxAttempts() {
            putDirect(2);
            proxy.inject(Fault.on("GET", target()).status(503));
            assertThrowsExactly(StoreUnavailableException.class, () -> store.get(name).close());
            assertEquals(POLICY.maxAttempts(), attempts("GET"), proxy.requests().toString());
        }

        @Test
        void connectionResetsAreRetried() throws IOException {
            byte[] data = putDirect(3);
            proxy.inject(Fault.on("GET", target()).first(2).reset());
            try (InputStream in = store.get(name)) {
                assertArrayEquals(data, in.readAllBytes());
            }
            assertEquals(3, attempts("GET"), proxy.requests().toString());
        }

        @Test
        void aStalledResponseTimesOutAndIsRetried() throws IOException {
            byte[] data = putDirect(4);
            proxy.inject(Fault.on("GET", target()).nth(1).stallResponse(READ_TIMEOUT.multipliedBy(4)));
            long t0 = System.nanoTime();
            try (InputStream in = store.get(name)) {
                assertArrayEquals(data, in.readAllBytes());
            }
            assertTrue(System.nanoTime() - t0 < READ_TIMEOUT.multipliedBy(3).toNanos(), "bounded by the timeout");
            assertEquals(2, attempts("GET"), proxy.requests().toString());
        }

        @Test
        void aSlowLinkStillReadsByteExact() throws IOException {
            byte[] data = putDirect(5);
            proxy.inject(Fault.on("GET", target()).throttleResponse(400_000));
            long t0 = System.nanoTime();
            try (InputStream in = store.get(name)) {
                assertArrayEquals(data, in.readAllBytes());
            }
            assertTrue(System.nanoTime() - t0 > Duration.ofMillis(500).toNanos(), "the link was throttled");
        }

        @Test
        void aResponseCutShortIsNeverShortData() {
            byte[] data = putDirect(6);
            proxy.inject(Fault.on("GET", target()).nth(1).cutResponseAfter(SIZE / 2));
            exactOrTypedFailure(() -> store.get(name), data);
        }

        @Test
        void aResetMidBodyIsNeverShortData() {
            byte[] data = putDirect(7);
            proxy.inject(Fault.on("GET", target()).nth(1).resetResponseAfter(SIZE / 3));
            exactOrTypedFailure(() -> store.get(name), data);
        }

        @Test
        void everyResponseCutShortFailsTypedUnlessResumed() {
            byte[] data = putDirect(8);
            proxy.inject(Fault.on("GET", target()).cutResponseAfter(SIZE / 2));
            boolean failed = exactOrTypedFailure(() -> store.get(name), data);
            assertTrue(failed || resumesCutDownloads(), "every response was cut: must fail");
        }

        @Test
        void aRangeCutShortIsNeverShortData() {
            byte[] data = putDirect(9);
            proxy.inject(Fault.on("GET", target()).cutResponseAfter(60_000));
            byte[] range = java.util.Arrays.copyOfRange(data, 1000, 101_000);
            boolean failed = exactOrTypedFailure(() -> store.get(name, 1000, 100_000), range);
            assertTrue(failed || resumesCutDownloads(), "every response was cut: must fail");
        }
    }

    @Nested
    class Put {
        @Test
        void transient503sAreRetriedWithinThePolicy() throws IOException {
            byte[] data = GeneratedData.bytes(11, 0, 10_000);
            proxy.inject(Fault.on("PUT", target()).first(2).status(503));
            store.put(name, new ByteArrayInputStream(data), data.length);
            assertArrayEquals(data, directBytes());
            assertEquals(3, attempts("PUT"), proxy.requests().toString());
        }

        @Test
        void uploadResetMidBodyLeavesNoObject() {
            direct.delete(name);
            proxy.inject(Fault.on(null, target()).resetRequestAfter(SIZE / 2));
            assertThrowsExactly(StoreUnavailableException.class,
                    () -> store.put(name, GeneratedData.stream(12, 2L * SIZE), 2L * SIZE));
            assertFalse(direct.exists(name), "a failed upload must leave no visible object");
            assertTrue(attempts("PUT") <= POLICY.maxAttempts(), proxy.requests().toString());
        }

        @Test
        void uploadOfUnknownLengthResetMidBodyLeavesNoObject() {
            direct.delete(name);
            proxy.inject(Fault.on(null, target()).resetRequestAfter(SIZE / 2));
            assertThrowsExactly(StoreUnavailableException.class,
                    () -> store.put(name, GeneratedData.stream(13, 2L * SIZE), -1));
            assertFalse(direct.exists(name), "a failed upload must leave no visible object");
        }

        @Test
        void failedOverwriteKeepsThePreviousVersion() throws IOException {
            byte[] previous = putDirect(14);
            proxy.inject(Fault.on("PUT", target()).resetRequestAfter(SIZE / 2));
            assertThrowsExactly(StoreUnavailableException.class,
                    () -> store.put(name, GeneratedData.stream(15, 2L * SIZE), 2L * SIZE));
            assertArrayEquals(previous, directBytes());
        }

        @Test
        void persistent500FailsAndStoresNothing() {
            direct.delete(name);
            proxy.inject(Fault.on("PUT", target()).status(500));
            assertThrowsExactly(StoreUnavailableException.class,
                    () -> store.put(name, new ByteArrayInputStream(new byte[10]), 10));
            assertFalse(direct.exists(name));
            assertEquals(POLICY.maxAttempts(), attempts("PUT"), proxy.requests().toString());
        }

        @Test
        void aPutRefusedAsTooLargeFailsAtOnce() {
            direct.delete(name);
            proxy.inject(Fault.on("PUT", target()).status(413));
            StoreException e = assertThrowsExactly(StoreException.class,
                    () -> store.put(name, new ByteArrayInputStream(new byte[10]), 10));
            assertTrue(e.getMessage().contains("larger than the store accepts"), e.getMessage());
            assertFalse(direct.exists(name));
            assertEquals(1, attempts("PUT"), proxy.requests().toString());
        }
    }

    /**
     * Under a policy of one attempt, one failed request fails the operation: the driver never sends a request again
     * on its own (a put sent twice unseen, or retries multiplied by the driver's own).
     */
    @Nested
    class NoRetryOfTheDriversOwn {
        private ObjectStore once;

        @BeforeEach
        void openWithOneAttempt() {
            once = throughProxy(c -> c.retryPolicy(RetryPolicy.noRetry()));
            once.stat(name); // authenticated, and a kept-alive connection in the driver's pool
            proxy.resetCounters();
        }

        @AfterEach
        void closeIt() {
            once.close();
        }

        @Test
        void aPutWhoseConnectionIsResetIsSentOnce() throws IOException {
            proxy.inject(Fault.on("PUT", target()).first(1).reset());
            assertThrowsExactly(StoreUnavailableException.class,
                    () -> once.put(name, new ByteArrayInputStream(new byte[10_000]), 10_000));
            assertEquals(1, attempts("PUT"), proxy.requests().toString());
            assertArrayEquals(new byte[1], directBytes(), "the previous version stays");
        }

        @Test
        void aPutAnswered503IsSentOnce() throws IOException {
            proxy.inject(Fault.on("PUT", target()).first(1).status(503));
            assertThrowsExactly(StoreUnavailableException.class,
                    () -> once.put(name, new ByteArrayInputStream(new byte[10_000]), 10_000));
            assertEquals(1, attempts("PUT"), proxy.requests().toString());
            assertArrayEquals(new byte[1], directBytes(), "the previous version stays");
        }

        @Test
        void aGetAnswered503IsSentOnce() {
            proxy.inject(Fault.on("GET", target()).first(1).status(503));
            assertThrowsExactly(StoreUnavailableException.class, () -> once.get(name).close());
            assertEquals(1, attempts("GET"), proxy.requests().toString());
        }
    }

    @Nested
    class StatListDelete {
        @Test
        void statRetriesThroughResets() {
            putDirect(21);
            proxy.inject(Fault.on("HEAD", target()).first(2).reset());
            assertEquals(SIZE, store.stat(name).sizeBytes());
            assertEquals(3, attempts("HEAD"), proxy.requests().toString());
        }

        @Test
        void listRetriesThrough503s() {
            putDirect(22);
            String listing = backend().objectTarget(container(), "").replaceAll("/$", "");
            proxy.inject(Fault.on("GET", listing + "?").first(2).status(503));
            String prefix = name.substring(0, name.indexOf('/') + 1);
            assertEquals(1, store.list(prefix, null, 10).objects().size());
            assertTrue(proxy.requests("GET", listing + "?") >= 3, proxy.requests().toString());
        }

        @Test
        void deleteRetriesThrough503s() {
            putDirect(23);
            proxy.inject(Fault.on("DELETE", target()).first(2).status(503));
            store.delete(name);
            assertFalse(direct.exists(name));
            // 2 failed + 1 good; Swift then deletes the plain object after its SLO manifest delete
            int deletes = attempts("DELETE");
            assertTrue(deletes >= 3 && deletes <= 4, proxy.requests().toString());
        }

        @Test
        void aDeadServerIsStoreUnavailable() {
            proxy.outage(true);
            assertThrowsExactly(StoreUnavailableException.class, () -> store.stat(name));
            if (proxy.connections() == 0) {
                fail("the store never tried to connect");
            }
        }
    }
}
