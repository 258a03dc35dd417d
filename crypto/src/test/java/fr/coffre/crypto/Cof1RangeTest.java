package fr.coffre.crypto;
import fr.coffre.SecretBytes;

import static fr.coffre.crypto.Cof1Objects.IDENTITY;
import static fr.coffre.crypto.Cof1Objects.S;
import static fr.coffre.crypto.Cof1Objects.plaintext;
import static fr.coffre.crypto.Cof1Objects.readRange;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.TreeSet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Ranged reads: plans computed from header + object length, correct bytes at every segment boundary. */
class Cof1RangeTest {
    static final byte[] DEK = Cof1Objects.dek(3);

    static Cof1Header header(byte[] object) {
        return Cof1.readHeader(new ByteArrayInputStream(object));
    }

    @Nested
    class PlanRange {
        byte[] object = Cof1Objects.encrypt(Cof1Objects.spec().build(), DEK, plaintext(3 * S + 100));

        @Test
        void matchesTheFormatExample() {
            // FORMAT.md §7: S = 65536, P = 428, L = 200000
            RangePlan plan = Cof1Layout.planRange(428, 65536, 65530, 16, 428 + 200000 + 16 * 4, 200000);
            assertEquals(new RangePlan(428, 131532 - 428, 0, 1, false, 65530, 16), plan);
        }

        @Test
        void rangeEndingInTheFinalSegmentIncludesIt() {
            Cof1Header h = header(object);
            RangePlan plan = h.planRange(3 * S, 100, object.length);
            assertEquals(new RangePlan(h.prefixLengthBytes() + 3L * (S + 16), 116, 3, 3, true, 0, 100), plan);
        }

        @Test
        void emptyRangeFetchesNothing() {
            RangePlan plan = header(object).planRange(5, 0, object.length);
            assertEquals(0, plan.cipherLengthBytes());
            assertArrayEquals(new byte[0], readRange(object, DEK, IDENTITY, 5, 0));
        }

        @Test
        void rangePastTheEndIsInvalidInput() {
            Cof1Header h = header(object);
            assertThrows(InvalidInputException.class, () -> h.planRange(3 * S + 100, 1, object.length));
            assertThrows(InvalidInputException.class, () -> h.planRange(-1, 1, object.length));
            assertThrows(InvalidInputException.class, () -> h.planRange(0, -1, object.length));
            assertThrows(InvalidInputException.class, () -> h.planRange(1, Long.MAX_VALUE, object.length));
        }

        @Test
        void objectLengthNoValidObjectHasIsTampered() {
            Cof1Header h = header(object);
            int p = h.prefixLengthBytes();
            assertThrows(TamperedObjectException.class, () -> h.planRange(0, 1, p - 1));
            assertThrows(TamperedObjectException.class, () -> h.plaintextLengthBytes(p + 15));
            assertThrows(TamperedObjectException.class, () -> h.plaintextLengthBytes(p + (S + 16) + 16));
            assertEquals(0, h.plaintextLengthBytes(p + 16));
            assertEquals(S + 1, h.plaintextLengthBytes(p + (S + 16) + 17));
        }
    }

    @Nested
    class OpenRange {
        @Test
        void correctBytesAtEverySegmentBoundary() {
            for (int length : new int[] {3 * S, 3 * S + 100, 1, 0}) {
                byte[] plain = plaintext(length);
                byte[] object = Cof1Objects.encrypt(Cof1Objects.spec().build(), DEK, plain);
                TreeSet<Integer> points = new TreeSet<>();
                for (int k = 0; k <= 4; k++) {
                    for (int d = -2; d <= 2; d++) {
                        points.add(Math.max(0, Math.min(length, k * S + d)));
                    }
                }
                for (int from : points) {
                    for (int to : points) {
                        if (to >= from) {
                            assertArrayEquals(Arrays.copyOfRange(plain, from, to),
                                    readRange(object, DEK, IDENTITY, from, to - from), length + ":" + from + "-" + to);
                        }
                    }
                }
            }
        }

        @Test
        void planFromAnotherHeaderIsInvalidInput() {
            byte[] object = Cof1Objects.encrypt(Cof1Objects.spec().build(), DEK, plaintext(100));
            Cof1Header h = header(object);
            RangePlan foreign = new RangePlan(0, 10, 0, 0, true, 0, 10);
            assertThrows(InvalidInputException.class, () -> Cof1.openRange(h, new ByteArrayInputStream(object),
                    foreign, SecretBytes.copyOf(DEK), IDENTITY));
        }

        @Test
        void decryptsOnlyTheSegmentsItNeeds() {
            byte[] plain = plaintext(10 * S);
            byte[] object = Cof1Objects.encrypt(Cof1Objects.spec().build(), DEK, plain);
            RangePlan plan = header(object).planRange(4 * S + 1, 10, object.length);
            assertEquals(S + 16, plan.cipherLengthBytes());
            assertTrue(plan.cipherLengthBytes() < object.length / 9);
        }
    }
}
