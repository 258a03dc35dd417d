package fr.coffre.store.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Connects a writer (COF1 encryption, which pushes into an OutputStream) to a reader (a store's put, which pulls
 * from an InputStream) through a bounded queue of 1 MiB chunks: at most {@code 2 + capacity} MiB in memory.
 */
final class ChunkPipe {

    private static final int CHUNK = 1 << 20;
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(4);
    private volatile IOException writerFailure;

    void fail(IOException e) {
        writerFailure = e;
        queue.offer(END);
    }

    OutputStream sink() {
        return new OutputStream() {
            private byte[] chunk = new byte[CHUNK];
            private int n;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                while (len > 0) {
                    int k = Math.min(len, CHUNK - n);
                    System.arraycopy(b, off, chunk, n, k);
                    n += k;
                    off += k;
                    len -= k;
                    if (n == CHUNK) {
                        hand(chunk);
                        chunk = new byte[CHUNK];
                        n = 0;
                    }
                }
            }

            @Override
            public void close() throws IOException {
                if (n > 0) {
                    hand(Arrays.copyOf(chunk, n));
                    n = 0;
                }
                hand(END);
            }

            private void hand(byte[] c) throws IOException {
                try {
                    queue.put(c);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        };
    }

    InputStream source() {
        return new InputStream() {
            private byte[] chunk;
            private int pos;
            private boolean ended;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) == -1 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                while (!ended && (chunk == null || pos == chunk.length)) {
                    try {
                        chunk = queue.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted", e);
                    }
                    pos = 0;
                    if (chunk == END) {
                        ended = true;
                    }
                }
                if (writerFailure != null) {
                    throw writerFailure;
                }
                if (ended) {
                    return -1;
                }
                int k = Math.min(len, chunk.length - pos);
                System.arraycopy(chunk, pos, b, off, k);
                pos += k;
                return k;
            }
        };
    }
}
