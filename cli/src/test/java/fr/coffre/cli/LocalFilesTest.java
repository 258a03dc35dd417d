package fr.coffre.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFilesTest {
    @TempDir
    Path tmp;

    private long entries() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.count();
        }
    }

    @Test
    void aFailedWriteLeavesNeitherTargetNorTemporaryFile() throws IOException {
        InputStream failing = new InputStream() {
            private int n;

            @Override
            public int read() throws IOException {
                if (n++ > 10_000) {
                    throw new IOException("connection reset");
                }
                return 'x';
            }
        };
        Path target = tmp.resolve("out.json");
        assertThrows(IOException.class, () -> LocalFiles.writeAtomically(target, failing, Progress.NONE));
        assertEquals(0, entries(), "no .part file and no target");
    }

    @Test
    void aSuccessfulWriteReplacesTheTargetAtomically() throws IOException {
        Path target = Files.writeString(tmp.resolve("out.json"), "old");
        assertEquals(3, LocalFiles.writeAtomically(target, new ByteArrayInputStream("new".getBytes()), Progress.NONE));
        assertArrayEquals("new".getBytes(), Files.readAllBytes(target));
        assertEquals(1, entries());
        assertFalse(Files.exists(tmp.resolve("out.json.part")));
    }
}
