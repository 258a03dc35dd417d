package fr.coffre.store;
import fr.coffre.store.internal.ObjectNames;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The conformance suite every {@link ObjectStore} passes. A subclass provides stores through the abstract hooks;
 * unit tests (local stores) and integration tests (real servers) extend it.
 *
 * <p>Each test class works in its own container for the run ({@link #container()}, created by the suite); each
 * test writes under its own unique name prefix and deletes what it wrote afterwards, so tests never see each other's
 * objects and servers do not fill up.
 */
public abstract class ObjectStoreContract {

    /** Run-unique id: lowercase letters and digits, valid in every provider's container names. */
    protected static final String RUN_ID = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    /** A container nobody creates. */
    protected static final String MISSING_CONTAINER = "coffre-missing-" + RUN_ID;

    private static final AtomicInteger TEST_COUNTER = new AtomicInteger();
    private static final int MIB = 1024 * 1024;

    /** The store under test, on {@link #container()} (created), fresh for each test. */
    protected ObjectStore store;
    /** This test's name prefix, e.g. {@code t7-k3x/}. */
    protected String p;

    /**
     * The container this test class works in for this run: {@code coffre-ct-<run id>-<class name>}, valid for every
     * provider (lowercase letters, digits and hyphens, at most 63 characters).
     */
    protected String container() {
        String cls = getClass().getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        String name = "coffre-ct-" + RUN_ID + "-" + cls;
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    /**
     * Opens a store on {@code container}, which may not exist yet (the suite creates {@link #container()} itself
     * and never creates {@link #MISSING_CONTAINER}). The suite closes what it opens.
     */
    protected abstract ObjectStore openStore(String container);

    /**
     * A store on the existing {@code container} whose credentials are wrong, or {@link BadCredentials#notApplicable}
     * with the reason when the store has no credentials at all (the test then reports itself aborted with that
     * reason rather than passing).
     */
    protected abstract BadCredentials openStoreWithBadCredentials(String container);

    /** Size of the large-object tests, streamed from a generator and never materialised. Default 64 MiB. */
    protected long largeObjectBytes() {
        return 64L * MIB;
    }

    /** What {@link #openStoreWithBadCredentials} returns. */
    public static final class BadCredentials {
        private final ObjectStore store;
        private final String reason;

        private BadCredentials(ObjectStore store, String reason) {
            this.store = store;
            this.reason = reason;
        }

        /** A store that must answer {@link AccessDeniedException}. */
        public static BadCredentials store(ObjectStore store) {
            return new BadCredentials(store, null);
        }

        /** The store takes no credentials; {@code reason} says why. */
        public static BadCredentials notApplicable(String reason) {
            return new BadCredentials(null, reason);
        }
    }

    @BeforeEach
    void openFreshStore() {
        store = openStore(container());
        store.createContainerIfAbsent();
        p = "t" + TEST_COUNTER.incrementAndGet() + "-" + Long.toString(System.nanoTime() & 0xFFFFFF, 36) + "/";
    }

    @AfterEach
    void cleanUpAndClose() {
        if (store == null) {
            return;
        }
        try {
            for (ObjectInfo o : listAll(p)) {
                store.delete(o.name());
            }
        } finally {
            store.close();
        }
    }

    // ---------------------------------------------------------------- helpers

    protected ObjectInfo putBytes(String name, byte[] data) {
        return store.put(name, new ByteArrayInputStream(data), data.length);
    }

    protected static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    protected List<ObjectInfo> listAll(String prefix) {
        List<ObjectInfo> all = new ArrayList<>();
        String token = null;
        do {
            ListPage page = store.list(prefix, token, 1000);
            all.addAll(page.objects());
            token = page.nextToken().orElse(null);
        } while (token != null);
        return all;
    }

    private static byte[] data(long seed, int length) {
        return GeneratedData.bytes(seed, 0, length);
    }

    private void assertStored(String name, long seed, long length) throws IOException {
        try (InputStream in = store.get(name)) {
            assertArrayEquals(GeneratedData.sha256(seed, length), GeneratedData.sha256(in), "content of " + name);
        }
        assertEquals(length, store.stat(name).sizeBytes(), "stat size of " + name);
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- put and get

    @Nested
    class PutAndGet {
        @ParameterizedTest(name = "known length {0} bytes")
        @ValueSource(ints = {0, 1, 2, 4096, 65_537, 1_000_000})
        void knownLength(int length) throws IOException {
            ObjectInfo info = store.put(p + "k", GeneratedData.stream(length, length), length);
            assertEquals(p + "k", info.name());
            assertEquals(length, info.sizeBytes());
            assertStored(p + "k", length, length);
        }

        @ParameterizedTest(name = "unknown length {0} bytes")
        @ValueSource(ints = {0, 1, 2, 4096, 65_537, 1_000_000})
        void unknownLength(int length) throws IOException {
            ObjectInfo info = store.put(p + "u", GeneratedData.stream(length, length), -1);
            assertEquals(length, info.sizeBytes());
            assertStored(p + "u", length, length);
        }

        @Test
        void largeObjectOfKnownLengthIsStreamed() throws IOException {
            long size = largeObjectBytes();
            assertEquals(size, store.put(p + "large", GeneratedData.stream(11, size), size).sizeBytes());
            assertStored(p + "large", 11, size);
        }

        @Test
        void largeObjectOfUnknownLengthIsStreamed() throws IOException {
            long size = largeObjectBytes() + 12_345;
            assertEquals(size, store.put(p + "large-u", GeneratedData.stream(12, size), -1).sizeBytes());
            assertStored(p + "large-u", 12, size);
        }

        @Test
        void streamShorterThanDeclaredLengthIsRejectedAndNotStored() {
            assertThrows(InvalidInputException.class,
                    () -> store.put(p + "short", GeneratedData.stream(1, 100), 101));
            assertFalse(store.exists(p + "short"));
        }

        @Test
        void streamLongerThanDeclaredLengthIsRejectedAndNotStored() {
            assertThrows(InvalidInputException.class,
                    () -> store.put(p + "long", GeneratedData.stream(1, 101), 100));
            assertFalse(store.exists(p + "long"));
        }

        @Test
        void nullDataOrBadLengthIsInvalidInput() {
            assertThrows(InvalidInputException.class, () -> store.put(p + "x", null, 1));
            assertThrows(InvalidInputException.class,
                    () -> store.put(p + "x", new ByteArrayInputStream(new byte[1]), -2));
            assertFalse(store.exists(p + "x"));
        }

        @Test
        void putDoesNotCloseTheCallersStream() throws IOException {
            AtomicInteger closes = new AtomicInteger();
            InputStream in = new ByteArrayInputStream(data(3, 10)) {
                @Override
                public void close() {
                    closes.incrementAndGet();
                }
            };
            store.put(p + "c", in, 10);
            assertEquals(0, closes.get());
            assertArrayEquals(data(3, 10), readAll(store.get(p + "c")));
        }
    }

    // ---------------------------------------------------------------- ranged get

    @Nested
    class RangedGet {
        private static final int SIZE = 300_000;

        @BeforeEach
        void putObject() {
            putBytes(p + "r", data(5, SIZE));
        }

        private void assertRange(long offset, long length, int expectedLength) throws IOException {
            byte[] got = readAll(store.get(p + "r", offset, length));
            assertArrayEquals(GeneratedData.bytes(5, offset, expectedLength), got,
                    "range " + offset + "+" + length);
        }

        @Test
        void start() throws IOException {
            assertRange(0, 1000, 1000);
        }

        @Test
        void middle() throws IOException {
            assertRange(123_457, 65_536, 65_536);
        }

        @Test
        void end() throws IOException {
            assertRange(SIZE - 777, 777, 777);
        }

        @Test
        void lastByte() throws IOException {
            assertRange(SIZE - 1, 1, 1);
        }

        @Test
        void rangeRunningPastTheEndIsClipped() throws IOException {
            assertRange(SIZE - 10, 1000, 10);
            assertRange(0, Long.MAX_VALUE, SIZE);
        }

        @Test
        void offsetAtOrPastTheEndYieldsNothing() throws IOException {
            assertEquals(0, readAll(store.get(p + "r", SIZE, 10)).length);
            assertEquals(0, readAll(store.get(p + "r", SIZE + 1_000_000L, 10)).length);
        }

        @Test
        void zeroLengthYieldsNothing() throws IOException {
            assertEquals(0, readAll(store.get(p + "r", 10, 0)).length);
        }

        @Test
        void zeroLengthOfMissingObjectIsNotFound() {
            assertThrows(ObjectNotFoundException.class, () -> store.get(p + "absent", 0, 0));
        }

        @Test
        void negativeOffsetOrLengthIsInvalidInput() {
            assertThrows(InvalidInputException.class, () -> store.get(p + "r", -1, 10));
            assertThrows(InvalidInputException.class, () -> store.get(p + "r", 0, -1));
        }

        @Test
        void rangeOfLargeObject() throws IOException {
            long size = 24L * MIB + 3;
            store.put(p + "big", GeneratedData.stream(6, size), size);
            long offset = 17L * MIB - 5;
            byte[] got = readAll(store.get(p + "big", offset, 70_000));
            assertArrayEquals(GeneratedData.bytes(6, offset, 70_000), got);
        }
    }

    // ---------------------------------------------------------------- stat and exists

    @Nested
    class StatAndExists {
        @Test
        void statGivesNameAndSize() {
            putBytes(p + "s", data(1, 4321));
            ObjectInfo info = store.stat(p + "s");
            assertEquals(p + "s", info.name());
            assertEquals(4321, info.sizeBytes());
        }

        @Test
        void statOfEmptyObject() {
            putBytes(p + "e", new byte[0]);
            assertEquals(0, store.stat(p + "e").sizeBytes());
        }

        @Test
        void existsTellsPresentFromAbsent() {
            putBytes(p + "x", data(1, 3));
            assertTrue(store.exists(p + "x"));
            assertFalse(store.exists(p + "y"));
        }

        @Test
        void aPrefixOfAnObjectIsNotAnObject() {
            putBytes(p + "dir/obj", data(1, 3));
            assertFalse(store.exists(p + "dir"));
            assertThrows(ObjectNotFoundException.class, () -> store.stat(p + "dir"));
            assertThrows(ObjectNotFoundException.class, () -> store.get(p + "dir"));
            assertThrows(ObjectNotFoundException.class, () -> store.get(p + "dir", 0, 10));
            store.delete(p + "dir"); // deleting the non-object loses nothing
            assertTrue(store.exists(p + "dir/obj"));
        }
    }

    @Nested
    class Head {
        @Test
        void givesTheStatAndTheFirstBytesOfLongerAndShorterObjects() {
            byte[] big = data(5, 10_000);
            putBytes(p + "big", big);
            ObjectHead h = store.head(p + "big", 1280);
            assertEquals(p + "big", h.info().name());
            assertEquals(10_000, h.info().sizeBytes());
            assertArrayEquals(java.util.Arrays.copyOf(big, 1280), h.firstBytes());
            byte[] small = data(6, 300);
            putBytes(p + "small", small);
            ObjectHead s = store.head(p + "small", 1280);
            assertEquals(300, s.info().sizeBytes());
            assertArrayEquals(small, s.firstBytes());
        }

        @Test
        void ofAnEmptyObjectIsItsStatAndNoBytes() {
            putBytes(p + "e", new byte[0]);
            ObjectHead h = store.head(p + "e", 64);
            assertEquals(0, h.info().sizeBytes());
            assertEquals(0, h.firstBytes().length);
        }

        @Test
        void ofAMissingObjectIsNotFoundAndABadSizeIsRefused() {
            assertThrows(ObjectNotFoundException.class, () -> store.head(p + "missing", 64));
            putBytes(p + "x", data(1, 3));
            assertThrows(fr.coffre.InvalidInputException.class, () -> store.head(p + "x", 0));
        }
    }

    // ---------------------------------------------------------------- copy

    @Nested
    class Copy {
        @Test
        void givesTheTargetTheSourceBytesAndKeepsTheSource() throws IOException {
            byte[] bytes = data(7, 300_000);
            putBytes(p + "src", bytes);
            store.copy(p + "src", p + "dst");
            assertArrayEquals(bytes, readAll(store.get(p + "dst")));
            assertArrayEquals(bytes, readAll(store.get(p + "src")));
            assertEquals(bytes.length, store.stat(p + "dst").sizeBytes());
        }

        @Test
        void replacesAnObjectAtTheTargetAndCopiesAnEmptyObject() throws IOException {
            putBytes(p + "old", data(8, 5000));
            putBytes(p + "empty", new byte[0]);
            store.copy(p + "empty", p + "old");
            assertEquals(0, readAll(store.get(p + "old")).length);
        }

        @Test
        void ofAMissingSourceIsNotFoundAndWritesNothing() {
            assertThrows(ObjectNotFoundException.class, () -> store.copy(p + "missing", p + "t"));
            assertThrows(ObjectNotFoundException.class, () -> store.stat(p + "t"));
        }

        @Test
        void refusesBadNamesAndTheSameNameBeforeAnyIo() {
            putBytes(p + "x", data(1, 3));
            assertThrows(fr.coffre.InvalidInputException.class, () -> store.copy(p + "x", p + "x"));
            assertThrows(fr.coffre.InvalidInputException.class, () -> store.copy(p + "x", p + "../y"));
            assertThrows(fr.coffre.InvalidInputException.class, () -> store.copy("", p + "y"));
        }
    }

    // ---------------------------------------------------------------- list

    @Nested
    class List_ {
        @Test
        void paginatesInNameOrderWithNothingMissingOrDuplicated() {
            Set<String> expected = new HashSet<>();
            for (int i = 24; i >= 0; i--) { // written out of order
                String name = p + "page/obj-" + String.format(Locale.ROOT, "%02d", i);
                putBytes(name, data(i, i + 1));
                expected.add(name);
            }
            List<String> seen = new ArrayList<>();
            List<Integer> pageSizes = new ArrayList<>();
            String token = null;
            do {
                ListPage page = store.list(p + "page/", token, 10);
                pageSizes.add(page.objects().size());
                for (ObjectInfo o : page.objects()) {
                    seen.add(o.name());
                    int i = Integer.parseInt(o.name().substring(o.name().length() - 2));
                    assertEquals(i + 1, o.sizeBytes(), "listed size of " + o.name());
                }
                token = page.nextToken().orElse(null);
            } while (token != null && pageSizes.size() < 10);
            assertEquals(25, seen.size(), "listed " + seen);
            assertEquals(expected, new HashSet<>(seen));
            List<String> sorted = new ArrayList<>(seen);
            java.util.Collections.sort(sorted);
            assertEquals(sorted, seen, "names must come in lexicographic order");
            assertTrue(pageSizes.stream().allMatch(n -> n <= 10), "page sizes " + pageSizes);
            assertEquals(3, pageSizes.stream().filter(n -> n > 0).count(), "page sizes " + pageSizes);
        }

        @Test
        void prefixSelectsOnlyMatchingNames() {
            putBytes(p + "a/1", data(1, 1));
            putBytes(p + "a/2", data(1, 1));
            putBytes(p + "ab", data(1, 1));
            putBytes(p + "b/1", data(1, 1));
            assertEquals(List.of(p + "a/1", p + "a/2"), names(listAll(p + "a/")));
            assertEquals(List.of(p + "a/1", p + "a/2", p + "ab"), names(listAll(p + "a")));
            assertEquals(List.of(p + "a/1", p + "a/2", p + "ab", p + "b/1"), names(listAll(p)));
        }

        @Test
        void emptyPrefixListsTheWholeContainer() {
            putBytes(p + "whole", data(1, 1));
            List<String> all = names(listAll(""));
            assertTrue(all.contains(p + "whole"), "listing everything must include " + p + "whole");
        }

        @Test
        void noMatchGivesAnEmptyLastPage() {
            ListPage page = store.list(p + "nothing/", null, 10);
            assertEquals(List.of(), page.objects());
            assertEquals(Optional.empty(), page.nextToken());
        }

        @Test
        void exactlyOneFullPageEndsCleanly() {
            for (int i = 0; i < 10; i++) {
                putBytes(p + "ten/" + i, data(i, 1));
            }
            ListPage first = store.list(p + "ten/", null, 10);
            assertEquals(10, first.objects().size());
            if (first.nextToken().isPresent()) {
                ListPage second = store.list(p + "ten/", first.nextToken().get(), 10);
                assertEquals(List.of(), second.objects());
                assertEquals(Optional.empty(), second.nextToken());
            }
        }

        @Test
        void badArgumentsAreInvalidInput() {
            assertThrows(InvalidInputException.class, () -> store.list(p, null, 0));
            assertThrows(InvalidInputException.class, () -> store.list(p, null, 1001));
            assertThrows(InvalidInputException.class, () -> store.list(null, null, 10));
            assertThrows(InvalidInputException.class, () -> store.list("a b", null, 10));
        }

        private List<String> names(List<ObjectInfo> infos) {
            return infos.stream().map(ObjectInfo::name).toList();
        }
    }

    // ---------------------------------------------------------------- delete and overwrite

    @Nested
    class Delete {
        @Test
        void deletedObjectIsGone() {
            putBytes(p + "d", data(1, 10));
            store.delete(p + "d");
            assertFalse(store.exists(p + "d"));
            assertThrows(ObjectNotFoundException.class, () -> store.get(p + "d"));
            assertEquals(List.of(), listAll(p));
        }

        @Test
        void deletingMissingObjectIsNotAnError() {
            store.delete(p + "never-written");
            assertFalse(store.exists(p + "never-written"));
        }

        @Test
        void deleteLeavesSiblingsAlone() {
            putBytes(p + "d/1", data(1, 10));
            putBytes(p + "d/2", data(2, 10));
            store.delete(p + "d/1");
            assertTrue(store.exists(p + "d/2"));
        }
    }

    @Nested
    class Overwrite {
        @Test
        void secondPutReplacesTheFirst() throws IOException {
            putBytes(p + "o", data(1, 5000));
            putBytes(p + "o", data(2, 17));
            assertArrayEquals(data(2, 17), readAll(store.get(p + "o")));
            assertEquals(17, store.stat(p + "o").sizeBytes());
            assertEquals(1, listAll(p).size());
        }

        @Test
        void overwriteWithUnknownLengthAndEmpty() throws IOException {
            putBytes(p + "o", data(1, 5000));
            store.put(p + "o", new ByteArrayInputStream(data(3, 70_000)), -1);
            assertArrayEquals(data(3, 70_000), readAll(store.get(p + "o")));
            store.put(p + "o", InputStream.nullInputStream(), -1);
            assertEquals(0, readAll(store.get(p + "o")).length);
        }
    }

    // ---------------------------------------------------------------- missing things

    @Nested
    class MissingObject {
        @Test
        void getStatAndRangeOfMissingObjectAreNotFound() {
            assertThrows(ObjectNotFoundException.class, () -> store.get(p + "missing"));
            assertThrows(ObjectNotFoundException.class, () -> store.get(p + "missing", 0, 10));
            assertThrows(ObjectNotFoundException.class, () -> store.stat(p + "missing"));
        }

        @Test
        void notFoundMessageNamesTheObjectAndTheStore() {
            ObjectNotFoundException e = assertThrows(ObjectNotFoundException.class,
                    () -> store.stat(p + "missing"));
            assertTrue(e.getMessage().contains(p + "missing"), e.getMessage());
            assertTrue(e.getMessage().contains(store.descriptor().container()), e.getMessage());
        }
    }

    @Nested
    class MissingContainer {
        private ObjectStore missing;

        @BeforeEach
        void open() {
            missing = openStore(MISSING_CONTAINER);
        }

        @AfterEach
        void close() {
            missing.close();
        }

        @Test
        void putIsContainerNotFound() {
            assertThrows(ContainerNotFoundException.class,
                    () -> missing.put("x", new ByteArrayInputStream(new byte[3]), 3));
            assertThrows(ContainerNotFoundException.class,
                    () -> missing.put("x", new ByteArrayInputStream(new byte[3]), -1));
        }

        @Test
        void readsAreContainerNotFound() {
            assertThrows(ContainerNotFoundException.class, () -> missing.get("x"));
            assertThrows(ContainerNotFoundException.class, () -> missing.get("x", 0, 1));
            assertThrows(ContainerNotFoundException.class, () -> missing.stat("x"));
            assertThrows(ContainerNotFoundException.class, () -> missing.exists("x"));
            assertThrows(ContainerNotFoundException.class, () -> missing.head("x", 64));
            assertThrows(ContainerNotFoundException.class, () -> missing.copy("x", "y"));
            assertThrows(ContainerNotFoundException.class, () -> missing.list("", null, 10));
        }

        @Test
        void deleteIsContainerNotFound() {
            assertThrows(ContainerNotFoundException.class, () -> missing.delete("x"));
        }

        @Test
        void messageNamesTheContainer() {
            ContainerNotFoundException e = assertThrows(ContainerNotFoundException.class, () -> missing.stat("x"));
            assertTrue(e.getMessage().contains(MISSING_CONTAINER), e.getMessage());
        }
    }

    @Nested
    class BadCredentialsAreDenied {
        @Test
        void everyOperationIsAccessDenied() {
            BadCredentials bad = openStoreWithBadCredentials(container());
            Assumptions.assumeTrue(bad.store != null, () -> "not applicable: " + bad.reason);
            putBytes(p + "secret", data(1, 10));
            try (ObjectStore denied = bad.store) {
                assertThrows(AccessDeniedException.class,
                        () -> denied.put(p + "x", new ByteArrayInputStream(new byte[3]), 3));
                assertThrows(AccessDeniedException.class, () -> denied.get(p + "secret"));
                assertThrows(AccessDeniedException.class, () -> denied.stat(p + "secret"));
                assertThrows(AccessDeniedException.class, () -> denied.list(p, null, 10));
                assertThrows(AccessDeniedException.class, () -> denied.delete(p + "secret"));
            }
            assertTrue(store.exists(p + "secret"));
            assertFalse(store.exists(p + "x"));
        }
    }

    // ---------------------------------------------------------------- names

    @Nested
    class Names {
        @Test
        void longestNameWithEveryAllowedCharacter() throws IOException {
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._=-";
            StringBuilder name = new StringBuilder(p);
            while (name.length() < ObjectNames.MAX_NAME_LENGTH) {
                int segment = Math.min(ObjectNames.MAX_SEGMENT_LENGTH, ObjectNames.MAX_NAME_LENGTH - name.length());
                if (name.charAt(name.length() - 1) != '/') {
                    name.append('/');
                    segment = Math.min(segment, ObjectNames.MAX_NAME_LENGTH - name.length());
                }
                for (int i = 0; i < segment; i++) {
                    name.append(alphabet.charAt((name.length() + i) % alphabet.length()));
                }
            }
            String n = name.toString();
            assertEquals(ObjectNames.MAX_NAME_LENGTH, n.length());
            putBytes(n, data(9, 99));
            assertArrayEquals(data(9, 99), readAll(store.get(n)));
            assertEquals(List.of(n), listAll(p).stream().map(ObjectInfo::name).toList());
            store.delete(n);
            assertFalse(store.exists(n));
        }

        @Test
        void longestSegment() throws IOException {
            String n = p + "s".repeat(ObjectNames.MAX_SEGMENT_LENGTH);
            putBytes(n, data(9, 9));
            assertArrayEquals(data(9, 9), readAll(store.get(n)));
        }

        @ParameterizedTest(name = "invalid name [{0}]")
        @ValueSource(strings = {"", "/a", "a/", "a//b", "..", "../a", "a/../b", "a/./b", ".", "a b", "caf\u00e9",
            "a\u0000b", "a\\b", "a?b", "a%2Fb", "a*", "x-123e4567-e89b-12d3-a456-426614174000"})
        void invalidNamesAreRejectedByEveryOperation(String bad) {
            String n = bad.isEmpty() ? bad : p + bad;
            if (bad.startsWith("/") || bad.equals(".") || bad.equals("..") || bad.startsWith("../")) {
                n = bad; // must be rejected on its own, not only below the prefix
            }
            String name = n;
            assertThrows(InvalidInputException.class,
                    () -> store.put(name, new ByteArrayInputStream(new byte[1]), 1));
            assertThrows(InvalidInputException.class, () -> store.get(name));
            assertThrows(InvalidInputException.class, () -> store.get(name, 0, 1));
            assertThrows(InvalidInputException.class, () -> store.stat(name));
            assertThrows(InvalidInputException.class, () -> store.delete(name));
        }

        @Test
        void tooLongNameOrSegmentIsRejected() {
            String tooLong = p + "x".repeat(ObjectNames.MAX_NAME_LENGTH);
            assertThrows(InvalidInputException.class, () -> putBytes(tooLong, data(1, 1)));
            String longSegment = p + "x".repeat(ObjectNames.MAX_SEGMENT_LENGTH + 1);
            assertThrows(InvalidInputException.class, () -> putBytes(longSegment, data(1, 1)));
            assertThrows(InvalidInputException.class, () -> store.put(null, InputStream.nullInputStream(), 0));
        }

        @Test
        void invalidNameMessageDoesNotEchoForeignCharacters() {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> store.stat(p + "Jean Dupont \u00e9"));
            assertFalse(e.getMessage().contains("Dupont"), e.getMessage());
        }
    }

    // ---------------------------------------------------------------- concurrency

    @Nested
    class Concurrency {
        @Test
        void concurrentPutsOfDifferentNames() throws Exception {
            int threads = 8;
            int perThread = 4;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Callable<Void>> tasks = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    tasks.add(() -> {
                        for (int i = 0; i < perThread; i++) {
                            int seed = thread * 100 + i;
                            long length = 50_000 + seed;
                            store.put(p + "c/" + seed, GeneratedData.stream(seed, length), i % 2 == 0 ? length : -1);
                        }
                        return null;
                    });
                }
                for (Future<Void> f : pool.invokeAll(tasks)) {
                    f.get();
                }
            } finally {
                pool.shutdown();
                assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES));
            }
            assertEquals(threads * perThread, listAll(p + "c/").size());
            for (int t = 0; t < threads; t++) {
                for (int i = 0; i < perThread; i++) {
                    int seed = t * 100 + i;
                    assertStored(p + "c/" + seed, seed, 50_000 + seed);
                }
            }
        }
    }

    // ---------------------------------------------------------------- failed uploads

    @Nested
    class FailedUploadLeavesNoVisibleObject {
        private void assertCallerFailureReported(Runnable put) {
            StoreException e = assertThrowsExactly(StoreException.class, put::run);
            assertTrue(causedBy(e, GeneratedData.InjectedFailure.class), "cause must be the caller's failure");
        }

        @ParameterizedTest(name = "declared length: {0}")
        @ValueSource(booleans = {true, false})
        void newNameStaysAbsent(boolean known) {
            long length = 300_000;
            assertCallerFailureReported(() -> store.put(p + "f",
                    GeneratedData.failingStream(1, length, 100_000), known ? length : -1));
            assertFalse(store.exists(p + "f"));
            assertEquals(List.of(), listAll(p), "nothing of the failed upload may be listed");
        }

        @ParameterizedTest(name = "declared length: {0}")
        @ValueSource(booleans = {true, false})
        void previousObjectSurvives(boolean known) throws IOException {
            putBytes(p + "f", data(7, 1234));
            long length = 300_000;
            assertCallerFailureReported(() -> store.put(p + "f",
                    GeneratedData.failingStream(8, length, 150_000), known ? length : -1));
            assertArrayEquals(data(7, 1234), readAll(store.get(p + "f")));
            assertEquals(1, listAll(p).size());
        }

        @Test
        void failureAfterSeveralPartsOfUnknownLength() {
            long length = largeObjectBytes();
            assertCallerFailureReported(() -> store.put(p + "big",
                    GeneratedData.failingStream(2, length, length / 2 + 1), -1));
            assertFalse(store.exists(p + "big"));
            assertEquals(List.of(), listAll(p));
        }

        @Test
        void failureAtTheFirstByte() {
            assertCallerFailureReported(() -> store.put(p + "zero", GeneratedData.failingStream(2, 10, 0), 10));
            assertFalse(store.exists(p + "zero"));
        }
    }

    // ---------------------------------------------------------------- descriptor

    @Nested
    class Descriptor {
        @Test
        void namesProviderAndContainer() {
            StoreDescriptor d = store.descriptor();
            assertNotNull(d.provider());
            assertEquals(container(), d.container());
            assertTrue(d.toString().contains(container()), d.toString());
        }
    }
}
