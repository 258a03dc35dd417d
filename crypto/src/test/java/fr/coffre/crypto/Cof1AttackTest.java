package fr.coffre.crypto;
import fr.coffre.SecretBytes;

import static fr.coffre.crypto.Cof1Objects.IDENTITY;
import static fr.coffre.crypto.Cof1Objects.S;
import static fr.coffre.crypto.Cof1Objects.concat;
import static fr.coffre.crypto.Cof1Objects.flip;
import static fr.coffre.crypto.Cof1Objects.plaintext;
import static fr.coffre.crypto.Cof1Objects.read;
import static fr.coffre.crypto.Cof1Objects.readRange;
import static fr.coffre.crypto.Cof1Objects.readUntilFailure;
import static fr.coffre.crypto.Cof1Objects.segment;
import static fr.coffre.crypto.Cof1Objects.slice;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * One test per attack on COF1 objects, grouped by the operation under attack. Every attack must raise the exact typed
 * exception, and a streaming read must never release bytes of a segment whose tag did not verify.
 */
class Cof1AttackTest {
    static final byte[] DEK = Cof1Objects.dek(1);
    static final byte[] OTHER_DEK = Cof1Objects.dek(2);
    static final byte[] OTHER_IDENTITY = "demo-vault/records/obs-0043.json".getBytes(UTF_8);
    static final int SEG = S + 16;
    /** Five segments, the last partial. */
    static final byte[] PLAIN = plaintext(4 * S + 1000);
    static final byte[] A = Cof1Objects.encrypt(Cof1Objects.spec().build(), DEK, PLAIN);
    /** Another object under the same data key, same header and metadata lengths. */
    static final byte[] B = Cof1Objects.encrypt(Cof1Objects.spec().logicalIdentity(OTHER_IDENTITY).build(), DEK,
            plaintext(4 * S + 1000 + 1));
    /** Exactly three full segments. */
    static final byte[] EXACT = Cof1Objects.encrypt(Cof1Objects.spec().build(), DEK, plaintext(3 * S));
    static final byte[] SMALL = Cof1Objects.encrypt(Cof1Objects.spec().build(), DEK, plaintext(10));
    static final int H = Cof1Objects.headerLength(A);
    static final int P = Cof1Objects.prefixLength(A);
    static final int SCHEME = Cof1Objects.KEY_REF.scheme().length();
    static final int KEY_ID = Cof1Objects.KEY_REF.keyId().length();

    static TamperedObjectException assertTampered(byte[] object) {
        return assertTampered(object, DEK, IDENTITY);
    }

    static TamperedObjectException assertTampered(byte[] object, byte[] dek, byte[] identity) {
        TamperedObjectException e = assertThrows(TamperedObjectException.class, () -> read(object, dek, identity));
        assertFalse(e.getMessage().contains("obs-004"), "message must not name the object: " + e.getMessage());
        return e;
    }

    /** {@link Cof1#open} itself fails: nothing of the content was read. */
    static void assertOpenFails(byte[] object, byte[] dek, byte[] identity) {
        InputStream in = new ByteArrayInputStream(object);
        Cof1Header header = Cof1.readHeader(in);
        assertThrows(TamperedObjectException.class, () -> Cof1.open(header, in, SecretBytes.copyOf(dek), identity));
    }

    @Nested
    class ReadHeaderAndOpen {
        @Test
        void bitFlipInMagic() {
            for (int i = 0; i < 4; i++) {
                byte[] bad = flip(A, i, 0x20);
                assertThrows(UnsupportedFormatException.class, () -> Cof1.readHeader(new ByteArrayInputStream(bad)));
            }
        }

        @Test
        void bitFlipInVersion() {
            assertThrows(UnsupportedFormatException.class, () -> read(flip(A, 4, 0x02), DEK, IDENTITY));
        }

        @Test
        void bitFlipInSuite() {
            assertThrows(UnsupportedFormatException.class, () -> read(flip(A, 5, 0x01), DEK, IDENTITY));
        }

        @Test
        void bitFlipInHeaderLength() {
            for (int bit = 0; bit < 16; bit++) {
                assertTampered(flip(A, 6 + bit / 8, 1 << (bit % 8)));
            }
        }

        @Test
        void bitFlipInSegmentSize() {
            assertTampered(flip(A, 10, 0x01)); // no longer a power of two
            assertOpenFails(flip(A, 10, 0x30), DEK, IDENTITY); // 4096 -> 8192: well formed, commitment fails
        }

        @Test
        void bitFlipInSalt() {
            for (int i = 12; i < 44; i += 7) {
                assertOpenFails(flip(A, i, 0x40), DEK, IDENTITY);
            }
        }

        @Test
        void bitFlipInNoncePrefix() {
            for (int i = 44; i < 51; i++) {
                assertOpenFails(flip(A, i, 0x01), DEK, IDENTITY);
            }
        }

        @Test
        void bitFlipInSealedMetadataLength() {
            assertTampered(flip(A, 54, 0x01)); // not 16 + 256k
            assertOpenFails(flip(A, 53, 0x02), DEK, IDENTITY); // 272 -> 784: well formed, commitment fails
        }

        @Test
        void bitFlipInKeyReference() {
            assertTampered(flip(A, 55, 0x01)); // scheme length
            assertOpenFails(flip(A, 56, 0x01), DEK, IDENTITY); // scheme "coffre-dk" -> "boffre-dk"
            assertOpenFails(flip(A, 57 + SCHEME, 0x01), DEK, IDENTITY); // key id, still a valid id
        }

        @Test
        void wrongKeyVersionEditedInHeader() {
            byte[] edited = flip(A, 60 + SCHEME + KEY_ID, 0x03); // version 1 -> 2
            assertEquals(2, Cof1.readHeader(new ByteArrayInputStream(edited)).keyRef().version());
            assertOpenFails(edited, DEK, IDENTITY); // the right key: header no longer matches its commitment
            assertOpenFails(edited, OTHER_DEK, IDENTITY); // the key version 2 would name: commitment mismatch
        }

        @Test
        void bitFlipInWrappedKeyLength() {
            assertTampered(flip(A, 62 + SCHEME + KEY_ID, 0x01));
        }

        @Test
        void bitFlipInEmbeddedWrappedKey() {
            byte[] withWrapped = Cof1Objects.encrypt(Cof1Objects.spec().wrappedDataKey(new byte[48]).build(), DEK,
                    plaintext(100));
            assertOpenFails(flip(withWrapped, 63 + SCHEME + KEY_ID + 5, 0x01), DEK, IDENTITY);
        }

        @Test
        void bitFlipInCommitment() {
            for (int i = H - 32; i < H; i += 5) {
                int offset = i;
                TamperedObjectException e = assertThrows(TamperedObjectException.class,
                        () -> read(flip(A, offset, 0x80), DEK, IDENTITY));
                assertTrue(e.getMessage().contains("commitment"), e.getMessage());
            }
        }

        @Test
        void bitFlipAnywhereInTheHeader() {
            int h = Cof1Objects.headerLength(SMALL);
            for (int i = 0; i < h; i++) {
                for (int bit = 0; bit < 8; bit++) {
                    byte[] bad = flip(SMALL, i, 1 << bit);
                    Class<? extends RuntimeException> expected = i < 6 ? UnsupportedFormatException.class
                            : TamperedObjectException.class;
                    assertThrows(expected, () -> read(bad, DEK, IDENTITY), "byte " + i + " bit " + bit);
                }
            }
        }

        @Test
        void bitFlipInSealedMetadata() {
            for (int i = H; i < P; i++) {
                assertOpenFails(flip(A, i, 1 << (i % 8)), DEK, IDENTITY);
            }
        }

        @Test
        void bitFlipInSealedMetadataTag() {
            assertOpenFails(flip(A, P - 1, 0x01), DEK, IDENTITY);
        }

        @Test
        void truncationInsideTheHeader() {
            for (int len = 0; len < H; len++) {
                assertTampered(slice(A, 0, len));
            }
        }

        @Test
        void truncationInsideTheSealedMetadata() {
            for (int len = H; len < P; len += 17) {
                byte[] cut = slice(A, 0, len);
                assertOpenFails(cut, DEK, IDENTITY);
            }
        }

        @Test
        void headerSwappedBetweenTwoObjects() {
            assertEquals(P, Cof1Objects.prefixLength(B));
            assertOpenFails(concat(slice(B, 0, H), slice(A, H, A.length)), DEK, IDENTITY);
            assertOpenFails(concat(slice(B, 0, H), slice(A, H, A.length)), DEK, OTHER_IDENTITY);
        }

        @Test
        void headerAndMetadataSwappedBetweenTwoObjects() {
            byte[] spliced = concat(slice(B, 0, P), slice(A, P, A.length));
            Cof1Objects.Failure f = readUntilFailure(spliced, DEK, OTHER_IDENTITY, 1000);
            assertInstanceOf(TamperedObjectException.class, f.error());
            assertEquals(0, f.released().length);
        }

        @Test
        void objectRenamed() {
            assertOpenFails(A, DEK, OTHER_IDENTITY);
        }

        @Test
        void objectsSwappedUnderEachOthersNames() {
            assertOpenFails(B, DEK, IDENTITY);
            assertOpenFails(A, DEK, OTHER_IDENTITY);
        }

        @Test
        void wrongKey() {
            InputStream in = new ByteArrayInputStream(A);
            Cof1Header header = Cof1.readHeader(in);
            InputStream untouchable = new InputStream() {
                @Override
                public int read() {
                    return fail("the commitment must be checked before anything after the header is read");
                }
            };
            TamperedObjectException e = assertThrows(TamperedObjectException.class,
                    () -> Cof1.open(header, untouchable, SecretBytes.copyOf(OTHER_DEK), IDENTITY));
            assertTrue(e.getMessage().contains("commitment"), e.getMessage());
        }

        /**
         * An attacker who knows two keys re-commits the header to the second key: the object then opens under neither,
         * so no ciphertext is valid under two keys.
         */
        @Test
        void commitmentMismatch() {
            Cof1Header h = Cof1.readHeader(new ByteArrayInputStream(A));
            byte[] recommitted = A.clone();
            try (KeySchedule other = KeySchedule.derive(SecretBytes.copyOf(OTHER_DEK), h.salt())) {
                System.arraycopy(other.commitment(h.uncommitted()), 0, recommitted, H - 32, 32);
            }
            TamperedObjectException e = assertThrows(TamperedObjectException.class,
                    () -> read(recommitted, DEK, IDENTITY));
            assertTrue(e.getMessage().contains("commitment"), e.getMessage());
            assertOpenFails(recommitted, OTHER_DEK, IDENTITY); // commitment passes, sealed metadata does not
        }

        @Test
        void commitmentCopiedFromAnotherObject() {
            byte[] copied = A.clone();
            System.arraycopy(B, H - 32, copied, H - 32, 32);
            assertOpenFails(copied, DEK, IDENTITY);
        }
    }

    @Nested
    class StreamingRead {
        @Test
        void bitFlipInEverySegmentBody() {
            for (int i = 0; i < 5; i++) {
                assertTampered(flip(A, P + i * SEG + 100, 0x04));
            }
        }

        @Test
        void bitFlipInEverySegmentTag() {
            for (int i = 0; i < 5; i++) {
                int tagEnd = (int) Math.min(P + (long) (i + 1) * SEG, A.length);
                assertTampered(flip(A, tagEnd - 1 - i, 0x10));
            }
        }

        @Test
        void bitFlipInSegmentThreeOfFiveReleasesExactlySegmentsOneAndTwo() {
            byte[] bad = flip(A, P + 2 * SEG + 7, 0x01);
            for (int chunk : new int[] {1, 1000, S, 3 * S, 1 << 20}) {
                Cof1Objects.Failure f = readUntilFailure(bad, DEK, IDENTITY, chunk);
                assertInstanceOf(TamperedObjectException.class, f.error());
                assertArrayEquals(Arrays.copyOf(PLAIN, 2 * S), f.released(), "chunk " + chunk);
            }
        }

        @Test
        void bitFlipInSegmentThreeOfFiveViaTransferTo() throws Exception {
            byte[] bad = flip(A, P + 2 * SEG + 7, 0x01);
            InputStream in = new ByteArrayInputStream(bad);
            Cof1Header header = Cof1.readHeader(in);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (DecryptedObject o = Cof1.open(header, in, SecretBytes.copyOf(DEK), IDENTITY)) {
                assertThrows(TamperedObjectException.class, () -> o.content().transferTo(out));
                assertThrows(TamperedObjectException.class, () -> o.content().read()); // and keeps failing
            }
            assertArrayEquals(Arrays.copyOf(PLAIN, 2 * S), out.toByteArray());
        }

        @Test
        void bitFlipInFinalSegmentReleasesOnlyTheFullSegments() {
            Cof1Objects.Failure f = readUntilFailure(flip(A, A.length - 20, 0x01), DEK, IDENTITY, 777);
            assertInstanceOf(TamperedObjectException.class, f.error());
            assertArrayEquals(Arrays.copyOf(PLAIN, 4 * S), f.released());
        }

        @Test
        void truncationAtEverySegmentBoundary() {
            for (int k = 0; k < 5; k++) {
                Cof1Objects.Failure f = readUntilFailure(slice(A, 0, P + (long) k * SEG), DEK, IDENTITY, 4096);
                assertInstanceOf(TamperedObjectException.class, f.error(), "cut after " + k + " segments");
                assertArrayEquals(Arrays.copyOf(PLAIN, Math.max(0, k - 1) * S), f.released());
            }
        }

        @Test
        void finalSegmentOfExactMultipleDroppedThrowsInsteadOfEndOfStream() {
            int p = Cof1Objects.prefixLength(EXACT);
            Cof1Objects.Failure f = readUntilFailure(slice(EXACT, 0, p + 2L * SEG), DEK, IDENTITY, 1 << 16);
            assertInstanceOf(TamperedObjectException.class, f.error());
            assertArrayEquals(Arrays.copyOf(plaintext(3 * S), S), f.released());
        }

        @Test
        void emptyObjectWithItsOnlySegmentDropped() {
            byte[] empty = Cof1Objects.encrypt(Cof1Objects.spec().build(), DEK, new byte[0]);
            assertTampered(slice(empty, 0, empty.length - 16));
        }

        @Test
        void truncationBetweenSegmentBoundaries() {
            for (int k = 0; k < 5; k++) {
                for (int back : new int[] {1, 15, 16, 17, 2000}) {
                    long end = Math.min(P + (long) (k + 1) * SEG, A.length) - back;
                    assertTampered(slice(A, 0, end));
                }
            }
        }

        @Test
        void appendedBytes() {
            assertTampered(concat(A, new byte[1]));
            assertTampered(concat(A, new byte[16]));
            assertTampered(concat(EXACT, new byte[1]));
        }

        @Test
        void appendedCopyOfTheFinalSegment() {
            assertTampered(concat(A, segment(A, 4)));
            assertTampered(concat(EXACT, segment(EXACT, 2)));
        }

        @Test
        void reorderedSegments() {
            assertTampered(concat(slice(A, 0, P), segment(A, 0), segment(A, 2), segment(A, 1), segment(A, 3),
                    segment(A, 4)));
            assertTampered(concat(slice(A, 0, P), segment(A, 1), segment(A, 0), segment(A, 2), segment(A, 3),
                    segment(A, 4)));
        }

        @Test
        void duplicatedSegment() {
            assertTampered(concat(slice(A, 0, P), segment(A, 0), segment(A, 1), segment(A, 1), segment(A, 2),
                    segment(A, 3), segment(A, 4)));
        }

        @Test
        void segmentReplacedByTheSameIndexOfAnotherObject() {
            assertTampered(concat(slice(A, 0, P), segment(A, 0), segment(B, 1), segment(A, 2), segment(A, 3),
                    segment(A, 4)));
        }

        @Test
        void finalSegmentOfAnotherObjectSpliced() {
            assertTampered(concat(slice(A, 0, P + 4L * SEG), segment(B, 4)));
        }
    }

    @Nested
    class RangedRead {
        long length = A.length;

        byte[] fetch(byte[] object, RangePlan plan) {
            return slice(object, plan.cipherOffsetBytes(), plan.cipherOffsetBytes() + plan.cipherLengthBytes());
        }

        InputStream open(byte[] fetched, RangePlan plan, byte[] dek, byte[] identity) {
            Cof1Header h = Cof1.readHeader(new ByteArrayInputStream(A));
            return Cof1.openRange(h, new ByteArrayInputStream(fetched), plan, SecretBytes.copyOf(dek), identity);
        }

        RangePlan plan(long offset, long len) {
            return Cof1.readHeader(new ByteArrayInputStream(A)).planRange(offset, len, length);
        }

        @Test
        void bitFlipInsideTheRange() {
            RangePlan plan = plan(S - 10, 20); // segments 0 and 1
            for (int at : new int[] {3, SEG - 1, SEG + 3, 2 * SEG - 1}) {
                byte[] fetched = flip(fetch(A, plan), at, 0x01);
                assertThrows(TamperedObjectException.class, () -> open(fetched, plan, DEK, IDENTITY).readAllBytes());
            }
        }

        @Test
        void bitFlipOutsideTheRangeDoesNotAffectIt() {
            byte[] bad = flip(A, P + 3 * SEG + 1, 0x01);
            assertArrayEquals(Arrays.copyOfRange(PLAIN, 5, S + 5), readRange(bad, DEK, IDENTITY, 5, S));
        }

        @Test
        void rangeShorterThanPlanned() {
            RangePlan plan = plan(0, 2 * S);
            byte[] fetched = fetch(A, plan);
            byte[] cut = Arrays.copyOf(fetched, fetched.length - 1);
            assertThrows(TamperedObjectException.class, () -> open(cut, plan, DEK, IDENTITY).readAllBytes());
        }

        @Test
        void rangeLongerThanPlanned() {
            RangePlan plan = plan(0, 2 * S);
            byte[] longer = concat(fetch(A, plan), new byte[1]);
            assertThrows(TamperedObjectException.class, () -> open(longer, plan, DEK, IDENTITY).readAllBytes());
        }

        @Test
        void segmentsOfTheRangeReordered() {
            RangePlan plan = plan(S, 2 * S); // segments 1 and 2
            byte[] f = fetch(A, plan);
            byte[] swapped = concat(slice(f, SEG, 2 * SEG), slice(f, 0, SEG));
            assertThrows(TamperedObjectException.class, () -> open(swapped, plan, DEK, IDENTITY).readAllBytes());
        }

        @Test
        void rangeReadWithWrongKey() {
            RangePlan plan = plan(0, 10);
            assertThrows(TamperedObjectException.class, () -> open(fetch(A, plan), plan, OTHER_DEK, IDENTITY));
        }

        @Test
        void rangeReadOfRenamedObject() {
            RangePlan plan = plan(0, 10);
            assertThrows(TamperedObjectException.class,
                    () -> open(fetch(A, plan), plan, DEK, OTHER_IDENTITY).readAllBytes());
        }

        @Test
        void rangeIncludingTheFinalSegmentOfATruncatedObject() {
            byte[] truncated = slice(A, 0, P + 3L * SEG); // looks like a 3-segment object
            Cof1Header h = Cof1.readHeader(new ByteArrayInputStream(truncated));
            assertEquals(3L * S, h.plaintextLengthBytes(truncated.length));
            assertThrows(TamperedObjectException.class, () -> readRange(truncated, DEK, IDENTITY, 3L * S - 1, 1));
        }

        @Test
        void rangeWithBitFlipNeverReleasesTheTamperedSegment() throws Exception {
            RangePlan plan = plan(0, 3 * S);
            byte[] fetched = flip(fetch(A, plan), 2 * SEG + 5, 0x01); // third segment
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            InputStream in = open(fetched, plan, DEK, IDENTITY);
            assertThrows(TamperedObjectException.class, () -> in.transferTo(out));
            assertArrayEquals(Arrays.copyOf(PLAIN, 2 * S), out.toByteArray());
        }
    }
}
