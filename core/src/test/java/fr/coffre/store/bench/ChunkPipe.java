package fr.coffre.store.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Connects a writer (COF1 encryption, which pushes into an OutputStream) to a reader (a store's put, which pulls
 * from an InputStream) through a bounded queue of 256 KiB chunks that are recycled (no allocation per chunk, and
 * chunks small enough not to be humongous objects for G1): at most {@code CHUNKS} chunks in memory.
 */
final class ChunkPipe {

    private static final int CHUNK = 256 * 1024;
    private static final int CHUNKS = 8;

    /** A filled chunk: {@code length} bytes of {@code data}; length -1 ends the stream. */
    private record Filled(byte[] data, int length) {
    }

    private static final Filled END = new Filled(new byte[0], -1);

    private final BlockingQueue<Filled> full = new ArrayBlockingQueue<>(CHUNKS + 1);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS);
    private volatile IOException writerFailure;

    ChunkPipe() {
        for (int i = 0; i < CHUNKS; i++) {
            free.add(new byte[CHUNK]);
        }
    }

    void fail(IOException e) {
        writerFailure = e;
        full.offer(END);
    }

    private static <T> T take(BlockingQueue<T> queue) throws IOException {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    OutputStream sink() {
        return new OutputStream() {
            private byte[] chunk;
            private int n;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                while (len > 0) {
                    if (chunk == null) {
                        chunk = take(free);
                    }
                    int k = Math.min(len, CHUNK - n);
                    System.arraycopy(b, off, chunk, n, k);
                    n += k;
                    off += k;
                    len -= k;
                    if (n == CHUNK) {
                        full.add(new Filled(chunk, n));
                        chunk = null;
                        n = 0;
                    }
                }
            }

            @Override
            public void close() {
                if (n > 0) {
                    full.add(new Filled(chunk, n));
                    chunk = null;
                    n = 0;
                }
                full.add(END);
            }
        };
    }

    InputStream source() {
        return new InputStream() {
            private Filled current;
            private int pos;
            private boolean ended;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) == -1 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                while (!ended && (current == null || pos == current.length())) {
                    if (current != null) {
                        free.add(current.data());
                    }
                    current = take(full);
                    pos = 0;
                    ended = current == END;
                }
                if (writerFailure != null) {
                    throw writerFailure;
                }
                if (ended) {
                    return -1;
                }
                int k = Math.min(len, current.length() - pos);
                System.arraycopy(current.data(), pos, b, off, k);
                pos += k;
                return k;
            }
        };
    }
}
