package fr.coffre.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local files given on the command line are checked before any store or custody is opened. */
class LocalInputTest {
    @TempDir
    Path tmp;
    TestCli cli;

    @BeforeEach
    void cli() {
        cli = new TestCli(tmp);
    }

    @Test
    void missingInputFileSaysNoSuchFileAndExitsTwo() {
        Path missing = tmp.resolve("absent.json");
        CliRun o = cli.run("put", "p/1", missing.toString());
        assertEquals(2, o.code(), o.toString());
        assertEquals("coffre: error: no such file: " + missing + "\n", o.err());
        assertFalse(Files.exists(cli.store()), "the store was not opened");
    }

    @Test
    void directoryAsInputIsRefusedAndNothingIsWritten() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("records/sub"));
        Files.writeString(dir.resolve("a.json"), "{}");
        CliRun o = cli.run("put", "p/1", tmp.resolve("records").toString());
        assertEquals(2, o.code(), o.toString());
        assertTrue(o.err().startsWith("coffre: error: put: " + tmp.resolve("records") + " is a directory"), o.err());
        assertEquals(1, o.err().lines().count(), "one clear line, no stack trace");
        assertFalse(Files.exists(cli.store()), "nothing written to (or created in) the store");
        assertFalse(Files.exists(cli.keystore()), "custody not opened either");
    }

    @Test
    void getIntoAMissingDirectoryOrOntoADirectoryIsRefusedFirst() throws IOException {
        CliRun o = cli.run("get", "p/1", tmp.resolve("nowhere/out.json").toString());
        assertEquals(2, o.code(), o.toString());
        assertEquals("coffre: error: no such directory: " + tmp.resolve("nowhere") + "\n", o.err());
        Files.createDirectories(tmp.resolve("outdir"));
        CliRun onDir = cli.run("get", "p/1", tmp.resolve("outdir").toString());
        assertEquals(2, onDir.code(), onDir.toString());
        assertFalse(Files.exists(cli.store()));
    }

    @Test
    void putRecursiveNeedsADirectory() throws IOException {
        Path file = Files.writeString(tmp.resolve("f"), "x");
        CliRun o = cli.run("put", "-r", file.toString(), "t");
        assertEquals(2, o.code(), o.toString());
        assertTrue(o.err().contains("is not a directory"), o.err());
        CliRun missing = cli.run("put", "-r", tmp.resolve("nope").toString(), "t");
        assertEquals(2, missing.code());
        assertEquals("coffre: error: no such directory: " + tmp.resolve("nope") + "\n", missing.err());
        assertFalse(Files.exists(cli.store()));
    }
}
