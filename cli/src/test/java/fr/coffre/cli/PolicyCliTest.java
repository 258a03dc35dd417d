package fr.coffre.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --policy} and coffre.yaml's {@code policy:}: exit code 6 naming the rule, before anything is contacted. */
class PolicyCliTest {
    static final String DPIA = "every byte is encrypted client-side under keys held in France; see DPIA-2026-04";
    static final String AZURE = "azure://acct/c-1?country=FR";

    @TempDir
    Path tmp;

    CliRun coffre(Map<String, String> extraEnv, String... args) {
        Map<String, String> env = new HashMap<>(Map.of(EmbeddedCustody.PASSWORD_ENV, "cli-test-password-not-a-secret",
                "COFFRE_AZURE_ACCOUNT_KEY", "bm90LWEtcmVhbC1rZXk="));
        env.putAll(extraEnv);
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--keystore", tmp.resolve("keys/keystore.bcfks").toString()));
        return CliRun.of(env, new byte[0], all);
    }

    CliRun coffre(String... args) {
        return coffre(Map.of(), args);
    }

    /** {@code coffre init} of the test keystore and registry, on a local store (info opens them, not the store). */
    private void init() {
        CliRun init = coffre("init", "--store", "file://" + tmp.resolve("store"));
        assertEquals(0, init.code(), init.toString());
    }

    static void refused(CliRun run, String rule, String setting) {
        assertEquals(6, run.code(), run.toString());
        assertTrue(run.err().startsWith("coffre: error: policy fr-health: rule " + rule + ": " + setting + ": "),
                run.err());
    }

    Path yaml(String text) throws IOException {
        Path f = tmp.resolve("coffre.yaml");
        Files.writeString(f, text);
        return f;
    }

    @Nested
    class Rules {
        @Test
        void aNonEeaRegionExitsSixBeforeCustodyOrStoreIsOpened() {
            // no S3 credential in the environment: the policy refuses before the store would ask for one
            CliRun run = coffre("ls", "--policy", "fr-health", "--store", "ovh://bhs/bucket");
            refused(run, "store-country", "store.regionCountry");
            assertTrue(run.err().contains("region bhs") && run.err().contains("CA"), run.err());
            assertFalse(Files.exists(tmp.resolve("keys")), "custody was opened");
            refused(coffre("mb", "--policy", "fr-health", "--store", "ovh://sgp/bucket"), "store-country",
                    "store.regionCountry");
        }

        @Test
        void plainHttpToANonLoopbackHostExitsSix() {
            refused(coffre("ls", "--policy", "fr-health", "--store",
                    "s3://bucket?endpoint=http://s3.example.fr&region=fr-1&country=FR&jurisdiction=FR"), "tls",
                    "store.endpoint");
        }

        @Test
        void anUnlabelledOrLocalStoreIsAnUnknownProviderUnderFrHealth() {
            refused(coffre("info", "--policy", "fr-health", "--store",
                    "s3://bucket?endpoint=https://s3.example.fr&region=fr-1"), "unknown-provider", "store.regionCountry");
            refused(coffre("info", "--policy", "fr-health", "--store", "file://" + tmp.resolve("store")),
                    "unknown-provider", "store.regionCountry");
            init();
            assertEquals(0, coffre("info", "--store", "file://" + tmp.resolve("store")).code(), "development");
        }

        @Test
        void azureIsRefusedWithoutAnException() {
            refused(coffre("info", "--policy", "fr-health", "--store", AZURE), "provider-jurisdiction",
                    "store.providerJurisdiction");
        }

        @Test
        void anUnknownPresetIsAUsageError() {
            CliRun run = coffre("info", "--policy", "strict");
            assertEquals(2, run.code(), run.toString());
            assertTrue(run.err().contains("--policy: policy: preset must be development or fr-health"), run.err());
        }
    }

    @Nested
    class ConfigFile {
        @Test
        void theAzureExceptionIsShownInInfoAndItsJson() throws IOException {
            Path c = yaml("policy:\n  preset: fr-health\n  jurisdictionExceptions:\n    - {jurisdiction: US, "
                    + "justification: \"" + DPIA + "\"}\n");
            init();
            CliRun info = coffre("info", "--config", c.toString(), "--store", AZURE);
            assertEquals(0, info.code(), info.toString());
            assertTrue(info.out().contains("exception: provider jurisdiction US allowed: " + DPIA + "\n"), info.out());
            assertTrue(info.out().contains("transfer:  azure at acct.blob.core.windows.net, region none, data in FR,"
                    + " provider jurisdiction US: allowed by exception (" + DPIA + ")\n"), info.out());
            assertTrue(info.out().contains("rules:     policy fr-health: store countries EEA, provider jurisdictions"
                    + " EEA, TLS required except on loopback, unknown providers refused, access reasons required"),
                    info.out());

            JsonNode doc = new ObjectMapper().readTree(coffre("info", "--json", "--config", c.toString(), "--store",
                    AZURE).out());
            assertEquals("fr-health", doc.get("policy").get("name").asText());
            assertTrue(doc.get("policy").get("requireReason").asBoolean());
            assertEquals(DPIA, doc.get("policy").get("jurisdictionExceptions").get(0).get("justification").asText());
            JsonNode t = doc.get("transfers").get(0);
            assertEquals("exception", t.get("basis").asText());
            assertEquals("US", t.get("providerJurisdiction").asText());
            assertEquals(DPIA, t.get("justification").asText());
            assertEquals("acct.blob.core.windows.net", t.get("endpointHost").asText());
        }

        @Test
        void allowStoreCountriesNarrowsThePreset() throws IOException {
            Path c = yaml("policy: {preset: fr-health, allowStoreCountries: [FR]}\n");
            refused(coffre("ls", "--config", c.toString(), "--store", "ovh://de/bucket"), "store-country",
                    "store.regionCountry");
        }

        @Test
        void theCommandLineWinsOverTheFilesPreset() throws IOException {
            Path c = yaml("policy: {preset: fr-health}\n");
            String store = "file://" + tmp.resolve("store");
            refused(coffre("info", "--config", c.toString(), "--store", store), "unknown-provider",
                    "store.regionCountry");
            init();
            assertEquals(0, coffre("info", "--config", c.toString(), "--policy", "development", "--store", store)
                    .code());
        }

        @Test
        void anExceptionWithoutJustificationIsAUsageError() throws IOException {
            Path c = yaml("policy: {preset: fr-health, jurisdictionExceptions: [{jurisdiction: US}]}\n");
            CliRun run = coffre("info", "--config", c.toString(), "--store", AZURE);
            assertEquals(2, run.code(), run.toString());
            assertTrue(run.err().contains("policy: exceptions: justification of US must be non-blank"), run.err());
        }
    }
}
