package fr.coffre.store.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fr.coffre.store.GeneratedData;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.SwiftS3Contract;
import fr.coffre.store.TestServers;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite on S3 through the AWS SDK for Java v2 (the default driver) with its default tuning, against
 * the local Swift's s3api (scripts/servers/swift.sh): buffered puts up to one part, streamed single PUTs above,
 * whole-object reads as parallel ranges.
 */
class AwsSdkS3StoreIT extends SwiftS3Contract {

    private static final long MIB = 1024 * 1024;

    @Override
    protected ObjectStore open(URI endpoint, String bucket, String secret) {
        S3Location location = new S3Location(endpoint, TestServers.SWIFT_S3_REGION, bucket, true);
        return new AwsSdkObjectStore(location, descriptor(endpoint, bucket), TestServers.SWIFT_USER, secret,
                S3Tuning.defaults());
    }

    @Nested
    class ParallelRangedReads {
        @Test
        void aMultipartObjectReadsBackWholeThroughPinnedRanges() throws IOException {
            long size = 40 * MIB + 5; // unknown length: a multipart upload, read back as 5+ ranges
            store.put(p + "mp", GeneratedData.stream(51, size), -1);
            try (InputStream in = store.get(p + "mp")) {
                assertArrayEquals(GeneratedData.sha256(51, size), GeneratedData.sha256(in));
            }
        }

        @Test
        void anOverwriteDuringTheReadFailsTheReadInsteadOfMixingVersions() throws IOException {
            long size = 64 * MIB;
            store.put(p + "ow", GeneratedData.stream(52, size), size);
            try (InputStream in = store.get(p + "ow")) {
                in.readNBytes(10);
                store.put(p + "ow", GeneratedData.stream(53, size), size);
                assertThrows(IOException.class, () -> in.transferTo(java.io.OutputStream.nullOutputStream()));
            }
        }
    }
}
