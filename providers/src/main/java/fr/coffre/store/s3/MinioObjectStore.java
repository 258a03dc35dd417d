package fr.coffre.store.s3;

import fr.coffre.store.Leftover;
import fr.coffre.store.ObjectInfo;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.internal.BaseObjectStore;
import fr.coffre.store.internal.ParallelPartUploader;
import fr.coffre.store.internal.Retrier;
import fr.coffre.store.StoreDescriptor;
import fr.coffre.store.StoreException;
import fr.coffre.store.internal.UploadSource;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsV1Response;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import io.minio.messages.Contents;
import io.minio.messages.Part;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * {@link ObjectStore} on one S3 bucket through the MinIO Java SDK (8.5): AWS Signature V4, path-style or
 * virtual-host addressing, any S3-compatible server (OVHcloud, Scaleway, Outscale, Swift's s3api).
 *
 * <p>Uploads go through {@link ParallelPartUploader}: an object that fits one part is a single PUT, a larger or
 * unknown-length one a multipart upload of bounded parts ({@code parallelParts} in flight, each retried from its own
 * buffer), aborted on any failure so that no partial object is ever visible. The MinIO SDK's own unknown-size
 * upload is not used: it buffers each part by growing a copy and sends parts one at a time. Reads stream from the
 * HTTP response; ranged reads send a {@code Range} header, so only the requested bytes cross the network.
 * Idempotent operations run under the store's {@link Retrier}, and only there: OkHttp's own retry after a connection
 * failure is off, so each attempt is one request. Leftovers (incomplete multipart uploads) are not
 * listed through this driver ({@link #findLeftovers}): the default AWS SDK driver lists and aborts them.
 */
final class MinioObjectStore extends BaseObjectStore {

    /** How the MinIO SDK's {@link InvalidResponseException} begins for a 413. */
    private static final String NON_XML_413 = "Non-XML response from server. Response code: 413,";

    private final CoffreMinioClient client;
    private final OkHttpClient http;
    private final S3Location location;
    private final ExecutorService partExecutor;
    private final ParallelPartUploader uploader;

    MinioObjectStore(S3Location location, StoreDescriptor descriptor, String accessKey, String secretKey,
            S3Tuning tuning) {
        super(new S3Errors(descriptor), new Retrier(tuning.retryPolicy()));
        S3Location.requireKeys(accessKey, secretKey);
        this.location = location;
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(tuning.maxConnections());
        dispatcher.setMaxRequestsPerHost(tuning.maxConnections());
        this.http = new OkHttpClient.Builder()
                .connectTimeout(tuning.connectTimeout())
                .readTimeout(tuning.requestTimeout())
                .writeTimeout(tuning.requestTimeout())
                .connectionPool(new ConnectionPool(tuning.maxConnections(), 5, TimeUnit.MINUTES))
                .dispatcher(dispatcher)
                .protocols(List.of(Protocol.HTTP_1_1))
                // OkHttp would otherwise send a request again, unseen, after a connection failure (e.g. a reset of
                // a pooled connection), under the store's own bounded retries: a put would then be sent twice
                .retryOnConnectionFailure(false)
                .build();
        MinioAsyncClient built = MinioAsyncClient.builder()
                .endpoint(location.endpoint().toString())
                .region(location.region())
                .credentials(accessKey, secretKey)
                .httpClient(http)
                .build();
        this.client = new CoffreMinioClient(built);
        if (!location.pathStyle()) {
            client.enableVirtualStyleEndpoint();
        } else {
            client.disableVirtualStyleEndpoint();
        }
        this.partExecutor = ParallelPartUploader.newPartExecutor("s3");
        this.uploader = new ParallelPartUploader(tuning.partSizing(), tuning.parallelParts(), retrier(),
                partExecutor);
    }

    private String bucket() {
        return location.bucket();
    }

    @Override
    protected void createContainer() throws Exception {
        if (!containerExists()) {
            try {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket()).region(location.region()).build()).get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof ErrorResponseException er
                        && er.errorResponse().code().startsWith("BucketAlready"))) {
                    throw e;
                }
            }
        }
    }

    @Override
    protected boolean containerExists() throws Exception {
        return client.bucketExists(BucketExistsArgs.builder().bucket(bucket()).build()).get();
    }

    @Override
    protected AmbiguousNotFound ambiguousNotFound() {
        return AmbiguousNotFound.STAT; // a HEAD answers 404 alike for a missing object and a missing bucket
    }

    @Override
    protected void putObject(String name, UploadSource source) {
        uploader.upload(where("put", name), source, new Parts(name));
    }

    /** MinIO's multipart primitives for one object; each call is one request, retried by the uploader. */
    private final class Parts implements ParallelPartUploader.Target {
        private final String name;

        Parts(String name) {
            this.name = name;
        }

        @Override
        public void putWhole(byte[] data, int length) {
            call("put", name, () -> client.putBytes(bucket(), location.region(), name, data, length).get());
        }

        @Override
        public String start() {
            return call("start multipart put", name, () -> client.createMultipartUploadAsync(bucket(),
                    location.region(), name, null, null).get().result().uploadId());
        }

        @Override
        public String putPart(String uploadId, int partNumber, byte[] data, int length) {
            return call("put part " + partNumber + " of", name, () -> client.uploadPartAsync(bucket(),
                    location.region(), name, data, length, uploadId, partNumber, null, null).get().etag());
        }

        @Override
        public void complete(String uploadId, List<String> etags) {
            Part[] parts = new Part[etags.size()];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = new Part(i + 1, etags.get(i));
            }
            call("complete multipart put", name, () -> client.completeMultipartUploadAsync(bucket(),
                    location.region(), name, uploadId, parts, null, null).get());
        }

        @Override
        public void abort(String uploadId) {
            call("abort multipart put", name, () -> client.abortMultipartUploadAsync(bucket(), location.region(),
                    name, uploadId, null, null).get());
        }
    }

    @Override
    protected InputStream getObject(String name) throws Exception {
        return client.getObject(GetObjectArgs.builder().bucket(bucket()).object(name).build()).get();
    }

    @Override
    protected InputStream getRange(String name, long offsetBytes, long lengthBytes) throws Exception {
        try {
            return client.getObject(GetObjectArgs.builder().bucket(bucket()).object(name).offset(offsetBytes)
                    .length(lengthBytes).build()).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ErrorResponseException er && er.response().code() == 416) {
                statObject(name); // the object exists and ends before offsetBytes, or is missing
                return InputStream.nullInputStream();
            }
            throw e;
        }
    }

    @Override
    protected boolean hasCopyObject() {
        return true;
    }

    /** The SDK's server-side copy (CopyObject; a multipart copy for a source over 5 GiB). */
    @Override
    protected boolean copyObject(String source, String target) throws Exception {
        client.copyObject(io.minio.CopyObjectArgs.builder().bucket(bucket()).region(location.region()).object(target)
                .source(io.minio.CopySource.builder().bucket(bucket()).region(location.region()).object(source)
                        .build())
                .build()).get();
        return true;
    }

    @Override
    protected ObjectInfo statObject(String name) throws Exception {
        StatObjectResponse r = client.statObject(StatObjectArgs.builder().bucket(bucket()).object(name).build())
                .get();
        return new ObjectInfo(name, r.size(), r.lastModified() == null ? null : r.lastModified().toInstant());
    }

    @Override
    protected Page listPage(String prefix, String marker, int maxResults) throws Exception {
        ListObjectsV1Response r = client.listPage(bucket(), location.region(), prefix, marker, maxResults).get();
        List<Contents> contents = r.result().contents();
        List<ObjectInfo> objects = new ArrayList<>();
        for (Contents c : contents) {
            objects.add(new ObjectInfo(c.objectName(), c.size(),
                    c.lastModified() == null ? null : c.lastModified().toInstant()));
        }
        boolean truncated = r.result().isTruncated() && !contents.isEmpty();
        return new Page(objects, truncated ? contents.get(contents.size() - 1).objectName() : null);
    }

    @Override
    protected void deleteObject(String name) throws Exception {
        client.removeObject(RemoveObjectArgs.builder().bucket(bucket()).object(name).build()).get();
    }

    /**
     * Not through this driver: the MinIO SDK (8.5) parses the ListMultipartUploads answer of Swift's s3api as no
     * upload at all (observed), so it would report a store full of incomplete uploads as clean.
     */
    @Override
    protected List<Leftover> findLeftovers(Duration olderThan, Instant now) {
        throw new StoreException(where("list leftovers", null) + ": not available through the MinIO driver (its SDK"
                + " misreads some servers' lists of incomplete uploads); open the store with the default S3 driver");
    }

    @Override
    public void close() {
        partExecutor.shutdown();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof ExecutionException || e instanceof CompletionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    @Override
    protected RuntimeException mapError(Exception e, String operation, String name) {
        Throwable t = unwrap(e);
        if (t instanceof ErrorResponseException er) {
            return errors().fromStatus(er.response().code(), er.errorResponse().code(), operation, name, t);
        }
        if (t instanceof ServerException se) {
            return errors().fromStatus(se.statusCode(), null, operation, name, t);
        }
        if (t instanceof InvalidResponseException) { // a non-XML error body: a proxy or gateway in the way
            // transient, but for a 413 (a proxy's body size limit): the SDK gives the status in its message only
            int status = String.valueOf(t.getMessage()).startsWith(NON_XML_413) ? 413 : 503;
            return errors().fromStatus(status, null, operation, name, t);
        }
        return errors().fromFailure(t, operation, name);
    }

}
