package fr.coffre.core;
import fr.coffre.crypto.DecryptedObject;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import fr.coffre.crypto.SealedMetadata;
import fr.coffre.store.GeneratedData;
import fr.coffre.store.ObjectNotFoundException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the Coffre facade does on any conforming store: round trips, ranges, listing, overwrite, delete, failed writes. */
public abstract class CoffreContract extends CoffreFixture {
    private static final long MIB = 1024 * 1024;

    @Nested
    class RoundTrips {
        @ParameterizedTest
        @ValueSource(ints = {0, 1, SEG - 1, SEG, SEG + 1, 2 * SEG, 3 * SEG + 17})
        void sizesAroundSegmentBoundariesWithUnknownLength(int size) throws IOException {
            byte[] data = GeneratedData.bytes(size, 0, size);
            ObjectStat stat = put("o/size-" + size, data);
            assertEquals(size, stat.plaintextLengthBytes());
            assertArrayEquals(data, read("o/size-" + size));
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 1, SEG, 2 * SEG + 5})
        void sizesWithDeclaredLengthUploadExactCiphertextLength(int size) throws IOException {
            byte[] data = GeneratedData.bytes(size, 7, size);
            ObjectStat stat = put("o/known", data, PutOptions.builder().plaintextLengthBytes(size).build());
            assertEquals(store.stat(stat.storeName()).sizeBytes(), stat.storedSizeBytes());
            assertArrayEquals(data, read("o/known"));
            assertEquals(size, coffre.get("o/known").metadata().plaintextLengthBytes().getAsLong());
        }

        @Test
        void largeObjectStreamsThroughWithoutMaterialising() throws IOException {
            long size = 64 * MIB + 3;
            coffre.put("big/blob", GeneratedData.stream(42, size), PutOptions.defaults());
            try (DecryptedObject o = coffre.get("big/blob")) {
                assertArrayEquals(GeneratedData.sha256(42, size), GeneratedData.sha256(o.content()));
            }
            assertEquals(size, coffre.stat("big/blob").plaintextLengthBytes());
        }

        @Test
        void sealedMetadataComesBackAuthenticated() throws IOException {
            PutOptions options = PutOptions.builder().contentType("application/fhir+json")
                    .metadata("encounter", "E-12").metadata("author", "Dr Hélène").subject("patient-1")
                    .plaintextLengthBytes(3).build();
            put("m/1", new byte[] {1, 2, 3}, options);
            try (DecryptedObject o = coffre.get("m/1")) {
                SealedMetadata md = o.metadata();
                assertEquals("application/fhir+json", md.contentType());
                assertEquals("Dr Hélène", md.user().get("author"));
                assertEquals("E-12", md.user().get("encounter"));
                assertEquals(3, md.plaintextLengthBytes().getAsLong());
                assertArrayEquals(new byte[] {1, 2, 3}, o.readAllBytes());
            }
        }

        @Test
        void overwriteReplacesAndDeleteRemoves() throws IOException {
            put("a/b", new byte[] {1});
            put("a/b", new byte[] {2, 2});
            assertArrayEquals(new byte[] {2, 2}, read("a/b"));
            assertTrue(coffre.exists("a/b"));
            coffre.delete("a/b");
            assertFalse(coffre.exists("a/b"));
            assertThrows(ObjectNotFoundException.class, () -> coffre.get("a/b"));
            assertThrows(ObjectNotFoundException.class, () -> coffre.stat("a/b"));
            coffre.delete("a/b");
        }

        @Test
        void statReportsSizesAndPseudonymousKey() {
            ObjectStat put = put("s/1", new byte[5000], subject("patient-9"));
            ObjectStat stat = coffre.stat("s/1");
            assertEquals(5000, stat.plaintextLengthBytes());
            assertEquals(put.storedSizeBytes(), stat.storedSizeBytes());
            assertEquals(put.dataKey(), stat.dataKey());
            assertEquals(coffre.storeName("s/1"), stat.storeName());
            assertTrue(stat.dataKey().keyId().startsWith("s1-"));
        }
    }

    @Nested
    class Ranges {
        private final int size = 3 * SEG + 100;

        @Test
        void rangesAtSegmentBoundariesMatchThePlaintext() throws IOException {
            coffre.put("r/1", GeneratedData.stream(5, size), PutOptions.defaults());
            long[][] ranges = {{0, 1}, {0, SEG}, {SEG - 1, 2}, {SEG, SEG}, {SEG + 1, SEG}, {2 * SEG - 3, SEG + 6},
                    {3 * SEG, 100}, {size - 1, 1}, {0, size}, {size, 0}, {17, 0}};
            for (long[] r : ranges) {
                try (DecryptedObject o = coffre.get("r/1", r[0], r[1])) {
                    assertArrayEquals(GeneratedData.bytes(5, r[0], (int) r[1]), o.readAllBytes(),
                            "range " + r[0] + "+" + r[1]);
                }
            }
        }

        @Test
        void rangePastTheEndIsClipped() throws IOException {
            coffre.put("r/2", GeneratedData.stream(6, size), PutOptions.defaults());
            try (DecryptedObject o = coffre.get("r/2", size - 10, 1000)) {
                assertArrayEquals(GeneratedData.bytes(6, size - 10, 10), o.readAllBytes());
            }
        }

        @Test
        void invalidRangesAreRejected() {
            coffre.put("r/3", GeneratedData.stream(6, 10), PutOptions.defaults());
            assertThrows(InvalidInputException.class, () -> coffre.get("r/3", 11, 1));
            assertThrows(InvalidInputException.class, () -> coffre.get("r/3", -1, 1));
            assertThrows(InvalidInputException.class, () -> coffre.get("r/3", 0, -1));
        }

        @Test
        void rangedReadFetchesOnlyTheNeededSegments() throws IOException {
            long big = 256L * SEG;
            coffre.put("r/big", GeneratedData.stream(8, big), PutOptions.builder().metadata("k", "v").build());
            RecordingStore recording = new RecordingStore(store);
            try (Coffre viaRecorder = coffre("vault-a", recording)) {
                assertFalse(viaRecorder.markStore(), "the put above marked the store");
                recording.bytesDelivered.set(0);   // the vault-marker check: once per Coffre, not per read
                recording.gets.set(0);
                try (DecryptedObject o = viaRecorder.get("r/big", 100L * SEG + 10, 20)) {
                    assertArrayEquals(GeneratedData.bytes(8, 100L * SEG + 10, 20), o.readAllBytes());
                    assertEquals("v", o.metadata().user().get("k"));
                }
            }
            // a padded object whose length was not declared: one more fetch, of the final segment (its length trailer)
            int trailer = sizePadding() ? SEG + 16 : 0;
            assertTrue(recording.bytesDelivered.get() <= 4096 + SEG + 16 + trailer,
                    "fetched " + recording.bytesDelivered.get() + " bytes for a 20-byte range");
            assertEquals(sizePadding() ? 3 : 2, recording.gets.get(), "one prefix fetch and one segment fetch"
                    + (sizePadding() ? ", and one trailer fetch" : ""));
        }
    }

    @Nested
    class Listing {
        private final List<String> names = List.of("p/alice/1", "p/alice/2", "p/bob/1", "q/x", "pa", "p/alice2/z");

        private Set<String> list(String prefix) {
            return coffre.list(prefix).collect(Collectors.toCollection(TreeSet::new));
        }

        @Test
        void prefixesSelectWholeAndPartialSegments() {
            names.forEach(n -> put(n, new byte[] {1}));
            assertEquals(new TreeSet<>(names), list(""));
            assertEquals(Set.of("p/alice/1", "p/alice/2", "p/bob/1", "p/alice2/z"), list("p/"));
            assertEquals(Set.of("p/alice/1", "p/alice/2"), list("p/alice/"));
            assertEquals(Set.of("p/alice/1", "p/alice/2", "p/alice2/z"), list("p/al"));
            assertEquals(Set.of("q/x"), list("q"));
            assertEquals(Set.of("p/alice/1", "p/alice/2", "p/bob/1", "pa", "p/alice2/z"), list("p"));
            assertEquals(Set.of(), list("zzz/"));
        }

        @Test
        void pagesCoverEveryNameExactlyOnce() {
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < 25; i++) {
                put("page/" + i, new byte[] {(byte) i});
                expected.add("page/" + i);
            }
            List<String> seen = new ArrayList<>();
            String token = null;
            int pages = 0;
            do {
                NamePage page = coffre.list("page/", token, 7);
                seen.addAll(page.names());
                token = page.nextToken().orElse(null);
                pages++;
            } while (token != null);
            assertEquals(25, seen.size());
            assertEquals(expected, new HashSet<>(seen));
            assertTrue(pages >= 4);
        }

        @Test
        void foreignStoreNamesAreSkippedAndCounted() {
            put("mine", new byte[] {1});
            store.put("readme.txt", new ByteArrayInputStream(new byte[] {1}), 1);
            NamePage page = coffre.list("", null, 100);
            assertEquals(List.of("mine"), page.names());
            assertEquals(1, page.skippedForeignNames());
        }

        @Test
        void otherVaultsNamesAreNotListed() {
            put("mine", new byte[] {1});
            try (Coffre other = coffre("vault-b", store)) {
                other.put("theirs", new ByteArrayInputStream(new byte[] {2}), PutOptions.defaults());
                assertEquals(List.of("theirs"), other.list("").toList());
            }
            assertEquals(List.of("mine"), coffre.list("").toList());
        }
    }

    /** A committer's move (StagedNames): the ciphertext is copied, never re-encrypted. */
    @Nested
    class CopyStaged {
        private static final String ATTEMPT = "out/_temporary/0/_temporary/attempt_202612031200_0001_m_000003_0/p-3";
        private static final String TASK = "out/_temporary/0/task_202612031200_0001_m_000003/p-3";

        @Test
        void commitsAStagedObjectThroughATaskToItsDestinationByteForByte() throws IOException {
            byte[] data = GeneratedData.bytes(21, 0, 3 * SEG + 5);
            put(ATTEMPT, data);
            byte[] ciphertext = readAll(store.get(coffre.storeName(ATTEMPT)));
            coffre.copyStaged(ATTEMPT, TASK);
            coffre.copyStaged(TASK, "out/p-3");
            assertArrayEquals(data, read("out/p-3"));
            assertArrayEquals(data, read(ATTEMPT), "the source stays");
            assertArrayEquals(ciphertext, readAll(store.get(coffre.storeName("out/p-3"))), "copied, not re-encrypted");
            assertEquals(data.length, coffre.stat("out/p-3").plaintextLengthBytes());
        }

        @Test
        void replacesAnObjectAtTheDestination() throws IOException {
            put("out/p-3", new byte[] {1, 2});
            put(ATTEMPT, new byte[] {3});
            coffre.copyStaged(ATTEMPT, "out/p-3");
            assertArrayEquals(new byte[] {3}, read("out/p-3"));
        }

        @Test
        void refusesNamesOfAnotherDestinationAndWritesNothing() {
            put(ATTEMPT, new byte[] {3});
            put("out/p-4", new byte[] {4});
            for (String other : List.of("out/p-4", "elsewhere/p-3", "out/_temporary/0/task_1/p-4", "p-3")) {
                assertThrows(InvalidInputException.class, () -> coffre.copyStaged(ATTEMPT, other), other);
            }
            for (String other : List.of("out/p-3", "elsewhere/p-4", TASK)) {
                assertThrows(InvalidInputException.class, () -> coffre.copyStaged("out/p-4", other), other);
            }
            assertFalse(coffre.exists("out/p-3"));
            assertFalse(coffre.exists(TASK));
            assertFalse(coffre.exists("elsewhere/p-3"));
            assertFalse(coffre.exists("p-3"));
        }

        @Test
        void ofAMissingSourceIsNotFoundAndWritesNothing() {
            assertThrows(ObjectNotFoundException.class, () -> coffre.copyStaged(ATTEMPT, "out/p-3"));
            assertFalse(coffre.exists("out/p-3"));
        }
    }

    @Nested
    class FailedWrites {
        @Test
        void sourceFailureMidwayKeepsThePreviousObject() throws IOException {
            put("f/1", new byte[] {9, 9});
            InputStream failing = GeneratedData.failingStream(1, 10 * SEG, 5 * SEG);
            assertThrows(EncryptingSource.SourceFailure.class, () -> coffre.put("f/1", failing, PutOptions.defaults()));
            assertArrayEquals(new byte[] {9, 9}, read("f/1"));
        }

        @Test
        void sourceFailureOnNewNameLeavesNothing() {
            InputStream failing = GeneratedData.failingStream(1, 10 * SEG, 3 * SEG + 1);
            assertThrows(EncryptingSource.SourceFailure.class, () -> coffre.put("f/new", failing, PutOptions.defaults()));
            assertFalse(coffre.exists("f/new"));
        }

        @ParameterizedTest
        @ValueSource(ints = {99, 101, 0, 5000})
        void declaredLengthMismatchIsRefusedAndKeepsThePreviousObject(int actual) throws IOException {
            put("f/2", new byte[] {7});
            PutOptions declared100 = PutOptions.builder().plaintextLengthBytes(100).build();
            assertThrows(InvalidInputException.class,
                    () -> coffre.put("f/2", new ByteArrayInputStream(new byte[actual]), declared100));
            assertArrayEquals(new byte[] {7}, read("f/2"));
        }

        @Test
        void extraBytesArrivingInALaterReadAreRefused() throws IOException {
            put("f/3", new byte[] {7});
            InputStream exactThenOneMore = new java.io.SequenceInputStream(new ByteArrayInputStream(new byte[100]),
                    new ByteArrayInputStream(new byte[1]));
            PutOptions declared100 = PutOptions.builder().plaintextLengthBytes(100).build();
            assertThrows(InvalidInputException.class, () -> coffre.put("f/3", exactThenOneMore, declared100));
            assertArrayEquals(new byte[] {7}, read("f/3"));
        }

        @Test
        void invalidNameStoresNothing() {
            assertThrows(InvalidInputException.class, () -> put("a//b", new byte[] {1}));
            assertEquals(0, snapshot(store).size());
        }
    }
}
