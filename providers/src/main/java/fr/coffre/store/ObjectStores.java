package fr.coffre.store;

import fr.coffre.InvalidInputException;
import fr.coffre.store.jclouds.JcloudsStores;
import fr.coffre.store.replicated.ReplicatedStores;
import java.nio.file.Path;

/**
 * Opens {@link ObjectStore}s. Each call returns a new, independent store that the caller closes; nothing is cached.
 *
 * <pre>
 * try (ObjectStore store = ObjectStores.open(StoreUri.parse("ovh://gra/my-bucket"))) { ... }   // credentials from env
 * try (ObjectStore store = ObjectStores.open(ProviderPresets.scaleway("fr-par", "b"), credentials)) { ... }
 * </pre>
 */
public final class ObjectStores {

    /** Container name of {@link #memory()}. */
    public static final String DEFAULT_MEMORY_CONTAINER = "coffre";

    private ObjectStores() {
    }

    /** A new, empty in-memory store whose container {@value #DEFAULT_MEMORY_CONTAINER} already exists. */
    public static ObjectStore memory() {
        return open(ProviderPresets.memory());
    }

    /**
     * A store keeping each object as a file under {@code directory} (object {@code a/b} is the file
     * {@code directory/a/b}). The directory is the container: it is created by
     * {@link ObjectStore#createContainerIfAbsent()}, and its last path element must be a valid container name
     * ({@code [A-Za-z0-9][A-Za-z0-9._-]*}). A put streams to a temporary file {@code <name>-<uuid>} (never listed)
     * renamed over the object when complete; a failed put leaves neither that file nor the directories it created,
     * a JVM shut down mid-put deletes it, and opening the store deletes temporary files older than one hour (left
     * by a killed process).
     */
    public static ObjectStore filesystem(Path directory) {
        return open(ProviderPresets.file(directory));
    }

    /**
     * Opens the store {@code config} describes. Remote stores read their credentials from the environment (see
     * {@link StoreCredentials} for the variable names); mem and file stores take none. A mem store comes with its
     * container created; other stores open an existing container (see {@link ObjectStore#createContainerIfAbsent}).
     *
     * @throws InvalidInputException if credentials are missing from the environment, or no driver is available
     */
    public static ObjectStore open(StoreConfig config) {
        requireConfig(config);
        if (!config.provider().isRemote()) {
            return openLocal(config);
        }
        return open(config, StoreCredentials.fromEnvironment(config.provider(), System.getenv()));
    }

    /**
     * Opens the remote store {@code config} describes with explicit {@code credentials} (the store uses them while
     * open; the caller destroys them after closing the store).
     *
     * @throws InvalidInputException if the config is local (mem and file take no credentials), the credentials are
     *         of the wrong kind, or no driver is available
     */
    public static ObjectStore open(StoreConfig config, StoreCredentials credentials) {
        requireConfig(config);
        if (!config.provider().isRemote()) {
            throw new InvalidInputException("credentials: the " + config.provider().scheme()
                    + " store takes none; use open(config)");
        }
        if (credentials == null || credentials.isDestroyed()) {
            throw new InvalidInputException("credentials: must be non-null and not destroyed");
        }
        return CloudDrivers.open(config, credentials);
    }

    /**
     * A store over several replicas (e.g. OVHcloud and Scaleway): writes go to every replica and succeed with the
     * write quorum, reads fail over to the next replica. The semantics (what a failed quorum leaves, lagging
     * replicas, listings) are on {@link ReplicationSettings}. The returned store owns the replicas: closing it
     * closes them.
     */
    public static ObjectStore replicated(ReplicationSettings settings) {
        return ReplicatedStores.open(settings);
    }

    private static void requireConfig(StoreConfig config) {
        if (config == null) {
            throw new InvalidInputException("config: must be non-null");
        }
    }

    private static ObjectStore openLocal(StoreConfig config) {
        if (config.provider() == StoreProvider.MEM) {
            ObjectStore store = JcloudsStores.memory(config.container());
            store.createContainerIfAbsent();
            return store;
        }
        Path dir = config.directory();
        return JcloudsStores.filesystem(dir.getParent(), dir.getFileName().toString());
    }
}
