package fr.coffre.core;

import fr.coffre.KeyRef;
import fr.coffre.custody.CustodyDescriptor;
import java.nio.file.Path;

/**
 * A snapshot of a key registry: where it lives ({@code location}: a path or a URL without credentials;
 * {@code directory}: the registry directory, {@code null} for other storages), its custody, the current master key
 * and entry counts.
 */
public record RegistryStatus(String location, Path directory, CustodyDescriptor custody, KeyRef currentMasterKey,
        int pseudonymSecretVersion, int liveDataKeys, int destroyedDataKeys, int cachedDataKeys) {
}
