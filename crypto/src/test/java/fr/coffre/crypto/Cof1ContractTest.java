package fr.coffre.crypto;
import fr.coffre.SecretBytes;

import static fr.coffre.crypto.Cof1Objects.IDENTITY;
import static fr.coffre.crypto.Cof1Objects.S;
import static fr.coffre.crypto.Cof1Objects.plaintext;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Caller-facing rules of the COF1 API: misuse errors, limits, metadata, secrecy of printed values, key zeroing. */
class Cof1ContractTest {
    static final byte[] DEK = Cof1Objects.dek(5);
    static final SecureRandom RANDOM = new SecureRandom();

    /** A sink that remembers whether it was closed. */
    static final class Sink extends ByteArrayOutputStream {
        boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }

    @Nested
    class Encrypt {
        @Test
        void dataKeyOfWrongLengthIsInvalidInput() {
            EncryptionSpec spec = Cof1Objects.spec().build();
            assertThrows(InvalidInputException.class,
                    () -> Cof1.encrypt(new Sink(), spec, SecretBytes.copyOf(new byte[16]), RANDOM));
            SecretBytes destroyed = SecretBytes.copyOf(DEK);
            destroyed.destroy();
            assertThrows(InvalidInputException.class, () -> Cof1.encrypt(new Sink(), spec, destroyed, RANDOM));
        }

        @Test
        void nothingReachesTheSinkBeforeTheFirstWriteAndCloseClosesIt() throws IOException {
            Sink sink = new Sink();
            OutputStream out = Cof1.encrypt(sink, Cof1Objects.spec().build(), SecretBytes.copyOf(DEK), RANDOM);
            assertEquals(0, sink.size());
            out.write(plaintext(S));
            out.flush();
            assertEquals(Cof1Objects.prefixLength(sink.toByteArray()), sink.size(), "full segment held back");
            out.close();
            out.close();
            assertTrue(sink.closed);
            assertThrows(InvalidInputException.class, () -> out.write(1));
        }

        @Test
        void writingMoreThanTheDeclaredLengthIsInvalidInput() throws IOException {
            SealedMetadata declared = SealedMetadata.builder().plaintextLengthBytes(10).build();
            OutputStream out = Cof1.encrypt(new Sink(), Cof1Objects.spec().metadata(declared).build(),
                    SecretBytes.copyOf(DEK), RANDOM);
            out.write(new byte[10]);
            assertThrows(InvalidInputException.class, () -> out.write(0));
        }

        @Test
        void closingShortOfTheDeclaredLengthLeavesAnObjectReadersReject() throws IOException {
            SealedMetadata declared = SealedMetadata.builder().plaintextLengthBytes(S + 10).build();
            Sink sink = new Sink();
            OutputStream out = Cof1.encrypt(sink, Cof1Objects.spec().metadata(declared).build(),
                    SecretBytes.copyOf(DEK), RANDOM);
            out.write(plaintext(S + 5));
            assertThrows(InvalidInputException.class, out::close);
            assertFalse(sink.closed);
            assertThrows(TamperedObjectException.class, () -> Cof1Objects.read(sink.toByteArray(), DEK, IDENTITY));
        }

        @Test
        void declaredLengthIsSealedAndCheckedOnRead() {
            SealedMetadata declared = SealedMetadata.builder().plaintextLengthBytes(S).build();
            byte[] object = Cof1Objects.encrypt(Cof1Objects.spec().metadata(declared).build(), DEK, plaintext(S));
            assertEquals(S, Cof1Objects.read(object, DEK, IDENTITY).metadata().plaintextLengthBytes().getAsLong());
        }

        @Test
        void maximumObjectSize() {
            assertEquals(1L << 48, Cof1Layout.maxPlaintextBytes(65536));
            EncryptionSpec spec = Cof1Objects.spec().segmentSizeBytes(65536).build();
            long max = 1L << 48;
            assertEquals(Cof1.encryptedLengthBytes(spec, 0) - 16 + max + 16 * (1L << 32),
                    Cof1.encryptedLengthBytes(spec, max));
            assertThrows(InvalidInputException.class, () -> Cof1.encryptedLengthBytes(spec, max + 1));
            assertThrows(InvalidInputException.class, () -> Cof1.encryptedLengthBytes(spec, -1));
        }

        @Test
        void segmentSizeMustBeAnAllowedPowerOfTwo() {
            for (int bad : new int[] {2048, 5000, 16 * 1024 * 1024}) {
                assertThrows(InvalidInputException.class, () -> Cof1Objects.spec().segmentSizeBytes(bad).build());
            }
        }
    }

    @Nested
    class Open {
        byte[] object = Cof1Objects.encrypt(Cof1Objects.spec().build(), DEK, plaintext(100));

        @Test
        void identityMustHave1To4096Bytes() {
            for (byte[] bad : new byte[][] {null, new byte[0], new byte[4097]}) {
                Cof1Header h = Cof1.readHeader(new ByteArrayInputStream(object));
                assertThrows(InvalidInputException.class,
                        () -> Cof1.open(h, new ByteArrayInputStream(object), SecretBytes.copyOf(DEK), bad));
            }
        }

        @Test
        void dataKeyOfWrongLengthIsInvalidInput() {
            Cof1Header h = Cof1.readHeader(new ByteArrayInputStream(object));
            assertThrows(InvalidInputException.class,
                    () -> Cof1.open(h, new ByteArrayInputStream(object), SecretBytes.copyOf(new byte[31]), IDENTITY));
        }

        @Test
        void nonCof1BytesAreUnsupported() {
            assertThrows(UnsupportedFormatException.class,
                    () -> Cof1.readHeader(new ByteArrayInputStream("{\"resourceType\":1}".getBytes())));
            assertThrows(UnsupportedFormatException.class, () -> Cof1.readHeader(new ByteArrayInputStream(new byte[] {'X'})));
            assertThrows(TamperedObjectException.class, () -> Cof1.readHeader(new ByteArrayInputStream(new byte[0])));
        }

        @Test
        void headerAccessorsAndCopies() {
            Cof1Header h = Cof1.readHeader(new ByteArrayInputStream(object));
            assertEquals(1, h.formatVersion());
            assertEquals(1, h.suiteId());
            assertEquals(S, h.segmentSizeBytes());
            assertEquals(Cof1Objects.KEY_REF, h.keyRef());
            assertEquals(0, h.wrappedDataKey().length);
            assertEquals(95 + 9 + 12, h.headerLengthBytes());
            assertEquals(272, h.sealedMetadataLengthBytes());
            byte[] encoded = h.encoded();
            encoded[0] = 0;
            assertEquals('C', h.encoded()[0]);
        }
    }

    @Nested
    class KeyRefBindingRule {
        private final fr.coffre.KeyRef template = new fr.coffre.KeyRef("coffre-dkb", "x".repeat(20), 1);

        @Test
        void bindingSeesTheHeaderSaltAndNonceAndItsRefIsWritten() {
            byte[][] seen = new byte[2][];
            EncryptionSpec spec = Cof1Objects.spec().keyRef(template, (salt, nonce) -> {
                seen[0] = salt;
                seen[1] = nonce;
                return new fr.coffre.KeyRef("coffre-dkb", "y".repeat(20), 1);
            }).build();
            byte[] object = Cof1Objects.encrypt(spec, DEK, plaintext(10));
            Cof1Header h = Cof1.readHeader(new ByteArrayInputStream(object));
            assertArrayEquals(h.saltBytes(), seen[0]);
            assertArrayEquals(h.noncePrefixBytes(), seen[1]);
            assertEquals(new fr.coffre.KeyRef("coffre-dkb", "y".repeat(20), 1), h.keyRef());
            assertEquals(Cof1.encryptedLengthBytes(spec, 10), object.length);
            assertArrayEquals(plaintext(10), Cof1Objects.read(object, DEK, IDENTITY).plaintext());
        }

        @Test
        void aBoundRefOfAnotherLengthOrSchemeIsInvalidInput() {
            for (fr.coffre.KeyRef wrong : new fr.coffre.KeyRef[] {new fr.coffre.KeyRef("coffre-dkb", "y".repeat(21), 1),
                    new fr.coffre.KeyRef("coffre-dkx", "y".repeat(20), 1)}) {
                EncryptionSpec spec = Cof1Objects.spec().keyRef(template, (salt, nonce) -> wrong).build();
                InvalidInputException e = assertThrows(InvalidInputException.class,
                        () -> Cof1.encrypt(new Sink(), spec, SecretBytes.copyOf(DEK), RANDOM));
                assertTrue(e.getMessage().contains("keyRef binding"), e.getMessage());
            }
            assertThrows(InvalidInputException.class, () -> Cof1Objects.spec().keyRef(template, null));
        }
    }

    @Nested
    class NoLeaks {
        @Test
        void headerToStringShowsNoSaltNonceOrCommitment() {
            byte[] object = Cof1Objects.encrypt(Cof1Objects.spec().build(), DEK, plaintext(1));
            Cof1Header h = Cof1.readHeader(new ByteArrayInputStream(object));
            String text = h.toString().toLowerCase();
            HexFormat hex = HexFormat.of();
            assertFalse(text.contains(hex.formatHex(h.salt()).substring(0, 8)));
            assertFalse(text.contains(hex.formatHex(h.commitment()).substring(0, 8)));
            assertTrue(text.contains("coffre-dk:dk-test-0001#1"));
        }

        @Test
        void specAndMetadataToStringRedactValues() {
            SealedMetadata m = SealedMetadata.builder().put("patient", "Jeanne Martin").build();
            EncryptionSpec spec = Cof1Objects.spec().metadata(m).build();
            assertFalse(spec.toString().contains("obs-0042"));
            assertFalse(m.toString().contains("Jeanne"));
            assertFalse(SecretBytes.copyOf(DEK).toString().contains(HexFormat.of().formatHex(DEK).substring(0, 6)));
        }
    }

    @Nested
    class Metadata {
        @Test
        void unicodeRoundTrips() {
            SealedMetadata m = SealedMetadata.builder().contentType("text/plain; charset=utf-8")
                    .put("commune", "Saint-Étienne").put("emoji", "\uD83E\uDE7A").put("empty", "").build();
            byte[] object = Cof1Objects.encrypt(Cof1Objects.spec().metadata(m).build(), DEK, plaintext(3));
            assertEquals(m, Cof1Objects.read(object, DEK, IDENTITY).metadata());
        }

        @Test
        void unpairedSurrogateIsInvalidInput() {
            assertThrows(InvalidInputException.class, () -> SealedMetadata.builder().put("k", "\uD800").build());
        }

        @Test
        void nullOrEmptyKeysAreInvalidInput() {
            assertThrows(InvalidInputException.class, () -> SealedMetadata.builder().put(null, "v"));
            assertThrows(InvalidInputException.class, () -> SealedMetadata.builder().put("", "v"));
            assertThrows(InvalidInputException.class, () -> SealedMetadata.builder().put("k", null));
        }

        @Test
        void encodedSizeLimitIsExact() {
            int fixed = 1 + 8 + 2 + "application/octet-stream".length() + 2 + 2 + 1 + 4;
            String fits = "x".repeat(SealedMetadata.Builder.MAX_ENCODED_BYTES - fixed);
            SealedMetadata largest = SealedMetadata.builder().put("k", fits).build();
            byte[] object = Cof1Objects.encrypt(Cof1Objects.spec().metadata(largest).build(), DEK, plaintext(1));
            assertEquals(65536 + 16, Cof1.readHeader(new ByteArrayInputStream(object)).sealedMetadataLengthBytes());
            assertTrue(Cof1Objects.prefixLength(object) <= Cof1.MAX_PREFIX_BYTES);
            assertEquals(largest, Cof1Objects.read(object, DEK, IDENTITY).metadata());
            assertThrows(InvalidInputException.class, () -> SealedMetadata.builder().put("k", fits + "x").build());
        }

        @Test
        void paddingHidesTheExactSize() {
            int a = MetadataSection.sealedLength(SealedMetadata.builder().put("k", "v").build());
            int b = MetadataSection.sealedLength(SealedMetadata.builder().put("k", "v".repeat(100)).build());
            assertEquals(272, a);
            assertEquals(a, b);
        }

        @Test
        void nonCanonicalEncodingIsTampered() {
            byte[] good = MetadataCodec.encode(SealedMetadata.builder().put("k", "v").build());
            byte[] dirtyPadding = good.clone();
            dirtyPadding[good.length - 1] = 1;
            assertThrows(TamperedObjectException.class, () -> MetadataCodec.decode(dirtyPadding));
            byte[] tooMuchPadding = java.util.Arrays.copyOf(good, good.length + 256);
            assertThrows(TamperedObjectException.class, () -> MetadataCodec.decode(tooMuchPadding));
            byte[] badVersion = good.clone();
            badVersion[0] = 2;
            assertThrows(TamperedObjectException.class, () -> MetadataCodec.decode(badVersion));
        }
    }

    @Nested
    class KeyZeroing {
        byte[] salt = new byte[32];
        byte[] prefix = new byte[7];

        @Test
        void keyScheduleCloseZeroesEveryDerivedKey() {
            KeySchedule keys = KeySchedule.derive(SecretBytes.copyOf(DEK), salt);
            SecretBytes content = keys.contentKey();
            SecretBytes meta = keys.metadataKey();
            keys.close();
            assertTrue(content.isDestroyed() && meta.isDestroyed());
            assertArrayEquals(new byte[32], SecretProbe.array(content));
            assertArrayEquals(new byte[32], SecretProbe.array(meta));
        }

        @Test
        void writerZeroesTheContentKeyOnClose() throws IOException {
            KeySchedule keys = KeySchedule.derive(SecretBytes.copyOf(DEK), salt);
            SegmentWriter w = new SegmentWriter(new Sink(), new byte[0],
                    new SegmentCipher(keys.contentKey(), prefix, new byte[64]), keys.contentKey(), S, -1, false);
            w.write(plaintext(S + 1));
            assertFalse(keys.contentKey().isDestroyed());
            w.close();
            assertArrayEquals(new byte[32], SecretProbe.array(keys.contentKey()));
        }

        @Test
        void writerZeroesTheContentKeyAndHeldPlaintextWhenTheSinkFails() throws IOException {
            KeySchedule keys = KeySchedule.derive(SecretBytes.copyOf(DEK), salt);
            OutputStream failing = new OutputStream() {
                private int bytes;

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    bytes += len;
                    if (bytes > 2 * S) {
                        throw new IOException("store connection reset");
                    }
                }
            };
            SegmentWriter w = new SegmentWriter(failing, new byte[0],
                    new SegmentCipher(keys.contentKey(), prefix, new byte[64]), keys.contentKey(), S, -1, false);
            w.write(plaintext(S / 2));   // a partial segment held in the writer's buffer
            assertThrows(IOException.class, () -> w.write(plaintext(4 * S)));
            assertArrayEquals(new byte[32], SecretProbe.array(keys.contentKey()));
            assertArrayEquals(new byte[S], heldPlaintext(w));
            assertThrows(InvalidInputException.class, () -> w.write(plaintext(1)));
        }

        @Test
        void writerZeroesTheContentKeyWhenTheDeclaredLengthIsNotMet() throws IOException {
            KeySchedule keys = KeySchedule.derive(SecretBytes.copyOf(DEK), salt);
            SegmentWriter w = new SegmentWriter(new Sink(), new byte[0],
                    new SegmentCipher(keys.contentKey(), prefix, new byte[64]), keys.contentKey(), S, 3L * S, false);
            w.write(plaintext(S + 7));
            assertThrows(InvalidInputException.class, w::close);
            assertArrayEquals(new byte[32], SecretProbe.array(keys.contentKey()));
            assertArrayEquals(new byte[S], heldPlaintext(w));
        }

        private byte[] heldPlaintext(SegmentWriter w) {
            try {
                java.lang.reflect.Field f = SegmentWriter.class.getDeclaredField("plain");
                f.setAccessible(true);
                return (byte[]) f.get(w);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("SegmentWriter no longer holds a 'plain' buffer", e);
            }
        }

        @Test
        void readerZeroesTheContentKeyAtTheEndOnFailureAndOnClose() throws IOException {
            byte[] body = sealedBody(plaintext(2 * S));
            for (int mode = 0; mode < 3; mode++) {
                KeySchedule keys = KeySchedule.derive(SecretBytes.copyOf(DEK), salt);
                byte[] source = mode == 1 ? Cof1Objects.flip(body, 3, 1) : body;
                SegmentReader r = SegmentReader.whole(new ByteArrayInputStream(source),
                        new SegmentCipher(keys.contentKey(), prefix, new byte[64]), keys.contentKey(), S, -1, false);
                switch (mode) {
                    case 0 -> r.readAllBytes();
                    case 1 -> assertThrows(TamperedObjectException.class, r::readAllBytes);
                    default -> r.close();
                }
                assertArrayEquals(new byte[32], SecretProbe.array(keys.contentKey()), "mode " + mode);
            }
        }

        private byte[] sealedBody(byte[] plain) throws IOException {
            Sink sink = new Sink();
            try (KeySchedule keys = KeySchedule.derive(SecretBytes.copyOf(DEK), salt);
                    SegmentWriter w = new SegmentWriter(sink, new byte[0],
                            new SegmentCipher(keys.contentKey(), prefix, new byte[64]), keys.contentKey(), S, -1,
                            false)) {
                w.write(plain);
            }
            return sink.toByteArray();
        }
    }
}
