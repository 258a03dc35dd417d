package fr.coffre.crypto;
import fr.coffre.SecretBytes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Randomised round trips over lengths, segment sizes, write/read chunkings and ranges (fixed seeds: reproducible). */
class Cof1PropertyTest {
    static final int[] SEGMENTS = {4096, 8192, 16384};

    @Nested
    class RoundTrip {
        @Test
        void randomLengthsSegmentSizesAndChunkings() throws IOException {
            Random r = new Random(20261129);
            for (int iteration = 0; iteration < 150; iteration++) {
                int s = SEGMENTS[r.nextInt(SEGMENTS.length)];
                int length = r.nextInt(4) == 0 ? s * r.nextInt(5) : r.nextInt(5 * s + 2);
                byte[] plain = new byte[length];
                r.nextBytes(plain);
                byte[] dek = Cof1Objects.dek(r.nextInt());
                EncryptionSpec spec = Cof1Objects.spec().segmentSizeBytes(s).build();
                byte[] object = Cof1Objects.encrypt(spec, dek, plain, new java.security.SecureRandom(),
                        1 + r.nextInt(3 * s));
                String where = "iteration " + iteration + " S=" + s + " L=" + length;
                assertEquals(Cof1.encryptedLengthBytes(spec, length), object.length, where);
                Cof1Header h = Cof1.readHeader(new ByteArrayInputStream(object));
                assertEquals(length, h.plaintextLengthBytes(object.length), where);
                assertArrayEquals(plain, readInChunks(object, dek, r), where);
                for (int k = 0; k < 5; k++) {
                    int from = r.nextInt(length + 1);
                    int to = from + r.nextInt(length - from + 1);
                    assertArrayEquals(Arrays.copyOfRange(plain, from, to),
                            Cof1Objects.readRange(object, dek, Cof1Objects.IDENTITY, from, to - from), where);
                }
            }
        }

        private byte[] readInChunks(byte[] object, byte[] dek, Random r) throws IOException {
            InputStream in = new ByteArrayInputStream(object);
            Cof1Header h = Cof1.readHeader(in);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (DecryptedObject o = Cof1.open(h, in, SecretBytes.copyOf(dek), Cof1Objects.IDENTITY)) {
                switch (r.nextInt(3)) {
                    case 0 -> o.content().transferTo(out);
                    case 1 -> {
                        for (int b; (b = o.content().read()) >= 0;) {
                            out.write(b);
                        }
                    }
                    default -> {
                        byte[] buf = new byte[1 + r.nextInt(20000)];
                        for (int n; (n = o.content().read(buf, 0, 1 + r.nextInt(buf.length))) >= 0;) {
                            out.write(buf, 0, n);
                        }
                    }
                }
            }
            return out.toByteArray();
        }
    }

    @Nested
    class Tampering {
        @Test
        void randomSingleBitFlipsAreAlwaysDetectedAndReleaseOnlyWholeVerifiedSegments() {
            Random r = new Random(7);
            for (int iteration = 0; iteration < 200; iteration++) {
                int s = SEGMENTS[r.nextInt(SEGMENTS.length)];
                byte[] plain = new byte[r.nextInt(4 * s + 2)];
                r.nextBytes(plain);
                byte[] dek = Cof1Objects.dek(iteration);
                byte[] object = Cof1Objects.encrypt(Cof1Objects.spec().segmentSizeBytes(s).build(), dek, plain);
                int at = r.nextInt(object.length);
                Cof1Objects.Failure f = Cof1Objects.readUntilFailure(Cof1Objects.flip(object, at, 1 << r.nextInt(8)),
                        dek, Cof1Objects.IDENTITY, 1 + r.nextInt(2 * s));
                String where = "iteration " + iteration + " flip at " + at;
                if (at < 6) {
                    assertInstanceOf(UnsupportedFormatException.class, f.error(), where);
                } else {
                    assertInstanceOf(TamperedObjectException.class, f.error(), where);
                }
                int p = Cof1Objects.prefixLength(object);
                long expectedSegments = at < p ? 0 : (at - p) / (s + 16);
                assertArrayEquals(Arrays.copyOf(plain, (int) (expectedSegments * s)), f.released(), where);
            }
        }

        @Test
        void randomTruncationsAreAlwaysDetected() {
            Random r = new Random(11);
            for (int iteration = 0; iteration < 200; iteration++) {
                int s = SEGMENTS[r.nextInt(SEGMENTS.length)];
                byte[] plain = new byte[r.nextInt(4 * s + 2)];
                byte[] object = Cof1Objects.encrypt(Cof1Objects.spec().segmentSizeBytes(s).build(),
                        Cof1Objects.dek(1), plain);
                int cut = r.nextInt(object.length);
                Cof1Objects.Failure f = Cof1Objects.readUntilFailure(Arrays.copyOf(object, cut), Cof1Objects.dek(1),
                        Cof1Objects.IDENTITY, 4096);
                assertInstanceOf(TamperedObjectException.class, f.error(), "cut at " + cut);
            }
        }
    }
}
