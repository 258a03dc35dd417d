package fr.coffre.cli;

import fr.coffre.InvalidInputException;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import java.nio.file.Path;

/**
 * Opens the store named by {@code --store}: {@code file://PATH} (relative paths allowed, e.g.
 * {@code file://./coffre-data/store}) or {@code mem:} (an empty in-memory store, for trying commands).
 */
final class StoreLocator {
    static final String DEFAULT_URI = "file://./coffre-data/store";

    private StoreLocator() {
    }

    /** The local directory of a {@code file://} store, or {@code null}. */
    static Path directory(String uri) {
        return uri.startsWith("file://") ? Path.of(uri.substring("file://".length())).toAbsolutePath().normalize() : null;
    }

    static ObjectStore open(String uri) {
        Path dir = directory(uri);
        ObjectStore store;
        if (dir != null) {
            store = ObjectStores.filesystem(dir);
        } else if (uri.equals("mem:")) {
            store = ObjectStores.memory();
        } else {
            int colon = uri.indexOf(':');
            throw new InvalidInputException("--store: must be file://PATH or mem:, was a URI of scheme '"
                    + (colon < 0 ? "" : uri.substring(0, Math.min(colon, 16))) + "'");
        }
        store.createContainerIfAbsent();
        return store;
    }
}
