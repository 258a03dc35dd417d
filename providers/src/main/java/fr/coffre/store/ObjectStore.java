package fr.coffre.store;
import fr.coffre.store.internal.BaseObjectStore;
import fr.coffre.store.internal.ObjectNames;
import fr.coffre.store.internal.RedactedCause;
import fr.coffre.store.internal.Retrier;
import fr.coffre.store.internal.UploadSource;

import java.io.InputStream;

/**
 * Provider-neutral SPI over one bucket/container of an object store. Everything streams: no
 * implementation may buffer a whole object in memory (the in-memory store excepted, by nature).
 *
 * <h2>Names</h2>
 * Names are opaque ASCII strings of {@code [A-Za-z0-9/._=-]}, 1 to 1024 characters, in {@code /}-separated segments
 * of 1 to 200 characters, no {@code .} or {@code ..} segment, not ending in {@code -<uuid>} (reserved for in-flight
 * uploads): see {@link ObjectNames}, which every implementation applies. Coffre gives stores only encrypted, encoded
 * names. Implementations reject other names with {@link fr.coffre.InvalidInputException} before any I/O.
 * Portable callers never store both {@code a} and {@code a/b} (a filesystem store cannot).
 *
 * <h2>Implementing</h2>
 * Adapters extend {@link BaseObjectStore}, which validates names and ranges, wraps the caller's stream in
 * {@link UploadSource} (length enforcement, caller failures told apart from store failures), runs idempotent
 * operations through a {@link Retrier} and maps failures (third-party exceptions attached only as
 * {@link RedactedCause}); the adapter implements only the provider calls. The abstract conformance suite
 * {@code ObjectStoreContract} (providers test-jar) defines the exact behaviour; every implementation passes it.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>{@link #put} is atomic from a reader's point of view: a failed or interrupted put leaves either the
 *       previous object or nothing, never a partial object (multipart uploads are aborted).</li>
 *   <li>No provider metadata is attached to objects: everything Coffre knows is inside the encrypted bytes.</li>
 *   <li>Transient failures (5xx, throttling, connection resets) are retried a bounded number of times with
 *       exponential backoff and jitter, then surface as {@link StoreUnavailableException}.</li>
 *   <li>Errors are typed ({@link ObjectNotFoundException}, {@link ContainerNotFoundException},
 *       {@link AccessDeniedException}, {@link StoreUnavailableException}) and never contain credentials.</li>
 *   <li>Implementations are thread-safe.</li>
 * </ul>
 */
public interface ObjectStore extends AutoCloseable {

    /** Provider, endpoint, container and location labels; never credentials. */
    StoreDescriptor descriptor();

    /** Creates the bucket/container if it does not exist yet; a no-op if it does. */
    void createContainerIfAbsent();

    /**
     * Stores {@code data} under {@code name}, replacing any previous object. The caller's stream is read to its end
     * (or to {@code lengthBytes}) and never closed: the caller owns it.
     *
     * @param lengthBytes the exact length, or {@code -1} when unknown (the adapter then streams in bounded parts)
     * @return the name and the number of bytes stored ({@code lastModified} may be null)
     * @throws fr.coffre.InvalidInputException bad name, {@code lengthBytes < -1}, or a stream whose length differs
     *         from {@code lengthBytes} (nothing is stored)
     * @throws StoreException (exactly this class) when reading the caller's stream fails; the cause is the
     *         caller's exception and nothing is stored
     * @throws ContainerNotFoundException if the container does not exist
     */
    ObjectInfo put(String name, InputStream data, long lengthBytes);

    /**
     * Streams the whole object. The caller closes the stream. Opening is retried on transient failures; a failure
     * while reading the opened stream surfaces as an {@link java.io.IOException} from {@code read} (resume with a
     * ranged get from the last offset received).
     *
     * @throws ObjectNotFoundException if absent; {@link ContainerNotFoundException} if the container is
     */
    InputStream get(String name);

    /**
     * Streams {@code lengthBytes} bytes starting at {@code offsetBytes} (fewer if the object ends first); only that
     * range is transferred from the store. An offset at or past the end, or a zero length, yields an empty stream
     * (the object must still exist).
     *
     * @throws fr.coffre.InvalidInputException if an argument is negative
     * @throws ObjectNotFoundException if absent
     */
    InputStream get(String name, long offsetBytes, long lengthBytes);

    /** @throws ObjectNotFoundException if absent */
    ObjectInfo stat(String name);

    /**
     * The object's {@link #stat} and its first {@code min(size, maxBytes)} bytes. Stores that can answer both with
     * one request (S3: one ranged GET, whose Content-Range gives the size) do; the default is {@link #stat} then a
     * ranged {@link #get}. The bytes are those of the object the size describes unless it was replaced in between
     * (readers authenticate what they use).
     *
     * @throws ObjectNotFoundException if absent
     * @throws fr.coffre.InvalidInputException if {@code maxBytes} is not positive
     */
    default ObjectHead head(String name, int maxBytes) {
        if (maxBytes <= 0) {
            throw new fr.coffre.InvalidInputException("maxBytes: must be > 0, was " + maxBytes);
        }
        ObjectInfo info = stat(name);
        int n = (int) Math.min(info.sizeBytes(), maxBytes);
        try (java.io.InputStream in = n == 0 ? java.io.InputStream.nullInputStream() : get(name, 0, n)) {
            byte[] first = in.readNBytes(n);
            if (first.length != n) {   // shorter than its size: replaced while being read
                return new ObjectHead(new ObjectInfo(name, first.length, info.lastModified()), first);
            }
            return new ObjectHead(info, first);
        } catch (java.io.IOException e) {
            throw new StoreUnavailableException("head: reading the first bytes of object " + name + " failed", e);
        }
    }

    /** Whether an object exists under {@code name}; a missing container is {@link ContainerNotFoundException}. */
    /**
     * Copies the stored bytes of {@code source} to {@code target} as they are, replacing any object there; the
     * source stays. Atomic for readers of {@code target} like {@link #put}. Adapters whose provider copies
     * server-side (S3 CopyObject) do so in one request; the default streams a {@link #get} into a {@link #put} (bounded
     * memory). The bytes are not interpreted: an object bound to its name (every Coffre object) only authenticates
     * under another name if it was written for it.
     *
     * @throws ObjectNotFoundException if {@code source} is absent (nothing is written)
     * @throws fr.coffre.InvalidInputException bad name, or {@code source} equal to {@code target}
     */
    default void copy(String source, String target) {
        ObjectNames.requireValidName(source);
        ObjectNames.requireValidName(target);
        if (source.equals(target)) {
            throw new fr.coffre.InvalidInputException("target: must differ from the source, was the same name");
        }
        ObjectInfo info = stat(source);
        try (InputStream in = get(source)) {
            put(target, in, info.sizeBytes());
        } catch (java.io.IOException e) {
            throw new StoreUnavailableException("copy: closing object " + source + " failed", e);
        }
    }

    default boolean exists(String name) {
        try {
            stat(name);
            return true;
        } catch (ObjectNotFoundException e) {
            return false;
        }
    }

    /**
     * One page of the objects whose names start with {@code prefix}, in lexicographic order. Pages may hold fewer
     * than {@code maxResults} objects; the listing ends when {@link ListPage#nextToken()} is empty. In-flight
     * uploads and provider-internal objects (e.g. large-object segments) are never listed.
     *
     * @param prefix {@code ""} for everything, else 1 to 1024 characters of the name alphabet
     * @param pageToken {@code null} for the first page, else {@link ListPage#nextToken()} of the previous page
     * @param maxResults page size, 1 to 1000
     */
    ListPage list(String prefix, String pageToken, int maxResults);

    /**
     * Deletes the object; deleting a missing object is not an error, deleting in a missing container is
     * {@link ContainerNotFoundException}.
     */
    void delete(String name);

    // ---------------------------------------------------------------- leftovers of killed or failed writers

    /**
     * What killed or failed writers left in this store, at least {@code olderThan} old: incomplete multipart
     * uploads, unreferenced large-object segments, uncommitted blobs, temporary files (see {@link Leftover.Kind}).
     * None of it is ever listed or read as an object. A store that cannot have any returns an empty list (the
     * default). {@code Duration.ZERO} includes uploads that may still be in flight in another process: give an age
     * longer than the longest upload unless every writer is known to be stopped.
     *
     * @throws fr.coffre.InvalidInputException if {@code olderThan} is null or negative
     */
    default java.util.List<Leftover> leftovers(java.time.Duration olderThan) {
        requireAge(olderThan);
        return java.util.List.of();
    }

    /**
     * Removes one leftover {@link #leftovers} returned (one already gone is not an error). Objects are never
     * touched: a leftover that turned into an object's content since it was listed (an upload that completed) is
     * kept.
     *
     * @throws fr.coffre.InvalidInputException if it is not a leftover of this kind of store
     */
    default void reclaim(Leftover leftover) {
        throw new fr.coffre.InvalidInputException("leftover: this store has no leftovers of kind "
                + (leftover == null ? null : leftover.kind()));
    }

    /**
     * Finds the leftovers at least {@code olderThan} old and, unless {@code dryRun}, removes them.
     *
     * @return what was found (and removed), with counts and bytes per kind
     */
    default CleanupReport cleanup(java.time.Duration olderThan, boolean dryRun) {
        java.util.List<Leftover> found = leftovers(olderThan);
        if (!dryRun) {
            for (Leftover l : found) {
                reclaim(l);
            }
        }
        return new CleanupReport(olderThan, dryRun, found);
    }

    private static void requireAge(java.time.Duration olderThan) {
        if (olderThan == null || olderThan.isNegative()) {
            throw new fr.coffre.InvalidInputException("olderThan: must be a non-negative duration");
        }
    }

    @Override
    void close();
}
