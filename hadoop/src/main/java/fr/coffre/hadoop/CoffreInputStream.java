package fr.coffre.hadoop;

import fr.coffre.core.Coffre;
import fr.coffre.crypto.DecryptedObject;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.fs.FSExceptionMessages;
import org.apache.hadoop.fs.FSInputStream;
import org.apache.hadoop.fs.FileSystem;

/**
 * A seekable, positioned-readable view of one object's plaintext, read through Coffre's authenticated ranged reads.
 *
 * <p>Reads follow S3A's adaptive input policy. The stream starts <b>sequential</b>: one open authenticated read from
 * the position to the end of the object (from the start, a whole-object get: one request to the store, as S3A's
 * sequential GET), read straight into the caller's arrays as the caller reads on (no copy through a buffer); a short
 * forward seek (up to two read-ahead windows) is served by reading on through it. The first seek backwards, or
 * forward past that, closes that read and switches the stream to <b>random</b> for good, as a
 * columnar reader that jumped to its footer will jump again: then reads go through one buffer of up to
 * {@code readAhead} bytes, a miss fetches whole segments from the one holding
 * the position, segment-aligned, reading on doubles the window (up to {@code readAhead}), and a read after a seek
 * elsewhere fetches only the segments the read needs, so a reader seeking from column chunk to column chunk never
 * drags in the columns it skips. In both modes every segment is authenticated before any of its plaintext is
 * released. A read at least as large as the buffer goes straight into the caller's array. A seek only moves the
 * position. Positioned reads ({@link #read(long, byte[], int, int)}) leave the position, the buffer and the
 * sequential read alone, fetch exactly the segments of their range, and may run concurrently with each other.
 */
final class CoffreInputStream extends FSInputStream {
    private final Coffre coffre;
    private final String name;
    private final long length;
    private final int segmentSize;
    private final byte[] buffer;
    private final FileSystem.Statistics statistics;
    private final int maxWindow;
    private int window;
    private long bufferStart;
    private int bufferLength;
    private long pos;
    /** The open sequential read (plaintext from {@link #sequentialPos} on), null when none or in random mode. */
    private DecryptedObject sequential;
    private long sequentialPos;
    private boolean random;
    private volatile boolean closed;

    CoffreInputStream(Coffre coffre, String name, long length, int segmentSize, int readAhead,
            FileSystem.Statistics statistics) {
        this.coffre = coffre;
        this.name = name;
        this.length = length;
        this.segmentSize = segmentSize;
        int aligned = Math.max(segmentSize, readAhead / segmentSize * segmentSize);
        this.buffer = new byte[(int) Math.min(aligned, Math.max(length, 1))];
        this.maxWindow = buffer.length;
        this.window = maxWindow;
        this.statistics = statistics;
    }

    @Override
    public synchronized void seek(long target) throws IOException {
        checkOpen();
        if (target < 0) {
            throw new EOFException(FSExceptionMessages.NEGATIVE_SEEK);
        }
        if (target > length) {
            throw new EOFException(FSExceptionMessages.CANNOT_SEEK_PAST_EOF);
        }
        pos = target;
    }

    @Override
    public synchronized long getPos() throws IOException {
        return pos;
    }

    @Override
    public boolean seekToNewSource(long targetPos) {
        return false;
    }

    @Override
    public synchronized int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        checkOpen();
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (pos >= length) {
            return -1;
        }
        if (pos < bufferStart || pos >= bufferStart + bufferLength) {
            adaptPolicy();
            if (!random) {   // straight from the sequential read into the caller's array, as much as it has
                int n = readSequentially(b, off, (int) Math.min(len, length - pos));
                pos += n;
                return n;
            }
            if (len >= buffer.length) {
                int direct = (int) Math.min(len, length - pos);
                fetch(pos, b, off, direct);
                pos += direct;
                return direct;
            }
            fill(len);
        }
        int n = (int) Math.min(len, bufferStart + bufferLength - pos);
        System.arraycopy(buffer, (int) (pos - bufferStart), b, off, n);
        pos += n;
        return n;
    }

    /**
     * The first seek backwards, or forward past the sequential read by more than two windows (reading on through
     * them costs less than a request: up to one window the stream would have read ahead, one the reader skips),
     * switches to random for good.
     */
    private void adaptPolicy() {
        if (!random && sequential != null && (pos < sequentialPos || pos - sequentialPos > 2L * maxWindow)) {
            switchToRandom();
        }
    }

    /**
     * Refills the buffer at {@link #pos} (random mode): whole segments from the one holding the position (at least
     * those holding the next {@code len} bytes, and the read-ahead window when reading on).
     */
    private void fill(int len) throws IOException {
        boolean readingOn = bufferLength > 0 && pos == bufferStart + bufferLength;
        bufferLength = 0;
        window = readingOn ? Math.min(maxWindow, window * 2) : segmentSize;
        long start = pos / segmentSize * segmentSize;
        long needed = (pos + len - start + segmentSize - 1) / segmentSize * segmentSize;
        int want = (int) Math.min(Math.min(buffer.length, Math.max(window, needed)), length - start);
        fetch(start, buffer, 0, want);
        bufferStart = start;
        bufferLength = want;
    }

    /**
     * Reads plaintext bytes at {@link #pos} through the sequential read, opened there if none is open and read on
     * (discarding) up to the position after a short forward seek: 1 to {@code n} bytes, what the read has at hand
     * (as {@link InputStream#read(byte[], int, int)}).
     *
     * @return how many were read
     */
    private int readSequentially(byte[] into, int off, int n) throws IOException {
        try {
            if (sequential == null) {   // from the start, the whole object: one request instead of three
                sequential = pos == 0 ? coffre.get(name) : coffre.get(name, pos, length - pos);
                sequentialPos = pos;
            }
            InputStream in = sequential.content();
            while (sequentialPos < pos) {
                int skip = (int) Math.min(buffer.length, pos - sequentialPos);
                readFully(in, buffer, 0, skip, sequentialPos);
                sequentialPos += skip;
            }
            int got = in.read(into, off, n);
            if (got < 0) {
                throw endedAt(pos);
            }
            sequentialPos += got;
            count(got);
            return got;
        } catch (RuntimeException e) {
            closeSequential();
            throw Errors.io(e);
        } catch (IOException e) {
            closeSequential();
            throw e;
        }
    }

    private void switchToRandom() {
        closeSequential();
        random = true;
        window = segmentSize;
    }

    private void closeSequential() {
        if (sequential != null) {
            DecryptedObject s = sequential;
            sequential = null;
            try {
                s.close();
            } catch (RuntimeException e) {
                // abandoning the rest of an authenticated read: nothing of it was released
            }
        }
    }

    @Override
    public int read(long position, byte[] b, int off, int len) throws IOException {
        checkOpen();
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (position < 0) {
            throw new EOFException(FSExceptionMessages.NEGATIVE_SEEK);
        }
        if (len == 0) {
            return 0;
        }
        if (position >= length) {
            return -1;
        }
        int n = (int) Math.min(len, length - position);
        synchronized (this) {
            if (position >= bufferStart && position + n <= bufferStart + bufferLength) {
                System.arraycopy(buffer, (int) (position - bufferStart), b, off, n);
                return n;
            }
        }
        fetch(position, b, off, n);
        return n;
    }

    @Override
    public void readFully(long position, byte[] b, int off, int len) throws IOException {
        if (position + len > length || position < 0) {
            throw new EOFException(FSExceptionMessages.EOF_IN_READ_FULLY);
        }
        int done = 0;
        while (done < len) {
            done += read(position + done, b, off + done, len - done);
        }
    }

    /** Reads exactly {@code n} plaintext bytes at {@code offset}, authenticated segment by segment. */
    private void fetch(long offset, byte[] into, int off, int n) throws IOException {
        try (DecryptedObject o = coffre.get(name, offset, n)) {
            readFully(o.content(), into, off, n, offset);
        } catch (RuntimeException e) {
            throw Errors.io(e);
        }
        count(n);
    }

    private void readFully(InputStream in, byte[] into, int off, int n, long offset) throws IOException {
        int done = 0;
        while (done < n) {
            int r = in.read(into, off + done, n - done);
            if (r < 0) {
                throw endedAt(offset + done);
            }
            done += r;
        }
    }

    private EOFException endedAt(long offset) {
        return new EOFException("object " + coffre.storeName(name) + ": plaintext ended at " + offset + " of " + length
                + " bytes");
    }

    private void count(int n) {
        if (statistics != null) {
            statistics.incrementBytesRead(n);
        }
    }

    @Override
    public synchronized int available() throws IOException {
        checkOpen();
        long inBuffer = bufferStart + bufferLength - pos;
        return (int) Math.max(0, Math.min(inBuffer, Integer.MAX_VALUE));
    }

    @Override
    public synchronized long skip(long n) throws IOException {
        checkOpen();
        if (n <= 0) {
            return 0;
        }
        long target = Math.min(length, pos + n);
        long skipped = target - pos;
        pos = target;
        return skipped;
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new IOException(FSExceptionMessages.STREAM_IS_CLOSED);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeSequential();
    }

    @Override
    public String toString() {
        return "CoffreInputStream[" + coffre.storeName(name) + ", " + length + " bytes]";
    }
}
