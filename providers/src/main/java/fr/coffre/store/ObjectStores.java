package fr.coffre.store;

import fr.coffre.InvalidInputException;
import fr.coffre.store.jclouds.JcloudsStores;
import java.nio.file.Path;

/**
 * Opens {@link ObjectStore}s. Each call returns a new, independent store that the caller closes; nothing is cached.
 */
public final class ObjectStores {

    /** Container name of {@link #memory()}. */
    public static final String DEFAULT_MEMORY_CONTAINER = "coffre";

    private ObjectStores() {
    }

    /** A new, empty in-memory store whose container {@value #DEFAULT_MEMORY_CONTAINER} already exists. */
    public static ObjectStore memory() {
        ObjectStore store = JcloudsStores.memory(DEFAULT_MEMORY_CONTAINER);
        store.createContainerIfAbsent();
        return store;
    }

    /**
     * A store keeping each object as a file under {@code directory} (object {@code a/b} is the file
     * {@code directory/a/b}). The directory is the container: it is created by
     * {@link ObjectStore#createContainerIfAbsent()}, and its last path element must be a valid container name
     * ({@code [A-Za-z0-9][A-Za-z0-9._-]*}).
     */
    public static ObjectStore filesystem(Path directory) {
        if (directory == null) {
            throw new InvalidInputException("directory: must be non-null");
        }
        Path dir = directory.toAbsolutePath().normalize();
        if (dir.getParent() == null || dir.getFileName() == null) {
            throw new InvalidInputException("directory: must not be a filesystem root, was " + dir);
        }
        return JcloudsStores.filesystem(dir.getParent(), dir.getFileName().toString());
    }
}
