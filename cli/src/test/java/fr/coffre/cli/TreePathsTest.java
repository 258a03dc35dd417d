package fr.coffre.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreePathsTest {
    @TempDir
    Path tmp;

    @Test
    void namesUnderThePrefixMapUnderTheDirectory() {
        assertEquals(tmp.resolve("a/b.json"), TreePaths.target(tmp, "tree", "tree/a/b.json"));
        assertEquals(tmp.resolve("a/b.json"), TreePaths.target(tmp, "tree/", "tree/a/b.json"));
        assertEquals(tmp.resolve("x"), TreePaths.target(tmp, "", "x"));
        assertEquals("tree/a/b.json", TreePaths.name("tree", tmp, tmp.resolve("a/b.json")));
        assertEquals("a/b.json", TreePaths.name("", tmp, tmp.resolve("a/b.json")));
    }

    @Test
    void namesThatWouldEscapeTheDirectoryAreRefusedWithoutEchoingThem() {
        for (String name : new String[] {"tree/../../etc/passwd", "tree/a/../../../x", "tree/..", "tree/./x",
                "tree//x", "tree/a\\..\\..\\x", "tree/"}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> TreePaths.target(tmp, "tree",
                    name), name);
            assertFalse(e.getMessage().contains("passwd") || e.getMessage().contains(name), e.getMessage());
        }
        assertThrows(InvalidInputException.class, () -> TreePaths.target(tmp, "tree", "treeX/a"));
    }

    @Test
    void aSymbolicLinkLeadingOutOfTheDirectoryIsRefused() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createSymbolicLink(root.resolve("link"), outside);
        Path target = TreePaths.target(root, "", "link/x");
        assertThrows(InvalidInputException.class, () -> TreePaths.createParents(root, target));
        TreePaths.createParents(root, TreePaths.target(root, "", "real/x"));
        assertTrue(Files.isDirectory(root.resolve("real")));
    }
}
