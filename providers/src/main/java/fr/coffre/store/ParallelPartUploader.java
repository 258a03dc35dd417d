package fr.coffre.store;

import fr.coffre.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * Uploads one caller stream as a multipart upload (S3 multipart, Azure blocks, Swift SLO segments) with bounded
 * memory and parts in flight in parallel, for adapters whose provider API has the shape of {@link Target}.
 *
 * <ul>
 *   <li>The stream is read into part buffers sized by {@link PartSizing} (fixed for a known length, the growing
 *       schedule for an unknown one). At most {@code parallelParts} parts are being sent while the next one is read,
 *       so memory is at most {@code (parallelParts + 1)} part buffers, whatever the object size.</li>
 *   <li>A stream that fits in the first buffer is sent as one ordinary put.</li>
 *   <li>Every request is sent from a buffer the uploader owns, so each runs under the {@link Retrier}.</li>
 *   <li>The upload is completed only after every part succeeded; any failure (the caller's stream, a part that kept
 *       failing, an interruption) aborts it, so no partial object ever becomes visible.</li>
 * </ul>
 * Thread-safe: one instance serves concurrent uploads.
 */
public final class ParallelPartUploader {

    /** Largest part this uploader can buffer (one array). */
    public static final long MAX_BUFFERED_PART_BYTES = Integer.MAX_VALUE - 8;

    /**
     * One provider's multipart primitives for one object. Methods throw typed Coffre exceptions
     * ({@link StoreUnavailableException} for transient failures, which are retried).
     */
    public interface Target {
        /** Stores {@code length} bytes of {@code data} as the whole object, in one request. */
        void putWhole(byte[] data, int length);

        /** Starts a multipart upload; returns its id. */
        String start();

        /** Sends part {@code partNumber} (1-based); returns what {@link #complete} needs for it (e.g. an ETag). */
        String putPart(String uploadId, int partNumber, byte[] data, int length);

        /** Makes the object visible from its parts, in order. */
        void complete(String uploadId, List<String> parts);

        /** Discards the upload and its parts. */
        void abort(String uploadId);
    }

    private final PartSizing sizing;
    private final int parallelParts;
    private final Retrier retrier;
    private final Executor executor;

    /**
     * @param parallelParts parts sent at once per upload, 1 to 64
     * @param executor runs part uploads; it must be able to run {@code parallelParts} tasks at once for full speed
     */
    public ParallelPartUploader(PartSizing sizing, int parallelParts, Retrier retrier, Executor executor) {
        if (sizing == null || retrier == null || executor == null) {
            throw new InvalidInputException("sizing, retrier and executor: must be non-null");
        }
        if (parallelParts < 1 || parallelParts > 64) {
            throw new InvalidInputException("parallelParts: must be 1 to 64, was " + parallelParts);
        }
        this.sizing = sizing;
        this.parallelParts = parallelParts;
        this.retrier = retrier;
        this.executor = executor;
    }

    public PartSizing sizing() {
        return sizing;
    }

    /**
     * Uploads {@code source} to {@code target}. On failure nothing is visible and the exception is thrown: the
     * caller tells the source's failures apart with {@link UploadSource#failed()}.
     *
     * @param where names the operation, object and store for retry messages, e.g. {@code "put 'a/b' on s3:..."}
     */
    public void upload(String where, UploadSource source, Target target) {
        long known = source.declaredLengthBytes();
        long fixedPartBytes = known >= 0 ? sizing.partSizeFor(known) : -1;
        long firstBytes = known >= 0 ? Math.min(fixedPartBytes, known) : sizing.partSizeForPart(1);
        byte[] first = new byte[bufferSize(firstBytes)];
        int n = readFully(source, first);
        if (known >= 0 ? n == known : n < first.length) {
            if (known >= 0 && readFully(source, new byte[1]) != 0) { // UploadSource throws first: a longer stream
                throw new IllegalStateException("source longer than declared");
            }
            retrier.run(where, () -> target.putWhole(first, n));
            return;
        }
        String uploadId = retrier.call("start multipart " + where, target::start);
        new Upload(where, source, target, uploadId, fixedPartBytes).run(first, n);
    }

    /** The state of one multipart upload. */
    private final class Upload {
        private final String where;
        private final UploadSource source;
        private final Target target;
        private final String uploadId;
        private final long fixedPartBytes;
        private final List<CompletableFuture<String>> parts = new ArrayList<>();
        private final Deque<byte[]> spare = new ArrayDeque<>();
        private final Deque<CompletableFuture<String>> inFlight = new ArrayDeque<>();
        private final Deque<byte[]> inFlightBuffers = new ArrayDeque<>();
        private volatile boolean aborted;

        Upload(String where, UploadSource source, Target target, String uploadId, long fixedPartBytes) {
            this.where = where;
            this.source = source;
            this.target = target;
            this.uploadId = uploadId;
            this.fixedPartBytes = fixedPartBytes;
        }

        void run(byte[] firstBuffer, int firstLength) {
            try {
                byte[] buffer = firstBuffer;
                int n = firstLength;
                int partNumber = 1;
                while (true) {
                    send(partNumber, buffer, n);
                    if (n < buffer.length) {
                        break;
                    }
                    partNumber++;
                    if (partNumber > sizing.maxParts()) {
                        if (readFully(source, new byte[1]) == 0) {
                            break;
                        }
                        throw new InvalidInputException("data: longer than the " + sizing.maxParts() + " parts this"
                                + " store allows (" + sizing.maxUnknownSizeBytes() + " bytes for an unknown"
                                + " length); nothing was stored");
                    }
                    buffer = nextBuffer(fixedPartBytes >= 0 ? fixedPartBytes : sizing.partSizeForPart(partNumber));
                    n = readFully(source, buffer);
                    if (n == 0) {
                        break; // the previous part was the last one, and full
                    }
                }
                List<String> done = new ArrayList<>(parts.size());
                for (CompletableFuture<String> part : parts) {
                    done.add(await(part));
                }
                retrier.run("complete multipart " + where, () -> target.complete(uploadId, done));
            } catch (RuntimeException | Error e) {
                abort(e);
                throw e;
            }
        }

        private void send(int partNumber, byte[] buffer, int length) {
            CompletableFuture<String> part = CompletableFuture.supplyAsync(() -> {
                if (aborted) {
                    throw new CancellationException("upload aborted");
                }
                return retrier.call("put part " + partNumber + " of " + where,
                        () -> target.putPart(uploadId, partNumber, buffer, length));
            }, executor);
            parts.add(part);
            inFlight.addLast(part);
            inFlightBuffers.addLast(buffer);
            while (inFlight.size() >= parallelParts) {
                await(inFlight.removeFirst()); // fails fast when a part failed for good
                spare.addLast(inFlightBuffers.removeFirst());
            }
        }

        private byte[] nextBuffer(long partBytes) {
            while (!spare.isEmpty()) {
                byte[] b = spare.removeFirst();
                if (b.length == partBytes) {
                    return b;
                }
            }
            return new byte[bufferSize(partBytes)];
        }

        private void abort(Throwable failure) {
            aborted = true; // parts not started yet are skipped
            for (CompletableFuture<String> part : parts) { // let running part uploads end before the abort
                try {
                    part.join();
                } catch (CancellationException | CompletionException ignored) {
                    // that part's failure is not the one reported
                }
            }
            try {
                retrier.run("abort multipart " + where, () -> target.abort(uploadId));
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    private static String await(CompletableFuture<String> part) {
        try {
            return part.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("upload interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new StoreException("part upload failed (" + cause.getClass().getName() + ")", cause);
        }
    }

    private static int bufferSize(long partBytes) {
        if (partBytes > MAX_BUFFERED_PART_BYTES) {
            throw new InvalidInputException("data: needs parts of " + partBytes + " bytes, more than the "
                    + MAX_BUFFERED_PART_BYTES + " a bounded in-memory part buffer can hold; nothing was stored");
        }
        return (int) partBytes;
    }

    /** Reads until the buffer is full or the stream ends; returns the count. */
    private static int readFully(UploadSource source, byte[] buffer) {
        int total = 0;
        try {
            while (total < buffer.length) {
                int r = source.read(buffer, total, buffer.length - total);
                if (r == -1) {
                    break;
                }
                total += r;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the adapter reports it as the caller's failure (source.failed())
        }
        return total;
    }
}
