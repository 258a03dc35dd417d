package fr.coffre.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import fr.coffre.CoffreException;
import java.util.Map;
import java.util.Set;

/**
 * Fuzzes the sealed-metadata decoder ({@link MetadataCodec#decode}, the plaintext of the section once its tag
 * verified: FORMAT.md §5). Only {@link TamperedObjectException} may escape. A decoded value re-encodes to a
 * canonical form that decodes to the same value, and its {@code toString()} shows no value.
 */
class SealedMetadataFuzzTest {
    private static final Set<Class<? extends CoffreException>> ERRORS = Set.of(TamperedObjectException.class);

    @FuzzTest(maxDuration = "2m")
    void decode(byte[] padded) {
        SealedMetadata m;
        try {
            m = MetadataCodec.decode(padded);
        } catch (CoffreException e) {
            FuzzOracle.allowOnly(e, ERRORS);
            return;
        }
        byte[] canonical = MetadataCodec.encode(m);
        assertEquals(padded.length, canonical.length, "re-encoding changed the padded length");
        assertEquals(m, MetadataCodec.decode(canonical), "the canonical encoding decodes to another value");
        assertEquals(MetadataSection.sealedLength(m), canonical.length + Cof1Layout.TAG_BYTES);
        String shown = m.toString();
        for (Map.Entry<String, String> e : m.user().entrySet()) {
            assertFalse(e.getValue().length() > 3 && shown.contains(e.getValue()) && !e.getKey().contains(e.getValue())
                    && !m.contentType().contains(e.getValue()), "toString shows a metadata value");
        }
    }
}
