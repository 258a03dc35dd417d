package fr.coffre.store.s3;

import fr.coffre.InvalidInputException;
import fr.coffre.store.PartSizing;
import fr.coffre.store.RetryPolicy;
import java.time.Duration;

/**
 * How an S3 adapter sends requests: part sizes (within the provider's limits), parts in flight per upload, HTTP
 * connection pool size, timeouts, and the retry policy. Memory per upload is at most
 * {@code (parallelParts + 1) * part size}.
 */
record S3Tuning(PartSizing partSizing, int parallelParts, int maxConnections, Duration connectTimeout,
        Duration requestTimeout, RetryPolicy retryPolicy) {

    private static final long MIB = 1024L * 1024;

    S3Tuning {
        if (partSizing == null || retryPolicy == null) {
            throw new InvalidInputException("partSizing and retryPolicy: must be non-null");
        }
        if (parallelParts < 1 || parallelParts > 64) {
            throw new InvalidInputException("parallelParts: must be 1 to 64, was " + parallelParts);
        }
        if (maxConnections < 1 || maxConnections > 1024) {
            throw new InvalidInputException("maxConnections: must be 1 to 1024, was " + maxConnections);
        }
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("requestTimeout", requestTimeout);
    }

    /** S3 limits (5 MiB to 5 GB parts, 10,000 parts), 16 MiB parts, 2 in flight, 32 connections. */
    static S3Tuning defaults() {
        PartSizing sizing = PartSizing.builder().minPartBytes(5 * MIB).maxPartBytes(5_000_000_000L).maxParts(10_000)
                .preferredPartBytes(16 * MIB).build();
        return new S3Tuning(sizing, 2, 32, Duration.ofSeconds(10), Duration.ofMinutes(5), RetryPolicy.defaults());
    }

    S3Tuning withPartSizing(PartSizing sizing) {
        return new S3Tuning(sizing, parallelParts, maxConnections, connectTimeout, requestTimeout, retryPolicy);
    }

    S3Tuning withParallelParts(int parts) {
        return new S3Tuning(partSizing, parts, maxConnections, connectTimeout, requestTimeout, retryPolicy);
    }

    S3Tuning withRetryPolicy(RetryPolicy policy) {
        return new S3Tuning(partSizing, parallelParts, maxConnections, connectTimeout, requestTimeout, policy);
    }

    private static void requirePositive(String field, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new InvalidInputException(field + ": must be a positive duration, was " + d);
        }
    }
}
