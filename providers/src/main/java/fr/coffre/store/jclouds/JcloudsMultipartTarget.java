package fr.coffre.store.jclouds;

import fr.coffre.store.internal.ParallelPartUploader;
import java.util.ArrayList;
import java.util.List;
import org.jclouds.blobstore.domain.BlobMetadata;
import org.jclouds.blobstore.domain.MultipartPart;
import org.jclouds.blobstore.domain.MultipartUpload;
import org.jclouds.blobstore.options.PutOptions;

/**
 * jclouds' portable blob-store API as the uploader's {@link ParallelPartUploader.Target} for one object: a plain
 * {@code putBlob} and jclouds' multipart upload (S3 multipart through jclouds {@code s3}; jclouds' own emulation in
 * its local stores). Every payload is a repeatable view of the uploader's buffer ({@link JcloudsPayloads}), so
 * jclouds' SigV4 signer can hash it and a failed request can be sent again. Each call is one request, its failure
 * mapped to a typed exception by the store.
 */
final class JcloudsMultipartTarget implements ParallelPartUploader.Target {

    private final JcloudsObjectStore store;
    private final String name;
    private final List<MultipartPart> sent = new ArrayList<>();
    private volatile MultipartUpload mpu;

    JcloudsMultipartTarget(JcloudsObjectStore store, String name) {
        this.store = store;
        this.name = name;
    }

    @Override
    public void putWhole(byte[] data, int length) {
        store.request("put", name, () -> store.blobs.putBlob(store.container, store.blobs.blobBuilder(name)
                .payload(JcloudsPayloads.of(data, length)).build()));
    }

    @Override
    public String start() {
        BlobMetadata metadata = store.blobs.blobBuilder(name).build().getMetadata();
        mpu = store.request("put (start multipart)", name, () -> store.blobs.initiateMultipartUpload(store.container,
                metadata, PutOptions.NONE));
        return mpu.id();
    }

    @Override
    public String putPart(String uploadId, int partNumber, byte[] data, int length) {
        MultipartPart part = store.request("put part " + partNumber + " of", name,
                () -> store.blobs.uploadMultipartPart(mpu, partNumber, JcloudsPayloads.of(data, length)));
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
        store.request("put (complete multipart)", name, () -> store.blobs.completeMultipartUpload(mpu, parts));
    }

    @Override
    public void abort(String uploadId) {
        store.request("put (abort multipart)", name, () -> {
            store.blobs.abortMultipartUpload(mpu);
            return null;
        });
    }
}
