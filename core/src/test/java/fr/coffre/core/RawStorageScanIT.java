package fr.coffre.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import fr.coffre.store.TestServers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 item 6: records with known markers (FHIR content, NIR-shaped identifiers as subjects and in content,
 * readable names) written through Coffre to Swift (native and s3api), Azurite and the filesystem store; then the raw
 * bytes on disk (Swift's device root with its object files and sqlite databases, Azurite's data directory, the
 * filesystem store, the registry) are scanned for every marker in plain bytes, UTF-16, base64, hex and
 * URL-encoding; the servers' own logs are scanned too. The servers are shared, so every marker carries this run's
 * random suffix; a file holding one must therefore have been written during this test, so only files modified since
 * it started are read (which keeps the scan to seconds however much earlier tests left). A control marker written in
 * plain text through the raw stores must be found on every disk, so the scan cannot pass vacuously.
 */
class RawStorageScanIT {
    private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    @TempDir
    Path scratch;

    @Test
    void noMarkerReachesTheDisks() throws IOException {
        String nirSpaced = "1 84 12 75 " + RUN.replaceAll("[^0-9]", "7").substring(0, 3) + " 234 56";
        String nir15 = nirSpaced.replace(" ", "") + "42";
        String family = "DUPONT" + RUN.toUpperCase(Locale.ROOT);
        String fhir = "FHIRMARK" + RUN;
        List<String> markers = List.of(nirSpaced, nir15, family, fhir, "patients/" + family + "-Jean");
        String control = "CONTROLMARK" + RUN;
        Path base = Path.of(System.getProperty("coffre.it.base", "/tmp/coffre-it"));
        FileTime started = FileTime.fromMillis(System.currentTimeMillis() - 2000); // coarse file-system clocks
        Path fsDir = scratch.resolve("fs");
        Path registryDir = scratch.resolve("registry");
        try (TestCustody custody = TestCustody.keystore(scratch.resolve("custody"));
                KeyRegistry registry = KeyRegistry.builder()
                        .createIfMissing(true).custodian(custody).directory(registryDir).build()) {
            List<ObjectStore> stores = new ArrayList<>();
            for (TestServers.Backend b : List.of(TestServers.Backend.SWIFT, TestServers.Backend.S3,
                    TestServers.Backend.AZURE)) {
                b.require();
                stores.add(b.open("coffre-scan-" + RUN + "-" + b.name().toLowerCase(Locale.ROOT).replace('_', '-')));
            }
            stores.add(ObjectStores.filesystem(fsDir));
            for (ObjectStore store : stores) {
                store.createContainerIfAbsent();
                try (Coffre coffre = Coffre.builder().store(store).keyRegistry(registry).vaultId("scan-" + RUN).build()) {
                    for (int i = 0; i < 3; i++) {
                        String record = "{\"resourceType\":\"Patient\",\"identifier\":[{\"value\":\"" + nir15
                                + "\"},{\"value\":\"" + nirSpaced + "\"}],\"name\":[{\"family\":\"" + family
                                + "\"}],\"text\":\"" + fhir + "\"}";
                        coffre.put("patients/" + family + "-Jean/obs-" + i + ".json",
                                new ByteArrayInputStream(record.getBytes(StandardCharsets.UTF_8)),
                                PutOptions.builder().subject(i % 2 == 0 ? nir15 : nirSpaced).build());
                    }
                }
                byte[] plain = ("control " + control).getBytes(StandardCharsets.UTF_8);
                store.put("control-" + RUN, new ByteArrayInputStream(plain), plain.length);
            }
            Thread.sleep(1500); // Azurite persists its metadata database asynchronously
            List<Path> roots = List.of(base.resolve("swift/srv/node"),
                    Path.of(Files.readString(base.resolve("azurite/location")).trim()), fsDir, registryDir,
                    base.resolve("swift/log"), base.resolve("azurite/azurite.log"));
            assertTrue(Files.isDirectory(roots.get(0)) && Files.isDirectory(roots.get(1)), "server roots exist");
            assertTrue(Files.isDirectory(registryDir.resolve("audit")), "the audit trail is scanned with the registry");
            List<String> controlHits = scan(roots, List.of(control), started);
            assertTrue(controlHits.stream().anyMatch(f -> f.startsWith(roots.get(0).toString())),
                    "control on Swift's disk found: " + controlHits);
            assertTrue(controlHits.stream().anyMatch(f -> f.startsWith(roots.get(1).toString())),
                    "control in Azurite's data found: " + controlHits);
            assertTrue(controlHits.stream().anyMatch(f -> f.startsWith(fsDir.toString())), "control in fs store found");
            assertEquals(List.of(), scan(roots, markers, started), "files holding a marker");
            for (ObjectStore store : stores) {
                store.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The files under {@code roots} modified since {@code since} holding any marker in any encoding. */
    private static List<String> scan(List<Path> roots, List<String> markers, FileTime since) throws IOException {
        List<byte[]> needles = new ArrayList<>();
        for (String m : markers) {
            needles.addAll(encodings(m));
        }
        List<String> hits = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.exists(root)) {
                continue; // a log the server was not configured to write
            }
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> Files.isRegularFile(f) && modifiedSince(f, since)).forEach(f -> {
                    byte[] bytes = readOrEmpty(f);
                    if (needles.stream().anyMatch(n -> indexOf(bytes, n) >= 0)) {
                        hits.add(f.toString());
                    }
                });
            }
        }
        return hits;
    }

    private static boolean modifiedSince(Path f, FileTime since) {
        try {
            return Files.getLastModifiedTime(f).compareTo(since) >= 0;
        } catch (IOException e) {
            return false; // removed during the walk
        }
    }

    private static byte[] readOrEmpty(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (java.nio.file.NoSuchFileException e) {
            return new byte[0]; // a server removed a temporary file during the walk
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<byte[]> encodings(String marker) {
        byte[] utf8 = marker.getBytes(StandardCharsets.UTF_8);
        List<byte[]> out = new ArrayList<>(List.of(utf8, marker.getBytes(StandardCharsets.UTF_16LE),
                marker.getBytes(StandardCharsets.UTF_16BE),
                HexFormat.of().formatHex(utf8).getBytes(StandardCharsets.US_ASCII),
                HexFormat.of().withUpperCase().formatHex(utf8).getBytes(StandardCharsets.US_ASCII),
                URLEncoder.encode(marker, StandardCharsets.UTF_8).getBytes(StandardCharsets.US_ASCII),
                URLEncoder.encode(marker, StandardCharsets.UTF_8).replace("+", "%20").getBytes(StandardCharsets.US_ASCII)));
        for (int shift = 0; shift < 3; shift++) { // base64 at each alignment: the whole-group part only
            byte[] tail = java.util.Arrays.copyOfRange(utf8, shift, utf8.length);
            byte[] groups = java.util.Arrays.copyOf(tail, tail.length / 3 * 3);
            out.add(Base64.getEncoder().encode(groups));
            out.add(Base64.getUrlEncoder().encode(groups));
        }
        return out;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
