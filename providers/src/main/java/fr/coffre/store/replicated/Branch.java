package fr.coffre.store.replicated;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One replica's side of a {@link Tee}: an {@link InputStream} fed with shared, immutable chunks through a small
 * bounded queue, so that a replica upload reads the caller's data at its own pace, at most {@link #DEPTH} chunks
 * behind. Ends with {@link #END} (end of data) or {@link #FAILED} (the caller's stream failed: every read throws).
 */
final class Branch extends InputStream {
    static final int DEPTH = 4;
    static final Object END = new Object();
    static final Object FAILED = new Object();

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(DEPTH);
    private volatile boolean abandoned;
    private byte[] chunk;
    private int position;
    private boolean ended;
    private boolean failed;

    /** Hands {@code item} (a {@code byte[]}, {@link #END} or {@link #FAILED}) to the reader; dropped if abandoned. */
    void offer(Object item) throws InterruptedException {
        while (!abandoned) {
            if (queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }

    /** The upload reading this branch returned (committed or failed): nothing more is queued for it. */
    void abandon() {
        abandoned = true;
        queue.clear();
    }

    boolean abandoned() {
        return abandoned;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n == -1 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!ended && !failed && (chunk == null || position == chunk.length)) {
            Object next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("replicated put: interrupted while waiting for data");
            }
            if (next == END) {
                ended = true;
            } else if (next == FAILED) {
                failed = true;
            } else {
                chunk = (byte[]) next;
                position = 0;
            }
        }
        if (failed) {
            throw new IOException("replicated put: the data to upload could not be read");
        }
        if (ended) {
            return -1;
        }
        int n = Math.min(len, chunk.length - position);
        System.arraycopy(chunk, position, b, off, n);
        position += n;
        return n;
    }
}
