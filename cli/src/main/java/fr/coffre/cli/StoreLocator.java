package fr.coffre.cli;

import fr.coffre.InvalidInputException;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import fr.coffre.store.StoreConfig;
import fr.coffre.store.StoreCredentials;
import fr.coffre.store.StoreUri;
import java.nio.file.Path;
import java.util.Map;

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

    /** An open store and the credentials it uses (read from {@code env}), destroyed when it is closed. */
    record Opened(ObjectStore store, StoreCredentials credentials) implements AutoCloseable {
        @Override
        public void close() {
            try {
                store.close();
            } finally {
                if (credentials != null) {
                    credentials.close();
                }
            }
        }
    }

    /** Opens the store, creating the directory of a local one; a remote container must exist. */
    static Opened open(String uri, String source, Map<String, String> env) {
        Opened opened = openOnly(uri, source, env);
        if (opened.credentials() == null) {
            opened.store().createContainerIfAbsent();
        }
        return opened;
    }

    /** Opens the store without creating its container (for {@code coffre mb}). */
    static Opened openOnly(String uri, String source, Map<String, String> env) {
        StoreConfig config = parse(uri, source);
        if (!config.provider().isRemote()) {
            return new Opened(ObjectStores.open(config), null);
        }
        StoreCredentials credentials = StoreCredentials.fromEnvironment(config.provider(), env);
        try {
            return new Opened(ObjectStores.open(config, credentials), credentials);
        } catch (RuntimeException e) {
            credentials.close();
            throw e;
        }
    }
}
