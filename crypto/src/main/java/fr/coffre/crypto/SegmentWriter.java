package fr.coffre.crypto;

import fr.coffre.InvalidInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * The encrypting stream: writes the prefix (header + sealed metadata) on first use, then STREAM segments. Holds back
 * one full segment until it knows whether more plaintext follows, so the final flag is set on exactly the last
 * segment. Large writes are encrypted straight from the caller's array; memory is two segment buffers.
 */
final class SegmentWriter extends OutputStream {
    private final OutputStream sink;
    private final SegmentCipher cipher;
    private final EphemeralKey contentKey;
    private final int segmentSize;
    private final long declaredLength;
    private final long maxLength;
    private byte[] prefix;
    private final byte[] plain;
    private final byte[] sealed;
    private int buffered;
    private long index;
    private long written;
    private boolean closed;

    SegmentWriter(OutputStream sink, byte[] prefix, SegmentCipher cipher, EphemeralKey contentKey, int segmentSize,
            long declaredLength) {
        this.sink = sink;
        this.prefix = prefix;
        this.cipher = cipher;
        this.contentKey = contentKey;
        this.segmentSize = segmentSize;
        this.declaredLength = declaredLength;
        this.maxLength = declaredLength >= 0 ? declaredLength : Cof1Layout.maxPlaintextBytes(segmentSize);
        this.plain = new byte[segmentSize];
        this.sealed = new byte[segmentSize + Cof1Layout.TAG_BYTES];
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        start();
        if (len > maxLength - written) {
            throw new InvalidInputException(declaredLength >= 0
                    ? "plaintext: more bytes written than the declared plaintextLengthBytes " + declaredLength
                    : "plaintext: longer than the COF1 maximum " + maxLength + " bytes for this segment size");
        }
        written += len;
        while (len > 0) {
            if (buffered == segmentSize) {
                emit(plain, 0, segmentSize, false);
                buffered = 0;
            }
            if (buffered == 0 && len > segmentSize) {
                emit(b, off, segmentSize, false);
                off += segmentSize;
                len -= segmentSize;
                continue;
            }
            int n = Math.min(segmentSize - buffered, len);
            System.arraycopy(b, off, plain, buffered, n);
            buffered += n;
            off += n;
            len -= n;
        }
    }

    /** Flushes {@code sink}; never emits a partial segment. */
    @Override
    public void flush() throws IOException {
        start();
        sink.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        start();
        if (declaredLength >= 0 && written != declaredLength) {
            throw new InvalidInputException("plaintext: " + written + " bytes written but the metadata declares "
                    + "plaintextLengthBytes " + declaredLength + "; the object was left without its final segment");
        }
        closed = true;
        try {
            emit(plain, 0, buffered, true);
        } finally {
            Arrays.fill(plain, (byte) 0);
            contentKey.destroy();
        }
        sink.close();
    }

    private void start() throws IOException {
        if (closed) {
            throw new InvalidInputException("COF1 stream: already closed");
        }
        if (prefix != null) {
            sink.write(prefix);
            prefix = null;
        }
    }

    private void emit(byte[] src, int off, int len, boolean last) throws IOException {
        int n = cipher.seal(src, off, len, index, last, sealed);
        index++;
        sink.write(sealed, 0, n);
    }
}
