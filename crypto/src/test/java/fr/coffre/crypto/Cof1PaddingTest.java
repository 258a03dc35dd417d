package fr.coffre.crypto;

import static fr.coffre.crypto.Cof1Objects.IDENTITY;
import static fr.coffre.crypto.Cof1Objects.S;
import static fr.coffre.crypto.Cof1Objects.concat;
import static fr.coffre.crypto.Cof1Objects.flip;
import static fr.coffre.crypto.Cof1Objects.plaintext;
import static fr.coffre.crypto.Cof1Objects.read;
import static fr.coffre.crypto.Cof1Objects.readUntilFailure;
import static fr.coffre.crypto.Cof1Objects.segment;
import static fr.coffre.crypto.Cof1Objects.slice;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import fr.coffre.SecretBytes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Size padding (suite 2, FORMAT.md §6.2): Padmé lengths, exact round trips, ranges, the trailer, and attacks. */
class Cof1PaddingTest {
    static final byte[] DEK = Cof1Objects.dek(11);
    /** Lengths around every place the padding can start or end: segment edges, the trailer, the empty object. */
    static final int[] LENGTHS = {0, 1, 7, 8, 9, 100, 255, 256, 1000, S - 9, S - 8, S - 7, S - 1, S, S + 1,
        2 * S - 8, 2 * S, 3 * S + 100, 5 * S - 3, 9 * S + 17};

    static EncryptionSpec padded() {
        return Cof1Objects.spec().sizePadding(true).build();
    }

    static Cof1Header header(byte[] object) {
        return Cof1.readHeader(new ByteArrayInputStream(object));
    }

    /** A suite-2 object whose segments carry exactly {@code segmentPlain} (well-formed padding or not). */
    static byte[] raw(byte[] segmentPlain) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (SecretBytes key = SecretBytes.copyOf(DEK);
                OutputStream out = Cof1.encrypt(sink, padded(), key, new SecureRandom(), false)) {
            out.write(segmentPlain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sink.toByteArray();
    }

    /** The segment plaintext a writer pads {@code plain} to. */
    static byte[] paddedPlain(byte[] plain) {
        int total = (int) Cof1Layout.paddedLength(plain.length, S);
        return ByteBuffer.allocate(total).put(plain).position(total - 8).putLong(plain.length).array();
    }

    @Nested
    class Padme {
        @Test
        void keepsOnlyTheLeadingBitsOfTheExponent() {
            assertEquals(8, Cof1Layout.padme(8));
            assertEquals(10, Cof1Layout.padme(9));
            assertEquals(104, Cof1Layout.padme(100));
            assertEquals(1024, Cof1Layout.padme(1000));
            assertEquals(1088, Cof1Layout.padme(1025));
            assertEquals(1L << 30, Cof1Layout.padme(1L << 30));
            assertEquals((1L << 30) + (1L << 25), Cof1Layout.padme((1L << 30) + 1));
        }

        @Test
        void overheadIsAtMostElevenPointTwoPercentAndNeverNegative() {
            Random r = new Random(7);
            for (long x = 2; x < 1 << 20; x += 1 + r.nextInt(3)) {
                long p = Cof1Layout.padme(x);
                assertTrue(p >= x && p <= x + x * 112 / 1000, "padme(" + x + ") = " + p);
                assertEquals(p, Cof1Layout.padme(p), "padme is idempotent at " + x);
            }
            for (int i = 0; i < 10_000; i++) {
                long x = 2 + (r.nextLong() >>> 20);
                long p = Cof1Layout.padme(x);
                assertTrue(p >= x && p <= x + x / 8, "padme(" + x + ") = " + p);
            }
        }

        @Test
        void aPaddedObjectsFinalSegmentAlwaysHoldsTheWholeTrailer() {
            for (long plain = 0; plain < 40L * S; plain += 3) {
                long total = Cof1Layout.paddedLength(plain, S);
                long last = total - (Cof1Layout.segmentCount(total, S) - 1) * S;
                assertTrue(last >= 8, "plaintext " + plain + ": final segment holds " + last + " bytes");
            }
        }
    }

    @Nested
    class RoundTrip {
        @Test
        void everyLengthReadsBackExactlyWrittenInAnyChunkSize() {
            for (int length : LENGTHS) {
                byte[] plain = plaintext(length);
                for (int chunk : new int[] {Integer.MAX_VALUE, 1000, S}) {
                    byte[] object = Cof1Objects.encrypt(padded(), DEK, plain, new SecureRandom(), chunk);
                    assertArrayEquals(plain, read(object, DEK, IDENTITY).plaintext(), "length " + length);
                    assertEquals(Cof1.encryptedLengthBytes(padded(), length), object.length, "length " + length);
                    assertTrue(header(object).sizePadded());
                    assertEquals(2, header(object).suiteId());
                }
            }
        }

        @Test
        void zeroBytesOfThePlaintextAreKeptWhereverTheyAre() {
            byte[] endsWithZeros = concat(plaintext(2 * S + 5), new byte[3 * S + 11]);
            byte[] allZeros = new byte[4 * S];
            byte[] zerosThenData = concat(new byte[2 * S + 3], plaintext(17), new byte[S]);
            for (byte[] plain : new byte[][] {endsWithZeros, allZeros, zerosThenData, new byte[1], new byte[S - 8]}) {
                byte[] object = Cof1Objects.encrypt(padded(), DEK, plain);
                assertArrayEquals(plain, read(object, DEK, IDENTITY).plaintext(), "length " + plain.length);
                assertArrayEquals(plain, readByteByByte(object), "length " + plain.length);
                assertArrayEquals(plain, readByTransfer(object), "length " + plain.length);
            }
        }

        @Test
        void declaredLengthIsCheckedAgainstThePlaintextNotThePadding() {
            byte[] plain = plaintext(3 * S + 1);
            EncryptionSpec declared = Cof1Objects.spec().sizePadding(true)
                    .metadata(SealedMetadata.builder().plaintextLengthBytes(plain.length).build()).build();
            byte[] object = Cof1Objects.encrypt(declared, DEK, plain);
            assertArrayEquals(plain, read(object, DEK, IDENTITY).plaintext());
            assertEquals(Cof1.encryptedLengthBytes(declared, plain.length), object.length);
        }

        @Test
        void lengthsOfOneBucketGiveOneObjectLength() {
            Set<Integer> sizes = new TreeSet<>();
            // Padmé of 200,705..204,800 is 204,800: the plaintext lengths 200,697..204,792
            for (int length = 200_697; length <= 204_792; length += 99) {
                sizes.add(Cof1Objects.encrypt(padded(), DEK, plaintext(length)).length);
            }
            assertEquals(1, sizes.size(), "42 lengths between 200,697 and 204,792 bytes stored as " + sizes);
        }

        private byte[] readByteByByte(byte[] object) {
            InputStream in = new ByteArrayInputStream(object);
            Cof1Header h = Cof1.readHeader(in);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (SecretBytes key = SecretBytes.copyOf(DEK); DecryptedObject o = Cof1.open(h, in, key, IDENTITY)) {
                for (int b; (b = o.content().read()) >= 0;) {
                    out.write(b);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }

        private byte[] readByTransfer(byte[] object) {
            InputStream in = new ByteArrayInputStream(object);
            Cof1Header h = Cof1.readHeader(in);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (SecretBytes key = SecretBytes.copyOf(DEK); DecryptedObject o = Cof1.open(h, in, key, IDENTITY)) {
                o.content().transferTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
    }

    @Nested
    class Lengths {
        @Test
        void theObjectLengthAloneDoesNotGiveThePlaintextLength() {
            byte[] object = Cof1Objects.encrypt(padded(), DEK, plaintext(100));
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> header(object).plaintextLengthBytes(object.length));
            assertTrue(e.getMessage().contains("size-padded"), e.getMessage());
            assertThrows(InvalidInputException.class, () -> header(object).planRange(0, 1, object.length));
        }

        @Test
        void theTrailerGivesTheAuthenticatedLength() {
            for (int length : LENGTHS) {
                byte[] object = Cof1Objects.encrypt(padded(), DEK, plaintext(length));
                assertEquals(length, trailer(object, DEK, IDENTITY), "length " + length);
            }
        }

        @Test
        void aTrailerReadUnderAnotherIdentityOrKeyIsTampered() {
            byte[] object = Cof1Objects.encrypt(padded(), DEK, plaintext(3 * S));
            assertThrows(TamperedObjectException.class, () -> trailer(object, DEK, "other".getBytes()));
            assertThrows(TamperedObjectException.class, () -> trailer(object, Cof1Objects.dek(12), IDENTITY));
        }

        @Test
        void anUnpaddedObjectHasNoTrailer() {
            byte[] object = Cof1Objects.encrypt(Cof1Objects.spec().build(), DEK, plaintext(100));
            assertFalse(header(object).sizePadded());
            assertThrows(InvalidInputException.class, () -> header(object).lengthTrailerRange(object.length));
        }
    }

    @Nested
    class Ranges {
        @Test
        void everyRangeOfEveryLengthReadsTheSameBytesAsTheWholeObject() {
            for (int length : new int[] {1, 9, S - 8, S, 3 * S + 100}) {
                byte[] plain = plaintext(length);
                byte[] object = Cof1Objects.encrypt(padded(), DEK, plain);
                for (int off : new int[] {0, 1, length / 2, S - 1, S, length - 1}) {
                    if (off < 0 || off >= length) {
                        continue;
                    }
                    for (int len : new int[] {1, 7, S, length - off}) {
                        int n = Math.min(len, length - off);
                        assertArrayEquals(Arrays.copyOfRange(plain, off, off + n), range(object, off, n, length),
                                "length " + length + " range " + off + "+" + n);
                    }
                }
            }
        }

        @Test
        void aRangeIsBoundedByThePlaintextNotThePadding() {
            byte[] object = Cof1Objects.encrypt(padded(), DEK, plaintext(1000));
            Cof1Header h = header(object);
            assertThrows(InvalidInputException.class, () -> h.planRange(1000, 1, object.length, 1000));
            assertThrows(InvalidInputException.class, () -> h.planRange(990, 11, object.length, 1000));
        }

        @Test
        void aPlaintextLengthTheObjectLengthContradictsIsTampered() {
            byte[] object = Cof1Objects.encrypt(padded(), DEK, plaintext(1000));
            Cof1Header h = header(object);
            assertThrows(TamperedObjectException.class, () -> h.planRange(0, 1, object.length, 5000));
            assertThrows(TamperedObjectException.class, () -> h.planRange(0, 1, object.length, -1));
        }

        private byte[] range(byte[] object, long off, long len, long plain) {
            Cof1Header h = header(object);
            RangePlan plan = h.planRange(off, len, object.length, plain);
            byte[] fetched = slice(object, plan.cipherOffsetBytes(), plan.cipherOffsetBytes() + plan.cipherLengthBytes());
            try (SecretBytes key = SecretBytes.copyOf(DEK);
                    InputStream in = Cof1.openRange(h, new ByteArrayInputStream(fetched), plan, key, IDENTITY)) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Nested
    class Attacks {
        byte[] plain = concat(plaintext(2 * S + 40), new byte[30]);
        byte[] object = Cof1Objects.encrypt(padded(), DEK, plain);

        @Test
        void bitFlipAnywhereIsTamperedAndReleasesOnlyAuthenticPlaintext() {
            for (int at = 0; at < object.length; at += at < 600 ? 1 : 97) {
                Cof1Objects.Failure f = readUntilFailure(flip(object, at, 0x10), DEK, IDENTITY, 1000);
                Class<?> expected = at < 6 ? UnsupportedFormatException.class : TamperedObjectException.class;
                assertEquals(expected, f.error().getClass(), "flip at " + at + ": " + f.error());
                assertPrefixOfPlaintext(f.released(), "flip at " + at);
            }
        }

        @Test
        void truncationAtAndBetweenSegmentBoundariesIsTampered() {
            int p = header(object).prefixLengthBytes();
            for (int cut : new int[] {p, p + 1, p + S + 16, p + S + 17, p + 2 * (S + 16), object.length - 1,
                object.length - 8, object.length - 17}) {
                Cof1Objects.Failure f = readUntilFailure(slice(object, 0, cut), DEK, IDENTITY, 1000);
                assertTrue(f.error() instanceof TamperedObjectException, "cut at " + cut + ": " + f.error());
                assertPrefixOfPlaintext(f.released(), "cut at " + cut);
            }
        }

        @Test
        void segmentReorderOrDuplicationIsTampered() {
            byte[] prefix = slice(object, 0, header(object).prefixLengthBytes());
            byte[] s0 = segment(object, 0);
            byte[] s1 = segment(object, 1);
            byte[] s2 = segment(object, 2);
            for (byte[] forged : new byte[][] {concat(prefix, s1, s0, s2), concat(prefix, s0, s0, s2),
                concat(prefix, s0, s1, s1, s2), concat(prefix, s0, s2)}) {
                Cof1Objects.Failure f = readUntilFailure(forged, DEK, IDENTITY, 1000);
                assertTrue(f.error() instanceof TamperedObjectException, f.error().toString());
            }
        }

        @Test
        void suiteDowngradeToUnpaddedIsTampered() {
            byte[] downgraded = object.clone();
            downgraded[5] = 1;   // read as suite 1 the padding would be plaintext: the commitment covers the suite
            Cof1Objects.Failure f = readUntilFailure(downgraded, DEK, IDENTITY, 1000);
            assertEquals(TamperedObjectException.class, f.error().getClass());
            assertEquals(0, f.released().length);
        }

        @Test
        void anUnknownSuiteIsUnsupported() {
            byte[] unknown = object.clone();
            unknown[5] = 3;
            assertThrows(UnsupportedFormatException.class, () -> header(unknown));
        }

        @Test
        void aTrailerClaimingMoreOrLessThanItsPaddedLengthIsTampered() {
            byte[] good = paddedPlain(plaintext(1000));   // (a claim of 1001 is an honest plaintext ending in 00)
            for (long claim : new long[] {999, 1100, 0, -1, Long.MAX_VALUE, good.length}) {
                byte[] forged = ByteBuffer.wrap(good.clone()).putLong(good.length - 8, claim).array();
                assertPaddedReadTampered(raw(forged), "trailer " + claim);
            }
        }

        @Test
        void paddingThatIsNotZeroBytesIsTampered() {
            byte[] forged = paddedPlain(plaintext(1000));
            forged[forged.length - 9] = 1;
            assertPaddedReadTampered(raw(forged), "non-zero padding");
        }

        @Test
        void aSegmentPlaintextLongerThanThePadmeLengthIsTampered() {
            byte[] good = paddedPlain(plaintext(1000));
            byte[] longer = ByteBuffer.allocate(good.length + 64).put(good, 0, 1000)
                    .position(good.length + 56).putLong(1000).array();
            assertPaddedReadTampered(raw(longer), "padding longer than Padmé");
            assertPaddedReadTampered(raw(plaintext(5)), "no room for a trailer");
        }

        @Test
        void aForgedTrailerIsTamperedThroughTheLengthTrailerReadToo() {
            byte[] good = paddedPlain(plaintext(1000));
            byte[] forged = raw(ByteBuffer.wrap(good.clone()).putLong(good.length - 8, 900).array());
            assertThrows(TamperedObjectException.class, () -> trailer(forged, DEK, IDENTITY));
            assertEquals(1000, trailer(raw(good), DEK, IDENTITY));
        }

        private void assertPaddedReadTampered(byte[] forged, String what) {
            Cof1Objects.Failure f = readUntilFailure(forged, DEK, IDENTITY, 100);
            assertEquals(TamperedObjectException.class, f.error().getClass(), what);
        }

        private void assertPrefixOfPlaintext(byte[] released, String what) {
            assertTrue(released.length <= plain.length, what + ": released " + released.length + " bytes");
            assertArrayEquals(Arrays.copyOf(plain, released.length), released, what);
        }
    }

    static long trailer(byte[] object, byte[] dek, byte[] identity) {
        Cof1Header h = header(object);
        RangePlan plan = h.lengthTrailerRange(object.length);
        byte[] fetched = slice(object, plan.cipherOffsetBytes(), plan.cipherOffsetBytes() + plan.cipherLengthBytes());
        try (SecretBytes key = SecretBytes.copyOf(dek)) {
            return Cof1.openLengthTrailer(h, new ByteArrayInputStream(fetched), plan, key, identity);
        }
    }
}
