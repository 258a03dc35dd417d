package fr.coffre.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** put -r / get -r: a tree of 200 files in nested directories, byte-exact, in parallel. */
class TreeRoundTripTest {
    @TempDir
    Path tmp;

    private static Map<String, byte[]> tree(Path root) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.put(root.relativize(f).toString(), Files.readAllBytes(f));
            }
        }
        return out;
    }

    @Test
    void twoHundredFilesRoundTripByteExact() throws IOException {
        TestCli cli = new TestCli(tmp).init();
        Path src = tmp.resolve("src");
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            Path f = src.resolve("p" + i % 7).resolve("enc" + i % 3).resolve("r" + i + ".json");
            Files.createDirectories(f.getParent());
            byte[] data = new byte[i == 0 ? 0 : random.nextInt(i % 10 == 0 ? 200_000 : 3_000)];
            random.nextBytes(data);
            Files.write(f, data);
        }
        Files.createSymbolicLink(src.resolve("link-out"), Files.writeString(tmp.resolve("outside.txt"), "not in DIR"));
        CliRun put = cli.run("put", "-r", src.toString(), "tree", "--jobs", "8", "--subject", "pat-1");
        assertEquals(0, put.code(), put.toString());
        assertTrue(put.out().startsWith("stored 200 files ("), put.out());
        assertEquals(200, cli.run("ls", "tree/").out().lines().count());
        assertTrue(cli.run("ls", "tree/").out().lines().allMatch(n -> n.startsWith("tree/p")));

        Path back = tmp.resolve("back");
        CliRun get = cli.run("get", "-r", "tree", back.toString(), "--jobs", "8", "--json");
        assertEquals(0, get.code(), get.toString());
        JsonNode doc = new ObjectMapper().readTree(get.out());
        assertEquals(200, doc.get("files").asInt());

        Map<String, byte[]> expected = tree(src);
        expected.remove("link-out"); // symbolic links are not followed
        Map<String, byte[]> actual = tree(back);
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, bytes) -> assertArrayEquals(bytes, actual.get(name), name));
        try (Stream<Path> files = Files.walk(back)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no temporary left");
        }
    }
}
