package fr.coffre.store.s3;

import fr.coffre.InvalidInputException;
import fr.coffre.store.ObjectInfo;
import fr.coffre.store.internal.ObjectNames;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.internal.BaseObjectStore;
import fr.coffre.store.internal.ParallelPartUploader;
import fr.coffre.store.internal.PrefetchingRangeStream;
import fr.coffre.store.internal.Retrier;
import fr.coffre.store.StoreDescriptor;
import fr.coffre.store.internal.UploadSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import fr.coffre.store.Leftover;
import fr.coffre.store.internal.MultipartLeftovers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.Part;

/**
 * {@link ObjectStore} on one S3 bucket through the AWS SDK for Java v2 sync client (Apache HTTP client): the default
 * S3 driver, the fastest measured on the local Swift s3api (see BENCHMARKS.md).
 *
 * <p>Uploads go through {@link ParallelPartUploader}: an object that fits one part is one PUT from a buffer
 * (retried); a larger object of known length up to the provider's single-request limit is <b>one PUT streamed
 * straight from the caller's stream</b> (no buffer, read once; see {@link UnsignedPayloadSigV4} for why its body
 * is not hashed into the signature), retried only while none of the stream was consumed; anything else (unknown
 * length, beyond the limit) is a multipart upload of bounded parts sent in parallel, aborted on failure.
 *
 * <p>A whole-object read opens the first {@code getChunkBytes} range and streams it; if the object is longer, the
 * next ranges are fetched in parallel ({@link PrefetchingRangeStream}, {@code parallelGets} ahead, each pinned with
 * {@code If-Match} to the first response's ETag, so an overwrite during the read fails it instead of mixing
 * versions). Ranged reads are one GET with a {@code Range} header.
 *
 * <p>Configured for S3-compatible servers: checksums only when required, no {@code aws-chunked} encoding (Swift's
 * s3api refuses it), the SDK's own retries off (the store's {@link Retrier} retries with backoff and jitter, and
 * a streamed body must never be replayed by the SDK: its body provider refuses a second read). Leftovers are the
 * bucket's incomplete multipart uploads (ListMultipartUploads, ListParts for their size, AbortMultipartUpload).
 * Both SDK clients
 * (payload-signing for everything, unsigned-payload for streamed PUTs) share one HTTP connection pool.
 */
final class AwsSdkObjectStore extends BaseObjectStore {

    private final SdkHttpClient http;
    private final S3Client s3;
    private final S3Client streamingS3;
    private final S3Location location;
    private final ExecutorService partExecutor;
    private final ParallelPartUploader uploader;
    private final int getChunkBytes;
    private final int parallelGets;

    AwsSdkObjectStore(S3Location location, StoreDescriptor descriptor, String accessKey, String secretKey,
            S3Tuning tuning) {
        super(new S3Errors(descriptor), new Retrier(tuning.retryPolicy()));
        AwsBasicCredentials credentials = credentials(accessKey, secretKey);
        this.location = location;
        this.http = Apache5HttpClient.builder().maxConnections(tuning.maxConnections())
                .connectionTimeout(tuning.connectTimeout()).socketTimeout(tuning.requestTimeout()).build();
        this.s3 = client(credentials).build();
        this.streamingS3 = client(credentials).putAuthScheme(new UnsignedPayloadSigV4()).build();
        this.partExecutor = ParallelPartUploader.newPartExecutor("s3");
        ParallelPartUploader parts = new ParallelPartUploader(tuning.partSizing(), tuning.parallelParts(),
                retrier(), partExecutor);
        this.getChunkBytes = tuning.getChunkBytes();
        this.parallelGets = tuning.parallelGets();
        this.uploader = parts.withStreamedPuts(tuning.streamedPutMinBytes() >= 0 ? tuning.streamedPutMinBytes()
                : parts.streamAboveOnePart(), tuning.maxSinglePutBytes());
    }

    private static AwsBasicCredentials credentials(String accessKey, String secretKey) {
        S3Location.requireKeys(accessKey, secretKey);
        try {
            return AwsBasicCredentials.create(accessKey, secretKey);
        } catch (RuntimeException e) { // e.g. a key of control characters; the SDK's message is not kept
            throw new InvalidInputException("credentials: the access key or secret key is not usable by the S3"
                    + " client (" + e.getClass().getSimpleName() + ")");
        }
    }

    private S3ClientBuilder client(AwsBasicCredentials credentials) {
        return S3Client.builder()
                .endpointOverride(location.endpoint())
                .region(Region.of(location.region()))
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .forcePathStyle(location.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
                .httpClient(http);
    }

    private String bucket() {
        return location.bucket();
    }

    @Override
    protected void createContainer() {
        if (!containerExists()) {
            try {
                s3.createBucket(b -> b.bucket(bucket()));
            } catch (AwsServiceException c) {
                String code = c.awsErrorDetails() == null ? null : c.awsErrorDetails().errorCode();
                if (code == null || !code.startsWith("BucketAlready")) {
                    throw c;
                }
            }
        }
    }

    @Override
    protected boolean containerExists() {
        try {
            s3.headBucket(b -> b.bucket(bucket()));
            return true;
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    @Override
    protected AmbiguousNotFound ambiguousNotFound() {
        return AmbiguousNotFound.STAT; // a HEAD answers 404 alike for a missing object and a missing bucket
    }

    @Override
    protected void putObject(String name, UploadSource source) {
        uploader.upload(where("put", name), source, new Parts(name));
    }

    private static RequestBody body(byte[] data, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data, 0, length), length,
                "application/octet-stream");
    }

    /**
     * A request body read from the caller's stream at most once: a second request for it (an SDK-level retry or
     * re-read) fails the request instead of sending other bytes.
     */
    private static RequestBody once(InputStream data, long length) {
        AtomicBoolean opened = new AtomicBoolean();
        return RequestBody.fromContentProvider(() -> {
            if (!opened.compareAndSet(false, true)) {
                throw new IllegalStateException("the upload stream was asked for twice; it cannot be replayed");
            }
            return data;
        }, length, "application/octet-stream");
    }

    /** S3 primitives for one object: streamed PUT, buffered PUT, multipart. */
    private final class Parts implements ParallelPartUploader.StreamingTarget {
        private final String name;

        Parts(String name) {
            this.name = name;
        }

        @Override
        public void putStreamed(InputStream data, long length) {
            call("put", name, () -> streamingS3.putObject(b -> b.bucket(bucket()).key(name).contentLength(length),
                    once(data, length)));
        }

        @Override
        public void putWhole(byte[] data, int length) {
            call("put", name, () -> s3.putObject(b -> b.bucket(bucket()).key(name).contentLength((long) length),
                    body(data, length)));
        }

        @Override
        public String start() {
            return call("start multipart put", name, () -> s3.createMultipartUpload(b -> b.bucket(bucket())
                    .key(name)).uploadId());
        }

        @Override
        public String putPart(String uploadId, int partNumber, byte[] data, int length) {
            return call("put part " + partNumber + " of", name, () -> s3.uploadPart(b -> b.bucket(bucket())
                    .key(name).uploadId(uploadId).partNumber(partNumber).contentLength((long) length),
                    body(data, length)).eTag());
        }

        @Override
        public void complete(String uploadId, List<String> etags) {
            List<CompletedPart> parts = new ArrayList<>();
            for (int i = 0; i < etags.size(); i++) {
                parts.add(CompletedPart.builder().partNumber(i + 1).eTag(etags.get(i)).build());
            }
            call("complete multipart put", name, () -> s3.completeMultipartUpload(b -> b.bucket(bucket()).key(name)
                    .uploadId(uploadId).multipartUpload(m -> m.parts(parts))));
        }

        @Override
        public void abort(String uploadId) {
            call("abort multipart put", name, () -> s3.abortMultipartUpload(b -> b.bucket(bucket()).key(name)
                    .uploadId(uploadId)));
        }
    }

    @Override
    protected InputStream getObject(String name) {
        if (parallelGets == 0) {
            return s3.getObject(b -> b.bucket(bucket()).key(name));
        }
        ResponseInputStream<GetObjectResponse> first;
        try {
            first = s3.getObject(b -> b.bucket(bucket()).key(name).range("bytes=0-" + (getChunkBytes - 1)));
        } catch (AwsServiceException e) {
            if (e.statusCode() == 416) {
                return s3.getObject(b -> b.bucket(bucket()).key(name)); // an empty object has no first byte
            }
            throw e;
        }
        GetObjectResponse r = first.response();
        long total = totalLength(r.contentRange());
        if (total < 0 || r.contentLength() == null || r.contentLength() >= total || r.eTag() == null) {
            return first; // the whole object (or a server that ignored the range)
        }
        String etag = r.eTag();
        return new PrefetchingRangeStream(first, r.contentLength(), total, (offset, length) -> call("get range",
                name, () -> s3.getObject(b -> b.bucket(bucket()).key(name).ifMatch(etag)
                        .range("bytes=" + offset + "-" + (offset + length - 1)))),
                getChunkBytes, parallelGets, retrier(), partExecutor, where("get", name));
    }

    /** The object length in a {@code Content-Range: bytes a-b/total} header, or -1. */
    static long totalLength(String contentRange) {
        if (contentRange == null) {
            return -1;
        }
        int slash = contentRange.lastIndexOf('/');
        try {
            return slash < 0 ? -1 : Long.parseLong(contentRange.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
            return -1; // "*" or garbage: read as one response
        }
    }

    @Override
    protected InputStream getRange(String name, long offsetBytes, long lengthBytes) {
        long last = ObjectNames.lastByteInclusive(offsetBytes, lengthBytes);
        try {
            return s3.getObject(b -> b.bucket(bucket()).key(name).range("bytes=" + offsetBytes + "-" + last));
        } catch (AwsServiceException e) {
            if (e.statusCode() == 416) {
                statObject(name); // the object exists and ends before offsetBytes, or is missing
                return InputStream.nullInputStream();
            }
            throw e;
        }
    }

    @Override
    protected boolean hasHeadObject() {
        return true;
    }

    /** One ranged GET: its Content-Range gives the size; an empty object (416) falls back to a HEAD. */
    @Override
    protected fr.coffre.store.ObjectHead headObject(String name, int maxBytes) throws IOException {
        ResponseInputStream<GetObjectResponse> in;
        try {
            in = s3.getObject(b -> b.bucket(bucket()).key(name).range("bytes=0-" + (maxBytes - 1)));
        } catch (AwsServiceException e) {
            if (e.statusCode() == 416) {
                return new fr.coffre.store.ObjectHead(statObject(name), new byte[0]);
            }
            throw e;
        }
        try (in) {
            GetObjectResponse r = in.response();
            byte[] first = in.readNBytes(maxBytes);
            long ranged = totalLength(r.contentRange());
            // no Content-Range: the server sent the whole object, of Content-Length bytes (if it says)
            long total = ranged >= 0 ? ranged : r.contentLength() != null ? r.contentLength() : -1;
            if (ranged < 0 && (total < 0 || total > first.length)) {
                in.abort();   // a whole object of unknown or larger size: do not drain it
            }
            if (total < 0) {
                ObjectInfo info = statObject(name);
                return new fr.coffre.store.ObjectHead(info,
                        java.util.Arrays.copyOf(first, (int) Math.min(first.length, info.sizeBytes())));
            }
            return new fr.coffre.store.ObjectHead(new ObjectInfo(name, Math.max(total, first.length), r.lastModified()),
                    first);
        }
    }

    @Override
    protected boolean hasCopyObject() {
        return true;
    }

    /** CopyObject; a source over the provider's single-copy limit (5 GiB on AWS) is refused with 400, then streamed. */
    @Override
    protected boolean copyObject(String source, String target) {
        try {
            s3.copyObject(b -> b.sourceBucket(bucket()).sourceKey(source).destinationBucket(bucket())
                    .destinationKey(target));
            return true;
        } catch (AwsServiceException e) {
            if (e.statusCode() == 400 && e.awsErrorDetails() != null
                    && "InvalidRequest".equals(e.awsErrorDetails().errorCode())) {
                return false;
            }
            throw e;
        }
    }

    @Override
    protected ObjectInfo statObject(String name) {
        HeadObjectResponse r = s3.headObject(b -> b.bucket(bucket()).key(name));
        return new ObjectInfo(name, r.contentLength(), r.lastModified());
    }

    @Override
    protected Page listPage(String prefix, String marker, int maxResults) {
        ListObjectsV2Response r = s3.listObjectsV2(b -> b.bucket(bucket()).maxKeys(maxResults)
                .prefix(prefix.isEmpty() ? null : prefix).startAfter(marker));
        List<ObjectInfo> objects = new ArrayList<>();
        for (S3Object o : r.contents()) {
            objects.add(new ObjectInfo(o.key(), o.size(), o.lastModified()));
        }
        boolean truncated = Boolean.TRUE.equals(r.isTruncated()) && !r.contents().isEmpty();
        return new Page(objects, truncated ? r.contents().get(r.contents().size() - 1).key() : null);
    }

    @Override
    protected void deleteObject(String name) {
        s3.deleteObject(b -> b.bucket(bucket()).key(name));
    }

    /** Incomplete multipart uploads of keys that are store names (other tools' uploads are not Coffre's). */
    @Override
    protected List<Leftover> findLeftovers(Duration olderThan, Instant now) {
        List<Leftover> found = new ArrayList<>();
        String keyMarker = null;
        String uploadIdMarker = null;
        while (true) {
            String k = keyMarker;
            String u = uploadIdMarker;
            ListMultipartUploadsResponse r = s3.listMultipartUploads(b -> b.bucket(bucket()).keyMarker(k)
                    .uploadIdMarker(u));
            for (MultipartUpload upload : r.uploads()) {
                if (!MultipartLeftovers.isStoreName(upload.key())) {
                    continue;
                }
                Duration age = Leftover.age(upload.initiated(), now);
                if (age.compareTo(olderThan) >= 0) {
                    found.add(new Leftover(Leftover.Kind.MULTIPART_UPLOAD, MultipartLeftovers.id(upload.key(),
                            upload.uploadId()), partBytes(upload.key(), upload.uploadId()), age));
                }
            }
            if (!Boolean.TRUE.equals(r.isTruncated()) || r.nextKeyMarker() == null) {
                return found;
            }
            keyMarker = r.nextKeyMarker();
            uploadIdMarker = r.nextUploadIdMarker();
        }
    }

    private long partBytes(String key, String uploadId) {
        long bytes = 0;
        Integer marker = null;
        while (true) {
            Integer m = marker;
            ListPartsResponse r;
            try {
                r = s3.listParts(b -> b.bucket(bucket()).key(key).uploadId(uploadId).partNumberMarker(m));
            } catch (NoSuchUploadException gone) {
                return bytes; // completed or aborted meanwhile
            }
            for (Part part : r.parts()) {
                bytes += part.size() == null ? 0 : part.size();
            }
            if (!Boolean.TRUE.equals(r.isTruncated()) || r.nextPartNumberMarker() == null) {
                return bytes;
            }
            marker = r.nextPartNumberMarker();
        }
    }

    @Override
    protected void removeLeftover(Leftover leftover) {
        String[] keyAndUpload = MultipartLeftovers.keyAndUploadId(leftover);
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket()).key(keyAndUpload[0]).uploadId(keyAndUpload[1]));
        } catch (NoSuchUploadException gone) {
            // completed or aborted meanwhile
        }
    }

    @Override
    public void close() {
        partExecutor.shutdown();
        s3.close();
        streamingS3.close();
        http.close();
    }

    @Override
    protected RuntimeException mapError(Exception e, String operation, String name) {
        if (e instanceof AwsServiceException a) {
            String code = a.awsErrorDetails() == null ? null : a.awsErrorDetails().errorCode();
            return errors().fromStatus(a.statusCode(), code, operation, name, a);
        }
        return errors().fromFailure(e, operation, name);
    }
}
