package fr.coffre.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.testing.FaultProxy;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@link ObjectStoreContract} plus what only a networked store can show: ranged reads transfer only the range
 * (counted by a {@link FaultProxy} in front of the real server), and objects much larger than the parts are
 * streamed with bounded memory (the integration-test JVM runs with a small heap, see the Failsafe argLine).
 */
public abstract class RemoteStoreContract extends ObjectStoreContract {

    private static final long MIB = 1024 * 1024;

    /** The real server's port on 127.0.0.1. */
    protected abstract int serverPort();

    /**
     * The store on {@code container} reaching the server through 127.0.0.1:{@code port}, with the test server's
     * credentials ({@code rightCredentials}) or with wrong ones.
     */
    protected abstract ObjectStore open(int port, String container, boolean rightCredentials);

    @Override
    protected final ObjectStore openStore(String container) {
        return open(serverPort(), container, true);
    }

    @Override
    protected final BadCredentials openStoreWithBadCredentials(String container) {
        return BadCredentials.store(open(serverPort(), container, false));
    }

    /** The same store as {@link #openStore}, but reaching the server through 127.0.0.1:{@code port}. */
    protected final ObjectStore openStoreThrough(int port, String container) {
        return open(port, container, true);
    }

    /** Size of the bounded-memory test: {@code -Dcoffre.it.largeBytes}, default 256 MiB. */
    protected long boundedMemoryObjectBytes() {
        return Long.getLong("coffre.it.largeBytes", 256 * MIB);
    }

    @Nested
    class RangedReadTransfersOnlyTheRange {
        @Test
        void aSmallRangeOfALargeObjectCostsOnlyThatRange() throws IOException {
            long size = 8 * MIB;
            store.put(p + "ranged", GeneratedData.stream(21, size), size);
            try (FaultProxy proxy = FaultProxy.http(serverPort());
                    ObjectStore viaProxy = openStoreThrough(proxy.port(), container())) {
                viaProxy.stat(p + "ranged"); // authenticate / warm the connection outside the measured read
                proxy.resetCounters();
                long offset = 5 * MIB + 123;
                int length = 100_000;
                byte[] got;
                try (InputStream in = viaProxy.get(p + "ranged", offset, length)) {
                    got = in.readAllBytes();
                }
                assertArrayEquals(GeneratedData.bytes(21, offset, length), got);
                long transferred = proxy.bytesToClient();
                assertTrue(transferred >= length, "the range itself must have crossed the proxy: " + transferred);
                assertTrue(transferred < length + 16 * 1024,
                        "a " + length + "-byte range of an " + size + "-byte object transferred " + transferred
                                + " bytes");
            }
        }
    }

    @Nested
    class LargeObjectWithBoundedHeap {
        @Test
        void streamsThroughASmallHeap() throws IOException {
            long heap = Runtime.getRuntime().maxMemory();
            long size = boundedMemoryObjectBytes();
            assertTrue(heap < size + 64 * MIB, "this test proves bounded memory only if the heap (" + heap
                    + " bytes) cannot hold the object (" + size + " bytes): run it with -Xmx256m (Failsafe argLine)");
            assertEquals(size, store.put(p + "huge", GeneratedData.stream(31, size), -1).sizeBytes());
            assertEquals(size, store.stat(p + "huge").sizeBytes());
            try (InputStream in = store.get(p + "huge")) {
                assertArrayEquals(GeneratedData.sha256(31, size), GeneratedData.sha256(in));
            }
        }

        @Test
        void knownLengthStreamsThroughASmallHeap() throws IOException {
            long heap = Runtime.getRuntime().maxMemory();
            long size = boundedMemoryObjectBytes() + 1;
            assertTrue(heap < size + 64 * MIB, "this test proves bounded memory only if the heap (" + heap
                    + " bytes) cannot hold the object (" + size + " bytes): run it with -Xmx256m (Failsafe argLine)");
            assertEquals(size, store.put(p + "huge-k", GeneratedData.stream(32, size), size).sizeBytes());
            assertEquals(size, store.stat(p + "huge-k").sizeBytes());
            try (InputStream in = store.get(p + "huge-k")) {
                assertArrayEquals(GeneratedData.sha256(32, size), GeneratedData.sha256(in));
            }
        }
    }
}
