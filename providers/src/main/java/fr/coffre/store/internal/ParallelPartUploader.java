package fr.coffre.store.internal;
import fr.coffre.store.ObjectInfo;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.PartSizing;
import fr.coffre.store.StoreException;
import fr.coffre.store.StoreUnavailableException;

import fr.coffre.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one uploader of every remote adapter (S3 through the AWS SDK, MinIO or jclouds; Swift SLO; Azure blocks): it
 * turns a caller's stream into the provider requests of {@link Target} with bounded memory, retries, and no
 * partial object ever visible.
 *
 * <ul>
 *   <li><b>Small</b>: a stream that fits in the first part buffer is sent as one put from that buffer, retried
 *       under the {@link Retrier}.</li>
 *   <li><b>Streamed single put</b> (only for a {@link StreamingTarget}, and only if enabled with
 *       {@link #withStreamedPuts}): a stream of known length within the streamed range is sent as one request
 *       whose body is read straight from the caller's stream, never buffered. It is retried only as long as not a
 *       byte of the caller's stream was consumed (a connection refused, a 503 answered to
 *       {@code Expect: 100-continue}): a consumed stream cannot be replayed. The declared length is the request's
 *       {@code Content-Length} and {@link UploadSource} fails a stream that holds more before its last bytes are
 *       sent, so an interrupted, short or long stream never completes the request and the store never commits
 *       it.</li>
 *   <li><b>Multipart</b> (anything else: unknown length, or beyond the streamed range): the stream is read into
 *       part buffers sized by {@link PartSizing} (fixed for a known length, the growing schedule for an unknown
 *       one). At most {@code parallelParts} parts are being sent while the next one is read, so memory is at most
 *       {@code (parallelParts + 1)} part buffers per upload, whatever the object size. Each part is retried from its
 *       own buffer. The upload is completed only after every part succeeded; any failure (the caller's stream, a
 *       part that kept failing, an interruption) aborts it, so no partial object ever becomes visible.</li>
 * </ul>
 * Immutable and thread-safe: one instance serves concurrent uploads.
 */
public final class ParallelPartUploader {

    private static final AtomicInteger THREADS = new AtomicInteger();
    /** First buffer of a stream of unknown length (it grows while the stream lasts, up to a part). */
    private static final int FIRST_BUFFER_BYTES = 256 * 1024;

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

    /** A {@link Target} that can also send a whole object of known length as one streamed request. */
    public interface StreamingTarget extends Target {
        /**
         * Stores exactly {@code lengthBytes} bytes read from {@code data} as the whole object, in one request whose
         * body is streamed (never buffered whole). {@code data} may be read only once: an implementation whose
         * client would ask for the body a second time must fail instead of sending other bytes. A request whose
         * body ends early or fails must not leave an object.
         */
        void putStreamed(InputStream data, long lengthBytes);
    }

    private final PartSizing sizing;
    private final int parallelParts;
    private final Retrier retrier;
    private final Executor executor;
    private final long streamedMinBytes;
    private final long streamedMaxBytes;

    /**
     * An uploader without streamed single puts (see {@link #withStreamedPuts}).
     *
     * @param parallelParts parts sent at once per upload, 1 to 64
     * @param executor runs part uploads; it must be able to run {@code parallelParts} tasks at once for full speed
     */
    public ParallelPartUploader(PartSizing sizing, int parallelParts, Retrier retrier, Executor executor) {
        this(sizing, parallelParts, retrier, executor, Long.MAX_VALUE, -1);
    }

    private ParallelPartUploader(PartSizing sizing, int parallelParts, Retrier retrier, Executor executor,
            long streamedMinBytes, long streamedMaxBytes) {
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
        this.streamedMinBytes = streamedMinBytes;
        this.streamedMaxBytes = streamedMaxBytes;
    }

    /**
     * This uploader, sending objects of known length from {@code minBytes} to {@code maxBytes} as one streamed
     * request to a {@link StreamingTarget} ({@code maxBytes}: the provider's single-request limit or less).
     * {@link #streamAboveOnePart} is the usual {@code minBytes}.
     */
    public ParallelPartUploader withStreamedPuts(long minBytes, long maxBytes) {
        if (minBytes < 0 || maxBytes < 0) {
            throw new InvalidInputException("minBytes and maxBytes: must be >= 0, were " + minBytes + " and "
                    + maxBytes);
        }
        return new ParallelPartUploader(sizing, parallelParts, retrier, executor, minBytes, maxBytes);
    }

    /**
     * The smallest length streamed by default: one byte more than a part, so that objects that fit one part buffer
     * are still sent from it and retried in full.
     */
    public long streamAboveOnePart() {
        return sizing.preferredPartBytes() + 1;
    }

    public PartSizing sizing() {
        return sizing;
    }

    /** Parts sent at once per multipart upload. */
    public int parallelParts() {
        return parallelParts;
    }

    /** Whether an object of known length {@code lengthBytes} goes as one streamed request to a streaming target. */
    public boolean streams(long lengthBytes) {
        return lengthBytes >= streamedMinBytes && lengthBytes <= streamedMaxBytes;
    }

    /** A pool for part uploads: daemon threads named {@code coffre-<kind>-part-<n>}, created as needed. */
    public static ExecutorService newPartExecutor(String kind) {
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "coffre-" + kind + "-part-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Uploads {@code source} to {@code target}. On failure nothing is visible and the exception is thrown: the
     * caller tells the source's failures apart with {@link UploadSource#failed()}.
     *
     * @param where names the operation, object and store for retry messages, e.g. {@code "put 'a/b' on s3:..."}
     */
    public void upload(String where, UploadSource source, Target target) {
        long known = source.declaredLengthBytes();
        if (known >= 0 && streams(known) && target instanceof StreamingTarget streaming) {
            // replayable only while nothing was read from the caller's stream
            retrier.call(where, () -> {
                streaming.putStreamed(source, known);
                return null;
            }, () -> source.countBytes() == 0 && !source.failed());
            return;
        }
        long fixedPartBytes = known >= 0 ? sizing.partSizeFor(known) : -1;
        long firstBytes = known >= 0 ? Math.min(fixedPartBytes, known) : sizing.partSizeForPart(1);
        byte[] first = known >= 0 ? new byte[bufferSize(firstBytes)] : readFirst(source, bufferSize(firstBytes));
        int n = known >= 0 ? readFully(source, first) : first.length;
        if (known >= 0 ? n == known : n < firstBytes) {
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

    /**
     * The first part of a stream of unknown length, in an array of exactly its length: read into a buffer that
     * starts at {@value #FIRST_BUFFER_BYTES} bytes and doubles up to {@code partBytes}, so a small object does not
     * cost a whole part's allocation.
     */
    private static byte[] readFirst(UploadSource source, int partBytes) {
        byte[] buffer = new byte[Math.min(partBytes, FIRST_BUFFER_BYTES)];
        int total = 0;
        try {
            while (true) {
                if (total == buffer.length) {
                    if (total == partBytes) {
                        return buffer;
                    }
                    buffer = java.util.Arrays.copyOf(buffer, (int) Math.min(partBytes, 2L * buffer.length));
                }
                int r = source.read(buffer, total, buffer.length - total);
                if (r == -1) {
                    return total == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, total);
                }
                total += r;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the adapter reports it as the caller's failure (source.failed())
        }
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
