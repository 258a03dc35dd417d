package fr.coffre.store.bench;

import fr.coffre.store.GeneratedData;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The reference driver: AWS SDK for Java v2 sync client, plaintext, one PUT per object from a re-readable source
 * (the SDK reads it twice over plain HTTP: once to hash it for SigV4, once to send it), configured as Swift 2.30's
 * s3api needs (no aws-chunked encoding, checksums only when required).
 */
final class AwsReference implements AutoCloseable {

    private final S3Client s3;
    private final String bucket;

    AwsReference(URI endpoint, String bucket) {
        this.bucket = bucket;
        this.s3 = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test:tester",
                        "testing")))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .build();
    }

    void put(String key, long size) {
        ContentStreamProvider source = () -> GeneratedData.stream(size, size);
        s3.putObject(b -> b.bucket(bucket).key(key).contentLength(size),
                RequestBody.fromContentProvider(source, size, "application/octet-stream"));
    }

    void get(String key, long size) {
        StoreBench.drain(s3.getObject(b -> b.bucket(bucket).key(key)), size);
    }

    @Override
    public void close() {
        s3.close();
    }
}
