package fr.coffre.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Turns COF1's push-style encrypting {@link OutputStream} into the pull-style {@link InputStream} that
 * {@code ObjectStore.put} consumes, without a thread: each read pulls one chunk of plaintext, encrypts it into a
 * small buffer and hands that out. Memory: one chunk plus about one segment, whatever the object size; both are
 * sized to the declared plaintext length when it is smaller (small records allocate and wipe little). Only the
 * plaintext chunk is wiped at close (its used part); the buffer holds only ciphertext.
 *
 * <p>The final COF1 segment is produced only after the plaintext source reported end-of-stream (and, when a length
 * was declared, COF1 checked it), so a store can never complete a valid object from a failed or short source. A
 * failure is recorded ({@link #failure()}) and surfaces to the store as an {@link IOException}, which makes it abort
 * the upload; the caller then rethrows the recorded failure.
 */
final class EncryptingSource extends InputStream {
    private static final int CHUNK_BYTES = 64 * 1024;
    private static final int MIN_BUFFER_BYTES = 4 * 1024;
    private final InputStream plaintext;
    private final Buffer buffer;
    private final OutputStream encryptor;
    private final byte[] chunk;
    private int chunkUsed;
    private long plaintextBytes;
    private boolean finished;
    /** Closed before the end: the encryptor was closed only to wipe it. */
    private boolean abandoned;
    private RuntimeException failure;

    /**
     * @param encryptorFactory builds the COF1 encrypting stream over the given sink
     * @param plaintextLengthBytes the declared plaintext length, or -1 if unknown (sizes the chunk, not a limit)
     * @param cipherLengthBytes the resulting object's length, or -1 if unknown (sizes the buffer, not a limit)
     */
    EncryptingSource(InputStream plaintext, Function<OutputStream, OutputStream> encryptorFactory,
            long plaintextLengthBytes, long cipherLengthBytes) {
        this.plaintext = plaintext;
        this.chunk = new byte[plaintextLengthBytes < 0 || plaintextLengthBytes >= CHUNK_BYTES ? CHUNK_BYTES
                : (int) plaintextLengthBytes + 1];
        this.buffer = new Buffer(cipherLengthBytes < 0 || cipherLengthBytes >= 2 * CHUNK_BYTES ? 2 * CHUNK_BYTES
                : Math.max(MIN_BUFFER_BYTES, (int) cipherLengthBytes));
        this.encryptor = encryptorFactory.apply(buffer);
    }

    long plaintextBytes() {
        return plaintextBytes;
    }

    boolean finished() {
        return finished;
    }

    /** What made this source fail (a source read error, a length mismatch), or {@code null}. */
    RuntimeException failure() {
        return failure;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (buffer.available() == 0 && !finished) {
            pull();
        }
        if (buffer.available() == 0) {
            return -1;
        }
        return buffer.drain(b, off, len);
    }

    private void pull() throws IOException {
        if (failure != null) {
            throw new IOException("plaintext source failed earlier");
        }
        try {
            int n = plaintext.read(chunk);
            chunkUsed = Math.max(chunkUsed, n);
            if (n < 0) {
                encryptor.close();
                finished = true;
            } else if (n > 0) {
                plaintextBytes += n;
                encryptor.write(chunk, 0, n);
            }
        } catch (IOException e) {
            failure = new SourceFailure(e);
            throw new IOException("plaintext source failed", e);
        } catch (RuntimeException e) {
            failure = e;
            throw new IOException("encryption refused the plaintext: " + e.getClass().getSimpleName(), e);
        } finally {
            if (failure != null) {
                Arrays.fill(chunk, 0, chunkUsed, (byte) 0);
            }
        }
    }

    /**
     * Wipes the plaintext chunk, and if the store stopped before the end (a failed put), closes the encryptor too,
     * so that its held plaintext and content key are zeroed now (what it emits then is never read).
     */
    @Override
    public void close() {
        Arrays.fill(chunk, 0, chunkUsed, (byte) 0);
        if (!finished && !abandoned) {
            abandoned = true;
            try {
                encryptor.close();
            } catch (IOException | RuntimeException e) {
                // closing only wipes here: the put has already failed or been refused
            }
        }
    }

    /** The caller's plaintext stream failed while being read. */
    static final class SourceFailure extends fr.coffre.CoffreException {
        private static final long serialVersionUID = 1L;

        SourceFailure(IOException cause) {
            super("put: reading the plaintext source failed (" + cause.getClass().getSimpleName()
                    + "); nothing was stored", cause);
        }
    }

    /** A growable byte queue the encryptor writes into (ciphertext only). */
    private static final class Buffer extends OutputStream {
        private byte[] data;
        private int start;
        private int end;

        Buffer(int initialBytes) {
            this.data = new byte[initialBytes];
        }

        int available() {
            return end - start;
        }

        int drain(byte[] b, int off, int len) {
            int n = Math.min(len, end - start);
            System.arraycopy(data, start, b, off, n);
            start += n;
            if (start == end) {
                start = 0;
                end = 0;
            }
            return n;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (end + len > data.length) {
                System.arraycopy(data, start, data, 0, end - start);
                end -= start;
                start = 0;
                if (end + len > data.length) {
                    data = Arrays.copyOf(data, Math.max(data.length * 2, end + len));
                }
            }
            System.arraycopy(b, off, data, end, len);
            end += len;
        }
    }
}
