package fr.coffre.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
