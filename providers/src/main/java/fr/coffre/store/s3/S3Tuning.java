package fr.coffre.store.s3;

import fr.coffre.InvalidInputException;
import fr.coffre.store.PartSizing;
import fr.coffre.store.RetryPolicy;
import java.time.Duration;

/**
 * How an S3 adapter sends requests: part sizes (within the provider's limits), parts in flight per upload, the
 * largest object sent as one streamed PUT ({@code maxSinglePutBytes}, 0 for none; drivers that cannot stream
 * ignore it) and the smallest ({@code streamedPutMinBytes}, -1 for "more than one part"), whole-object reads as
 * ranges of {@code getChunkBytes} with {@code parallelGets} fetched ahead ({@code parallelGets} 0: one plain GET;
 * drivers without it ignore them), HTTP connection pool size, timeouts, and the retry policy. Memory per multipart
 * upload is at most {@code (parallelParts + 1) * part size}; a streamed PUT buffers nothing; an open whole-object
 * read at most {@code parallelGets * getChunkBytes}.
 */
record S3Tuning(PartSizing partSizing, int parallelParts, long maxSinglePutBytes, long streamedPutMinBytes,
        int getChunkBytes, int parallelGets, int maxConnections, Duration connectTimeout, Duration requestTimeout,
        RetryPolicy retryPolicy) {

    private static final long MIB = 1024L * 1024;
    /** Ranges of a whole-object read fetched in parallel (the first response streams, later ranges are buffered). */
    static final int DEFAULT_GET_CHUNK_BYTES = 8 * 1024 * 1024;
    static final int DEFAULT_PARALLEL_GETS = 2;

    S3Tuning {
        if (partSizing == null || retryPolicy == null) {
            throw new InvalidInputException("partSizing and retryPolicy: must be non-null");
        }
        if (parallelParts < 1 || parallelParts > 64) {
            throw new InvalidInputException("parallelParts: must be 1 to 64, was " + parallelParts);
        }
        if (maxSinglePutBytes < 0 || streamedPutMinBytes < -1) {
            throw new InvalidInputException("maxSinglePutBytes and streamedPutMinBytes: must be >= 0 and >= -1,"
                    + " were " + maxSinglePutBytes + " and " + streamedPutMinBytes);
        }
        if (getChunkBytes < 1024 * 1024 || parallelGets < 0 || parallelGets > 16) {
            throw new InvalidInputException("getChunkBytes and parallelGets: must be >= 1 MiB and 0 to 16, were "
                    + getChunkBytes + " and " + parallelGets);
        }
        if (maxConnections < 1 || maxConnections > 1024) {
            throw new InvalidInputException("maxConnections: must be 1 to 1024, was " + maxConnections);
        }
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("requestTimeout", requestTimeout);
    }

    /**
     * S3 limits (5 MiB to 5 GB parts, 10,000 parts, 5 GB single PUT), 16 MiB parts, 2 in flight, 32 connections.
     */
    static S3Tuning defaults() {
        PartSizing sizing = PartSizing.builder().minPartBytes(5 * MIB).maxPartBytes(5_000_000_000L).maxParts(10_000)
                .preferredPartBytes(16 * MIB).build();
        return new S3Tuning(sizing, 2, 5_000_000_000L, -1, DEFAULT_GET_CHUNK_BYTES, DEFAULT_PARALLEL_GETS, 32,
                Duration.ofSeconds(10), Duration.ofMinutes(5), RetryPolicy.defaults());
    }

    /** Objects of known length from {@code minBytes} to {@code maxBytes} go as one streamed PUT. */
    S3Tuning withStreamedPuts(long minBytes, long maxBytes) {
        return new S3Tuning(partSizing, parallelParts, maxBytes, minBytes, getChunkBytes, parallelGets,
                maxConnections, connectTimeout, requestTimeout, retryPolicy);
    }

    /** Whole-object reads as ranges of {@code chunkBytes}, {@code parallel} ahead (0: one plain GET). */
    S3Tuning withParallelGets(int chunkBytes, int parallel) {
        return new S3Tuning(partSizing, parallelParts, maxSinglePutBytes, streamedPutMinBytes, chunkBytes, parallel,
                maxConnections, connectTimeout, requestTimeout, retryPolicy);
    }

    private static void requirePositive(String field, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new InvalidInputException(field + ": must be a positive duration, was " + d);
        }
    }
}
