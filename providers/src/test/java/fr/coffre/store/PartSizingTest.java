package fr.coffre.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PartSizingTest {

    private static final long MIB = 1024L * 1024;
    private static final long GIB = 1024 * MIB;
    private static final long TIB = 1024 * GIB;

    private final PartSizing scaleway = ProviderPresets.scaleway("fr-par", "b-1").partSizing();
    private final PartSizing ovh = ProviderPresets.ovh("gra", "b-1").partSizing();
    private final PartSizing azure = ProviderPresets.azure("acct", "c-1").partSizing();

    @Nested
    class KnownSize {
        @Test
        void smallObjectsUseThePreferredPartSize() {
            assertEquals(8 * MIB, scaleway.partSizeFor(0));
            assertEquals(8 * MIB, scaleway.partSizeFor(100 * MIB));
            assertEquals(1, scaleway.partCountFor(0));
            assertEquals(13, scaleway.partCountFor(100 * MIB));
        }

        @Test
        void scalewayPartSizeGrowsSoThatTheObjectFitsInAThousandParts() {
            assertEquals(8 * MIB, scaleway.partSizeFor(8000 * MIB)); // exactly 1,000 parts of 8 MiB
            assertEquals(9 * MIB, scaleway.partSizeFor(8000 * MIB + 1));
            assertEquals(1000, scaleway.partCountFor(8000 * MIB));
            for (long size : new long[] {10 * GIB, 100 * GIB, 1 * TIB, 4 * TIB + 12345}) {
                long part = scaleway.partSizeFor(size);
                assertTrue(part % MIB == 0, "whole MiB parts");
                assertTrue(scaleway.partCountFor(size) <= 1000, "parts for " + size);
                assertTrue(part <= 5_000_000_000L);
            }
            assertEquals(103 * MIB, scaleway.partSizeFor(100 * GIB)); // ceil(102.4 MiB)
        }

        @Test
        void ovhKeepsSmallPartsLonger() {
            assertEquals(8 * MIB, ovh.partSizeFor(50 * GIB));
            assertEquals(11 * MIB, ovh.partSizeFor(100 * GIB));
            assertTrue(ovh.partCountFor(100 * GIB) <= 10_000);
        }

        @Test
        void azureAllowsFiftyThousandBlocks() {
            assertEquals(8 * MIB, azure.partSizeFor(390 * GIB));
            assertTrue(azure.partCountFor(1 * TIB) <= 50_000);
        }

        @Test
        void tooLargeOrNegativeIsInvalidInput() {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> scaleway.partSizeFor(scaleway.maxObjectBytes() + 1));
            assertTrue(e.getMessage().startsWith("objectSizeBytes: must be at most 5000000000000"), e.getMessage());
            assertThrows(InvalidInputException.class, () -> scaleway.partSizeFor(-1));
            assertEquals(5_000_000_000L, scaleway.partSizeFor(scaleway.maxObjectBytes()));
        }
    }

    @Nested
    class UnknownSize {
        @Test
        void scalewayReachesAtLeastOneTebibyteWithSmallFirstParts() {
            assertTrue(scaleway.maxUnknownSizeBytes() >= TIB, "max " + scaleway.maxUnknownSizeBytes());
            assertEquals(8 * MIB, scaleway.partSizeForPart(1));
            long total = 0;
            long previous = 0;
            for (int n = 1; n <= scaleway.maxParts(); n++) {
                long size = scaleway.partSizeForPart(n);
                assertTrue(size >= previous, "never shrinks");
                assertTrue(size >= scaleway.minPartBytes() && size <= scaleway.maxPartBytes());
                previous = size;
                total += size;
            }
            assertEquals(scaleway.maxUnknownSizeBytes(), total);
        }

        @Test
        void memoryGrowsOnlyWithTheObject() {
            // the part buffer needed once 10 GiB have been streamed stays far below 1 GiB
            long streamed = 0;
            int n = 1;
            while (streamed < 10 * GIB) {
                streamed += scaleway.partSizeForPart(n++);
            }
            assertTrue(scaleway.partSizeForPart(n) <= 128 * MIB, "part at 10 GiB: " + scaleway.partSizeForPart(n));
        }

        @Test
        void scheduleDoublesEveryStep() {
            int step = scaleway.partsPerDoubling();
            assertEquals(8 * MIB, scaleway.partSizeForPart(step));
            assertEquals(16 * MIB, scaleway.partSizeForPart(step + 1));
            assertEquals(32 * MIB, scaleway.partSizeForPart(2 * step + 1));
        }

        @Test
        void ovhNeverNeedsToGrowBeforeTensOfGibibytes() {
            assertTrue(ovh.partsPerDoubling() >= 1000, "step " + ovh.partsPerDoubling());
            assertTrue(ovh.maxUnknownSizeBytes() >= TIB);
        }

        @Test
        void partNumberOutOfRangeIsInvalidInput() {
            assertThrows(InvalidInputException.class, () -> scaleway.partSizeForPart(0));
            assertThrows(InvalidInputException.class, () -> scaleway.partSizeForPart(1001));
        }

        @Test
        void targetLargerThanTheLimitsIsCappedAtTheLimits() {
            PartSizing tiny = PartSizing.builder().minPartBytes(1).preferredPartBytes(10).maxPartBytes(20)
                    .maxParts(3).unknownSizeTargetBytes(TIB).build();
            assertEquals(60, tiny.maxObjectBytes());
            assertEquals(1, tiny.partsPerDoubling());
            assertEquals(10 + 20 + 20, tiny.maxUnknownSizeBytes());
        }
    }

    @Nested
    class Build {
        private void assertRejected(PartSizing.Builder b, String field) {
            InvalidInputException e = assertThrows(InvalidInputException.class, b::build);
            assertTrue(e.getMessage().startsWith(field + ":"), e.getMessage());
        }

        @Test
        void everyBadFieldIsNamed() {
            assertRejected(PartSizing.builder().minPartBytes(0), "minPartBytes");
            assertRejected(PartSizing.builder().maxPartBytes(MIB), "maxPartBytes");
            assertRejected(PartSizing.builder().maxParts(0), "maxParts");
            assertRejected(PartSizing.builder().preferredPartBytes(MIB), "preferredPartBytes");
            assertRejected(PartSizing.builder().preferredPartBytes(3 * GIB), "preferredPartBytes");
            assertRejected(PartSizing.builder().maxObjectBytes(-1), "maxObjectBytes");
            assertRejected(PartSizing.builder().unknownSizeTargetBytes(0), "unknownSizeTargetBytes");
        }
    }
}
