package fr.coffre.store.s3;

import fr.coffre.InvalidInputException;
import java.net.URI;

/**
 * Where an S3 bucket is: endpoint ({@code http(s)://host[:port]}), signature region, bucket, and addressing style
 * ({@code pathStyle}: {@code endpoint/bucket/key} rather than {@code bucket.endpoint/key}; needed when the bucket name
 * has dots, and by servers without virtual hosts such as Swift's s3api).
 */
record S3Location(URI endpoint, String region, String bucket, boolean pathStyle) {
    S3Location {
        if (endpoint == null || endpoint.getHost() == null
                || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))) {
            throw new InvalidInputException("endpoint: must be an http(s)://host[:port] URI, was " + endpoint);
        }
        if (region == null || region.isBlank()) {
            throw new InvalidInputException("region: must be non-blank");
        }
        if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new InvalidInputException("bucket: must be 3 to 63 characters of [a-z0-9.-], starting and ending"
                    + " with a letter or digit, was " + (bucket == null ? "null" : "'" + bucket + "'"));
        }
    }

    /** The S3 drivers' check of their keys (never echoed). */
    static void requireKeys(String accessKey, String secretKey) {
        if (accessKey == null || accessKey.isEmpty() || secretKey == null || secretKey.isEmpty()) {
            throw new InvalidInputException("credentials: access key and secret key must be non-empty");
        }
    }
}
