package fr.coffre.cli;

import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import fr.coffre.store.StoreConfig;
import fr.coffre.store.StoreUri;
import java.nio.file.Path;

/**
 * Opens the store named by {@code --store}: any {@link StoreUri} ({@code mem:}, {@code file:...}, {@code s3://},
 * {@code ovh://}, {@code swift://}, {@code azure://}…; credentials from the environment), plus the relative spelling
 * {@code file://./PATH} of the default. Local stores get their directory created; remote containers must exist.
 */
final class StoreLocator {
    static final String DEFAULT_URI = "file://./coffre-data/store";

    private StoreLocator() {
    }

    static StoreConfig parse(String uri) {
        boolean relativeFile = uri.startsWith("file://") && !uri.startsWith("file:///");
        return StoreUri.parse(relativeFile ? "file:" + uri.substring("file://".length()) : uri);
    }

    /** The local directory of a file store (to scan it), or {@code null}. */
    static Path directory(String uri) {
        return parse(uri).directory();
    }

    static ObjectStore open(String uri) {
        StoreConfig config = parse(uri);
        ObjectStore store = ObjectStores.open(config);
        if (!config.provider().isRemote()) {
            store.createContainerIfAbsent();
        }
        return store;
    }
}
