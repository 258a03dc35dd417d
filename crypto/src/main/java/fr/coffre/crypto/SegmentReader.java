package fr.coffre.crypto;
import fr.coffre.SecretBytes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * The decrypting stream. Releases a segment's plaintext only after its tag verified. Whole-object mode finds the
 * final segment by reading one byte ahead (a full segment followed by end of stream is final); ranged mode knows the
 * segment indexes and final flag from the {@link RangePlan}. Either way a missing final segment, trailing bytes or
 * any bad tag throws {@link TamperedObjectException} instead of end of stream, and keeps throwing it. A whole
 * size-padded object's padding is stripped by an {@link Unpadder} (ranges never reach the padding).
 */
final class SegmentReader extends InputStream {
    private static final byte[] ZEROS = new byte[8192];
    private final InputStream source;
    private final SegmentCipher cipher;
    private final SecretBytes contentKey;
    private final int segmentSize;
    private final byte[] sealed;
    private final byte[] plain;
    private final RangePlan plan;
    private final long declaredLength;
    private final Unpadder unpadder;
    private long index;
    private long cipherRemaining;
    private long deliverRemaining;
    private int skip;
    private int carried;
    private long total;
    private int pos;
    private int limit;
    private boolean done;
    private boolean closed;
    private TamperedObjectException failure;

    private SegmentReader(InputStream source, SegmentCipher cipher, SecretBytes contentKey, int segmentSize,
            RangePlan plan, long declaredLength, boolean sizePadded) {
        this.source = source;
        this.cipher = cipher;
        this.contentKey = contentKey;
        this.segmentSize = segmentSize;
        this.sealed = new byte[segmentSize + Cof1Layout.TAG_BYTES + 1];
        this.plain = new byte[segmentSize];
        this.plan = plan;
        this.declaredLength = declaredLength;
        this.unpadder = sizePadded && plan == null ? new Unpadder(segmentSize) : null;
        this.index = plan == null ? 0 : plan.firstSegmentIndex();
        this.cipherRemaining = plan == null ? -1 : plan.cipherLengthBytes();
        this.deliverRemaining = plan == null ? Long.MAX_VALUE : plan.plaintextLengthBytes();
        this.skip = plan == null ? 0 : plan.skipBytes();
    }

    /** Whole object from the first segment; {@code declaredLength} is the sealed length, or -1 if unknown. */
    static SegmentReader whole(InputStream source, SegmentCipher cipher, SecretBytes key, int segmentSize,
            long declaredLength, boolean sizePadded) {
        return new SegmentReader(source, cipher, key, segmentSize, null, declaredLength, sizePadded);
    }

    static SegmentReader ranged(InputStream source, SegmentCipher cipher, SecretBytes key, int segmentSize,
            RangePlan plan) {
        return new SegmentReader(source, cipher, key, segmentSize, plan, -1, false);
    }

    @Override
    public int read() throws IOException {
        while (pos == limit && zerosOwed() == 0) {
            if (!fill()) {
                return -1;
            }
        }
        if (zerosOwed() > 0) {
            unpadder.released(1);
            return 0;
        }
        return plain[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        while (pos == limit && zerosOwed() == 0) {
            if (!fill()) {
                return -1;
            }
        }
        if (zerosOwed() > 0) {
            int zeros = (int) Math.min(len, zerosOwed());
            Arrays.fill(b, off, off + zeros, (byte) 0);
            unpadder.released(zeros);
            return zeros;
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(plain, pos, b, off, n);
        pos += n;
        return n;
    }

    /** Writes each authenticated segment straight from the internal buffer (no extra copy). */
    @Override
    public long transferTo(OutputStream out) throws IOException {
        long moved = 0;
        do {
            for (long zeros = zerosOwed(); zeros > 0; zeros = zerosOwed()) {
                int z = (int) Math.min(zeros, ZEROS.length);
                out.write(ZEROS, 0, z);
                unpadder.released(z);
                moved += z;
            }
            if (pos < limit) {
                out.write(plain, pos, limit - pos);
                moved += limit - pos;
                pos = limit;
            }
        } while (fill());
        return moved;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, limit - pos + zerosOwed());
    }

    private long zerosOwed() {
        return unpadder == null ? 0 : unpadder.zerosOwed();
    }

    /** Authenticates and decrypts the next segment; false at the verified end of the object or range. */
    private boolean fill() throws IOException {
        if (closed) {
            throw new IOException("COF1 stream: closed");
        }
        if (failure != null) {
            throw failure;
        }
        if (done) {
            return false;
        }
        try {
            if (plan == null) {
                nextWhole();
            } else {
                nextRanged();
            }
            return true;
        } catch (TamperedObjectException e) {
            failure = e;
            pos = limit = 0;
            if (unpadder != null) {
                unpadder.released(unpadder.zerosOwed());
            }
            Arrays.fill(plain, (byte) 0);
            contentKey.destroy();
            throw e;
        }
    }

    private void nextWhole() throws IOException {
        int want = segmentSize + Cof1Layout.TAG_BYTES + 1;
        int n = carried + source.readNBytes(sealed, carried, want - carried);
        boolean last = n < want;
        int len = last ? n : want - 1;
        if (len < Cof1Layout.TAG_BYTES || (last && index > 0 && len == Cof1Layout.TAG_BYTES)) {
            throw new TamperedObjectException("COF1 object truncated: segment " + index + " incomplete or final"
                    + " segment missing");
        }
        if (index >= Cof1Layout.MAX_SEGMENTS) {
            throw new TamperedObjectException("COF1 object has more than 2^32 segments");
        }
        deliver(len, last);
        if (unpadder != null) {
            limit = unpadder.segment(plain, limit, last, total);
        }
        if (last) {
            long length = unpadder == null ? total : unpadder.plaintextLength();
            if (declaredLength >= 0 && length != declaredLength) {
                throw new TamperedObjectException("COF1 plaintext length differs from the sealed length");
            }
            finish();
        } else {
            sealed[0] = sealed[want - 1];
            carried = 1;
        }
    }

    private void nextRanged() throws IOException {
        if (index > plan.lastSegmentIndex()) { // empty range
            finish();
            limit = pos = 0;
            return;
        }
        int len = (int) Math.min(segmentSize + (long) Cof1Layout.TAG_BYTES, cipherRemaining);
        if (len < Cof1Layout.TAG_BYTES || source.readNBytes(sealed, 0, len) < len) {
            throw new TamperedObjectException("COF1 ciphertext range ends before segment " + index + " is complete");
        }
        cipherRemaining -= len;
        boolean lastPlanned = index == plan.lastSegmentIndex();
        deliver(len, lastPlanned && plan.includesFinalSegment());
        if (lastPlanned) {
            finish();
        }
    }

    private void deliver(int len, boolean last) {
        int n = cipher.open(sealed, 0, len, index, last, plain);
        index++;
        GcmWarmup.atSegment(index);
        total += n;
        pos = skip;
        skip = 0;
        limit = (int) Math.max(pos, Math.min(n, pos + deliverRemaining));
        deliverRemaining -= limit - pos;
    }

    private void finish() throws IOException {
        if (plan != null && source.read() != -1) {
            throw new TamperedObjectException("COF1 ciphertext range longer than planned");
        }
        done = true;
        contentKey.destroy();
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            pos = limit = 0;
            Arrays.fill(plain, (byte) 0);
            contentKey.destroy();
            source.close();
        }
    }
}
