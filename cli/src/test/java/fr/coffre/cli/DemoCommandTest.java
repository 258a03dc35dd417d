package fr.coffre.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo, reached by reflection (examples is a runtime dependency only), still runs from the command line. */
class DemoCommandTest {
    @TempDir
    Path tmp;

    @Test
    void demoRunsThroughTheRuntimeIndirection() throws IOException {
        TestCli cli = new TestCli(tmp);
        CliRun text = cli.run("demo");
        assertEquals(0, text.code(), text.toString());
        assertTrue(text.out().contains("Demo OK"), text.out());
        String report = text.out().substring(text.out().indexOf("Demo OK"));
        assertTrue(report.contains("# Coffre compliance report"), text.out());
        assertTrue(report.contains("Vault `demo`"), report);
        assertTrue(report.contains("- verified now: yes"), report);
        assertTrue(report.contains("- destruction certificates: 1"), report);
        assertFalse(report.contains("pat-0"), report);
        assertTrue(text.out().contains("Audit trail (coffre audit verify):\n  audit-000001.jsonl: VALID (seq 1 to "),
                text.out());
        assertTrue(text.out().matches("(?s).*\n  (\\d+)/\\1 records valid\n$"), text.out());
        CliRun json = cli.run("demo", "--json");
        assertEquals(0, json.code(), json.toString());
        JsonNode doc = new ObjectMapper().readTree(json.out());
        assertEquals(42, doc.get("written").asInt());
        assertEquals(doc.get("written").asInt(), doc.get("verified").asInt());
        assertTrue(doc.get("auditVerify").get("valid").asBoolean(), json.out());
    }
}
