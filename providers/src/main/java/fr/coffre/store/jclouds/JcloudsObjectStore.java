package fr.coffre.store.jclouds;

import fr.coffre.store.ObjectInfo;
import fr.coffre.store.RetryPolicy;
import fr.coffre.store.internal.ExactLengthStream;
import fr.coffre.store.StoreDescriptor;
import fr.coffre.store.internal.BaseObjectStore;
import fr.coffre.store.internal.Retrier;
import fr.coffre.store.internal.UploadSource;
import java.io.InputStream;
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
 * The provider calls of {@link BaseObjectStore} over any jclouds {@link BlobStoreContext}, bound to one container.
 * Subclasses adapt providers by overriding: how an object of unknown (or very large) length is uploaded
 * ({@link #putStreaming}), how metadata is fetched ({@link #fetchMetadata}), which listed names are hidden
 * ({@link #isHidden}), and error mapping ({@link #mapError}). The store owns the context and closes it.
 */
abstract class JcloudsObjectStore extends BaseObjectStore {

    private final BlobStoreContext context;
    protected final BlobStore blobs;
    protected final String container;
    protected final JcloudsErrors errors;

    JcloudsObjectStore(BlobStoreContext context, StoreDescriptor descriptor, RetryPolicy retryPolicy) {
        this(context, new JcloudsErrors(descriptor), new Retrier(retryPolicy));
    }

    private JcloudsObjectStore(BlobStoreContext context, JcloudsErrors errors, Retrier retrier) {
        super(errors, retrier);
        this.context = context;
        this.blobs = context.getBlobStore();
        this.container = errors.store().container();
        this.errors = errors;
    }

    @Override
    protected void createContainer() {
        blobs.createContainerInLocation(null, container);
    }

    @Override
    protected boolean containerExists() {
        return blobs.containerExists(container);
    }

    @Override
    protected void putObject(String name, UploadSource source) {
        beforePut(name);
        if (source.declaredLengthBytes() >= 0 && source.declaredLengthBytes() <= maxSinglePutBytes()) {
            putSingle(name, source);
        } else {
            putStreaming(name, source);
        }
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
    protected InputStream getObject(String name) throws Exception {
        Blob blob = blobs.getBlob(container, name);
        return blob == null ? null : exact(blob);
    }

    @Override
    protected InputStream getRange(String name, long offsetBytes, long lengthBytes) throws Exception {
        Blob blob;
        try {
            blob = blobs.getBlob(container, name, GetOptions.Builder.range(offsetBytes,
                    fr.coffre.store.internal.ObjectNames.lastByteInclusive(offsetBytes, lengthBytes)));
        } catch (RuntimeException e) {
            if (JcloudsErrors.isRangeNotSatisfiable(e)) {
                return InputStream.nullInputStream(); // the object exists and ends before offsetBytes
            }
            throw e;
        }
        return blob == null ? null : exact(blob);
    }

    @Override
    protected ObjectInfo statObject(String name) throws Exception {
        BlobMetadata md = fetchMetadata(name);
        return md == null ? null : toInfo(md);
    }

    /** The object's metadata, or null if absent. */
    protected BlobMetadata fetchMetadata(String name) throws Exception {
        return blobs.blobMetadata(container, name);
    }

    @Override
    protected Page listPage(String prefix, String marker, int maxResults) {
        ListContainerOptions options = ListContainerOptions.Builder.recursive().maxResults(maxResults);
        if (!prefix.isEmpty()) {
            options.prefix(prefix);
        }
        if (marker != null) {
            options.afterMarker(marker);
        }
        PageSet<? extends StorageMetadata> page = blobs.list(container, options);
        List<ObjectInfo> objects = new ArrayList<>();
        for (StorageMetadata md : page) {
            if (md.getType() == StorageType.BLOB && md.getName().startsWith(prefix)) {
                objects.add(toInfo(md));
            }
        }
        return new Page(objects, page.getNextMarker());
    }

    @Override
    protected void deleteObject(String name) {
        blobs.removeBlob(container, name);
    }

    @Override
    public void close() {
        context.close();
    }

    /** Maps a jclouds failure to a typed Coffre exception; override to refine a provider's statuses. */
    @Override
    protected RuntimeException mapError(Exception e, String operation, String name) {
        return errors.map(e, operation, name);
    }

    /** One request run once, its failure mapped: for this package's upload targets. */
    final <T> T request(String operation, String name, Supplier<T> request) {
        return call(operation, name, request::get);
    }

    static ObjectInfo toInfo(StorageMetadata md) {
        Long size = md.getSize();
        if (size == null && md instanceof BlobMetadata blob) {
            size = blob.getContentMetadata().getContentLength();
        }
        Instant modified = md.getLastModified() == null ? null : md.getLastModified().toInstant();
        return new ObjectInfo(md.getName(), size == null ? 0 : size, modified);
    }

    /** The JDK HTTP client ends a body cut short midway as if it were complete: check it against its length. */
    private static InputStream exact(Blob blob) throws java.io.IOException {
        return ExactLengthStream.of(blob.getPayload().openStream(),
                blob.getPayload().getContentMetadata().getContentLength());
    }
}
