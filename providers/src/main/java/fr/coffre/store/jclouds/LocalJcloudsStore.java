package fr.coffre.store.jclouds;

import fr.coffre.InvalidInputException;
import fr.coffre.store.Leftover;
import fr.coffre.store.RetryPolicy;
import fr.coffre.store.StoreDescriptor;
import fr.coffre.store.internal.UploadSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.BlobMetadata;

/**
 * jclouds {@code transient} (in memory) and {@code filesystem} stores.
 *
 * <p>Both accept streams of unknown length as one upload. The in-memory store holds each object as one array (that
 * is what an in-memory store is); the filesystem store streams to a temporary file beside the target, named
 * {@code <name>-<uuid>} (a reserved name, never listed), then renames it atomically over the target, so a failed
 * upload leaves the previous object or nothing. A failed put also removes the directories it created for the name;
 * a JVM shut down mid-put deletes that put's temporary file; temporary files older than one hour (left by a killed
 * JVM) are deleted, with the directories they leave empty, when the store opens (see {@link FilesystemUploads}).
 *
 * <p>Filesystem restriction: an object cannot be stored under a name that is a directory of other objects (e.g.
 * {@code a} when {@code a/b} exists) nor under a name below an object ({@code a/b} when {@code a} exists); such puts
 * fail with {@link InvalidInputException}. Coffre's own names never nest that way.
 *
 * <p>Performance notes (jclouds' local implementation): listing reads the metadata of every object of the container
 * on each page, and on a filesystem without user extended attributes every stat or get hashes the whole file. Fine
 * for development and demos; production data belongs in a remote store.
 */
final class LocalJcloudsStore extends JcloudsObjectStore {

    /** The container's directory for a filesystem store; null in memory. */
    private final Path containerDir;
    /** The filesystem store's upload housekeeping; null in memory. */
    private final FilesystemUploads uploads;

    LocalJcloudsStore(BlobStoreContext context, StoreDescriptor descriptor, Path containerDir) {
        super(context, descriptor, RetryPolicy.noRetry());
        this.containerDir = containerDir;
        this.uploads = containerDir == null ? null : new FilesystemUploads(containerDir);
    }

    @Override
    protected void putObject(String name, UploadSource source) {
        if (uploads == null) {
            super.putObject(name, source);
            return;
        }
        Path target = containerDir.resolve(name);
        uploads.begin(target);
        try {
            super.putObject(name, source);
        } catch (RuntimeException | Error e) {
            uploads.failed(target);
            throw e;
        }
        uploads.succeeded(target);
    }

    @Override
    protected List<Leftover> findLeftovers(Duration olderThan, Instant now) {
        return uploads == null ? List.of() : uploads.leftovers(olderThan, now); // in memory: none survive a put
    }

    @Override
    protected void removeLeftover(Leftover leftover) throws Exception {
        if (uploads == null) {
            super.removeLeftover(leftover);
        } else {
            uploads.remove(leftover);
        }
    }

    @Override
    public void close() {
        try {
            if (uploads != null) {
                uploads.close();
            }
        } finally {
            super.close();
        }
    }

    @Override
    protected void beforePut(String name) {
        if (containerDir == null) {
            return;
        }
        Path target = containerDir.resolve(name);
        if (Files.isDirectory(target)) {
            throw new InvalidInputException("name: '" + name + "' is a directory of other objects in this"
                    + " filesystem store, so it cannot hold an object");
        }
        for (Path p = target.getParent(); p != null && !p.equals(containerDir); p = p.getParent()) {
            if (Files.isRegularFile(p)) {
                throw new InvalidInputException("name: '" + name + "' lies below an existing object '"
                        + containerDir.relativize(p) + "' in this filesystem store");
            }
        }
    }

    /**
     * jclouds' local blobMetadata opens the payload and never closes it (a file descriptor leak on the filesystem
     * store): fetch the blob and close its stream instead.
     */
    @Override
    protected BlobMetadata fetchMetadata(String name) throws IOException {
        if (containerDir != null && Files.isDirectory(containerDir.resolve(name))) {
            return null; // a directory of other objects, not an object
        }
        Blob blob = blobs.getBlob(container, name);
        if (blob == null) {
            return null;
        }
        try (InputStream ignored = blob.getPayload().openStream()) {
            return blob.getMetadata();
        }
    }
}
