package fr.coffre.store.internal;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.StoreException;
import fr.coffre.store.StoreUnavailableException;

import fr.coffre.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * A whole object read as consecutive ranges, the next ones fetched in parallel while the current one is consumed:
 * for stores where one HTTP response stream is slower than the network and the server can give (a single GET through
 * a Swift proxy runs at a fraction of what two concurrent ranged GETs reach).
 *
 * <p>The first range is the response the adapter already opened (streamed, not buffered). Every later range of
 * {@code chunkBytes} is fetched by {@link RangeSource#open} into its own buffer (opening and reading retried together
 * under the store's {@link Retrier}: a buffered range can be fetched again), at most {@code parallel} of them ahead
 * of the reader, so memory is at most {@code (parallel + 1) * chunkBytes} per open stream, whatever the object
 * size; the buffers of ranges already read are reused for the next fetches (no allocation per range, which for
 * 4-8 MiB ranges are humongous objects that fragment a small G1 heap).
 * The adapter pins every range to the version of the object the first response came from (e.g. {@code If-Match}
 * with its ETag), so a concurrent overwrite fails the read instead of mixing versions. A range that fails (after the
 * adapter's retries) or comes back with another length fails the read with an {@link IOException}, as
 * {@link ObjectStore#get(String)} documents; ranges already fetched are never returned twice.
 *
 * <p>Not thread-safe (one reader), like any stream; {@link #close} stops fetching and drops what was prefetched.
 */
public final class PrefetchingRangeStream extends InputStream {

    /** Opens one range of the object, pinned to the version of the first response. */
    @FunctionalInterface
    public interface RangeSource {
        InputStream open(long offsetBytes, long lengthBytes);
    }

    private final RangeSource source;
    private final Retrier retrier;
    private final String where;
    private final long totalBytes;
    private final int chunkBytes;
    private final int parallel;
    private final Executor executor;
    private final Deque<CompletableFuture<Chunk>> ahead = new ArrayDeque<>();
    /** Buffers of ranges already consumed, reused by later fetches: {@code parallel + 1} allocations per stream. */
    private final java.util.Queue<byte[]> spare = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private byte[] currentBuffer;
    private InputStream current;
    private long currentRemaining;
    private long nextFetchOffset;
    private volatile boolean closed;

    /**
     * @param first the already opened response for bytes {@code [0, firstBytes)}; closed by this stream
     * @param totalBytes the object's length, from the first response
     * @param chunkBytes size of every later range
     * @param parallel ranges fetched ahead of the reader, 1 to 16
     * @param where names the operation, object and store in messages, e.g. {@code "get 'ab/cd' on s3:..."}
     */
    public PrefetchingRangeStream(InputStream first, long firstBytes, long totalBytes, RangeSource source,
            int chunkBytes, int parallel, Retrier retrier, Executor executor, String where) {
        if (first == null || source == null || retrier == null || executor == null || where == null) {
            throw new InvalidInputException("first, source, retrier, executor and where: must be non-null");
        }
        if (firstBytes < 0 || totalBytes < firstBytes || chunkBytes < 1 || parallel < 1 || parallel > 16) {
            throw new InvalidInputException("firstBytes, totalBytes, chunkBytes, parallel: need 0 <= firstBytes <="
                    + " totalBytes, chunkBytes >= 1, parallel 1 to 16; were " + firstBytes + ", " + totalBytes + ", "
                    + chunkBytes + ", " + parallel);
        }
        this.current = first;
        this.currentRemaining = firstBytes;
        this.source = source;
        this.retrier = retrier;
        this.where = where;
        this.totalBytes = totalBytes;
        this.chunkBytes = chunkBytes;
        this.parallel = parallel;
        this.executor = executor;
        this.nextFetchOffset = firstBytes;
        fillAhead();
    }

    private void fillAhead() {
        while (!closed && ahead.size() < parallel && nextFetchOffset < totalBytes) {
            long offset = nextFetchOffset;
            int length = (int) Math.min(chunkBytes, totalBytes - offset);
            nextFetchOffset += length;
            ahead.addLast(CompletableFuture.supplyAsync(() -> retrier.call("range " + offset + "+" + length + " of "
                    + where, () -> fetch(offset, length)), executor));
        }
    }

    /** A fetched range: the first {@code length} bytes of {@code buffer}. */
    private record Chunk(byte[] buffer, int length) {
    }

    private Chunk fetch(long offset, int length) {
        if (closed) {
            throw new CancellationException("stream closed");
        }
        try (InputStream in = source.open(offset, length)) {
            byte[] buffer = spare.poll();
            if (buffer == null) {
                buffer = new byte[chunkBytes];   // every range but the last has chunkBytes bytes
            }
            int n = in.readNBytes(buffer, 0, length);
            if (n != length || in.read() != -1) {
                throw new StoreException(where + ": the store answered range " + offset + "+" + length + " with "
                        + (n != length ? n : "more than " + length) + " bytes");
            }
            return new Chunk(buffer, length);
        } catch (IOException e) {
            throw new StoreUnavailableException(where + ": reading range " + offset + "+" + length + " failed ("
                    + e.getClass().getSimpleName() + ")", RedactedCause.of(e));
        }
    }

    /** Moves to the next range; false at the end of the object. */
    private boolean advance() throws IOException {
        if (currentRemaining != 0) {
            throw new IOException(where + ": the store's response ended " + currentRemaining + " bytes early");
        }
        current.close();
        current = null;
        if (currentBuffer != null) {
            spare.offer(currentBuffer);   // fully read: a later fetch may fill it
            currentBuffer = null;
        }
        CompletableFuture<Chunk> next = ahead.pollFirst();
        if (next == null) {
            return false;
        }
        Chunk chunk;
        try {
            chunk = next.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the object", e);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
        current = new ByteArrayInputStream(chunk.buffer(), 0, chunk.length());
        currentBuffer = chunk.buffer();
        currentRemaining = chunk.length();
        fillAhead();
        return true;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (len == 0) {
            return 0;
        }
        while (current != null) {
            int n = current.read(b, off, (int) Math.min(len, Math.max(1, currentRemaining)));
            if (n != -1) {
                currentRemaining -= n;
                if (currentRemaining < 0) {
                    throw new IOException(where + ": the store's response is longer than announced");
                }
                return n;
            }
            if (!advance()) {
                break;
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        for (CompletableFuture<Chunk> f : ahead) {
            f.cancel(false);
        }
        ahead.clear();
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
