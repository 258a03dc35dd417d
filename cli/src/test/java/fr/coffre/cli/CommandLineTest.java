package fr.coffre.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing, usage and help: picocli, options scoped to their commands, '--', --version. */
class CommandLineTest {
    @TempDir
    Path tmp;
    TestCli cli;

    @BeforeEach
    void cli() {
        cli = new TestCli(tmp);
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void anOptionTheCommandDoesNotTakeIsAUsageErrorNamingIt() {
        CliRun ls = cli.run("ls", "--subject", "x");
        assertEquals(2, ls.code(), ls.toString());
        assertTrue(ls.err().contains("'--subject'"), ls.err());
        assertEquals("", ls.out());
        assertFalse(Files.exists(cli.store()), "nothing opened");
        CliRun rotate = cli.run("rotate", "--content-type", "text/plain");
        assertEquals(2, rotate.code(), rotate.toString());
        assertTrue(rotate.err().contains("'--content-type'"), rotate.err());
    }

    @Test
    void theUsageHintIsPrintedOnce() {
        CliRun o = cli.run("ls", "--bogus");
        assertEquals(2, o.code());
        assertEquals(1, count(o.err(), "(see: coffre help"), o.err());
        assertEquals(1, count(o.err(), "coffre: error:"), o.err());
        CliRun unknown = cli.raw("frobnicate");
        assertEquals(2, unknown.code());
        assertEquals("coffre: error: unknown command 'frobnicate' (see: coffre help)\n", unknown.err());
    }

    @Test
    void versionIsTheProjectVersion() {
        CliRun v = cli.raw("--version");
        assertEquals(0, v.code(), v.toString());
        assertTrue(v.out().matches("coffre \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\n"), v.out());
        assertEquals(v.out(), cli.raw("put", "--version").out());
    }

    @Test
    void helpOfOneCommandIsOnlyThatCommand() {
        CliRun help = cli.raw("help", "put");
        CliRun dashHelp = cli.raw("put", "--help");
        assertEquals(0, help.code());
        assertEquals(0, dashHelp.code());
        assertEquals(help.out(), dashHelp.out());
        assertTrue(help.out().startsWith("Usage: coffre put "), help.out());
        assertTrue(help.out().contains("--subject"), help.out());
        assertFalse(help.out().contains("rotate") || help.out().contains("exit codes"), help.out());
        assertEquals(2, cli.raw("help", "nope").code());
    }

    @Test
    void doubleDashEndsTheOptionsAndIsNeverAFileName() throws IOException {
        CliRun missing = CliRun.of(cli.env, new byte[0], List.of("put", "--store", "file://" + cli.store(),
                "--keystore", cli.keystore().toString(), "x", "--"));
        assertEquals(2, missing.code(), missing.toString());
        assertTrue(missing.err().contains("Missing required parameter"), missing.err());
        assertFalse(Files.exists(Path.of("--")), "no file named --");

        cli.init();
        Path file = Files.writeString(tmp.resolve("--weird"), "dash data");
        List<String> args = List.of("put", "--store", "file://" + cli.store(), "--keystore", cli.keystore().toString(),
                "--", "--name", file.toString());
        CliRun put = CliRun.of(cli.env, new byte[0], args);
        assertEquals(0, put.code(), put.toString());
        assertEquals("--name\n", cli.run("ls").out());
    }

    @Test
    void storeOptionsWorkBeforeTheCommandNameToo() {
        cli.init();
        byte[] data = "before the command".getBytes(StandardCharsets.UTF_8);
        CliRun put = CliRun.of(cli.env, data, List.of("--store", "file://" + cli.store(), "--keystore",
                cli.keystore().toString(), "put", "p", "-"));
        assertEquals(0, put.code(), put.toString());
        assertArrayEquals(data, cli.run("get", "p").raw());
    }

    @Test
    void badJobsIsAUsageError() {
        CliRun o = cli.run("put", "-r", tmp.toString(), "t", "--jobs", "0");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("--jobs: must be 1 to 64"), o.err());
    }
}
