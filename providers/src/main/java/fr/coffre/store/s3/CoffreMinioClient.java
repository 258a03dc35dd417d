package fr.coffre.store.s3;

import com.google.common.collect.ImmutableMultimap;
import io.minio.ListObjectsV1Response;
import io.minio.MinioAsyncClient;
import io.minio.ObjectWriteResponse;
import java.util.concurrent.CompletableFuture;

/**
 * Opens the MinIO SDK's lower-level S3 calls that its public API keeps protected: a put from a byte range the caller
 * owns (no copy into MinIO's own part buffer) and one page of a V1 listing after a marker.
 */
final class CoffreMinioClient extends MinioAsyncClient {

    CoffreMinioClient(MinioAsyncClient built) {
        super(built);
    }

    CompletableFuture<ObjectWriteResponse> putBytes(String bucket, String region, String object, byte[] data,
            int length) throws Exception {
        return putObjectAsync(bucket, region, object, data, length, ImmutableMultimap.of(), ImmutableMultimap.of());
    }

    CompletableFuture<ListObjectsV1Response> listPage(String bucket, String region, String prefix, String marker,
            int maxKeys) throws Exception {
        return listObjectsV1Async(bucket, region, null, null, marker, maxKeys, prefix.isEmpty() ? null : prefix,
                ImmutableMultimap.of(), ImmutableMultimap.of());
    }
}
