package fr.coffre.store.jclouds;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.store.GeneratedData;
import fr.coffre.store.ListPage;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.RemoteStoreContract;
import fr.coffre.store.StoreDescriptor;
import fr.coffre.store.TestServers;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The conformance suite on OpenStack Swift (tempauth) through jclouds, against scripts/servers/swift.sh. */
class SwiftJcloudsStoreIT extends RemoteStoreContract {

    private static final long MIB = 1024 * 1024;

    @BeforeAll
    static void serverIsUp() {
        TestServers.require("swift", TestServers.SWIFT_PORT);
    }

    @Override
    protected ObjectStore open(int port, String container, boolean rightCredentials) {
        URI auth = URI.create("http://127.0.0.1:" + port + TestServers.SWIFT_AUTH_PATH);
        StoreDescriptor descriptor = new StoreDescriptor("swift", auth.toString(), container, "FR", "FR");
        return CloudJcloudsStores.swift(auth, CloudJcloudsStores.SwiftAuth.TEMPAUTH, TestServers.SWIFT_USER,
                rightCredentials ? TestServers.SWIFT_KEY : "not-the-key", null, descriptor, tuning());
    }

    /** The tuning under test: the defaults (streamed single PUTs above one part, SLO for unknown lengths). */
    protected CloudTuning tuning() {
        return CloudTuning.swiftDefaults();
    }

    @Override
    protected int serverPort() {
        return TestServers.SWIFT_PORT;
    }

    @Nested
    class LargeObjectSegments {
        private static final long SIZE = 40 * MIB; // 3 segments of 16 MiB

        @Test
        void segmentsNeverShowInListings() {
            store.put(p + "slo", GeneratedData.stream(41, SIZE), -1);
            ListPage page = store.list(p, null, 1000);
            assertEquals(List.of(p + "slo"), page.objects().stream().map(o -> o.name()).toList());
            assertEquals(SIZE, page.objects().get(0).sizeBytes());
        }

        @Test
        void overwriteAndDeleteLeaveNoSegmentBehind() throws IOException {
            store.put(p + "slo", GeneratedData.stream(42, SIZE), -1);
            assertTrue(segmentCount(p + "slo") >= 3, "the object is stored as segments");
            store.put(p + "slo", GeneratedData.stream(43, SIZE), -1);
            assertEquals(3, segmentCount(p + "slo"), "only the new version's segments remain");
            store.put(p + "slo", GeneratedData.stream(46, SIZE), SIZE);
            assertEquals(0, segmentCount(p + "slo"), "a streamed single-PUT overwrite removes the segments");
            try (InputStream in = store.get(p + "slo")) {
                assertArrayEquals(GeneratedData.sha256(46, SIZE), GeneratedData.sha256(in));
            }
            store.put(p + "slo", GeneratedData.stream(43, SIZE), -1);
            store.put(p + "slo", GeneratedData.stream(44, 10), 10);
            assertEquals(0, segmentCount(p + "slo"), "a small overwrite removes the segments");
            store.put(p + "slo", GeneratedData.stream(45, SIZE), SIZE);
            store.delete(p + "slo");
            assertEquals(0, segmentCount(p + "slo"), "delete removes the segments");
        }

        private int segmentCount(String name) {
            try (ObjectStore segments = openStore(container() + SwiftSloStore.SEGMENTS_SUFFIX)) {
                return segments.list(name + "/", null, 1000).objects().size();
            }
        }
    }
}
