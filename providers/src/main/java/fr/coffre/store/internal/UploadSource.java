package fr.coffre.store.internal;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.StoreException;

import fr.coffre.InvalidInputException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The caller's data of one {@link ObjectStore#put}, as adapters read it: counts bytes, enforces the declared length
 * (a stream shorter or longer than {@code lengthBytes} fails the read instead of storing a truncated object), and
 * remembers whether a failure came from the caller's stream rather than from the store, so that adapters report it
 * as such and never retry it (a consumed stream cannot be replayed).
 *
 * <p>With a declared length, the read that hands out the last declared byte first checks that the caller's stream
 * holds nothing more, and fails instead of returning those bytes if it does: a request body streamed from this
 * source with that {@code Content-Length} therefore never completes for a longer stream, and the store never
 * commits it.
 *
 * <p>Not thread-safe: one upload reads it.
 */
public final class UploadSource extends FilterInputStream {

    private final long declaredLengthBytes;
    private long countBytes;
    private IOException sourceFailure;
    private boolean lengthMismatch;
    private boolean endChecked;

    /**
     * @param data the caller's stream (not closed by this class: the caller owns it)
     * @param lengthBytes the exact length, or {@code -1} when unknown
     * @throws InvalidInputException if {@code data} is null or {@code lengthBytes < -1}
     */
    public UploadSource(InputStream data, long lengthBytes) {
        super(requireData(data));
        if (lengthBytes < -1) {
            throw new InvalidInputException("lengthBytes: must be -1 (unknown) or >= 0, was " + lengthBytes);
        }
        this.declaredLengthBytes = lengthBytes;
    }

    private static InputStream requireData(InputStream data) {
        if (data == null) {
            throw new InvalidInputException("data: must be non-null");
        }
        return data;
    }

    /** The declared length, or -1 when unknown. */
    public long declaredLengthBytes() {
        return declaredLengthBytes;
    }

    /** Bytes handed out so far. */
    public long countBytes() {
        return countBytes;
    }

    /** Whether reading the caller's stream failed (an I/O error or a length different from the declared one). */
    public boolean failed() {
        return sourceFailure != null;
    }

    /**
     * The exception an adapter throws when {@link #failed()}: {@link InvalidInputException} for a length mismatch,
     * else a {@link StoreException} whose cause is the caller's own I/O error. Returns null when nothing failed.
     */
    public RuntimeException failure(String operation) {
        if (sourceFailure == null) {
            return null;
        }
        if (lengthMismatch) {
            return new InvalidInputException("lengthBytes: " + sourceFailure.getMessage() + " (" + operation
                    + "; nothing was stored)");
        }
        return new StoreException(operation + ": reading the data to upload failed; nothing was stored",
                sourceFailure);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n == -1 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (sourceFailure != null) {
            throw sourceFailure;
        }
        if (len == 0) {
            return 0;
        }
        int want = len;
        if (declaredLengthBytes >= 0) {
            long left = declaredLengthBytes - countBytes;
            if (left == 0) {
                checkNoExtraByte();
                return -1;
            }
            want = (int) Math.min(len, left);
        }
        int n;
        try {
            n = in.read(b, off, want);
        } catch (IOException e) {
            sourceFailure = e;
            throw e;
        } catch (RuntimeException e) {
            sourceFailure = new IOException("the caller's stream threw " + e.getClass().getName(), e);
            throw sourceFailure;
        }
        if (n == -1) {
            if (declaredLengthBytes >= 0 && countBytes != declaredLengthBytes) {
                throw mismatch("declared " + declaredLengthBytes + " bytes but the stream ended after "
                        + countBytes);
            }
            return -1;
        }
        countBytes += n;
        if (countBytes == declaredLengthBytes) {
            checkNoExtraByte(); // before handing out the last bytes: a longer stream never completes a request
        }
        return n;
    }

    private void checkNoExtraByte() throws IOException {
        if (endChecked) {
            return;
        }
        endChecked = true;
        int extra;
        try {
            extra = in.read();
        } catch (IOException e) {
            sourceFailure = e;
            throw e;
        }
        if (extra != -1) {
            throw mismatch("declared " + declaredLengthBytes + " bytes but the stream holds more");
        }
    }

    private IOException mismatch(String message) {
        lengthMismatch = true;
        sourceFailure = new IOException(message);
        return sourceFailure;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = 0;
        byte[] buffer = new byte[(int) Math.min(8192, Math.max(1, n))];
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r == -1) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return sourceFailure != null ? 0 : super.available();
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Does not close the caller's stream: the caller owns it. */
    @Override
    public void close() {
        // the caller closes its own stream
    }
}
