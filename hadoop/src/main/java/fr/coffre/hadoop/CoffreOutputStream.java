package fr.coffre.hadoop;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The write side of {@code create}: bytes written here stream, through a bounded pipe of a few chunks, into one
 * {@code Coffre.put} running on another thread, which encrypts and uploads them segment by segment. Memory stays
 * bounded ({@value #QUEUED_CHUNKS} queued chunks plus the one being filled, plus what the put itself holds) whatever
 * the object's size; the object appears when {@link #close()} returns, atomically (a failed put leaves the previous
 * object or nothing). A failure of the put is thrown by the next write or by close.
 */
final class CoffreOutputStream extends OutputStream {
    static final int QUEUED_CHUNKS = 4;
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
    private final Future<?> put;
    private final int chunkSize;
    private byte[] chunk;
    private int filled;
    private boolean closed;

    /**
     * @param putter runs the put over the pipe's read side (called on {@code executor}); its result is ignored
     */
    CoffreOutputStream(ExecutorService executor, int chunkSize, Function<InputStream, ?> putter) {
        this.chunkSize = chunkSize;
        this.chunk = new byte[chunkSize];
        PipeInput in = new PipeInput();
        this.put = executor.submit(() -> putter.apply(in));
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("stream is closed");
        }
        while (len > 0) {
            int n = Math.min(len, chunkSize - filled);
            System.arraycopy(b, off, chunk, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == chunkSize) {
                hand(chunk);
                chunk = new byte[chunkSize];
                filled = 0;
            }
        }
    }

    /** Queues {@code c}, waiting while the pipe is full; fails as soon as the put has ended. */
    private void hand(byte[] c) throws IOException {
        try {
            while (!queue.offer(c, 50, TimeUnit.MILLISECONDS)) {
                if (put.isDone()) {
                    awaitPut();
                    throw new IOException("the put ended before its data did");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            put.cancel(true);
            throw new InterruptedIOException("interrupted while writing");
        }
    }

    /** Sends the last bytes and waits for the put: the object exists when this returns. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (filled > 0) {
            byte[] last = new byte[filled];
            System.arraycopy(chunk, 0, last, 0, filled);
            hand(last);
        }
        chunk = null;
        hand(END);
        awaitPut();
    }

    private void awaitPut() throws IOException {
        try {
            put.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            put.cancel(true);
            throw new InterruptedIOException("interrupted while the put completed");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw Errors.io(r);
            }
            throw new IOException(cause.getMessage(), cause);
        }
    }

    /** The read side of the pipe, consumed by the put. */
    private final class PipeInput extends InputStream {
        private byte[] current = new byte[0];
        private int at;
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (at == current.length) {
                if (ended) {
                    return -1;
                }
                try {
                    current = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("the writer went away");
                }
                at = 0;
                ended = current == END;
            }
            int n = Math.min(len, current.length - at);
            System.arraycopy(current, at, b, off, n);
            at += n;
            return n;
        }
    }
}
