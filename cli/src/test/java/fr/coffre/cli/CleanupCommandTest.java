package fr.coffre.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coffre cleanup}: ages, dry run, report, JSON, on a file store with a temporary file a killed put left. */
class CleanupCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path tmp;

    @Test
    void findsReportsAndRemovesLeftoversOlderThanTheAgeGiven() throws Exception {
        TestCli cli = new TestCli(tmp).init();
        byte[] data = "record".getBytes(StandardCharsets.UTF_8);
        assertEquals(0, cli.run(data, "put", "p/1", "-", "--subject", "s-1").code());
        Path left = cli.store().resolve("x-" + UUID.randomUUID());
        Files.write(left, new byte[1234]);
        Files.setLastModifiedTime(left, FileTime.from(Instant.now().minus(Duration.ofMinutes(30))));

        JsonNode none = JSON.readTree(cli.run("cleanup", "--json").out()); // default: 1h
        assertEquals(0, none.get("count").asInt());
        assertEquals(3600, none.get("olderThanSeconds").asLong());

        CliRun dry = cli.run("cleanup", "--older-than", "10m", "--dry-run", "--json");
        assertEquals(0, dry.code(), dry.toString());
        JsonNode report = JSON.readTree(dry.out());
        assertTrue(report.get("dryRun").asBoolean());
        assertEquals(1, report.get("count").asInt());
        assertEquals(1234, report.get("kinds").get("TEMPORARY_FILE").get("bytes").asLong());
        assertEquals(1, report.get("kinds").get("TEMPORARY_FILE").get("count").asInt());
        assertEquals(left.getFileName().toString(), report.get("leftovers").get(0).get("id").asText());
        assertTrue(Files.exists(left), "a dry run removes nothing");

        CliRun removed = cli.run("cleanup", "--older-than", "10m");
        assertEquals(0, removed.code(), removed.toString());
        assertTrue(removed.out().contains("temporary_file"), removed.out());
        assertTrue(removed.out().contains("removed 1 leftover older than PT10M (1234 bytes)"), removed.out());
        assertFalse(Files.exists(left));
        Path out = tmp.resolve("out");
        assertEquals(0, cli.run("get", "p/1", out.toString()).code());
        assertArrayEquals(data, Files.readAllBytes(out));
    }

    @Test
    void anAgeIsZeroOrAWholeNumberWithAUnit() {
        TestCli cli = new TestCli(tmp);
        for (String bad : new String[] {"10", "1w", "-1h", "1.5h", ""}) {
            CliRun run = cli.run("cleanup", "--older-than", bad);
            assertEquals(2, run.code(), bad + ": " + run);
            assertFalse(run.err().isEmpty());
        }
        assertEquals(0, cli.run("cleanup", "--older-than", "0").code());
        assertEquals(Duration.ofDays(2), new CleanupCommand.Age().convert("2d"));
        assertEquals(Duration.ofSeconds(30), new CleanupCommand.Age().convert("30s"));
    }
}
