package fr.coffre.core;

import fr.coffre.KeyRef;
import fr.coffre.custody.CustodyDescriptor;
import java.nio.file.Path;

/** A snapshot of a key registry: where it lives, its custody, the current master key and entry counts. */
public record RegistryStatus(Path directory, CustodyDescriptor custody, KeyRef currentMasterKey,
        int pseudonymSecretVersion, int liveDataKeys, int destroyedDataKeys, int cachedDataKeys) {
}
