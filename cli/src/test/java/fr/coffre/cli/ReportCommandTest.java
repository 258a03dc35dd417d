package fr.coffre.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coffre report} on a demo-like vault: every section, valid JSON, and no secret, name or patient id. */
class ReportCommandTest {
    private static final String NIR = "1850775123456";
    private static final String NAME = "patients/dupont-jean/consultation.json";
    @TempDir
    Path tmp;
    TestCli cli;

    @BeforeEach
    void demoLikeVault() {
        cli = new TestCli(tmp).init();
        byte[] fhir = "{\"resourceType\":\"Patient\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(0, cli.run(fhir, "put", NAME, "-", "--subject", NIR + "-97").code());
        assertEquals(0, cli.run(fhir, "put", "patients/other/cr.json", "-", "--subject", "2990175123456-12").code());
        assertEquals(0, cli.run("rotate").code());
        assertEquals(0, cli.run("shred", NIR + "-97").code());
    }

    private void assertNothingSecret(String text) {
        for (String forbidden : List.of(NIR, "2990175123456", "dupont", "consultation.json", "cr.json",
                "cli-test-password-not-a-secret")) {
            assertFalse(text.contains(forbidden), forbidden + " in:\n" + text);
        }
    }

    @Nested
    class Markdown {
        @Test
        void hasEverySectionAndStatesTheTrailVerified() {
            CliRun run = cli.run("report");
            assertEquals(0, run.code(), run.toString());
            String md = run.out();
            for (String section : List.of("# Coffre compliance report", "## Stores", "## Custody",
                    "## Algorithms and format", "## Policy in force", "## Key registry", "## Audit trail",
                    "## Migrations")) {
                assertTrue(md.contains("\n" + section + "\n") || md.startsWith(section + "\n"), section + " in:\n"
                        + md);
            }
            assertTrue(md.contains("| file | local |"), md);
            assertTrue(md.contains("COF1 version 1"), md);
            assertTrue(md.contains("- verified now: yes"), md);
            assertTrue(md.contains("- destruction certificates: 1"), md);
            assertTrue(md.contains("- shredded data keys: 1"), md);
            assertNothingSecret(md);
        }
    }

    @Nested
    class Json {
        @Test
        void isOneDocumentWithEverySection() throws Exception {
            CliRun run = cli.run("report", "--json");
            assertEquals(0, run.code(), run.toString());
            JsonNode doc = new ObjectMapper().readTree(run.out());
            assertEquals("default", doc.get("vault").asText());
            assertEquals("file", doc.get("stores").get(0).get("provider").asText());
            assertEquals("keystore", doc.get("custody").get("scheme").asText());
            assertEquals("FR", doc.get("custody").get("jurisdiction").asText());
            assertEquals(2, doc.get("custody").get("masterKeyVersions").size());
            assertEquals(0, doc.get("custody").get("masterKeyVersions").get(0).get("ageDays").asLong());
            assertTrue(doc.get("algorithms").get("format").asText().startsWith("COF1"));
            assertEquals("development", doc.get("policy").get("name").asText());
            assertEquals(1, doc.get("registry").get("liveDataKeys").asInt());
            assertEquals(1, doc.get("registry").get("shreddedDataKeys").asInt());
            assertFalse(doc.get("registry").get("lastRotation").isNull());
            JsonNode audit = doc.get("audit");
            assertTrue(audit.get("verified").asBoolean(), audit.toString());
            assertEquals(1, audit.get("destructionCertificates").asInt());
            assertTrue(audit.get("records").asLong() >= 5, audit.toString());
            assertTrue(doc.get("migrations").isArray());
            assertNothingSecret(run.out());
        }
    }
}
