package fr.coffre.store.jclouds;

import fr.coffre.store.Leftover;
import fr.coffre.store.internal.MultipartLeftovers;
import fr.coffre.store.internal.ParallelPartUploader;
import fr.coffre.store.StoreDescriptor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.MultipartPart;
import org.jclouds.blobstore.domain.MultipartUpload;

/**
 * S3 through jclouds {@code s3}: an alternative S3 driver. jclouds' SigV4 signer must hash each request
 * body before sending it, so it cannot sign a plain one-shot stream ({@code Mark not supported}, and Swift's s3api
 * rejects {@code aws-chunked}): every request is sent from a bounded buffer (one PUT for an object that fits one
 * part, else a multipart upload through jclouds' portable API, aborted on any failure), never the whole object.
 *
 * <p>Leftovers are incomplete multipart uploads, through jclouds' portable API, which does not give an upload's
 * start: its age is that of its newest part (dated to the second by the server, so a young upload may read as
 * zero); an upload without a dated part has an unknown age, zero, and is found only by a cleanup of any age
 * ({@code Duration.ZERO}). The default AWS SDK driver reads the upload's start.
 */
final class S3JcloudsStore extends RemoteJcloudsStore {

    S3JcloudsStore(BlobStoreContext context, StoreDescriptor descriptor, CloudTuning tuning,
            ExecutorService partExecutor) {
        super(context, descriptor, tuning, partExecutor);
    }

    @Override
    protected ParallelPartUploader.Target target(String name) {
        return new JcloudsMultipartTarget(this, name);
    }

    @Override
    protected List<Leftover> findLeftovers(Duration olderThan, Instant now) {
        List<Leftover> found = new ArrayList<>();
        for (MultipartUpload upload : blobs.listMultipartUploads(container)) {
            if (!MultipartLeftovers.isStoreName(upload.blobName())) {
                continue; // not a name this library writes
            }
            long bytes = 0;
            Instant newest = null;
            for (MultipartPart part : blobs.listMultipartUpload(upload)) {
                bytes += part.partSize();
                Instant t = part.lastModified() == null ? null : part.lastModified().toInstant();
                newest = t == null || (newest != null && newest.isAfter(t)) ? newest : t;
            }
            Duration age = Leftover.age(newest, now);
            if (age.compareTo(olderThan) >= 0) {
                found.add(new Leftover(Leftover.Kind.MULTIPART_UPLOAD, MultipartLeftovers.id(upload.blobName(), upload.id()),
                        bytes, age));
            }
        }
        return found;
    }

    @Override
    protected void removeLeftover(Leftover leftover) {
        String[] keyAndUpload = MultipartLeftovers.keyAndUploadId(leftover);
        blobs.abortMultipartUpload(MultipartUpload.create(container, keyAndUpload[0], keyAndUpload[1], null, null));
    }
}
