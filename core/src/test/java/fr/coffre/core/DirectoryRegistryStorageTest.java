package fr.coffre.core;

import fr.coffre.core.registry.RegistryStorage;
import fr.coffre.core.registry.StoredEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.io.TempDir;

/** The registry directory passes the storage conformance suite; a restore is a file copied back in place. */
class DirectoryRegistryStorageTest extends RegistryStorageContract {
    @TempDir
    Path dir;

    @Override
    protected RegistryStorage newStorage() {
        return new RegistryDirectory(dir, new SecureRandom());
    }

    @Override
    protected void restoreBehindTheRegistry(StoredEntry old) throws Exception {
        Files.write(dir.resolve(old.kind() + "s").resolve(old.id() + ".json"), old.document());
    }

    @Override
    protected void assertNothingStored() throws Exception {
        try (var files = Files.list(dir)) {
            org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), files.toList());
        }
    }

    @Override
    protected KeyRegistry.Builder registryOn(RegistryStorage storage) {
        return KeyRegistry.builder().createIfMissing(true).storage(storage);
    }
}
