package fr.coffre.crypto;

import static fr.coffre.crypto.Cof1Objects.IDENTITY;
import static fr.coffre.crypto.Cof1Objects.S;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import fr.coffre.CoffreException;
import fr.coffre.InvalidInputException;
import fr.coffre.SecretBytes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Set;

/**
 * Fuzzes the two decryptors on mutations of known valid objects (bit flips, truncation, insertion, deletion, block
 * copies and swaps, overwritten length fields, appended bytes), read with fuzzer-chosen chunk sizes.
 *
 * <ul>
 *   <li>{@code wholeObject} ({@link Cof1#readHeader} + {@link Cof1#open}): only {@link TamperedObjectException} and
 *       {@link UnsupportedFormatException} escape; what was released before the failure is a prefix of the authentic
 *       plaintext ending on a segment boundary; a read that completes returns exactly the plaintext and the sealed
 *       metadata; no message names the object.</li>
 *   <li>{@code rangedRead} ({@link Cof1Header#planRange} + {@link Cof1#openRange}): fuzzer-chosen offset, length and
 *       claimed object length, and sometimes a forged {@link RangePlan}; {@link InvalidInputException} (range or plan
 *       outside the rules) may escape too; what was released is a prefix of the authentic plaintext at the plan's
 *       position, and an honest plan read to the end gives exactly {@code plaintext[offset, offset + length)}.</li>
 * </ul>
 * The base objects are deterministic (fixed salt and nonce prefix), so a corpus file always means the same input.
 */
class Cof1DecryptFuzzTest {
    private static final byte[] DEK = Cof1Objects.dek(7);
    private static final int[] PLAIN_LENGTHS = {0, 1, 300, S, S + 1, 3 * S, 2 * S + 777};
    private static final byte[][] PLAINS = new byte[PLAIN_LENGTHS.length][];
    private static final byte[][] OBJECTS = new byte[PLAIN_LENGTHS.length][];
    private static final SealedMetadata[] METADATA = new SealedMetadata[PLAIN_LENGTHS.length];
    private static final Set<Class<? extends CoffreException>> WHOLE_ERRORS =
            Set.of(TamperedObjectException.class, UnsupportedFormatException.class);
    private static final Set<Class<? extends CoffreException>> RANGE_ERRORS =
            Set.of(TamperedObjectException.class, UnsupportedFormatException.class, InvalidInputException.class);

    static {
        for (int i = 0; i < PLAIN_LENGTHS.length; i++) {
            PLAINS[i] = Cof1Objects.plaintext(PLAIN_LENGTHS[i]);
            SealedMetadata.Builder m = SealedMetadata.builder().contentType("application/fhir+json")
                    .put("kind", "Observation");
            if (i % 2 == 0) {
                m.plaintextLengthBytes(PLAIN_LENGTHS[i]); // declared length: checked at the end of a whole read
            }
            METADATA[i] = m.build();
            byte[] salt = new byte[32];
            Arrays.fill(salt, (byte) (0x40 + i));
            byte[] nonce = {1, 2, 3, 4, 5, 6, (byte) i};
            OBJECTS[i] = Cof1Objects.encrypt(Cof1Objects.spec().metadata(METADATA[i]).build(), DEK, PLAINS[i],
                    new FixedRandom(salt, nonce), 1000);
        }
    }

    @FuzzTest(maxDuration = "2m")
    void wholeObject(FuzzedDataProvider data) {
        int base = data.consumeInt(0, OBJECTS.length - 1);
        byte[] object = mutate(OBJECTS[base], data);
        int chunk = data.consumeInt(1, 2 * S + 40);
        int mode = data.consumeInt(0, 2);
        ByteArrayOutputStream released = new ByteArrayOutputStream();
        SealedMetadata metadata = null;
        try {
            InputStream in = new ByteArrayInputStream(object);
            Cof1Header header = Cof1.readHeader(in);
            try (SecretBytes key = SecretBytes.copyOf(DEK); DecryptedObject o = Cof1.open(header, in, key, IDENTITY)) {
                metadata = o.metadata();
                drain(o.content(), released, chunk, mode);
            }
        } catch (CoffreException e) {
            FuzzOracle.allowOnly(e, WHOLE_ERRORS);
            assertFalse(e.getMessage().contains("obs-0042"), "a message names the object");
            byte[] got = released.toByteArray();
            FuzzOracle.assertAuthenticPrefix(PLAINS[base], 0, got);
            assertEquals(0, got.length % S, "a failed whole read released a partial segment");
            return;
        }
        assertEquals(METADATA[base], metadata, "opened with other metadata than sealed");
        assertArrayEquals(PLAINS[base], released.toByteArray(), "a complete read returned other bytes");
    }

    @FuzzTest(maxDuration = "2m")
    void rangedRead(FuzzedDataProvider data) throws IOException {
        int base = data.consumeInt(0, OBJECTS.length - 1);
        byte[] plain = PLAINS[base];
        long offset = data.consumeBoolean() ? data.consumeLong(-2, plain.length + 2) : data.consumeLong();
        long length = data.consumeBoolean() ? data.consumeLong(-2, plain.length + 2) : data.consumeLong();
        int lengthError = data.consumeBoolean() ? data.consumeInt(-40, 40) : 0;
        boolean forge = data.consumeInt(0, 3) == 0;
        long[] forged = {data.consumeLong(), data.consumeLong(), data.consumeLong(-1, 5), data.consumeLong(-1, 5),
            data.consumeInt(-1, S), data.consumeLong(-1, 4 * S)};
        boolean forgedFinal = data.consumeBoolean();
        int chunk = data.consumeInt(1, 2 * S + 40);
        int mode = data.consumeInt(0, 2);
        byte[] object = mutate(OBJECTS[base], data);
        ByteArrayOutputStream released = new ByteArrayOutputStream();
        RangePlan plan = null;
        try {
            Cof1Header header = Cof1.readHeader(new ByteArrayInputStream(object));
            plan = header.planRange(offset, length, object.length + (long) lengthError);
            if (forge) {
                int which = (int) Math.floorMod(forged[0], 7L);
                plan = new RangePlan(
                        which == 0 ? header.prefixLengthBytes() + Math.floorMod(forged[1], 3L * (S + 16)) : plan.cipherOffsetBytes(),
                        which == 1 ? Math.floorMod(forged[1], 4L * (S + 16)) : plan.cipherLengthBytes(),
                        which == 2 ? forged[2] : plan.firstSegmentIndex(),
                        which == 3 ? forged[3] : plan.lastSegmentIndex(),
                        which == 4 ? forgedFinal : plan.includesFinalSegment(),
                        which == 5 ? (int) forged[4] : plan.skipBytes(),
                        which == 6 ? forged[5] : plan.plaintextLengthBytes());
            }
            long from = Math.max(0, Math.min(plan.cipherOffsetBytes(), object.length));
            long to = Math.max(from, Math.min(plan.cipherOffsetBytes() + Math.max(0, plan.cipherLengthBytes()),
                    object.length));
            byte[] fetched = Arrays.copyOfRange(object, (int) from, (int) to);
            try (SecretBytes key = SecretBytes.copyOf(DEK);
                    InputStream in = Cof1.openRange(header, new ByteArrayInputStream(fetched), plan, key, IDENTITY)) {
                drain(in, released, chunk, mode);
            }
        } catch (CoffreException e) {
            FuzzOracle.allowOnly(e, RANGE_ERRORS);
            assertFalse(e.getMessage().contains("obs-0042"), "a message names the object");
            if (plan != null) {
                FuzzOracle.assertAuthenticPrefix(plain, start(plan), released.toByteArray());
            } else {
                assertEquals(0, released.size());
            }
            return;
        }
        byte[] got = released.toByteArray();
        FuzzOracle.assertAuthenticPrefix(plain, start(plan), got);
        if (!forge) {
            assertEquals(length, got.length, "an honest ranged read returned another length");
            FuzzOracle.assertAuthenticPrefix(plain, offset, got);
        }
    }

    private static long start(RangePlan plan) {
        return plan.plaintextLengthBytes() == 0 ? 0 : plan.firstSegmentIndex() * S + plan.skipBytes();
    }

    /** Reads everything: {@code read(byte[])} in chunks, single bytes, or {@code transferTo}. */
    private static void drain(InputStream in, ByteArrayOutputStream out, int chunk, int mode) {
        try {
            if (mode == 2) {
                in.transferTo(out);
                return;
            }
            byte[] buf = new byte[chunk];
            if (mode == 1) {
                for (int b; (b = in.read()) >= 0;) {
                    out.write(b);
                }
                return;
            }
            for (int n; (n = in.read(buf)) >= 0;) {
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            throw new AssertionError("in-memory source raised " + e, e);
        }
    }

    /** Applies up to 6 fuzzer-chosen edits to a copy of {@code object}. */
    static byte[] mutate(byte[] object, FuzzedDataProvider data) {
        byte[] b = object.clone();
        int edits = data.consumeInt(0, 6);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int op = data.consumeInt(0, 7);
            int at = data.consumeInt(0, b.length - 1);
            switch (op) {
                case 0 -> b[at] ^= data.consumeByte();
                case 1 -> b = Arrays.copyOf(b, at);
                case 2 -> {
                    byte[] ins = data.consumeBytes(data.consumeInt(1, 40));
                    b = Cof1Objects.concat(Arrays.copyOf(b, at), ins, Arrays.copyOfRange(b, at, b.length));
                }
                case 3 -> {
                    int n = data.consumeInt(1, S + 16);
                    b = Cof1Objects.concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, Math.min(b.length, at + n), b.length));
                }
                case 4 -> { // copy a block over another (segment splicing, duplication)
                    int to = data.consumeInt(0, b.length - 1);
                    int n = Math.min(data.consumeInt(1, S + 16), Math.min(b.length - at, b.length - to));
                    System.arraycopy(b.clone(), at, b, to, n);
                }
                case 5 -> { // overwrite a big-endian u16/u32 (length fields)
                    int v = data.consumeInt();
                    int width = data.consumeBoolean() ? 2 : 4;
                    for (int i = 0; i < width && at + i < b.length; i++) {
                        b[at + i] = (byte) (v >>> (8 * (width - 1 - i)));
                    }
                }
                case 6 -> b = Cof1Objects.concat(b, data.consumeBytes(data.consumeInt(1, S + 32)));
                default -> { // swap two blocks of equal length
                    int other = data.consumeInt(0, b.length - 1);
                    int n = Math.min(data.consumeInt(1, S + 16), Math.min(b.length - at, b.length - other));
                    byte[] x = Arrays.copyOfRange(b, at, at + n);
                    byte[] copy = b.clone();
                    System.arraycopy(copy, other, b, at, n);
                    System.arraycopy(x, 0, b, other, n);
                }
            }
        }
        return b;
    }
}
