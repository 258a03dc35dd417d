package fr.coffre.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import fr.coffre.CoffreException;
import fr.coffre.KeyUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Fuzzes the key-registry entry parser ({@link RegistryStore#read}) on the bytes of a {@code data-keys/<id>.json}
 * file. Only {@link KeyUnavailableException} may escape; an entry it returns is one {@link KeyRegistry} and
 * {@link EntryCrypto} can use without an untyped exception: every version present with its master-key reference
 * ({@link RegistryEntry.Version#masterRef()}) and, unless destroyed, base64 wrapped bytes.
 */
class RegistryEntryFuzzTest {
    private static final String ID = "dk-fuzz";
    private static final RegistryStore DIR;
    private static final Path FILE;

    static {
        try {
            Path root = Files.createTempDirectory("coffre-registry-fuzz");
            root.toFile().deleteOnExit();
            DIR = RegistryStore.directory(root.resolve("registry"), "coffre-master", true, new SecureRandom());
            FILE = root.resolve("registry").resolve(RegistryEntry.DATA_KEY + "s").resolve(ID + ".json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "2m")
    void read(byte[] json) throws IOException {
        Files.write(FILE, json);
        Optional<RegistryEntry> read;
        try {
            read = DIR.read(RegistryEntry.DATA_KEY, ID);
        } catch (KeyUnavailableException e) {
            assertEquals(KeyUnavailableException.class, e.getClass());
            return;
        }
        RegistryEntry entry = read.orElseThrow();
        try {
            assertTrue(entry.toString().startsWith("RegistryEntry["));
            if (entry.destroyed()) {
                return;
            }
            int latest = entry.latestVersion();
            assertTrue(latest == 0 || entry.version(latest) != null);
            for (RegistryEntry.Version v : entry.versions()) {
                v.masterRef();
                Base64.getDecoder().decode(v.wrapped());
                v.toString();
            }
        } catch (CoffreException e) {
            // a typed refusal while using the entry is acceptable (e.g. an invalid master-key reference)
        }
    }
}
