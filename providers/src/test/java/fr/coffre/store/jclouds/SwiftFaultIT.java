package fr.coffre.store.jclouds;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;

import fr.coffre.store.GeneratedData;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.PartSizing;
import fr.coffre.store.StoreFaultContract;
import fr.coffre.store.StoreUnavailableException;
import fr.coffre.store.TestServers;
import fr.coffre.testing.Fault;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Network and server faults ({@link StoreFaultContract}) on OpenStack Swift's native API through jclouds, and the
 * streamed put (a known length above one part, sent from the caller's stream with {@code Expect: 100-continue}):
 * refused before its body, it is sent again whole, since not a byte of the stream was read.
 */
class SwiftFaultIT extends StoreFaultContract {

    private static final int STREAMED = 600_000;

    @Override
    protected TestServers.Backend backend() {
        return TestServers.Backend.SWIFT;
    }

    /** Parts of 64 KiB: a known length above that is one streamed PUT. */
    private ObjectStore streaming() {
        return throughProxy(c -> c.retryPolicy(POLICY).partSizing(PartSizing.builder().minPartBytes(1)
                .maxPartBytes(5L << 30).maxParts(1000).preferredPartBytes(64 * 1024).build()));
    }

    @Test
    void aStreamedPutRefusedBeforeItsBodyIsSentAgainWhole() throws IOException {
        byte[] data = GeneratedData.bytes(41, 0, STREAMED);
        proxy.inject(Fault.on("PUT", target()).first(2).status(503));
        try (ObjectStore s = streaming()) {
            s.put(name, GeneratedData.stream(41, STREAMED), STREAMED);
        }
        assertArrayEquals(data, directBytes());
        assertEquals(3, attempts("PUT"), proxy.requests().toString());
    }

    @Test
    void aStreamedPutAlwaysRefusedBeforeItsBodyIsTransientAndStoresNothing() {
        direct.delete(name);
        proxy.inject(Fault.on("PUT", target()).status(500));
        try (ObjectStore s = streaming()) {
            assertThrowsExactly(StoreUnavailableException.class,
                    () -> s.put(name, GeneratedData.stream(42, STREAMED), STREAMED));
        }
        assertFalse(direct.exists(name));
        assertEquals(POLICY.maxAttempts(), attempts("PUT"), proxy.requests().toString());
    }
}
