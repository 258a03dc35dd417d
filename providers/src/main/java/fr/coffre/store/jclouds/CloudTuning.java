package fr.coffre.store.jclouds;

import fr.coffre.InvalidInputException;
import fr.coffre.store.PartSizing;
import fr.coffre.store.RetryPolicy;
import java.time.Duration;

/**
 * How a remote jclouds store sends requests: part sizes within the provider's limits, parts in flight per upload,
 * the range of known lengths sent as one streamed request by stores that can ({@code streamedPutMinBytes}, -1 for
 * "more than one part", to {@code maxSinglePutBytes}, 0 for never), timeouts and the retry policy. Memory per
 * multipart upload is at most {@code (parallelParts + 1) * part size}; a streamed put buffers nothing.
 */
record CloudTuning(PartSizing partSizing, int parallelParts, long streamedPutMinBytes, long maxSinglePutBytes,
        Duration connectTimeout, Duration requestTimeout, RetryPolicy retryPolicy) {

    private static final long MIB = 1024L * 1024;

    CloudTuning {
        if (partSizing == null || retryPolicy == null) {
            throw new InvalidInputException("partSizing and retryPolicy: must be non-null");
        }
        if (parallelParts < 1 || parallelParts > 64) {
            throw new InvalidInputException("parallelParts: must be 1 to 64, was " + parallelParts);
        }
        if (streamedPutMinBytes < -1 || maxSinglePutBytes < 0) {
            throw new InvalidInputException("streamedPutMinBytes and maxSinglePutBytes: must be >= -1 and >= 0, were "
                    + streamedPutMinBytes + " and " + maxSinglePutBytes);
        }
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()
                || requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new InvalidInputException("connectTimeout and requestTimeout: must be positive, were "
                    + connectTimeout + " and " + requestTimeout);
        }
    }

    /**
     * 16 MiB parts within {@code minPartBytes..maxPartBytes} and {@code maxParts}, 2 in flight, streamed single puts
     * above one part up to {@code maxSinglePutBytes}.
     */
    static CloudTuning defaults(long minPartBytes, long maxPartBytes, int maxParts, long maxSinglePutBytes) {
        PartSizing sizing = PartSizing.builder().minPartBytes(minPartBytes).maxPartBytes(maxPartBytes)
                .maxParts(maxParts).preferredPartBytes(Math.max(minPartBytes, 16 * MIB)).build();
        return new CloudTuning(sizing, 2, -1, maxSinglePutBytes, Duration.ofSeconds(10), Duration.ofMinutes(5),
                RetryPolicy.defaults());
    }

    /** Swift: segments of 1 byte to 5 GiB, no part-count limit worth the name (1,000 per manifest by default). */
    static CloudTuning swiftDefaults() {
        return defaults(1, 5L * 1024 * MIB, 1000, 5L * 1024 * MIB);
    }

    /** S3: parts of 5 MiB to 5 GB, 10,000 parts. */
    static CloudTuning s3Defaults() {
        return defaults(5 * MIB, 5_000_000_000L, 10_000, 5_000_000_000L);
    }

    /** Objects of known length from {@code minBytes} to {@code maxBytes} go as one streamed request. */
    CloudTuning withStreamedPuts(long minBytes, long maxBytes) {
        return new CloudTuning(partSizing, parallelParts, minBytes, maxBytes, connectTimeout, requestTimeout,
                retryPolicy);
    }
}
