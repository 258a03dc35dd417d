package fr.coffre.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import fr.coffre.CoffreException;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Set;

/**
 * Fuzzes the COF1 header parser ({@link Cof1#readHeader}) on raw bytes. Only {@link UnsupportedFormatException}
 * (magic, version, suite) and {@link TamperedObjectException} (any malformed field, short stream) may escape; a
 * parsed header consumed exactly its declared length, re-reads identically from {@link Cof1Header#encoded()}, and its
 * layout arithmetic ({@code plaintextLengthBytes}, {@code planRange}) fails only with typed exceptions too.
 * Corpus: {@code src/test/resources/fr/coffre/crypto/Cof1HeaderFuzzTestInputs/header/} (FUZZING.md).
 */
class Cof1HeaderFuzzTest {
    private static final Set<Class<? extends CoffreException>> PARSE_ERRORS =
            Set.of(UnsupportedFormatException.class, TamperedObjectException.class);
    private static final Set<Class<? extends CoffreException>> LAYOUT_ERRORS =
            Set.of(TamperedObjectException.class, fr.coffre.InvalidInputException.class);

    @FuzzTest(maxDuration = "2m")
    void header(byte[] data) {
        ByteArrayInputStream in = new ByteArrayInputStream(data);
        Cof1Header h;
        try {
            h = Cof1.readHeader(in);
        } catch (CoffreException e) {
            FuzzOracle.allowOnly(e, PARSE_ERRORS);
            return;
        }
        int consumed = data.length - in.available();
        assertEquals(h.headerLengthBytes(), consumed, "readHeader must consume exactly the header");
        assertArrayEquals(Arrays.copyOf(data, consumed), h.encoded());
        assertEquals(h.headerLengthBytes(), Cof1.readHeader(new ByteArrayInputStream(h.encoded())).headerLengthBytes());
        assertTrue(h.prefixLengthBytes() <= Cof1.MAX_PREFIX_BYTES, "prefix beyond MAX_PREFIX_BYTES");
        assertTrue(h.toString().startsWith("Cof1Header["));
        // the bytes after the header stand for an object length and a range
        long objectLength = data.length + (consumed < data.length ? (data[consumed] & 0xffL) << 12 : 0);
        try {
            long plain = h.plaintextLengthBytes(objectLength);
            assertTrue(plain >= 0 && plain <= objectLength, "plaintext length out of bounds");
            RangePlan plan = h.planRange(plain / 3, plain - plain / 3, objectLength);
            assertTrue(plan.cipherOffsetBytes() >= h.prefixLengthBytes()
                    && plan.cipherOffsetBytes() + plan.cipherLengthBytes() <= objectLength, "plan outside the object");
        } catch (CoffreException e) {
            FuzzOracle.allowOnly(e, LAYOUT_ERRORS);
        }
    }
}
