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
        assertTrailHoldsNoIdentifyingText(text.out());
        CliRun json = cli.run("demo", "--json");
        assertEquals(0, json.code(), json.toString());
        JsonNode doc = new ObjectMapper().readTree(json.out());
        assertEquals(42, doc.get("written").asInt());
        assertEquals(doc.get("written").asInt(), doc.get("verified").asInt());
        assertTrue(doc.get("auditVerify").get("valid").asBoolean(), json.out());
    }

    /** Every trail file the demo wrote: no patient id, name or commune, no object name, no FHIR text. */
    private void assertTrailHoldsNoIdentifyingText(String demoOutput) throws IOException {
        java.util.Set<String> markers = new java.util.TreeSet<>(java.util.List.of("pat-0", "enc-0", "obs-0",
                "patients/", "resourceType", "Observation", "Encounter"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "Patient\\s+(pat-\\d+)\\s+(\\S+) (\\S+), [^,]+, born [^,]+, ([^|]+?)\\s+\\|").matcher(demoOutput);
        int patients = 0;
        while (m.find()) {
            markers.addAll(java.util.List.of(m.group(1), m.group(2), m.group(3), m.group(4)));
            patients++;
        }
        assertTrue(patients >= 3, "the demo lists its patients: " + demoOutput);
        java.util.List<Path> files;
        try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(tmp)) {
            files = walk.filter(f -> f.getFileName().toString().matches("audit-\\d{6}\\.jsonl")).toList();
        }
        assertFalse(files.isEmpty(), "the demo wrote a trail under " + tmp);
        for (Path f : files) {
            String trail = java.nio.file.Files.readString(f);
            assertTrue(trail.contains("\"action\":\"put\""), f + " holds the demo's accesses");
            for (String marker : markers) {
                assertFalse(trail.contains(marker), f + " holds '" + marker + "'");
            }
        }
    }
}
