package fr.coffre.store.jclouds;

import fr.coffre.store.internal.ParallelPartUploader;
import fr.coffre.store.StoreDescriptor;
import java.util.concurrent.ExecutorService;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * S3 through jclouds {@code s3}: an alternative S3 driver. jclouds' SigV4 signer must hash each request
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
        return new JcloudsMultipartTarget(this, name);
    }
}
