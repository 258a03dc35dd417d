package fr.coffre.store.jclouds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.store.ObjectStore;
import fr.coffre.store.internal.ObjectNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A put into a filesystem store interrupted by the JVM's shutdown (SIGTERM, as Ctrl-C or a service stop sends):
 * a child JVM streams an endless object into the store, the test stops it mid-upload, and nothing of the upload may
 * remain (no temporary file, no directory).
 */
class FilesystemShutdownTest {

    @TempDir
    Path base;

    /** The child: opens the store, puts an endless stream under {@code big/obj}, says when it is writing. */
    public static void main(String[] args) {
        ObjectStore store = JcloudsStores.filesystem(Path.of(args[0]), "data");
        store.createContainerIfAbsent();
        store.put("big/obj", new InputStream() {
            private long sent;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                sent += len;
                if (sent > 4 * 1024 * 1024) {
                    System.out.println("WRITING");
                    System.out.flush();
                    try {
                        Thread.sleep(Long.MAX_VALUE); // until the JVM is stopped
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return len;
            }
        }, -1);
    }

    @Test
    void aPutInterruptedByShutdownLeavesNoTemporaryFileNorDirectory() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), FilesystemShutdownTest.class.getName(), base.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("WRITING")) {
                // jclouds' start-up lines
            }
            assertEquals("WRITING", line, "the child never started writing");
            Path dir = base.resolve("data");
            assertEquals(1, temporaryFiles(dir).size(), "the put is in flight, into its temporary file");
            child.destroy(); // SIGTERM: shutdown hooks run
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not stop");
            try (Stream<Path> all = Files.walk(dir)) {
                assertEquals(List.of(dir), all.toList(), "nothing of the interrupted put may remain");
            }
        } finally {
            child.destroyForcibly();
        }
    }

    private static List<Path> temporaryFiles(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(f -> ObjectNames.isReserved(f.getFileName().toString())).toList();
        }
    }
}
