package fr.coffre.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Behaviour specific to the filesystem store, beyond the conformance suite. */
class FilesystemStoreTest {

    @TempDir
    Path tmp;
    private Path dir;
    private ObjectStore store;

    @BeforeEach
    void open() {
        dir = tmp.resolve("data");
        store = ObjectStores.filesystem(dir);
        store.createContainerIfAbsent();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void put(String name, byte[] data) {
        store.put(name, new ByteArrayInputStream(data), data.length);
    }

    @Test
    void pathTraversalNamesNeverReachTheFilesystem() {
        for (String attack : List.of("../outside", "a/../../outside", "/etc/passwd", "a/./b")) {
            assertThrows(InvalidInputException.class, () -> put(attack, new byte[] {1}));
        }
        assertFalse(Files.exists(tmp.resolve("outside")));
    }

    @Test
    void nameThatIsADirectoryOfObjectsCannotHoldAnObject() {
        put("a/b", new byte[] {1});
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> put("a", new byte[] {2}));
        assertTrue(e.getMessage().contains("is a directory of other objects"), e.getMessage());
        assertFalse(store.exists("a"));
    }

    @Test
    void nameBelowAnObjectIsRejected() {
        put("a", new byte[] {1});
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> put("a/b", new byte[] {2}));
        assertTrue(e.getMessage().contains("lies below an existing object 'a'"), e.getMessage());
        assertEquals(1, store.stat("a").sizeBytes());
    }

    @Test
    void leftoverInFlightFilesAreNeverListedNorReadable() throws IOException {
        put("x", new byte[] {1});
        String tmpName = "x-123e4567-e89b-12d3-a456-426614174000";
        Files.write(dir.resolve(tmpName), new byte[] {9, 9}); // as left by a crash mid-upload
        assertEquals(List.of("x"), store.list("", null, 100).objects().stream().map(ObjectInfo::name).toList());
        assertThrows(InvalidInputException.class, () -> store.get(tmpName));
    }

    @Test
    void failedUploadLeavesNoTemporaryFile() throws IOException {
        assertThrows(StoreException.class,
                () -> store.put("f", GeneratedData.failingStream(1, 1_000_000, 500_000), -1));
        try (Stream<Path> files = Files.walk(dir)) {
            assertEquals(List.of(dir), files.toList(), "nothing may remain after a failed upload");
        }
    }

    @Test
    void deletingTheLastObjectOfADirectoryRemovesTheEmptyDirectory() throws IOException {
        put("p/q/r", new byte[] {1});
        store.delete("p/q/r");
        assertFalse(Files.exists(dir.resolve("p")));
        put("p", new byte[] {3}); // the name is usable again
        assertArrayEquals(new byte[] {3}, store.get("p").readAllBytes());
    }

    private List<Path> everythingUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.sorted().toList();
        }
    }

    @ParameterizedTest(name = "declared length: {0}")
    @ValueSource(booleans = {true, false})
    void failedPutLeavesNoTemporaryFileNoDirectoryAndNoObject(boolean known) throws IOException {
        long length = 1_000_000;
        StoreException e = assertThrowsExactly(StoreException.class, () -> store.put("p/q/f",
                GeneratedData.failingStream(1, length, 500_000), known ? length : -1));
        assertInstanceOf(GeneratedData.InjectedFailure.class, e.getCause(), "the caller's failure is reported");
        assertEquals(List.of(dir), everythingUnder(dir), "nothing may remain after a failed upload");
        assertFalse(store.exists("p/q/f"));
        assertEquals(List.of(), store.list("", null, 100).objects());
    }

    @Test
    void failedPutKeepsDirectoriesThatHoldOtherObjects() throws IOException {
        put("p/keep", new byte[] {1});
        assertThrowsExactly(StoreException.class,
                () -> store.put("p/q/r/f", GeneratedData.failingStream(1, 100_000, 50_000), -1));
        assertEquals(List.of(dir, dir.resolve("p"), dir.resolve("p/keep")), everythingUnder(dir));
        assertArrayEquals(new byte[] {1}, store.get("p/keep").readAllBytes());
    }

    @Test
    void aDirectoryGivenAsInputLeavesNoDirectoryNorObject() throws IOException {
        Path input = Files.createDirectories(tmp.resolve("input-dir"));
        Files.write(input.resolve("inside"), new byte[] {1, 2, 3});
        try (InputStream in = Files.newInputStream(input)) {
            StoreException e = assertThrowsExactly(StoreException.class, () -> store.put("patients/p1/x", in, -1));
            assertTrue(e.getMessage().contains("reading the data to upload failed"), e.getMessage());
        }
        assertEquals(List.of(dir), everythingUnder(dir), "a failed put never leaves a directory or an object");
        assertFalse(store.exists("patients/p1/x"));
    }

    @Test
    void staleTemporaryFilesAreSweptWhenTheStoreOpensAndFreshOnesAreKept() throws IOException {
        put("keep", new byte[] {7});
        Path stale = dir.resolve("a/b/x-123e4567-e89b-12d3-a456-426614174000");
        Path staleTop = dir.resolve("y-123e4567-e89b-12d3-a456-426614174001");
        Path fresh = dir.resolve("c/z-123e4567-e89b-12d3-a456-426614174002");
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(1)).minus(Duration.ofMinutes(5)));
        for (Path f : List.of(stale, staleTop, fresh)) {
            Files.createDirectories(f.getParent());
            Files.write(f, new byte[] {9, 9});
        }
        Files.setLastModifiedTime(stale, old);
        Files.setLastModifiedTime(staleTop, old);
        Files.setLastModifiedTime(fresh, FileTime.from(Instant.now().minus(Duration.ofMinutes(50))));
        Files.setLastModifiedTime(dir.resolve("keep"), old); // an old object is not an upload
        store.close();
        store = ObjectStores.filesystem(dir);
        assertFalse(Files.exists(stale));
        assertFalse(Files.exists(staleTop));
        assertFalse(Files.exists(dir.resolve("a")), "directories left empty by the sweep are removed");
        assertTrue(Files.exists(fresh), "a temporary file younger than an hour may be a put in flight");
        assertArrayEquals(new byte[] {7}, store.get("keep").readAllBytes());
    }
}
