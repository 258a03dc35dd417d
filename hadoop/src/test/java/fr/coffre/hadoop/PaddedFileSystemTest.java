package fr.coffre.hadoop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fs.coffre.size-padding=true}: files are stored size-padded (COF1 suite 2), yet Hadoop sees their exact
 * lengths (listings, status, footer reads), which the connector reads authenticated from the objects.
 */
class PaddedFileSystemTest {
    @TempDir
    java.nio.file.Path work;

    @Test
    void lengthsStayExactWhileStoredSizesShowOnlyTheirBucket() throws IOException {
        Configuration conf = FsFixture.conf(work);
        conf.set("fs.coffre.size-padding", "true");
        byte[] a = new byte[200_700];
        byte[] b = new byte[204_700];
        new Random(3).nextBytes(a);
        new Random(4).nextBytes(b);
        try (CoffreFileSystem fs = FsFixture.open(conf)) {
            write(fs, new Path("/cohort/a.parquet"), a);
            write(fs, new Path("/cohort/b.parquet"), b);
            FileStatus[] listed = fs.listStatus(new Path("/cohort"));
            assertEquals(List.of(200_700L, 204_700L), Arrays.stream(listed).map(FileStatus::getLen).toList());
            assertEquals(204_700, fs.getFileStatus(new Path("/cohort/b.parquet")).getLen());
            try (FSDataInputStream in = fs.open(new Path("/cohort/a.parquet"))) {
                byte[] footer = new byte[8];
                in.readFully(a.length - 8, footer);   // as a Parquet reader finds its footer
                assertArrayEquals(Arrays.copyOfRange(a, a.length - 8, a.length), footer);
                assertEquals(-1, in.read(a.length, new byte[1], 0, 1), "no padding byte past the end");
                in.seek(0);
                assertArrayEquals(a, in.readAllBytes());
            }
        }
        List<Long> stored;
        try (Stream<java.nio.file.Path> files = Files.walk(work.resolve("store"))) {
            stored = files.filter(Files::isRegularFile).map(PaddedFileSystemTest::size).filter(s -> s > 100_000)
                    .toList();
        }
        assertEquals(2, stored.size(), stored.toString());
        assertEquals(stored.get(0), stored.get(1), "200,700 and 204,700 bytes are one Padmé bucket: " + stored);
    }

    @Test
    void aSizePaddingThatIsNotTrueOrFalseIsRefused() {
        Configuration conf = FsFixture.conf(work);
        conf.set("fs.coffre.size-padding", "yes");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> FsSettings.of(conf, "v"));
        assertTrue(e.getMessage().contains("fs.coffre.size-padding: must be true or false, was 'yes'"),
                e.getMessage());
    }

    private static void write(CoffreFileSystem fs, Path p, byte[] content) throws IOException {
        try (FSDataOutputStream out = fs.create(p, true)) {
            out.write(content);
        }
    }

    private static long size(java.nio.file.Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
