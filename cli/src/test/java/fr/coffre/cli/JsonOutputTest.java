package fr.coffre.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --json: exactly one JSON document on stdout, for results and for errors; --quiet: no chatter. */
class JsonOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path tmp;
    TestCli cli;

    @BeforeEach
    void cli() {
        cli = new TestCli(tmp).init();
    }

    private static JsonNode parse(CliRun run) throws IOException {
        assertEquals(0, run.code(), run.toString());
        return JSON.readTree(run.out()); // one document: readTree fails on trailing content
    }

    @Test
    void infoJsonIsOneValidDocument() throws IOException {
        JsonNode info = parse(cli.run("info", "--json"));
        assertEquals("default", info.get("vault").asText());
        assertEquals("file", info.get("store").get("provider").asText());
        assertEquals("keystore", info.get("custody").get("scheme").asText());
        assertEquals("FR", info.get("custody").get("jurisdiction").asText());
        assertEquals("keystore:coffre-master#1", info.get("masterKey").asText());
        assertEquals("FR", info.get("policy").get("allowedCustodyJurisdictions").get(0).asText());
        assertFalse(info.toString().contains("cli-test-password-not-a-secret"));
    }

    @Test
    void everyCommandsResultIsJson() throws IOException {
        byte[] data = "json data".getBytes(StandardCharsets.UTF_8);
        JsonNode put = parse(cli.run(data, "put", "p/1", "-", "--subject", "s-1", "--json"));
        assertEquals("p/1", put.get("name").asText());
        assertEquals(data.length, put.get("plaintextBytes").asLong());
        assertEquals("p/1", parse(cli.run("ls", "--json")).get("names").get(0).asText());
        JsonNode stat = parse(cli.run("stat", "p/1", "--json"));
        assertEquals(data.length, stat.get("plaintextBytes").asLong());
        assertEquals(put.get("storeName").asText(), stat.get("storeName").asText());
        JsonNode rotate = parse(cli.run("rotate", "--json"));
        assertEquals("keystore:coffre-master#2", rotate.get("masterKey").asText());
        assertEquals(rotate.get("entriesVisited").asInt(), rotate.get("entriesReprotected").asInt());
        assertEquals(1, parse(cli.run("retire", "--json")).get("count").asInt());
        Path out = tmp.resolve("out");
        assertEquals(data.length, parse(cli.run("get", "p/1", out.toString(), "--json")).get("bytes").asLong());
        assertEquals(1, parse(cli.run("shred", "s-1", "--json")).get("destroyedKeyVersions").asInt());
        assertEquals("p/1", parse(cli.run("rm", "p/1", "--json")).get("removed").asText());
        assertTrue(parse(cli.run("mb", "--json")).get("container").isTextual());
        assertTrue(parse(cli.raw("help", "ls", "--json")).get("usage").asText().startsWith("Usage: coffre ls"));
    }

    @Test
    void sizePaddingFromTheConfigurationPadsWhatIsStoredNotWhatIsRead() throws IOException {
        byte[] data = new byte[1000];
        java.util.Arrays.fill(data, (byte) 7);
        JsonNode plain = parse(cli.run(data, "put", "p/plain", "-", "--json"));
        Path yaml = Files.writeString(tmp.resolve("padding.yaml"), "sizePadding: true\n");
        JsonNode padded = parse(cli.run(data, "put", "p/padded", "-", "--subject", "s-9", "--config",
                yaml.toString(), "--json"));
        assertEquals(1000, padded.get("plaintextBytes").asLong());
        assertEquals(24, padded.get("storedBytes").asLong() - plain.get("storedBytes").asLong(),
                "1000 bytes are stored as padme(1000 + 8) = 1024");
        // read without the setting: padded objects read whatever it says
        assertEquals(1000, parse(cli.run("stat", "p/padded", "--json")).get("plaintextBytes").asLong());
        Path out = tmp.resolve("padded.out");
        assertEquals(1000, parse(cli.run("get", "p/padded", out.toString(), "--json")).get("bytes").asLong());
        assertTrue(java.util.Arrays.equals(data, Files.readAllBytes(out)));
        assertEquals(1, parse(cli.run("shred", "s-9", "--json")).get("destroyedKeyVersions").asInt());
        JsonNode shredded = parse(cli.run("stat", "p/padded", "--json"));
        assertTrue(shredded.get("plaintextBytes").isNull(), "its length went with its key: " + shredded);
        assertEquals(padded.get("storedBytes").asLong(), shredded.get("storedBytes").asLong());
        CliRun text = cli.run("stat", "p/padded");
        assertTrue(text.out().contains("unknown: size-padded, its data key destroyed"), text.toString());
    }

    @Test
    void errorsUnderJsonAreAlsoOneDocument() throws IOException {
        CliRun o = cli.run("get", "absent", tmp.resolve("x").toString(), "--json");
        assertEquals(3, o.code(), o.toString());
        JsonNode doc = JSON.readTree(o.out());
        assertEquals(3, doc.get("exitCode").asInt());
        assertTrue(o.err().startsWith("coffre: error: "), o.err());
        CliRun usage = cli.run("ls", "--subject", "x", "--json");
        assertEquals(2, JSON.readTree(usage.out()).get("exitCode").asInt());
        CliRun toStdout = cli.run("get", "absent", "--json");
        assertEquals(2, toStdout.code(), "stdout cannot carry both the content and the JSON document");
    }

    @Test
    void quietDropsInformationButNotData() {
        assertEquals("", cli.run(new byte[] {1}, "put", "q", "-", "--quiet").out());
        assertEquals("q\n", cli.run("ls", "-q").out());
        CliRun rotate = cli.run("rotate");
        assertEquals(0, rotate.code());
        assertEquals(1, rotate.out().lines().count(), rotate.out());
        assertEquals("", rotate.err(), "one count, on stdout only: no progress without a terminal");
    }

    @Test
    void infoShowsTheRegionOfTheStoreUri() throws IOException {
        java.util.List<Path> local;
        try (var files = Files.walk(tmp.resolve("store"))) {
            local = files.toList();
        }
        cli.env.put("COFFRE_S3_ACCESS_KEY", "not-a-real-key");
        cli.env.put("COFFRE_S3_SECRET_KEY", "not-a-real-secret");
        CliRun info = CliRun.of(cli.env, new byte[0], java.util.List.of("info", "--keystore",
                cli.keystore().toString(), "--store", "s3://bucket-a?endpoint=http://127.0.0.1:9&region=eu-west-3"));
        assertEquals(0, info.code(), info.toString());
        assertTrue(info.out().contains("region eu-west-3, data in unknown"), info.out());
        assertFalse(info.out().contains("null"), info.out());
        CliRun ovh = CliRun.of(cli.env, new byte[0], java.util.List.of("info", "--json", "--keystore",
                cli.keystore().toString(), "--store", "ovh://gra/bucket-b"));
        JsonNode store = parse(ovh).get("store");
        assertEquals("gra", store.get("region").asText());
        assertEquals("FR", store.get("regionCountry").asText());
        try (var files = Files.walk(tmp.resolve("store"))) {
            assertEquals(local, files.toList(), "the local store (coffre init's) is not touched");
        }
    }

    @Test
    void credentialsInAStoreUriGetOneClearSentence() {
        CliRun o = cli.raw("ls", "--keystore", cli.keystore().toString(), "--store",
                "s3://AKIA123:hunter2@bucket?endpoint=http://127.0.0.1:9&region=x");
        assertEquals(2, o.code(), o.toString());
        assertEquals("coffre: error: --store: " + StoreLocator.CREDENTIALS_HINT + "\n", o.err());
        assertFalse(o.err().contains("hunter2") || o.err().contains("AKIA123"));
    }
}
