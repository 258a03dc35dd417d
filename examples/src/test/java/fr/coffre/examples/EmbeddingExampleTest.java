package fr.coffre.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.KeyDestroyedException;
import fr.coffre.core.Coffre;
import fr.coffre.custody.KeyCustodian;
import fr.coffre.custody.KeystoreCustodian;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README.md's library snippet is this module's EmbeddingExample: it compiles, it runs, and README shows it as is. */
class EmbeddingExampleTest {
    private static final char[] PASSWORD = "test-only-embedding-password".toCharArray();
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    @TempDir
    Path work;

    @Nested
    class Running {
        @Test
        void roundTripsListsAndShredsOnAFreshDirectory() throws IOException {
            assertEquals("{\"resourceType\":\"Patient\",\"id\":\"pat-001\"} [patients/pat-001/Patient.json]",
                    EmbeddingExample.run(work, PASSWORD));
            try (KeyCustodian custody = KeystoreCustodian.builder()
                    .createIfMissing(true).path(work.resolve("keys/keystore.bcfks"))
                    .password(PASSWORD).build();
                 ObjectStore store = ObjectStores.filesystem(work.resolve("store"));
                 Coffre coffre = Coffre.builder().store(store).custodian(custody)
                         .registryDirectory(work.resolve("registry"))
                         .createRegistryIfMissing(true).vaultId("hospital-a").build()) {
                assertThrows(KeyDestroyedException.class, () -> coffre.get("patients/pat-001/Patient.json"));
            }
        }

        @Test
        void storeHoldsNoReadableByte() throws IOException {
            EmbeddingExample.run(work, PASSWORD);
            try (Stream<Path> files = Files.walk(work.resolve("store"))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String raw = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                    assertFalse(raw.contains("resourceType") || raw.contains("pat-001"), f.toString());
                    assertFalse(f.toString().contains("pat-001") || f.toString().contains("Patient"), f.toString());
                }
            }
        }
    }

    @Nested
    class Readme {
        @Test
        void showsExactlyTheCompiledSnippet() throws IOException {
            String source = Files.readString(ROOT.resolve(
                    "examples/src/main/java/fr/coffre/examples/EmbeddingExample.java"));
            String expected = region(source, "imports") + "\n" + region(source, "snippet");
            assertEquals(expected, librarySnippet(Files.readString(ROOT.resolve("README.md"))));
        }

        private String librarySnippet(String readme) {
            Matcher m = Pattern.compile("(?s)\n## Library\n.*?```java\n(.*?)```\n").matcher(readme);
            assertTrue(m.find(), "README.md has a ```java block under '## Library'");
            return m.group(1).stripTrailing();
        }

        private String region(String source, String name) {
            Matcher m = Pattern.compile("(?s)// README:" + name + ":begin\n(.*?)\n\\s*// README:" + name + ":end")
                    .matcher(source);
            assertTrue(m.find(), "EmbeddingExample.java has the region " + name);
            List<String> lines = new ArrayList<>(m.group(1).lines().toList());
            int indent = lines.stream().filter(l -> !l.isBlank())
                    .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
            return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.joining("\n"));
        }
    }
}
