package fr.coffre.store.jclouds;

import fr.coffre.CoffreException;
import fr.coffre.store.AccessDeniedException;
import fr.coffre.store.ObjectNotFoundException;
import fr.coffre.store.internal.ParallelPartUploader;
import fr.coffre.store.StoreDescriptor;
import fr.coffre.store.StoreException;
import fr.coffre.store.internal.UploadSource;
import java.net.ProtocolException;
import java.util.concurrent.ExecutorService;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * What the remote jclouds stores (Swift, S3) share on top of {@link JcloudsObjectStore}:
 * <ul>
 *   <li>every put goes through {@link ParallelPartUploader}: bounded, repeatable buffers, so that each request can
 *       be signed and retried, and a failed multipart upload is aborted; a provider whose target can stream (Swift)
 *       also sends known lengths above one part as one streamed request;</li>
 *   <li>Swift and S3 answer 404 alike for a missing object and a missing container on HEAD, GET and DELETE, and a
 *       DELETE of a missing object is silent: on those paths the container is checked, so that a missing container
 *       is always {@link fr.coffre.store.ContainerNotFoundException};</li>
 *   <li>a status a server answers to {@code Expect: 100-continue} before reading a PUT's body is handled like any
 *       other answer ({@link EarlyRejectionExecutor}): a 5xx is transient and retried (the body was not read, so
 *       even a streamed put can be sent again), a 413 is a permanent "too large". Should the JDK HTTP client still
 *       throw {@link ProtocolException} without a status, the cause is found by checking the container, and such a
 *       rejection is never retried as if it were transient.</li>
 * </ul>
 */
abstract class RemoteJcloudsStore extends JcloudsObjectStore {

    private final ParallelPartUploader uploader;
    private final ExecutorService partExecutor;

    RemoteJcloudsStore(BlobStoreContext context, StoreDescriptor descriptor, CloudTuning tuning,
            ExecutorService partExecutor) {
        super(context, descriptor, tuning.retryPolicy());
        ParallelPartUploader parts = new ParallelPartUploader(tuning.partSizing(), tuning.parallelParts(),
                retrier(), partExecutor);
        this.uploader = parts.withStreamedPuts(tuning.streamedPutMinBytes() >= 0 ? tuning.streamedPutMinBytes()
                : parts.streamAboveOnePart(), tuning.maxSinglePutBytes());
        this.partExecutor = partExecutor;
    }

    /** The provider's upload primitives for one object. */
    protected abstract ParallelPartUploader.Target target(String name);

    /** Called after a successful put through {@code target}; default nothing. */
    protected void afterPut(String name, ParallelPartUploader.Target target) {
    }

    @Override
    protected final long maxSinglePutBytes() {
        return -1; // every put goes through the uploader
    }

    @Override
    protected final void putStreaming(String name, UploadSource source) {
        ParallelPartUploader.Target target = target(name);
        uploader.upload(where("put", name), source, target);
        afterPut(name, target);
    }

    @Override
    protected final AmbiguousNotFound ambiguousNotFound() {
        return AmbiguousNotFound.EVERYWHERE;
    }

    @Override
    protected RuntimeException mapError(Exception e, String operation, String name) {
        RuntimeException mapped = super.mapError(e, operation, name);
        boolean rejectedEarly = causedBy(e, ProtocolException.class);
        if (!operation.startsWith("put") && !rejectedEarly) {
            return mapped;
        }
        if (!(mapped instanceof ObjectNotFoundException) && !rejectedEarly) {
            return mapped;
        }
        String where = errors.where(operation, name);
        boolean exists;
        try {
            exists = blobs.containerExists(container);
        } catch (RuntimeException check) {
            RuntimeException checkMapped = check instanceof CoffreException ? check
                    : errors.map(check, operation, name);
            return checkMapped instanceof AccessDeniedException ? checkMapped : mapped;
        }
        if (!exists) {
            return errors.containerNotFound(where, "", e);
        }
        return rejectedEarly ? new StoreException(where + ": rejected by the store before the body was sent",
                fr.coffre.store.internal.RedactedCause.of(e)) : mapped;
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        try {
            super.close();
        } finally {
            partExecutor.shutdown();
        }
    }
}
