package fr.coffre.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.crypto.ReferenceDecoder;
import fr.coffre.store.GeneratedData;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The acceptance test again with size padding on (COF1 suite 2), plus what padding adds: stored sizes that give only
 * the Padmé bucket of each length, so 100 distinct record lengths show as far fewer distinct sizes.
 */
class PaddedStoreCannotGroupBySubjectTest extends StoreCannotGroupBySubjectTest {
    @Override
    protected boolean sizePadding() {
        return true;
    }

    @Test
    void storedSizesRevealOnlyPadmeBuckets() {
        Set<Long> lengths = new TreeSet<>();
        Set<Long> sizes = new TreeSet<>();
        for (int i = 0; i < 100; i++) {
            String name = "bucket/rec-" + i;
            long length = 100 + (i * 37) % 900;
            lengths.add(length);
            sizes.add(put(name, GeneratedData.bytes(i, 0, (int) length)).storedSizeBytes());
            assertEquals(length, coffre.stat(name).plaintextLengthBytes(), "stat still gives the exact length");
        }
        assertEquals(100, lengths.size());
        // 108..1007 padded: steps of 8 up to 128, of 16 up to 512, of 32 up to 1024: 42 sizes for 100 lengths
        assertTrue(sizes.size() <= 45, sizes.size() + " distinct stored sizes for 100 lengths: " + sizes);
        long prefixAndTag = sizes.iterator().next() - 112;   // the smallest: padme(108) = 112, one segment
        for (long size : sizes) {
            long padded = size - prefixAndTag;
            assertEquals(ReferenceDecoder.padme(padded), padded, "stored size " + size + " is a Padmé value");
        }
    }
}
