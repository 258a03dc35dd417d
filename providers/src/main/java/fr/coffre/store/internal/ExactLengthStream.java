package fr.coffre.store.internal;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A response body that must be exactly its declared length: an end of stream before it (a connection closed or
 * cut short mid-body, which some HTTP clients report as a normal end) is an {@link EOFException}, never a short
 * read. Not thread-safe, like the stream it wraps.
 */
public final class ExactLengthStream extends FilterInputStream {
    private long remaining;

    private ExactLengthStream(InputStream in, long length) {
        super(in);
        this.remaining = length;
    }

    /** {@code in} checked against {@code length}; {@code in} itself when the length is unknown (null or negative). */
    public static InputStream of(InputStream in, Long length) {
        return length == null || length < 0 ? in : new ExactLengthStream(in, length);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        count(b < 0 ? -1 : 1);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        count(len == 0 ? 0 : n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        remaining -= skipped;
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void count(int n) throws EOFException {
        if (n < 0) {
            if (remaining > 0) {
                throw new EOFException("response body ended " + remaining + " bytes before its declared length");
            }
            return;
        }
        remaining -= n;
    }
}
