package fr.coffre.store.s3;

import fr.coffre.InvalidInputException;
import fr.coffre.store.ListPage;
import fr.coffre.store.ObjectInfo;
import fr.coffre.store.ObjectNames;
import fr.coffre.store.ObjectNotFoundException;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ParallelPartUploader;
import fr.coffre.store.Retrier;
import fr.coffre.store.StoreDescriptor;
import fr.coffre.store.UploadSource;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link ObjectStore} on one S3 bucket through the AWS SDK for Java v2 sync client (Apache HTTP client), the
 * fastest S3 driver measured on the local Swift s3api (see BENCHMARKS.md). Same upload scheme as the MinIO driver
 * ({@link ParallelPartUploader}: single PUT or parallel bounded parts, aborted on failure). Configured for
 * S3-compatible servers: checksums only when required, no {@code aws-chunked} encoding (Swift's s3api refuses it),
 * the SDK's own retries off (the store's {@link Retrier} retries with backoff and jitter).
 */
final class AwsSdkObjectStore implements ObjectStore {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final S3Client s3;
    private final S3Location location;
    private final StoreDescriptor descriptor;
    private final Retrier retrier;
    private final S3Errors errors;
    private final ExecutorService partExecutor;
    private final ParallelPartUploader uploader;

    AwsSdkObjectStore(S3Location location, StoreDescriptor descriptor, String accessKey, String secretKey,
            S3Tuning tuning) {
        if (accessKey == null || accessKey.isEmpty() || secretKey == null || secretKey.isEmpty()) {
            throw new InvalidInputException("credentials: access key and secret key must be non-empty");
        }
        this.location = location;
        this.descriptor = descriptor;
        this.errors = new S3Errors(descriptor);
        this.retrier = new Retrier(tuning.retryPolicy());
        this.s3 = S3Client.builder()
                .endpointOverride(location.endpoint())
                .region(Region.of(location.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey,
                        secretKey)))
                .forcePathStyle(location.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
                .httpClientBuilder(Apache5HttpClient.builder().maxConnections(tuning.maxConnections())
                        .connectionTimeout(tuning.connectTimeout()).socketTimeout(tuning.requestTimeout()))
                .build();
        this.partExecutor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "coffre-s3-part-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.uploader = new ParallelPartUploader(tuning.partSizing(), tuning.parallelParts(), retrier, partExecutor);
    }

    private String bucket() {
        return location.bucket();
    }

    @Override
    public StoreDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public void createContainerIfAbsent() {
        idempotent("create bucket", null, () -> {
            try {
                s3.headBucket(b -> b.bucket(bucket()));
            } catch (AwsServiceException e) {
                if (e.statusCode() != 404) {
                    throw e;
                }
                try {
                    s3.createBucket(b -> b.bucket(bucket()));
                } catch (AwsServiceException c) {
                    String code = c.awsErrorDetails() == null ? null : c.awsErrorDetails().errorCode();
                    if (code == null || !code.startsWith("BucketAlready")) {
                        throw c;
                    }
                }
            }
            return null;
        });
    }

    @Override
    public ObjectInfo put(String name, InputStream data, long lengthBytes) {
        ObjectNames.requireValidName(name);
        UploadSource source = new UploadSource(data, lengthBytes);
        String where = errors.where("put", name);
        try {
            uploader.upload(where, source, new Parts(name));
        } catch (RuntimeException e) {
            RuntimeException sourceFailure = source.failure(where);
            throw sourceFailure != null ? sourceFailure : map(e, "put", name);
        }
        return new ObjectInfo(name, source.countBytes(), null);
    }

    private static RequestBody body(byte[] data, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data, 0, length), length,
                "application/octet-stream");
    }

    /** S3 multipart primitives for one object. */
    private final class Parts implements ParallelPartUploader.Target {
        private final String name;

        Parts(String name) {
            this.name = name;
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
    public InputStream get(String name) {
        ObjectNames.requireValidName(name);
        return idempotent("get", name, () -> s3.getObject(b -> b.bucket(bucket()).key(name)));
    }

    @Override
    public InputStream get(String name, long offsetBytes, long lengthBytes) {
        ObjectNames.requireValidName(name);
        if (offsetBytes < 0 || lengthBytes < 0) {
            throw new InvalidInputException("offsetBytes and lengthBytes: must be >= 0, were " + offsetBytes + " and "
                    + lengthBytes);
        }
        if (lengthBytes == 0) {
            stat(name);
            return InputStream.nullInputStream();
        }
        long last = offsetBytes > Long.MAX_VALUE - lengthBytes ? Long.MAX_VALUE - 1 : offsetBytes + lengthBytes - 1;
        return idempotent("get range", name, () -> {
            try {
                return s3.getObject(b -> b.bucket(bucket()).key(name).range("bytes=" + offsetBytes + "-" + last));
            } catch (AwsServiceException e) {
                if (e.statusCode() == 416) {
                    stat(name);
                    return InputStream.nullInputStream();
                }
                throw e;
            }
        });
    }

    @Override
    public ObjectInfo stat(String name) {
        ObjectNames.requireValidName(name);
        try {
            HeadObjectResponse r = idempotent("stat", name, () -> s3.headObject(b -> b.bucket(bucket()).key(name)));
            return new ObjectInfo(name, r.contentLength(), r.lastModified());
        } catch (ObjectNotFoundException e) {
            boolean exists = idempotent("stat", name, () -> {
                try {
                    s3.headBucket(b -> b.bucket(bucket()));
                    return true;
                } catch (AwsServiceException h) {
                    if (h.statusCode() == 404) {
                        return false;
                    }
                    throw h;
                }
            });
            if (!exists) {
                throw errors.containerNotFound(errors.where("stat", name), null);
            }
            throw e;
        }
    }

    @Override
    public ListPage list(String prefix, String pageToken, int maxResults) {
        ObjectNames.requireValidPrefix(prefix);
        if (pageToken != null && (pageToken.isEmpty() || pageToken.length() > ObjectNames.MAX_NAME_LENGTH
                || !pageToken.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            throw new InvalidInputException("pageToken: must be null or a token returned by a previous page");
        }
        if (maxResults < 1 || maxResults > 1000) {
            throw new InvalidInputException("maxResults: must be 1 to 1000, was " + maxResults);
        }
        return idempotent("list", null, () -> {
            String after = pageToken;
            List<ObjectInfo> objects = new ArrayList<>();
            boolean truncated;
            do {
                String start = after;
                ListObjectsV2Response r = s3.listObjectsV2(b -> b.bucket(bucket()).maxKeys(maxResults)
                        .prefix(prefix.isEmpty() ? null : prefix).startAfter(start));
                for (S3Object o : r.contents()) {
                    if (!ObjectNames.isReserved(o.key())) {
                        objects.add(new ObjectInfo(o.key(), o.size(), o.lastModified()));
                    }
                }
                truncated = Boolean.TRUE.equals(r.isTruncated()) && !r.contents().isEmpty();
                after = truncated ? r.contents().get(r.contents().size() - 1).key() : null;
            } while (objects.isEmpty() && truncated);
            return new ListPage(objects, Optional.ofNullable(after));
        });
    }

    @Override
    public void delete(String name) {
        ObjectNames.requireValidName(name);
        idempotent("delete", name, () -> s3.deleteObject(b -> b.bucket(bucket()).key(name)));
    }

    @Override
    public void close() {
        partExecutor.shutdown();
        s3.close();
    }

    private <T> T idempotent(String operation, String name, Supplier<T> call) {
        return retrier.call(errors.where(operation, name), () -> call(operation, name, call));
    }

    private <T> T call(String operation, String name, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw map(e, operation, name);
        }
    }

    private RuntimeException map(RuntimeException e, String operation, String name) {
        if (e instanceof AwsServiceException a) {
            String code = a.awsErrorDetails() == null ? null : a.awsErrorDetails().errorCode();
            return errors.fromResponse(a.statusCode(), code, operation, name, a);
        }
        return errors.fromFailure(e, operation, name);
    }
}
