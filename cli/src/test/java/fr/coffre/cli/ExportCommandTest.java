package fr.coffre.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coffre export}: a subject's records back in plaintext, the sealed manifest verifies, tampering is caught. */
class ExportCommandTest {
    @TempDir
    Path tmp;

    @Test
    void roundTripThenTamperedManifestIsDetected() throws Exception {
        TestCli cli = new TestCli(tmp).init();
        byte[] fhir = "{\"resourceType\":\"Patient\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(0, cli.run(fhir, "put", "p/a/Patient.json", "-", "--subject", "s-a").code());
        assertEquals(0, cli.run(fhir, "put", "p/b/Patient.json", "-", "--subject", "s-b").code());
        Path out = tmp.resolve("export");
        CliRun export = cli.run("export", "--to", out.toString(), "--subject", "s-a", "--json");
        assertEquals(0, export.code(), export.toString());
        assertEquals(1, new ObjectMapper().readTree(export.out()).get("files").asInt());
        assertEquals(new String(fhir, StandardCharsets.UTF_8), Files.readString(out.resolve("p/a/Patient.json")));
        assertFalse(Files.exists(out.resolve("p/b/Patient.json")));
        CliRun ok = cli.run("export", "--verify", "--to", out.toString(), "--json");
        assertEquals(0, ok.code(), ok.toString());
        assertTrue(new ObjectMapper().readTree(ok.out()).get("ok").asBoolean());
        Path manifest = out.resolve("coffre-export-manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("p/a/Patient.json", "p/a/Patient.jso0"));
        CliRun bad = cli.run("export", "--verify", "--to", out.toString(), "--json");
        assertEquals(ExitCodes.TAMPERED, bad.code(), bad.toString());
        JsonNode doc = new ObjectMapper().readTree(bad.out());
        assertFalse(doc.get("sealValid").asBoolean());
        assertEquals(2, cli.run("export", "--to", tmp.resolve("x").toString(), "--subject", "s", "--prefix", "p")
                .code());
    }
}
