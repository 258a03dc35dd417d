package fr.coffre.store.jclouds;

import fr.coffre.store.ParallelPartUploader;
import fr.coffre.store.StoreDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.BlobMetadata;
import org.jclouds.blobstore.domain.MultipartPart;
import org.jclouds.blobstore.domain.MultipartUpload;
import org.jclouds.blobstore.options.PutOptions;

/**
 * S3 through jclouds {@code s3}: the alternative to the MinIO driver. jclouds' SigV4 signer must hash each request
 * body before sending it, so it cannot sign a plain one-shot stream ({@code Mark not supported}, and Swift's s3api
 * rejects {@code aws-chunked}): every request is sent from a bounded buffer (one PUT for an object that fits one
 * part, else a multipart upload through jclouds' portable API, aborted on any failure), never the whole object.
 */
final class S3JcloudsStore extends RemoteJcloudsStore {

    S3JcloudsStore(BlobStoreContext context, StoreDescriptor descriptor, CloudTuning tuning,
            ExecutorService partExecutor) {
        super(context, descriptor, tuning, partExecutor);
    }

    @Override
    protected ParallelPartUploader.Target target(String name) {
        return new Parts(name);
    }

    /** jclouds' portable multipart API for one object. */
    private final class Parts implements ParallelPartUploader.Target {
        private final String name;
        private final List<MultipartPart> sent = new ArrayList<>();
        private volatile MultipartUpload mpu;

        Parts(String name) {
            this.name = name;
        }

        @Override
        public void putWhole(byte[] data, int length) {
            call("put", name, () -> blobs.putBlob(container, blobs.blobBuilder(name)
                    .payload(JcloudsPayloads.of(data, length)).build()));
        }

        @Override
        public String start() {
            BlobMetadata metadata = blobs.blobBuilder(name).build().getMetadata();
            mpu = call("put (start multipart)", name, () -> blobs.initiateMultipartUpload(container, metadata,
                    PutOptions.NONE));
            return mpu.id();
        }

        @Override
        public String putPart(String uploadId, int partNumber, byte[] data, int length) {
            MultipartPart part = call("put part " + partNumber + " of", name,
                    () -> blobs.uploadMultipartPart(mpu, partNumber, JcloudsPayloads.of(data, length)));
            synchronized (sent) {
                sent.add(part);
            }
            return part.partETag();
        }

        @Override
        public void complete(String uploadId, List<String> etags) {
            List<MultipartPart> parts;
            synchronized (sent) {
                parts = new ArrayList<>(sent);
            }
            parts.sort((a, b) -> Integer.compare(a.partNumber(), b.partNumber()));
            call("put (complete multipart)", name, () -> blobs.completeMultipartUpload(mpu, parts));
        }

        @Override
        public void abort(String uploadId) {
            call("put (abort multipart)", name, () -> {
                blobs.abortMultipartUpload(mpu);
                return null;
            });
        }
    }
}
