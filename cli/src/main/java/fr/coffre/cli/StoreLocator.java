package fr.coffre.cli;

import fr.coffre.InvalidInputException;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import fr.coffre.store.StoreConfig;
import fr.coffre.store.StoreUri;
import java.nio.file.Path;

/**
 * Opens the store named by {@code --store}: any {@link StoreUri} ({@code mem:}, {@code file:...}, {@code s3://},
 * {@code ovh://}, {@code swift://}, {@code azure://}…; credentials from the environment), plus the relative spelling
 * {@code file://./PATH} of the default. Local stores get their directory created; remote containers must exist
 * ({@code coffre mb} creates them).
 */
final class StoreLocator {
    static final String DEFAULT_URI = "file://./coffre-data/store";
    static final String CREDENTIALS_HINT = "credentials must not appear in the URI; set COFFRE_S3_ACCESS_KEY and"
            + " COFFRE_S3_SECRET_KEY (S3), COFFRE_SWIFT_USER and COFFRE_SWIFT_KEY (Swift), or COFFRE_AZURE_ACCOUNT_KEY"
            + " or COFFRE_AZURE_SAS (Azure) in the environment";

    private StoreLocator() {
    }

    static StoreConfig parse(String uri) {
        return parse(uri, "--store");
    }

    /** Parses a store URI; {@code source} (e.g. {@code --store}) starts every error message. */
    static StoreConfig parse(String uri, String source) {
        boolean relativeFile = uri.startsWith("file://") && !uri.startsWith("file:///");
        try {
            return StoreUri.parse(relativeFile ? "file:" + uri.substring("file://".length()) : uri);
        } catch (InvalidInputException e) {
            String m = String.valueOf(e.getMessage());
            // the library refuses user info ('user:secret@') and credential-looking parameters without echoing them
            throw new InvalidInputException(source + ": " + (m.contains("credential") || m.contains("user info")
                    ? CREDENTIALS_HINT : m));
        }
    }

    /** The local directory of a file store (to scan it), or {@code null}. */
    static Path directory(String uri) {
        return parse(uri).directory();
    }

    static ObjectStore open(String uri, String source) {
        StoreConfig config = parse(uri, source);
        ObjectStore store = ObjectStores.open(config);
        if (!config.provider().isRemote()) {
            store.createContainerIfAbsent();
        }
        return store;
    }

    /** Opens the store without creating its container (for {@code coffre mb}). */
    static ObjectStore openOnly(String uri, String source) {
        return ObjectStores.open(parse(uri, source));
    }
}
