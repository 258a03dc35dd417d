package fr.coffre.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Library logs never reach the terminal unless --debug; SLF4J has a provider (no "no providers" lines). */
class LoggingTest {
    @TempDir
    Path tmp;

    @Test
    void slf4jIsBoundAndSilentWithoutDebug() {
        List<String> vault = List.of("--store", "mem:", "--keystore", tmp.resolve("k/ks.bcfks").toString());
        Map<String, String> env = Map.of(EmbeddedCustody.PASSWORD_ENV, "cli-test-password-not-a-secret");
        assertEquals(0, CliRun.of(env, new byte[0], java.util.stream.Stream.concat(java.util.stream.Stream.of("init"),
                vault.stream()).toList()).code(), "coffre init");
        PrintStream realErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            CliRun ls = CliRun.of(env, new byte[0], java.util.stream.Stream.concat(java.util.stream.Stream.of("ls"),
                    vault.stream()).toList());
            assertEquals(0, ls.code(), ls.toString());
            assertEquals("org.slf4j.jul.JDK14LoggerFactory", LoggerFactory.getILoggerFactory().getClass().getName());
            LoggerFactory.getLogger("software.amazon.awssdk.test").error("library-log-marker");
            java.util.logging.Logger.getLogger("jclouds.test").severe("jul-log-marker");
        } finally {
            System.setErr(realErr);
        }
        String err = captured.toString(StandardCharsets.UTF_8);
        assertFalse(err.contains("library-log-marker") || err.contains("jul-log-marker"), err);
        assertFalse(err.contains("SLF4J"), err);
    }

    @Test
    void debugTurnsLibraryLogsBackOn() {
        Logging.configure(true);
        try {
            assertTrue(java.util.logging.Logger.getLogger("").getHandlers().length > 0);
        } finally {
            Logging.configure(false);
        }
        assertEquals(0, java.util.logging.Logger.getLogger("").getHandlers().length);
    }
}
