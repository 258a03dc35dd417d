package fr.coffre.store.jclouds;

import fr.coffre.store.ListPage;
import fr.coffre.store.ObjectInfo;
import fr.coffre.store.internal.ObjectNames;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.internal.Retrier;
import fr.coffre.store.RetryPolicy;
import fr.coffre.store.internal.ExactLengthStream;
import fr.coffre.store.StoreDescriptor;
import fr.coffre.store.internal.UploadSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.BlobMetadata;
import org.jclouds.blobstore.domain.PageSet;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.options.GetOptions;
import org.jclouds.blobstore.options.ListContainerOptions;

/**
 * The {@link ObjectStore} SPI over any jclouds {@link BlobStoreContext}, bound to one container. Subclasses adapt
 * providers by overriding the protected hooks: how an object of unknown (or very large) length is uploaded
 * ({@link #putStreaming}), how metadata is fetched ({@link #fetchMetadata}), which listed names are hidden
 * ({@link #isHidden}), and error mapping ({@link #mapError}).
 *
 * <p>Idempotent operations (get, stat, list, delete, create container) run under the store's {@link Retrier};
 * uploads that consume the caller's stream are attempted once (they cannot be replayed). Every failure surfaces as
 * a typed Coffre exception. The store owns the context and closes it in {@link #close()}.
 */
abstract class JcloudsObjectStore implements ObjectStore {

    private final BlobStoreContext context;
    protected final BlobStore blobs;
    protected final String container;
    protected final Retrier retrier;
    protected final JcloudsErrors errors;
    private final StoreDescriptor descriptor;

    JcloudsObjectStore(BlobStoreContext context, StoreDescriptor descriptor, RetryPolicy retryPolicy) {
        this.context = context;
        this.blobs = context.getBlobStore();
        this.container = descriptor.container();
        this.descriptor = descriptor;
        this.retrier = new Retrier(retryPolicy);
        this.errors = new JcloudsErrors(descriptor);
    }

    @Override
    public StoreDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public void createContainerIfAbsent() {
        idempotent("create container", null, () -> blobs.createContainerInLocation(null, container));
    }

    @Override
    public ObjectInfo put(String name, InputStream data, long lengthBytes) {
        ObjectNames.requireValidName(name);
        UploadSource source = new UploadSource(data, lengthBytes);
        try {
            beforePut(name);
            if (lengthBytes >= 0 && lengthBytes <= maxSinglePutBytes()) {
                putSingle(name, source);
            } else {
                putStreaming(name, source);
            }
        } catch (RuntimeException e) {
            RuntimeException sourceFailure = source.failure(errors.where("put", name));
            throw sourceFailure != null ? sourceFailure : mapError(e, "put", name);
        }
        return new ObjectInfo(name, source.countBytes(), null);
    }

    /** Checks run before an upload (e.g. name conflicts on a filesystem); default none. */
    protected void beforePut(String name) {
    }

    /** Largest object sent as one request when its length is known; longer ones go to {@link #putStreaming}. */
    protected long maxSinglePutBytes() {
        return Long.MAX_VALUE;
    }

    /** Uploads a source of known length in one request, streaming it (never buffered). */
    protected void putSingle(String name, UploadSource source) {
        Blob blob = blobs.blobBuilder(name).payload(source).contentLength(source.declaredLengthBytes()).build();
        blobs.putBlob(container, blob);
    }

    /**
     * Uploads a source of unknown length, or longer than {@link #maxSinglePutBytes()}, with bounded memory and
     * without ever exposing a partial object. The default streams the source as one request of unknown length,
     * which suits the local providers; remote providers override it with a multipart upload of bounded parts
     * (see {@link fr.coffre.store.internal.ParallelPartUploader}).
     */
    protected void putStreaming(String name, UploadSource source) {
        blobs.putBlob(container, blobs.blobBuilder(name).payload(source).build());
    }

    @Override
    public InputStream get(String name) {
        ObjectNames.requireValidName(name);
        return idempotent("get", name, () -> {
            Blob blob = blobs.getBlob(container, name);
            if (blob == null) {
                throw errors.objectNotFound(errors.where("get", name), null);
            }
            return openPayload(blob);
        });
    }

    @Override
    public InputStream get(String name, long offsetBytes, long lengthBytes) {
        ObjectNames.requireValidRange(name, offsetBytes, lengthBytes);
        if (lengthBytes == 0) {
            stat(name);
            return InputStream.nullInputStream();
        }
        long last = ObjectNames.lastByteInclusive(offsetBytes, lengthBytes);
        return idempotent("get range", name, () -> {
            Blob blob;
            try {
                blob = blobs.getBlob(container, name, GetOptions.Builder.range(offsetBytes, last));
            } catch (RuntimeException e) {
                if (JcloudsErrors.isRangeNotSatisfiable(e)) {
                    return InputStream.nullInputStream(); // the object exists and ends before offsetBytes
                }
                throw e;
            }
            if (blob == null) {
                throw errors.objectNotFound(errors.where("get range", name), null);
            }
            return openPayload(blob);
        });
    }

    private static InputStream openPayload(Blob blob) {
        try {
            // the JDK HTTP client ends a body cut short mid-way as if it were complete: check its length
            return ExactLengthStream.of(blob.getPayload().openStream(),
                    blob.getPayload().getContentMetadata().getContentLength());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public ObjectInfo stat(String name) {
        ObjectNames.requireValidName(name);
        return idempotent("stat", name, () -> {
            BlobMetadata md = fetchMetadata(name);
            if (md == null) {
                throw errors.objectNotFound(errors.where("stat", name), null);
            }
            return toInfo(md);
        });
    }

    /** The object's metadata, or null if absent. */
    protected BlobMetadata fetchMetadata(String name) {
        return blobs.blobMetadata(container, name);
    }

    @Override
    public ListPage list(String prefix, String pageToken, int maxResults) {
        ObjectNames.requireValidListing(prefix, pageToken, maxResults, ObjectNames.MAX_NAME_LENGTH);
        return idempotent("list", null, () -> listPage(prefix, pageToken, maxResults));
    }

    private ListPage listPage(String prefix, String pageToken, int maxResults) {
        String marker = pageToken;
        List<ObjectInfo> objects = new ArrayList<>();
        do {
            ListContainerOptions options = ListContainerOptions.Builder.recursive().maxResults(maxResults);
            if (!prefix.isEmpty()) {
                options.prefix(prefix);
            }
            if (marker != null) {
                options.afterMarker(marker);
            }
            PageSet<? extends StorageMetadata> page = blobs.list(container, options);
            for (StorageMetadata md : page) {
                if (md.getType() == StorageType.BLOB && md.getName().startsWith(prefix) && !isHidden(md.getName())) {
                    objects.add(toInfo(md));
                }
            }
            marker = page.getNextMarker();
        } while (objects.isEmpty() && marker != null); // a page of only hidden names is skipped
        return new ListPage(objects, java.util.Optional.ofNullable(marker));
    }

    /** Names never listed: in-flight uploads ({@link ObjectNames#isReserved}) and provider internals. */
    protected boolean isHidden(String name) {
        return ObjectNames.isReserved(name);
    }

    @Override
    public void delete(String name) {
        ObjectNames.requireValidName(name);
        idempotent("delete", name, () -> {
            try {
                blobs.removeBlob(container, name);
            } catch (org.jclouds.blobstore.KeyNotFoundException e) {
                // deleting a missing object is not an error
            }
            return null;
        });
    }

    @Override
    public void close() {
        context.close();
    }

    /** Maps a jclouds failure to a typed Coffre exception; override to refine a provider's statuses. */
    protected RuntimeException mapError(RuntimeException e, String operation, String name) {
        return errors.map(e, operation, name);
    }

    /** Runs one provider call once (e.g. one request of an upload), its failure mapped to a typed exception. */
    protected final <T> T call(String operation, String name, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw mapError(e, operation, name);
        }
    }

    /** Runs {@code action} under the retrier, each attempt's failure mapped to a typed exception. */
    protected final <T> T idempotent(String operation, String name, Supplier<T> action) {
        return retrier.call(errors.where(operation, name), () -> {
            try {
                return action.get();
            } catch (RuntimeException e) {
                throw mapError(e, operation, name);
            }
        });
    }

    static ObjectInfo toInfo(StorageMetadata md) {
        Long size = md.getSize();
        if (size == null && md instanceof BlobMetadata blob) {
            size = blob.getContentMetadata().getContentLength();
        }
        Instant modified = md.getLastModified() == null ? null : md.getLastModified().toInstant();
        return new ObjectInfo(md.getName(), size == null ? 0 : size, modified);
    }
}
