package fr.coffre.store.jclouds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.store.GeneratedData;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStoreContract;
import fr.coffre.store.internal.ParallelPartUploader;
import fr.coffre.store.PartSizing;
import fr.coffre.store.RetryPolicy;
import fr.coffre.store.StoreDescriptor;
import fr.coffre.store.internal.UploadSource;
import fr.coffre.store.StoreException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite through the uploader every remote adapter uses ({@link ParallelPartUploader}) and the
 * jclouds portable multipart target the jclouds S3 adapter uses ({@link JcloudsMultipartTarget}), on jclouds' real
 * in-memory multipart implementation, with 1 MiB parts (2 in flight) so that the large-object tests upload dozens
 * of parts and the failed-upload tests abort mid-way.
 */
class MultipartMemoryStoreTest extends ObjectStoreContract {

    static final class MultipartStore extends JcloudsObjectStore {
        private final ExecutorService parts = CloudJcloudsStores.partExecutor("test");
        private final ParallelPartUploader uploader;

        MultipartStore(String container) {
            super(JcloudsStores.newContext("transient", new Properties()),
                    new StoreDescriptor("mem-multipart", "", container, null, null), RetryPolicy.defaults());
            this.uploader = new ParallelPartUploader(PartSizing.builder().minPartBytes(1)
                    .preferredPartBytes(1024 * 1024).maxParts(10_000).build(), 2, retrier(), parts);
        }

        @Override
        protected long maxSinglePutBytes() {
            return 2 * 1024 * 1024;
        }

        @Override
        protected void putStreaming(String name, UploadSource source) {
            uploader.upload(where("put", name), source, new JcloudsMultipartTarget(this, name));
        }

        @Override
        public void close() {
            try {
                super.close();
            } finally {
                parts.shutdown();
            }
        }

        @Override
        protected boolean isHidden(String name) {
            return super.isHidden(name) || name.startsWith(".mpus-"); // jclouds' local multipart parts
        }
    }

    @Override
    protected ObjectStore openStore(String container) {
        return new MultipartStore(container);
    }

    @Override
    protected BadCredentials openStoreWithBadCredentials(String container) {
        return BadCredentials.notApplicable("the in-memory store takes no credentials");
    }

    @Nested
    class MultipartPath {
        private MultipartStore multipart() {
            return (MultipartStore) store;
        }

        @Test
        void unknownLengthStreamIsUploadedInOneMebibyteParts() {
            long size = 5L * 1024 * 1024 + 1000;
            store.put(p + "mp", GeneratedData.stream(4, size), -1);
            String eTag = multipart().blobs.blobMetadata(container(), p + "mp").getETag();
            assertTrue(eTag.endsWith("-6\""), "a 6-part upload's ETag, was " + eTag);
        }

        @Test
        void failedUploadIsAbortedAndLeavesNoPart() {
            long size = 5L * 1024 * 1024;
            assertThrowsExactly(StoreException.class,
                    () -> store.put(p + "mp", GeneratedData.failingStream(4, size, 3L * 1024 * 1024 + 7), -1));
            List<String> leftovers = multipart().blobs.list(container(), ListContainerOptions.Builder.recursive())
                    .stream().map(StorageMetadata::getName).filter(n -> n.startsWith(".mpus-")).toList();
            assertEquals(List.of(), leftovers, "aborted parts must be gone");
        }
    }
}
