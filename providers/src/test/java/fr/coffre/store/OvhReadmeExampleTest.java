package fr.coffre.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's OVHcloud example (the fenced block under "### OVHcloud through Keystone v3") says what an OVHcloud
 * Swift user and an OVHcloud S3 user (Keystone-issued EC2 credentials) set: its store URIs must parse to the stores
 * they claim, and its variables must be the ones the library reads.
 */
class OvhReadmeExampleTest {

    private static final String HEADING = "### OVHcloud through Keystone v3";
    private static final Pattern STORE = Pattern.compile("--store '([^']+)'");
    private static final Pattern EXPORT = Pattern.compile("^export ([A-Z0-9_]+)=", Pattern.MULTILINE);

    private static String block;

    @BeforeAll
    static void readTheExample() throws IOException {
        Path readme = Path.of("..", "README.md");
        if (!Files.exists(readme)) {
            readme = Path.of("README.md");
        }
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int heading = text.indexOf("\n" + HEADING + "\n");
        assertTrue(heading >= 0, "README.md has no heading '" + HEADING + "'");
        int open = text.indexOf("\n```", heading);
        int start = text.indexOf('\n', open + 1) + 1;
        int close = text.indexOf("\n```", start);
        assertTrue(open > 0 && close > start, "no fenced block under '" + HEADING + "'");
        block = text.substring(start, close + 1);
    }

    private static List<String> storeUris() {
        List<String> uris = new ArrayList<>();
        Matcher m = STORE.matcher(block);
        while (m.find()) {
            uris.add(m.group(1));
        }
        return uris;
    }

    /** The variables the example exports, in order, each with a dummy value standing for the real one. */
    private static Map<String, String> exported() {
        Map<String, String> env = new LinkedHashMap<>();
        Matcher m = EXPORT.matcher(block);
        while (m.find()) {
            env.put(m.group(1), "dummy-" + m.group(1).toLowerCase(java.util.Locale.ROOT));
        }
        return env;
    }

    @Test
    void theSwiftExampleIsKeystoneV3ScopedToTheProjectInARegionOfFrance() {
        StoreConfig swift = StoreUri.parse(storeUris().get(0));
        assertEquals(StoreProvider.SWIFT, swift.provider());
        assertEquals(StoreConfig.SwiftAuth.KEYSTONE_V3, swift.swiftAuth());
        assertEquals(URI.create("https://auth.cloud.ovh.net/v3"), swift.endpoint());
        assertEquals("GRA", swift.region());
        assertEquals("1234567890123456", swift.swiftProject());
        assertEquals("Default", swift.swiftDomain());
        assertEquals("my-container", swift.container());
        assertEquals("FR", swift.regionCountry());
        assertEquals("FR", swift.providerJurisdiction());
    }

    @Test
    void theS3ExampleIsTheOvhPresetInGra() {
        StoreConfig s3 = StoreUri.parse(storeUris().get(1));
        assertEquals(StoreProvider.OVH, s3.provider());
        assertEquals("gra", s3.region());
        assertEquals(URI.create("https://s3.gra.io.cloud.ovh.net"), s3.endpoint());
        assertEquals("my-bucket", s3.container());
        assertEquals("FR", s3.regionCountry());
    }

    @Test
    void theExampleHasExactlyTheTwoStoresAndTheFourVariablesTheLibraryReads() {
        assertEquals(2, storeUris().size(), "store URIs in the example: " + storeUris());
        assertEquals(List.of(StoreCredentials.SWIFT_USER, StoreCredentials.SWIFT_KEY, StoreCredentials.S3_ACCESS_KEY,
                StoreCredentials.S3_SECRET_KEY), new ArrayList<>(exported().keySet()));
    }

    @Test
    void eachStoreFindsItsCredentialsInTheExportedVariables() {
        Map<String, String> env = exported();
        StoreCredentials swift = StoreCredentials.fromEnvironment(StoreUri.parse(storeUris().get(0)).provider(), env);
        assertEquals(StoreCredentials.Kind.SWIFT_PASSWORD, swift.kind());
        assertEquals(env.get(StoreCredentials.SWIFT_USER), swift.identity());
        StoreCredentials s3 = StoreCredentials.fromEnvironment(StoreUri.parse(storeUris().get(1)).provider(), env);
        assertEquals(StoreCredentials.Kind.S3_ACCESS_KEY, s3.kind());
        assertEquals(env.get(StoreCredentials.S3_ACCESS_KEY), s3.identity());
    }

    @Test
    void theExampleCarriesNoCredentialAndTheUrisNone() {
        for (String line : block.split("\n")) {
            if (line.startsWith("export ") && line.contains("_KEY=")) {
                assertTrue(line.matches("export [A-Z0-9_]+='\\.\\.\\.'.*"), "a secret in the README: " + line);
            }
        }
        for (String uri : storeUris()) {
            assertFalse(uri.contains("@"), uri);
        }
    }
}
