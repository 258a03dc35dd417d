package fr.coffre.store.jclouds;

import fr.coffre.InvalidInputException;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.StoreDescriptor;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.reference.FilesystemConstants;

/**
 * Opens jclouds-backed stores. No jclouds type appears in this API. jclouds logging is silent
 * ({@link SilentLoggingModule}): its wire and error logs may quote credentials or object names.
 */
public final class JcloudsStores {

    private JcloudsStores() {
    }

    /** A new, empty in-memory store (jclouds {@code transient}), independent of every other one. */
    public static ObjectStore memory(String container) {
        requireContainer(container);
        BlobStoreContext context = newContext("transient", new Properties());
        StoreDescriptor descriptor = new StoreDescriptor("mem", "", container, null, null);
        return new LocalJcloudsStore(context, descriptor, null);
    }

    /**
     * A store keeping each object as a file {@code baseDir/container/name} (jclouds {@code filesystem}). Opening it
     * sweeps temporary upload files older than one hour from the container (see {@code FilesystemUploads}).
     *
     * @param baseDir an absolute directory (created with the container by {@link ObjectStore#createContainerIfAbsent})
     */
    public static ObjectStore filesystem(Path baseDir, String container) {
        if (baseDir == null || !baseDir.isAbsolute()) {
            throw new InvalidInputException("baseDir: must be an absolute path, was " + baseDir);
        }
        requireContainer(container);
        Path base = baseDir.normalize();
        Properties properties = new Properties();
        properties.setProperty(FilesystemConstants.PROPERTY_BASEDIR, base.toString());
        properties.setProperty(FilesystemConstants.PROPERTY_AUTO_DETECT_CONTENT_TYPE, "false");
        BlobStoreContext context = newContext("filesystem", properties);
        StoreDescriptor descriptor = new StoreDescriptor("file", base.toString(), container, null, null);
        return new LocalJcloudsStore(context, descriptor, base.resolve(container));
    }

    static BlobStoreContext newContext(String provider, Properties properties) {
        return ContextBuilder.newBuilder(provider)
                .overrides(properties)
                .modules(List.of(new SilentLoggingModule()))
                .buildView(BlobStoreContext.class);
    }

    private static void requireContainer(String container) {
        if (container == null || !container.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,254}")) {
            throw new InvalidInputException("container: must be 1 to 255 characters of [A-Za-z0-9._-], starting"
                    + " with a letter or digit, was " + (container == null ? "null" : "'" + container + "'"));
        }
    }
}
