package fr.coffre.crypto;
import fr.coffre.SecretBytes;

import fr.coffre.InvalidInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * The encrypting stream: writes the prefix (header + sealed metadata) on first use, then STREAM segments.
 *
 * <p>A full segment cannot be emitted until the writer knows whether more plaintext follows (the final flag). Instead
 * of copying it, the writer seals each full segment at once as non-final, straight from the caller's array, and holds
 * back the sealed bytes ({@code pending}); they are emitted as soon as another plaintext byte arrives. If the stream is
 * closed instead, that one segment is opened again and re-sealed with the final flag (its non-final sealing is never
 * emitted). Partial segments are gathered in {@code plain}. Memory: two segment buffers, no per-segment allocation.
 *
 * <p>A size-padded writer (suite 2) appends, when closed, the zero bytes and the u64 length trailer that bring the
 * segment plaintext to its Padmé length (FORMAT.md §6.2); the declared length and the limits apply to the plaintext.
 *
 * <p>A failed write (the sink's or a length rule's) or a close that finds the declared length unmet abandons the
 * stream at once: the held plaintext is zeroed and the content key destroyed, and every later call fails.
 */
final class SegmentWriter extends OutputStream {
    private final OutputStream sink;
    private final SegmentCipher cipher;
    private final SecretBytes contentKey;
    private final int segmentSize;
    private final long declaredLength;
    private final long maxLength;
    private final boolean sizePadding;
    private final byte[] plain;
    private final byte[] sealed;
    private byte[] prefix;
    private boolean pending;
    private int buffered;
    private long index;
    private long written;
    private boolean closed;

    SegmentWriter(OutputStream sink, byte[] prefix, SegmentCipher cipher, SecretBytes contentKey, int segmentSize,
            long declaredLength, boolean sizePadding) {
        this.sink = sink;
        this.sizePadding = sizePadding;
        this.prefix = prefix;
        this.cipher = cipher;
        this.contentKey = contentKey;
        this.segmentSize = segmentSize;
        this.declaredLength = declaredLength;
        this.maxLength = declaredLength >= 0 ? declaredLength : sizePadding
                ? Cof1Layout.maxPaddedPlaintextBytes(segmentSize) : Cof1Layout.maxPlaintextBytes(segmentSize);
        // a declared length under one segment bounds every segment (maxLength), so small records allocate little
        long declaredSegment = sizePadding ? Cof1Layout.paddedLength(declaredLength, segmentSize) : declaredLength;
        int segmentBytes = declaredSegment >= 0 && declaredSegment < segmentSize ? (int) declaredSegment : segmentSize;
        this.plain = new byte[segmentBytes];
        this.sealed = new byte[segmentBytes + Cof1Layout.TAG_BYTES];
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        start();
        try {
            append(b, off, len);
        } catch (IOException | RuntimeException e) {
            wipe();   // the object is abandoned: its held plaintext and content key go now, not at garbage collection
            throw e;
        }
    }

    private void append(byte[] b, int off, int len) throws IOException {
        if (len > maxLength - written) {
            throw new InvalidInputException(declaredLength >= 0
                    ? "plaintext: more bytes written than the declared plaintextLengthBytes " + declaredLength
                    : "plaintext: longer than the COF1 maximum " + maxLength + " bytes for this segment size");
        }
        written += len;
        segments(b, off, len);
    }

    /** Gathers {@code len} segment plaintext bytes, sealing each full segment. */
    private void segments(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (pending) {
                emitPending();
            }
            if (buffered == 0 && len >= segmentSize) {
                sealPending(b, off);
                off += segmentSize;
                len -= segmentSize;
            } else {
                int n = Math.min(segmentSize - buffered, len);
                System.arraycopy(b, off, plain, buffered, n);
                buffered += n;
                off += n;
                len -= n;
                if (buffered == segmentSize) {
                    sealPending(plain, 0);
                    buffered = 0;
                }
            }
        }
    }

    /** Flushes {@code sink}; never emits a partial or held-back segment. */
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
            wipe();
            throw new InvalidInputException("plaintext: " + written + " bytes written but the metadata declares "
                    + "plaintextLengthBytes " + declaredLength + "; the object was left without its final segment");
        }
        if (sizePadding) {
            try {
                pad();
            } catch (IOException | RuntimeException e) {
                wipe();
                throw e;
            }
        }
        closed = true;
        try {
            if (pending) {
                buffered = cipher.open(sealed, 0, sealed.length, index, false, plain);
            }
            sink.write(sealed, 0, cipher.seal(plain, 0, buffered, index, true, sealed));
        } finally {
            Arrays.fill(plain, (byte) 0);
            contentKey.destroy();
        }
        sink.close();
    }

    /** Appends the zero bytes and the length trailer of a size-padded object (FORMAT.md §6.2). */
    private void pad() throws IOException {
        long zeros = Cof1Layout.paddedLength(written, segmentSize) - written - Cof1Layout.LENGTH_TRAILER_BYTES;
        byte[] block = new byte[(int) Math.min(zeros, segmentSize)];
        for (long left = zeros; left > 0; left -= block.length) {
            segments(block, 0, (int) Math.min(left, block.length));
        }
        segments(java.nio.ByteBuffer.allocate(Cof1Layout.LENGTH_TRAILER_BYTES).putLong(written).array(), 0,
                Cof1Layout.LENGTH_TRAILER_BYTES);
    }

    /** Abandons the stream: zeroes the held plaintext, destroys the content key; later calls fail as closed. */
    private void wipe() {
        closed = true;
        Arrays.fill(plain, (byte) 0);
        contentKey.destroy();
    }

    private void start() throws IOException {
        if (closed) {
            throw new InvalidInputException("COF1 stream: already closed");
        }
        if (prefix != null) {
            try {
                sink.write(prefix);
            } catch (IOException | RuntimeException e) {
                wipe();
                throw e;
            }
            prefix = null;
        }
    }

    private void sealPending(byte[] src, int off) {
        cipher.seal(src, off, segmentSize, index, false, sealed);
        pending = true;
    }

    private void emitPending() throws IOException {
        sink.write(sealed, 0, sealed.length);
        pending = false;
        index++;
        GcmWarmup.atSegment(index);
    }
}
